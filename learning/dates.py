"""Dates and times as learners read them: easy Japanese (2026年4月7日（火） 午後6時30分から) and English.

Always in Asia/Tokyo whatever the server's clock says: the classes happen in Iwate.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS_JA = "月火水木金土日"
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


def ja_date(value: datetime) -> str:
    """2026年4月7日（火）"""
    local = _local(value)
    return f"{local.year}年{local.month}月{local.day}日（{WEEKDAYS_JA[local.weekday()]}）"


def ja_time(value: datetime) -> str:
    """午後6時30分 / 午前10時: the 12-hour clock with 午前/午後 reads easier than 18:30."""
    local = _local(value)
    half = "午前" if local.hour < 12 else "午後"
    hour = local.hour % 12
    minutes = f"{local.minute}分" if local.minute else ""
    return f"{half}{hour}時{minutes}"


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
    """The span in the reader's language: easy Japanese unless they chose another."""
    return ja_span(start, end) if (language or "ja").startswith("ja") else en_span(start, end)
