"""Deadlines: learners cancel until the cancellation deadline, volunteers drop until theirs."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from learning import booking as rules
from learning.models import Booking, TeachingClaim
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrow_session():
    """Starts in 26 hours: learners may still cancel (2 h default), volunteers may not drop (48 h)."""
    return SessionFactory(starts_at=timezone.now() + timedelta(hours=26), capacity=1)


def test_learner_cancels_before_the_deadline(tomorrow_session, learner):
    mine = rules.book(learner, tomorrow_session)
    assert rules.cancel_booking(learner, mine).status == Booking.Status.CANCELLED


def test_learner_cannot_cancel_a_seat_after_the_deadline(tomorrow_session, learner):
    mine = rules.book(learner, tomorrow_session)
    after = tomorrow_session.starts_at - timedelta(hours=1)
    with pytest.raises(rules.BookingError) as error:
        rules.cancel_booking(learner, mine, now=after)
    assert error.value.code == "cancel_deadline_passed"
    mine.refresh_from_db()
    assert mine.status == Booking.Status.CONFIRMED


def test_a_session_specific_deadline_wins(learner):
    session = SessionFactory(cancellation_deadline=timezone.now() - timedelta(minutes=1))
    mine = rules.book(learner, session)
    with pytest.raises(rules.BookingError):
        rules.cancel_booking(learner, mine)


def test_leaving_the_waiting_list_is_allowed_after_the_deadline(tomorrow_session, make_learner):
    rules.book(make_learner(), tomorrow_session)
    waiting = rules.book(make_learner(), tomorrow_session)
    after = tomorrow_session.starts_at - timedelta(hours=1)
    assert (
        rules.cancel_booking(waiting.learner, waiting, now=after).status == Booking.Status.CANCELLED
    )


def test_coordinator_cancels_after_the_deadline(tomorrow_session, learner, coordinator):
    mine = rules.book(learner, tomorrow_session)
    after = tomorrow_session.starts_at - timedelta(hours=1)
    result = rules.cancel_booking(coordinator, mine, now=after)
    assert result.cancel_reason == Booking.CancelReason.COORDINATOR


def test_volunteer_drops_before_the_deadline(volunteer):
    session = SessionFactory(starts_at=timezone.now() + timedelta(days=5))
    mine = rules.claim(volunteer, session)
    assert rules.drop_claim(volunteer, mine).status == TeachingClaim.Status.DROPPED


def test_volunteer_must_ask_the_coordinator_after_the_drop_deadline(
    tomorrow_session, volunteer, coordinator
):
    mine = rules.claim(volunteer, tomorrow_session)
    with pytest.raises(rules.BookingError) as error:
        rules.drop_claim(volunteer, mine)
    assert error.value.code == "drop_deadline_passed"
    with translation.override("en"):
        assert "coordinator" in str(error.value)
    assert rules.drop_claim(coordinator, mine).status == TeachingClaim.Status.DROPPED
