"""The volunteers' board filters by area, day, language of support and format."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.learning.factories import SessionFactory, VenueFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


def board_ids(client, query: str = "") -> set[int]:
    response = client.get(f"/learning/board/{query}")
    return {row.session.pk for row in response.context["rows"]}


def test_the_board_filters_by_area(volunteer_client):
    morioka = SessionFactory(course=make_course(venue=VenueFactory(municipality="morioka")))
    miyako = SessionFactory(course=make_course(venue=VenueFactory(municipality="miyako")))
    ids = board_ids(volunteer_client, "?municipality=miyako")
    assert miyako.pk in ids and morioka.pk not in ids


def test_the_board_filters_by_day_of_the_week(volunteer_client):
    first = SessionFactory()
    other_day = SessionFactory(starts_at=first.starts_at + timedelta(days=1))
    weekday = timezone.localtime(first.starts_at).isoweekday()
    ids = board_ids(volunteer_client, f"?weekday={weekday}")
    assert first.pk in ids and other_day.pk not in ids


def test_the_board_filters_by_language_of_support(volunteer_client):
    vietnamese = SessionFactory(course=make_course(venue=VenueFactory(), languages=["vi"]))
    plain = SessionFactory()
    ids = board_ids(volunteer_client, "?language=vi")
    assert vietnamese.pk in ids and plain.pk not in ids


def test_a_bad_filter_value_shows_every_session(volunteer_client):
    session = SessionFactory()
    assert session.pk in board_ids(volunteer_client, "?weekday=funday")


def test_the_board_filter_form_has_no_class_level(volunteer_client):
    response = volunteer_client.get("/learning/board/")
    assert "level" not in response.context["filter_form"].fields
