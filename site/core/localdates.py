"""Dates and times in the reader's language, always in Asia/Tokyo (the classes happen in Iwate).

Japanese is written the easy-Japanese way (2026年4月7日（火） 午後6時30分から): the 12-hour
clock with 午前/午後 and no ":00" minutes, as the easy-Japanese guidelines ask. Every other
language uses Django's formats from core/formats/<language>/formats.py, so no template or
module hard-codes a pattern like `n/j` that one reader takes for 12 July and another for
7 December.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS_JA = "月火水木金土日"


def _local(value: datetime) -> datetime:
    return value.astimezone(TOKYO) if value.tzinfo else value.replace(tzinfo=TOKYO)


def _is_japanese(language: str | None) -> bool:
    return (language or translation.get_language() or "ja").startswith("ja")


def ja_date(value: date) -> str:
    """2026年4月7日（火）"""
    local = _local(value) if isinstance(value, datetime) else value
    return f"{local.year}年{local.month}月{local.day}日（{WEEKDAYS_JA[local.weekday()]}）"


def ja_time(value: datetime) -> str:
    """午後6時30分 / 午前10時: the 12-hour clock with 午前/午後 reads easier than 18:30."""
    local = _local(value)
    half = "午前" if local.hour < 12 else "午後"
    hour = local.hour % 12
    minutes = f"{local.minute}分" if local.minute else ""
    return f"{half}{hour}時{minutes}"


def _format(value: date, format_name: str, language: str | None) -> str:
    if isinstance(value, datetime):
        value = _local(value)
    with translation.override(language or translation.get_language()):
        return formats.date_format(value, format_name)


def local_date(value: date, language: str | None = None) -> str:
    """The date with its weekday: 2026年4月7日（火）, Tue 7 April 2026, Thứ 3, 7 tháng 4, 2026."""
    return ja_date(value) if _is_japanese(language) else _format(value, "DATE_FORMAT", language)


def local_time(value: datetime, language: str | None = None) -> str:
    """午後6時30分, 6:30 PM, 18:30 …"""
    return ja_time(value) if _is_japanese(language) else _format(value, "TIME_FORMAT", language)


def local_datetime(value: datetime, language: str | None = None) -> str:
    """A moment (a deadline, an expiry) with its date in full."""
    if _is_japanese(language):
        return f"{ja_date(value)} {ja_time(value)}"
    return _format(value, "DATETIME_FORMAT", language)


def local_short_datetime(value: datetime, language: str | None = None) -> str:
    """A moment this year, without the year: 12月7日 午前11時4分, 11:04, 7 tháng 12 …"""
    if _is_japanese(language):
        local = _local(value)
        return f"{local.month}月{local.day}日 {ja_time(value)}"
    return _format(value, "SHORT_DATETIME_FORMAT", language)


def _span_pattern(language: str) -> str:
    for module in formats.get_format_modules(language):
        pattern = getattr(module, "SPAN", None)
        if pattern:
            return pattern
    return "{date}, {start} – {end}"


def local_span(start: datetime, end: datetime, language: str | None = None) -> str:
    """A class's date and times: 2026年4月7日（火） 午後6時30分から 午後8時まで."""
    language = language or translation.get_language() or "ja"
    return _span_pattern(language).format(
        date=local_date(start, language),
        start=local_time(start, language),
        end=local_time(end, language),
    )
