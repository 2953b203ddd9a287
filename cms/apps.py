from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_locales(sender=None, using="default", **kwargs) -> None:
    """A Wagtail locale for every content language, so each can be translated into (idempotent)."""
    from django.conf import settings
    from wagtail.models import Locale

    for code, _name in getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", settings.LANGUAGES):
        Locale.objects.using(using).get_or_create(language_code=code)


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from accounts import personal_data
        from accounts.roles import COORDINATOR, EDITOR, EXTRA_ROLE_PERMISSIONS
        from cms import emergency, images, search, shelters
        from cms import personal_data as cms_data

        personal_data.register(
            "notices", exporter=cms_data.export_person, eraser=cms_data.erase_person
        )
        emergency.connect_signals()
        images.connect_signals()  # renditions at upload, not on a reader's first view
        search.connect_signals()
        shelters.connect_signals()
        # Editors send pages for translation (wagtail-localize checks this model permission).
        if "wagtail_localize.submit_translation" not in EXTRA_ROLE_PERMISSIONS[EDITOR]:
            EXTRA_ROLE_PERMISSIONS[EDITOR].append("wagtail_localize.submit_translation")
        # Coordinators keep the shelters (and their open/closed status) up to date.
        for codename in ("add_shelter", "change_shelter", "delete_shelter", "view_shelter"):
            if f"cms.{codename}" not in EXTRA_ROLE_PERMISSIONS[COORDINATOR]:
                EXTRA_ROLE_PERMISSIONS[COORDINATOR].append(f"cms.{codename}")
        post_migrate.connect(ensure_locales, sender=self, dispatch_uid="cms-ensure-locales")
        from cms.jobs import ensure_schedule

        post_migrate.connect(ensure_schedule, sender=self, dispatch_uid="cms-job-schedule")
