"""The pages' periodic job: Wagtail's scheduled publishing, run by django-q2 every minute.

It publishes pages scheduled by editors and unpublishes expired ones; an emergency notice sets
its `expire_at` from its expiry, so this is what takes an expired notice off the site. The
schedule row is created after `migrate` (like learning's jobs), so no operator writes cron.
"""

from __future__ import annotations

from django.core.management import call_command

PUBLISH_SCHEDULED = "cms.jobs.publish_scheduled"


def publish_scheduled() -> None:
    """Wagtail's own command (idempotent: a revision already published is skipped)."""
    call_command("publish_scheduled", verbosity=0)


def ensure_schedule(**_signal_kwargs) -> None:
    """Connected to post_migrate: one schedule row, every minute, never duplicated."""
    from django_q.models import Schedule

    Schedule.objects.update_or_create(
        func=PUBLISH_SCHEDULED,
        defaults={
            "name": "Scheduled publishing",
            "schedule_type": Schedule.MINUTES,
            "minutes": 1,
            "repeats": -1,
        },
    )
