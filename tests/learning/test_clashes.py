"""No clashes: a learner holds one of two overlapping sessions, a volunteer teaches one."""

from datetime import timedelta

import pytest

from learning import booking as rules
from learning.models import Booking
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def overlapping_pair():
    first = SessionFactory()
    second = SessionFactory(starts_at=first.starts_at + timedelta(minutes=30))
    return first, second


def test_a_learner_cannot_book_two_overlapping_sessions(learner):
    first, second = overlapping_pair()
    rules.book(learner, first)
    with pytest.raises(rules.BookingError) as error:
        rules.book(learner, second)
    assert error.value.code == "clash"
    assert not Booking.objects.filter(session=second).exists()


def test_back_to_back_sessions_do_not_clash(learner):
    first = SessionFactory()
    second = SessionFactory(starts_at=first.ends_at)
    rules.book(learner, first)
    assert rules.book(learner, second).status == Booking.Status.CONFIRMED


def test_a_place_on_a_waiting_list_also_blocks_an_overlapping_booking(learner, make_learner):
    first, second = overlapping_pair()
    first.capacity = 0
    first.save()
    assert rules.book(learner, first).status == Booking.Status.WAITLISTED
    with pytest.raises(rules.BookingError):
        rules.book(learner, second)


def test_after_cancelling_the_overlapping_session_can_be_booked(learner):
    first, second = overlapping_pair()
    mine = rules.book(learner, first)
    rules.cancel_booking(learner, mine)
    assert rules.book(learner, second).status == Booking.Status.CONFIRMED


def test_a_cancelled_session_does_not_clash(learner, coordinator):
    first, second = overlapping_pair()
    rules.book(learner, first)
    rules.cancel_session(coordinator, first)
    assert rules.book(learner, second).status == Booking.Status.CONFIRMED


def test_a_volunteer_cannot_teach_two_overlapping_sessions(volunteer):
    first, second = overlapping_pair()
    rules.claim(volunteer, first)
    with pytest.raises(rules.BookingError) as error:
        rules.claim(volunteer, second)
    assert error.value.code == "teacher_clash"


def test_a_dropped_claim_does_not_clash(volunteer):
    first, second = overlapping_pair()
    mine = rules.claim(volunteer, first)
    rules.drop_claim(volunteer, mine)
    assert rules.claim(volunteer, second).status == "claimed"
