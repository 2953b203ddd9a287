"""Recurrence: every Tuesday April–July except holidays becomes editable session rows."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError

from learning.models import RecurrenceRule, Session
from learning.recurrence import occurrence_dates, parse_dates
from tests.learning.factories import VenueFactory, make_course

TUESDAYS_2026_APRIL_TO_JULY = 17


def test_every_tuesday_from_april_to_july_except_holidays():
    dates = occurrence_dates(1, date(2026, 4, 1), date(2026, 7, 31))
    assert all(d.weekday() == 1 for d in dates)
    assert date(2026, 5, 5) not in dates  # こどもの日
    assert len(dates) == TUESDAYS_2026_APRIL_TO_JULY - 1
    assert dates[0] == date(2026, 4, 7) and dates[-1] == date(2026, 7, 28)


def test_holidays_are_kept_when_asked_and_extra_dates_skipped():
    dates = occurrence_dates(
        1, date(2026, 4, 1), date(2026, 7, 31), skip_holidays=False, skip=[date(2026, 4, 14)]
    )
    assert date(2026, 5, 5) in dates and date(2026, 4, 14) not in dates


def test_substitute_holidays_are_skipped():
    # 2026-05-03 is a Sunday, so Wednesday 6 May is a substitute holiday.
    assert date(2026, 5, 6) not in occurrence_dates(2, date(2026, 5, 1), date(2026, 5, 31))


def test_parse_dates_reports_the_bad_line():
    assert parse_dates("2026-05-12\n\n2026-05-19, 2026-05-26") == {
        date(2026, 5, 12),
        date(2026, 5, 19),
        date(2026, 5, 26),
    }
    with pytest.raises(ValueError, match="'12 May'"):
        parse_dates("12 May")


@pytest.mark.django_db
def test_a_rule_generates_sessions_once_and_leaves_edits_alone():
    from learning.sessions import generate_sessions

    course = make_course(venue=VenueFactory())
    rule = RecurrenceRule.objects.create(
        course=course,
        weekday=1,
        start_time=time(18, 30),
        end_time=time(20, 0),
        first_date=date(2026, 4, 1),
        last_date=date(2026, 7, 31),
        capacity=12,
        teacher_slots=2,
    )
    created = generate_sessions(rule)
    assert len(created) == 16
    first = Session.objects.order_by("starts_at").first()
    local = first.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Tokyo"))
    assert (local.hour, local.minute, first.duration_hours) == (18, 30, 1.5)
    assert first.venue == course.venue and first.capacity == 12 and first.rule == rule
    first.capacity = 20
    first.save()
    assert generate_sessions(rule) == []
    first.refresh_from_db()
    assert first.capacity == 20 and Session.objects.count() == 16


@pytest.mark.django_db
def test_rule_validation_explains_mistakes():
    course = make_course()
    rule = RecurrenceRule(
        course=course,
        weekday=1,
        start_time=time(20),
        end_time=time(18),
        first_date=date(2026, 7, 1),
        last_date=date(2026, 4, 1),
        skip_dates="someday",
    )
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert set(error.value.message_dict) >= {"end_time", "last_date", "skip_dates"}


def test_rule_refuses_more_than_a_year():
    rule = RecurrenceRule(
        weekday=1,
        start_time=time(18),
        end_time=time(19),
        first_date=date(2026, 1, 1),
        last_date=date(2026, 1, 1) + timedelta(days=400),
    )
    with pytest.raises(ValidationError):
        rule.clean()
