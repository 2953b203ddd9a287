"""Booking a seat: confirmed while seats remain, waitlisted when full, idempotent, windows."""

from datetime import timedelta

import pytest
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking, Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_learner_gets_a_confirmed_seat_while_seats_remain(session, learner):
    result = rules.book(learner, session)
    assert result.status == Booking.Status.CONFIRMED
    assert Session.objects.with_counts().get(pk=session.pk).seats_left == 1


def test_full_session_puts_the_next_learner_on_the_waiting_list(session, make_learner):
    first, second, third = make_learner(), make_learner(), make_learner()
    rules.book(first, session)
    rules.book(second, session)
    result = rules.book(third, session)
    assert result.status == Booking.Status.WAITLISTED
    assert result.waitlisted_at is not None
    counted = Session.objects.with_counts().get(pk=session.pk)
    assert (counted.seats_left, counted.waitlist_length) == (0, 1)


def test_double_submit_returns_the_same_booking(session, learner):
    first = rules.book(learner, session)
    again = rules.book(learner, session)
    assert again.pk == first.pk and again.status == Booking.Status.CONFIRMED
    assert Booking.objects.filter(session=session, learner=learner).count() == 1


def test_booking_again_after_cancelling_reuses_the_row_and_queues_fairly(session, make_learner):
    learner, other, late = make_learner(), make_learner(), make_learner()
    mine = rules.book(learner, session)
    rules.book(other, session)
    rules.cancel_booking(learner, mine)
    rules.book(late, session)  # takes the freed seat: nobody was waiting
    again = rules.book(learner, session)
    assert again.pk == mine.pk
    assert again.status == Booking.Status.WAITLISTED


def test_booking_before_the_window_opens_is_refused(learner):
    from tests.learning.factories import SessionFactory

    session = SessionFactory(booking_opens_at=timezone.now() + timedelta(days=1))
    with pytest.raises(rules.BookingError) as error:
        rules.book(learner, session)
    assert error.value.code == "not_open"


def test_booking_after_the_window_closes_is_refused(learner):
    from tests.learning.factories import SessionFactory

    session = SessionFactory(booking_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(rules.BookingError) as error:
        rules.book(learner, session)
    assert error.value.code == "closed"


def test_a_session_that_has_started_cannot_be_booked(learner):
    from tests.learning.factories import SessionFactory

    session = SessionFactory(starts_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(rules.BookingError) as error:
        rules.book(learner, session)
    assert error.value.code == "finished"


def test_only_learners_book_and_only_for_themselves(session, learner):
    with pytest.raises(rules.BookingError) as error:
        rules.book(UserFactory(roles=["volunteer"]), session)
    assert error.value.code == "not_learner"
    with pytest.raises(rules.BookingError) as error:
        rules.book(UserFactory(roles=["learner"]), session, learner=learner)
    assert error.value.code == "forbidden"


def test_a_coordinator_may_book_for_a_learner(session, learner, coordinator):
    result = rules.book(coordinator, session, learner=learner)
    assert result.learner == learner and result.status == Booking.Status.CONFIRMED


def test_booking_error_messages_are_translatable_text():
    from django.utils import translation

    error = rules.BookingError("clash")
    with translation.override("en"):
        assert "another class" in str(error)
    assert rules.BookingError("custom", "Own words").message == "Own words"
