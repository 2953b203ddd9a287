from django.conf import settings
from django.core.management.base import BaseCommand

from core.demo import load_all


class Command(BaseCommand):
    help = "Load demo data for the Iwate association (safe to run again)."

    def handle(self, *args, **options) -> None:
        users = load_all(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        if settings.DEBUG:
            # Passwords are printed only on a developer's machine.
            self.stdout.write("Demo accounts (email / password / roles):")
            for user in users:
                roles = ", ".join(user.roles) + (" + superuser" if user.is_superuser else "")
                self.stdout.write(f"  {user.email:28} {user.password:22} {roles}")
