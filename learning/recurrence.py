"""Recurrence: turn "every Tuesday 18:30–20:00 from April to July, except holidays" into rows.

`occurrence_dates` is pure (dates in, dates out; Japanese public holidays from jpholiday).
`generate_sessions` writes one Session per date and never touches a date that already has a
session of the course at that time, so running it again after a coordinator edited or
cancelled a row changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jpholiday
from django.db import transaction

TOKYO = ZoneInfo("Asia/Tokyo")


def parse_dates(text: str) -> set[date]:
    """Dates written one per line (or separated by commas) as YYYY-MM-DD."""
    found: set[date] = set()
    for raw in text.replace(",", "\n").splitlines():
        item = raw.strip()
        if not item:
            continue
        try:
            found.add(date.fromisoformat(item))
        except ValueError as exc:
            raise ValueError(f"{item!r} is not a date like 2026-05-12") from exc
    return found


def is_public_holiday(day: date) -> bool:
    """Japanese national holidays, substitute holidays included."""
    return jpholiday.is_holiday(day)


def occurrence_dates(
    weekday: int,
    first: date,
    last: date,
    *,
    skip_holidays: bool = True,
    skip: Iterable[date] = (),
) -> list[date]:
    """Every `weekday` (0 = Monday) from first to last inclusive, minus holidays and skips."""
    skip_set = set(skip)
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    dates = []
    while day <= last:
        if day not in skip_set and not (skip_holidays and is_public_holiday(day)):
            dates.append(day)
        day += timedelta(days=7)
    return dates


def local_datetime(day: date, at: time) -> datetime:
    """A wall-clock time in Iwate as an aware datetime (Japan has no daylight saving)."""
    return datetime.combine(day, at, tzinfo=TOKYO)


def generate_sessions(rule) -> list:
    """Create the sessions a RecurrenceRule describes; return the ones created now."""
    from .models import Session

    course = rule.course
    venue = rule.venue or course.venue
    dates = occurrence_dates(
        rule.weekday,
        rule.first_date,
        rule.last_date,
        skip_holidays=rule.skip_holidays,
        skip=rule.parsed_skip_dates(),
    )
    created = []
    with transaction.atomic():
        starts = [local_datetime(day, rule.start_time) for day in dates]
        existing = set(
            Session.objects.filter(course=course, starts_at__in=starts).values_list(
                "starts_at", flat=True
            )
        )
        for day, start in zip(dates, starts, strict=True):
            if start in existing:
                continue
            end = local_datetime(day, rule.end_time)
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
                )
            )
        Session.objects.bulk_create(created)
    return created
