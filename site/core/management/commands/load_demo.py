from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.demo import load_all


class Command(BaseCommand):
    help = (
        "Load demo data for the Iwate association (safe to run again). New demo accounts get "
        "random passwords, printed once. Refuses with DEBUG=0 unless --force."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG=0 (a staging copy, never the live site).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production, where demo accounts (one of them a "
                "superuser) must not exist. Use --force on a staging copy."
            )
        accounts = load_all(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("Demo accounts (email / password / roles); passwords are shown only now:")
        for account in accounts:
            roles = ", ".join(account.roles) + (" + superuser" if account.is_superuser else "")
            password = account.password or "(unchanged: the account existed)"
            self.stdout.write(f"  {account.email:28} {password:32} {roles}")
