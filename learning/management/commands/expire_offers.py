"""Pass overdue seat offers to the next learner waiting (run every few minutes from cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from learning.booking import expire_offers


class Command(BaseCommand):
    help = "Expire seat offers past their time and offer the seats to the next people waiting."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", help="pretend it is this moment (ISO 8601 with a time zone), for checks"
        )

    def handle(self, *args, **options) -> None:
        now = _parse_now(options.get("now"))
        expired = expire_offers(now=now)
        self.stdout.write(f"{expired} offers expired")


def _parse_now(raw: str | None):
    if not raw:
        return None
    value = parse_datetime(raw)
    if value is None or value.tzinfo is None:
        raise CommandError(
            f"--now {raw!r} is not an ISO 8601 date and time with a zone, e.g. 2026-04-07T18:30+09:00"
        )
    return value
