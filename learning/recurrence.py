"""Recurrence: turn "every Tuesday 18:30–20:00 from April to July, except holidays" into rows.

Pure: dates in, dates out (Japanese public holidays from jpholiday); no models. The rows are
written by learning/sessions.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jpholiday

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
