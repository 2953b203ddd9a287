"""Dates, times and numbers in the reader's language, never a bare 12/7."""

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from core.localdates import TOKYO, local_short_datetime, local_span

MORNING = datetime(2026, 12, 7, 11, 4, tzinfo=TOKYO)
NOON = datetime(2026, 12, 7, 13, 0, tzinfo=TOKYO)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ja", "12月7日 午前11時4分"),
        ("en", "7 Dec, 11:04 AM"),
        ("vi", "11:04, 7 tháng 12"),
        ("zh-hans", "12月7日 11:04"),
        ("ko", "12월 7일 오전 11:04"),
        ("id", "7 Desember, 11.04"),
    ],
)
def test_a_moment_names_its_month_so_no_reader_takes_12_7_for_12_july(language, expected):
    assert local_short_datetime(MORNING, language) == expected


def test_tagalog_dates_use_tagalog_month_and_weekday_names_not_the_japanese_fallback():
    assert local_span(MORNING, NOON, "tl") == "Lunes, Disyembre 7, 2026, 11:04 AM – 1:00 PM"


def test_easy_japanese_span_uses_gozen_gogo_and_kara_made():
    assert local_span(MORNING, NOON, "ja") == "2026年12月7日（月） 午前11時4分から 午後1時まで"


def test_a_utc_moment_is_shown_in_tokyo_time():
    assert local_short_datetime(datetime(2026, 12, 7, 2, 4, tzinfo=UTC), "en") == "7 Dec, 11:04 AM"


@pytest.mark.parametrize(("language", "expected"), [("en", "1,234.5"), ("vi", "1.234,5")])
def test_numbers_follow_the_languages_separators(language, expected):
    with translation.override(language):
        rendered = Template("{% load l10n humanize %}{{ n|intcomma }}").render(
            Context({"n": 1234.5})
        )
    assert rendered == expected
