"""What learners read: easy-Japanese dates, and every rule's message carries its Japanese."""

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from learning import dates
from learning.booking import MESSAGES

TOKYO = ZoneInfo("Asia/Tokyo")
UTC = ZoneInfo("UTC")


@pytest.mark.parametrize(
    "moment, expected",
    [
        (datetime(2026, 4, 7, 18, 30, tzinfo=TOKYO), "2026年4月7日（火） 午後6時30分から"),
        (
            datetime(2026, 4, 7, 9, 30, tzinfo=UTC),
            "2026年4月7日（火） 午後6時30分から",
        ),  # shown on the Iwate clock
        (datetime(2026, 4, 11, 10, 0, tzinfo=TOKYO), "2026年4月11日（土） 午前10時から"),
        (datetime(2026, 4, 12, 12, 0, tzinfo=TOKYO), "2026年4月12日（日） 午後0時から"),
        (datetime(2026, 4, 13, 0, 5, tzinfo=TOKYO), "2026年4月13日（月） 午前0時5分から"),
    ],
)
def test_dates_read_the_easy_japanese_way(moment, expected):
    assert dates.ja_datetime(moment) == expected


def test_spans_in_both_languages():
    start, end = (
        datetime(2026, 4, 7, 18, 30, tzinfo=TOKYO),
        datetime(2026, 4, 7, 20, 0, tzinfo=TOKYO),
    )
    assert dates.span(start, end, "ja") == "2026年4月7日（火） 午後6時30分から 午後8時まで"
    assert dates.span(start, end, "en") == "Tue 7 April 2026, 6:30 PM – 8:00 PM"
    assert dates.span(start, end, "vi") == "Thứ 3, 7 tháng 4, 2026, 18:30–20:00"


def test_every_rule_message_has_its_japanese_for_the_translators():
    source = (
        Path(__file__)
        .resolve()
        .parents[2]
        .joinpath("learning", "booking.py")
        .read_text(encoding="utf-8")
    )
    lines = source.splitlines()
    for code in MESSAGES:
        index = next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{code}":'))
        comment = lines[index - 1].strip()
        assert comment.startswith("# Translators: ja:"), code
        assert re.search(r"[\u3040-\u30ff]", comment), f"{code}: the Japanese is missing"
