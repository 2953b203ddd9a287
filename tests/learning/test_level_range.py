"""Level ranges read 'A1–A2', and a one-level range is printed once ('A1', not 'A1–A1')."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from learning.templatetags.learning_tags import level_range
from tests.learning.factories import SessionFactory, VenueFactory, make_course

pytestmark = pytest.mark.django_db


def test_a_range_of_two_levels_shows_both():
    assert level_range(SimpleNamespace(level_min="A1", level_max="A2")) == "A1–A2"


def test_a_range_of_one_level_shows_it_once():
    assert level_range(SimpleNamespace(level_min="A1", level_max="A1")) == "A1"


def test_the_schedule_card_prints_an_equal_range_once(client):
    course = make_course(venue=VenueFactory(), level_min="A1", level_max="A1")
    session = SessionFactory(course=course)
    html = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert "A1–A1" not in html


def test_the_course_page_prints_an_equal_range_once(client):
    course = make_course(venue=VenueFactory(), level_min="B1", level_max="B1")
    html = client.get(course.url).content.decode()
    assert "B1–B1" not in html and "B1" in html
