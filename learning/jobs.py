"""The classes' periodic jobs and their schedules, run by django-q2 (`manage.py qcluster`).

`make run` starts the cluster beside the web server; in production run one or more `qcluster`
processes next to the web workers. The schedules are rows in django-q2's table, created (or
brought up to date) after every `migrate`, so no operator writes cron lines. Every job is
idempotent and safe with several workers: offers expire under the session's row lock and
reminders are claimed with a conditional UPDATE before their e-mail goes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from . import booking, dates, notifications

EXPIRE_OFFERS = "learning.jobs.expire_offers"
SEND_REMINDERS = "learning.jobs.send_reminders"
REMINDER_TIME = time(18, 0)  # the evening before, on the Iwate clock


def expire_offers() -> int:
    """Pass overdue seat offers on; returns how many expired (shown in the admin's task list)."""
    return booking.expire_offers()


def send_reminders() -> int:
    """Send the day-before reminders; returns how many e-mails went out."""
    return notifications.send_reminders()


@dataclass(frozen=True)
class JobSchedule:
    name: str
    func: str
    schedule_type: str
    minutes: int | None = None
    at: time | None = None  # for daily jobs: the local time of day


def _schedules() -> tuple[JobSchedule, ...]:
    from django_q.models import Schedule

    return (
        JobSchedule("Expire seat offers", EXPIRE_OFFERS, Schedule.MINUTES, minutes=1),
        JobSchedule("Day-before reminders", SEND_REMINDERS, Schedule.DAILY, at=REMINDER_TIME),
    )


def first_run(job: JobSchedule, now: datetime) -> datetime:
    """When a new schedule first runs: now, or for a daily job the next `at` in Asia/Tokyo."""
    if job.at is None:
        return now
    local = timezone.localtime(now, dates.TOKYO)
    today = local.replace(hour=job.at.hour, minute=job.at.minute, second=0, microsecond=0)
    return today if today > local else today + timedelta(days=1)


def ensure_schedules(*, now: datetime | None = None, **_signal_kwargs) -> int:
    """Create the job schedules that are missing and correct changed ones; returns how many changed.

    Connected to `post_migrate`. An existing schedule keeps its next run time, so migrating
    again never makes a job run early or twice.
    """
    from django_q.models import Schedule

    now = now or timezone.now()
    changed = 0
    for job in _schedules():
        existing = Schedule.objects.filter(func=job.func).order_by("pk")
        schedule = existing.first()
        if schedule is None:
            Schedule.objects.create(
                name=job.name,
                func=job.func,
                schedule_type=job.schedule_type,
                minutes=job.minutes,
                repeats=-1,
                next_run=first_run(job, now),
            )
            changed += 1
            continue
        existing.exclude(pk=schedule.pk).delete()  # one schedule per job, however it got two
        wanted = {"name": job.name, "schedule_type": job.schedule_type, "minutes": job.minutes}
        if any(getattr(schedule, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(schedule, key, value)
            schedule.repeats = -1
            schedule.save()
            changed += 1
    return changed
