from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import personal_data

        from . import personal_data as matching_data

        personal_data.register(
            "matching",
            exporter=matching_data.export_person,
            eraser=matching_data.erase_person,
            order=20,
        )
