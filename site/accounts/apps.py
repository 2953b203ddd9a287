from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import personal_data
        from .roles import ensure_roles

        # The account row is exported first; it is blanked by erase_user itself, last.
        personal_data.register("account", exporter=personal_data.export_account, order=0)
        personal_data.register(
            "volunteer_applications",
            exporter=personal_data.export_volunteer_applications,
            eraser=personal_data.erase_volunteer_applications,
        )

        # Runs after every migrate so permissions of apps added later join their role.
        post_migrate.connect(ensure_roles, dispatch_uid="accounts.ensure_roles")
