from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site core")

    def ready(self) -> None:
        from core import easyjp, pagecache

        easyjp.connect_signals()
        pagecache.connect_signals()
        from . import security, throttle  # noqa: F401  (deploy checks; login signal receivers)
