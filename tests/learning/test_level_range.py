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


def test_each_session_page_has_an_h1_with_course_and_date_and_its_own_title(client):
    from datetime import timedelta

    first = SessionFactory()
    second = SessionFactory(course=first.course, starts_at=first.starts_at + timedelta(days=7))
    titles = []
    for session in (first, second):
        response = client.get(f"/learning/sessions/{session.pk}/")
        html = response.content.decode()
        assert '<h1 class="session-page__title">' in html
        titles.append(html.split("<title>")[1].split("</title>")[0])
    assert titles[0] != titles[1]


def test_a_session_page_has_its_own_meta_description(client):
    session = SessionFactory()
    html = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert f'<meta name="description" content="{session.course.title} · ' in html
