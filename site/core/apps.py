from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self) -> None:
        from core import easyjp, pagecache

        easyjp.connect_signals()
        pagecache.connect_signals()
        from . import security, throttle  # noqa: F401  (deploy checks; login signal receivers)
        from .pages import ascii_slugs_for_old_pages

        # After every app's migrations (wagtailcore, wagtailredirects): romaji slugs for pages
        # that still have Japanese ones, with redirects from their old URLs.
        post_migrate.connect(ascii_slugs_for_old_pages, sender=self, dispatch_uid="core-slugs")
