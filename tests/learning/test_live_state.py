"""The live counts carry each session's booking state, so open pages follow cancellations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learning import booking as rules
from learning.schedule import live_counts
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def state_of(session) -> str:
    return live_counts([session.pk])[str(session.pk)]["state"]


def test_a_session_with_seats_is_open():
    assert state_of(SessionFactory(capacity=2)) == "open"


def test_a_session_without_seats_is_full(make_learner):
    session = SessionFactory(capacity=1)
    rules.book(make_learner(), session)
    assert state_of(session) == "full"


def test_a_cancelled_session_is_cancelled(coordinator):
    session = SessionFactory()
    rules.cancel_session(coordinator, session)
    assert state_of(session) == "cancelled"


def test_a_session_that_has_begun_is_started():
    session = SessionFactory(starts_at=timezone.now() - timedelta(minutes=5))
    assert state_of(session) == "started"


def test_a_session_past_its_booking_close_is_closed():
    session = SessionFactory(booking_closes_at=timezone.now() - timedelta(minutes=1))
    assert state_of(session) == "closed"


def test_a_session_whose_booking_has_not_opened_is_closed():
    session = SessionFactory(booking_opens_at=timezone.now() + timedelta(days=1))
    assert state_of(session) == "closed"
