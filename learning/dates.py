"""Dates and times as learners read them: easy Japanese (2026年4月7日（火） 午後6時30分から) and English.

Always in Asia/Tokyo whatever the server's clock says: the classes happen in Iwate.
"""

from __future__ import annotations

from datetime import datetime

from core.localdates import TOKYO, ja_date, ja_time, local_span

# ja_date/ja_time live in core (the site-wide dates); re-exported for the e-mails here.
__all__ = [
    "TOKYO",
    "en_date",
    "en_datetime",
    "en_span",
    "en_time",
    "ja_date",
    "ja_datetime",
    "ja_span",
    "ja_time",
    "span",
]
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _local(value: datetime) -> datetime:
    return value.astimezone(TOKYO) if value.tzinfo else value.replace(tzinfo=TOKYO)


def ja_datetime(value: datetime) -> str:
    """2026年4月7日（火） 午後6時30分から"""
    return f"{ja_date(value)} {ja_time(value)}から"


def ja_span(start: datetime, end: datetime) -> str:
    """2026年4月7日（火） 午後6時30分から 午後8時まで"""
    return f"{ja_datetime(start)} {ja_time(end)}まで"


def en_time(value: datetime) -> str:
    local = _local(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}:{local.minute:02d} {suffix}"


def en_date(value: datetime) -> str:
    """Tue 7 April 2026"""
    local = _local(value)
    return f"{WEEKDAYS_EN[local.weekday()]} {local.day} {MONTHS_EN[local.month - 1]} {local.year}"


def en_datetime(value: datetime) -> str:
    return f"{en_date(value)}, from {en_time(value)}"


def en_span(start: datetime, end: datetime) -> str:
    """Tue 7 April 2026, 6:30 pm – 8:00 pm"""
    return f"{en_date(start)}, {en_time(start)} – {en_time(end)}"


def span(start: datetime, end: datetime, language: str | None) -> str:
    """The span in the reader's language (core.localdates: easy Japanese, or the language's format)."""
    return local_span(start, end, language or "ja")
