"""E-mail tomorrow's learners and teachers (run once a day; running it again sends nothing twice)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from learning.notifications import send_reminders

from .expire_offers import _parse_now


class Command(BaseCommand):
    help = "Send the day-before reminder e-mails (easy Japanese and English). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="pretend it is this moment (ISO 8601 with a time zone), for checks"
        )

    def handle(self, *args, **options) -> None:
        sent = send_reminders(now=_parse_now(options.get("now")))
        self.stdout.write(f"{sent} reminders sent")
