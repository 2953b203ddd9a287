"""Writing the sessions a repeating schedule describes.

`generate_sessions` writes one Session per date and never touches a date that already has a
session of the course at that time, so running it again after a coordinator edited or
cancelled a row changes nothing. The dates come from learning/recurrence.py (pure).
"""

from __future__ import annotations

from django.db import transaction

from . import recurrence
from .models import RecurrenceRule, Session


def generate_sessions(rule: RecurrenceRule) -> list[Session]:
    """Create the sessions a RecurrenceRule describes; return the ones created now."""
    course = rule.course
    venue = rule.venue or course.venue
    dates = recurrence.occurrence_dates(
        rule.weekday,
        rule.first_date,
        rule.last_date,
        skip_holidays=rule.skip_holidays,
        skip=rule.parsed_skip_dates(),
    )
    created = []
    with transaction.atomic():
        starts = [recurrence.local_datetime(day, rule.start_time) for day in dates]
        existing = set(
            Session.objects.filter(course=course, starts_at__in=starts).values_list(
                "starts_at", flat=True
            )
        )
        for day, start in zip(dates, starts, strict=True):
            if start in existing:
                continue
            end = recurrence.local_datetime(day, rule.end_time)
            created.append(
                Session(
                    course=course,
                    rule=rule,
                    starts_at=start,
                    ends_at=end,
                    venue=venue,
                    is_online=course.format == "online" or bool(venue and venue.is_online),
                    capacity=rule.capacity,
                    teacher_slots=rule.teacher_slots,
                    assistant_slots=rule.assistant_slots,
                )
            )
        Session.objects.bulk_create(created)
    return created
