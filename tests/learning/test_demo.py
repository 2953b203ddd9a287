"""Demo classes: a schedule page, courses and weekly sessions; loading twice changes nothing."""

import pytest

from core.demo import load_all
from learning.models import (
    Booking,
    ClassIndexPage,
    CoursePage,
    RecurrenceRule,
    Session,
    TeachingClaim,
)

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (ClassIndexPage, CoursePage, RecurrenceRule, Session, Booking, TeachingClaim)
    )


def test_demo_classes_load_once_and_the_schedule_shows_them(client):
    load_all()
    first = counts()
    load_all()
    assert counts() == first
    pages, courses, rules, sessions, bookings, claims = first
    assert pages == 1 and courses == 6 and rules == 6 and sessions >= 5 * 7
    assert bookings >= 1 and claims >= 1
    html = client.get(ClassIndexPage.objects.get().url).content.decode()
    assert html.count("data-session-id=") >= 10
    assert Session.objects.filter(is_online=True).exists()
