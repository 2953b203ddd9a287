"""The booking rules' refusals and repeat calls that the main flows do not reach."""

from datetime import timedelta

import pytest

from learning import booking as rules
from learning.models import Booking, Session, TeachingClaim
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def _code(call, *args, **kwargs) -> str:
    with pytest.raises(rules.BookingError) as excinfo:
        call(*args, **kwargs)
    return excinfo.value.code


def test_a_learner_who_attended_cannot_book_the_same_session_again(session, learner):
    booking = rules.book(learner, session)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.ATTENDED)
    assert _code(rules.book, learner, session) == "already_attended"


def test_a_learner_cannot_cancel_someone_elses_booking(session, make_learner):
    booking = rules.book(make_learner(), session)
    assert _code(rules.cancel_booking, make_learner(), booking) == "forbidden"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancelling_twice_returns_the_cancelled_booking(session, learner):
    booking = rules.book(learner, session)
    first = rules.cancel_booking(learner, booking)
    again = rules.cancel_booking(learner, booking)
    assert again.pk == first.pk and again.status == Booking.Status.CANCELLED
    assert again.cancelled_at == first.cancelled_at


def test_an_attended_booking_cannot_be_cancelled(session, learner):
    booking = rules.book(learner, session)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.NO_SHOW)
    assert _code(rules.cancel_booking, learner, booking) == "not_active"


def test_accepting_without_an_offer_is_refused(session, make_learner):
    for person in (make_learner(), make_learner()):
        rules.book(person, session)
    waiting = rules.book(make_learner(), session)
    assert waiting.status == Booking.Status.WAITLISTED
    assert _code(rules.accept_offer, waiting.learner, waiting) == "no_offer"


def test_a_newcomer_after_a_lapsed_offer_queues_behind_and_the_seat_goes_to_the_next_in_line(
    session, make_learner
):
    seated = [rules.book(make_learner(), session) for _ in range(2)]
    first, second = (rules.book(make_learner(), session) for _ in range(2))
    rules.cancel_booking(seated[0].learner, seated[0])
    first.refresh_from_db()
    later = first.offer_expires_at + timedelta(seconds=1)
    newcomer = rules.book(make_learner(), session, now=later)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Booking.Status.CANCELLED
    assert second.status == Booking.Status.OFFERED
    assert newcomer.status == Booking.Status.WAITLISTED


def test_when_lapsed_offers_free_more_seats_than_people_wait_the_newcomer_is_offered_one(
    session, make_learner
):
    seated = [rules.book(make_learner(), session) for _ in range(2)]
    offered = [rules.book(make_learner(), session) for _ in range(2)]
    for booking in seated:
        rules.cancel_booking(booking.learner, booking)
    third = rules.book(make_learner(), session)  # both seats are held by offers
    assert third.status == Booking.Status.WAITLISTED
    offered[0].refresh_from_db()
    later = offered[0].offer_expires_at + timedelta(seconds=1)
    newcomer = rules.book(make_learner(), session, now=later)
    third.refresh_from_db()
    assert third.status == Booking.Status.OFFERED
    assert newcomer.status == Booking.Status.OFFERED  # the row returned is the fresh one
    assert newcomer.offer_expires_at is not None


def test_refilling_seats_offers_them_to_the_waiting_list_in_order(
    session, make_learner, coordinator
):
    for _ in range(2):
        rules.book(make_learner(), session)
    first, second, third = (rules.book(make_learner(), session) for _ in range(3))
    Session.objects.filter(pk=session.pk).update(capacity=4)
    offered = rules.refill_seats(coordinator, session)
    assert [b.pk for b in offered] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.status == Booking.Status.WAITLISTED


def test_only_coordinators_refill_seats(session, learner):
    assert _code(rules.refill_seats, learner, session) == "forbidden"


def test_a_volunteer_cannot_claim_for_someone_else(session, make_volunteer):
    assert _code(rules.claim, make_volunteer(), session, volunteer=make_volunteer()) == "forbidden"


def test_a_cancelled_or_finished_session_cannot_be_claimed(volunteer, coordinator):
    cancelled = SessionFactory()
    rules.cancel_session(coordinator, cancelled)
    assert _code(rules.claim, volunteer, cancelled) == "cancelled"
    started = SessionFactory()
    assert _code(rules.claim, volunteer, started, now=started.starts_at) == "finished"


def test_a_taught_slot_cannot_be_dropped(session, volunteer):
    teaching = rules.claim(volunteer, session)
    TeachingClaim.objects.filter(pk=teaching.pk).update(status=TeachingClaim.Status.TAUGHT)
    assert _code(rules.drop_claim, volunteer, teaching) == "already_taught"


def test_dropping_twice_returns_the_dropped_claim(session, volunteer):
    teaching = rules.claim(volunteer, session)
    first = rules.drop_claim(volunteer, teaching)
    again = rules.drop_claim(volunteer, teaching)
    assert again.status == TeachingClaim.Status.DROPPED
    assert again.dropped_at == first.dropped_at


def test_attendance_is_refused_on_a_cancelled_session(session, learner, coordinator):
    booking = rules.book(learner, session)
    rules.cancel_session(coordinator, session)
    after_start = session.starts_at + timedelta(minutes=5)
    assert _code(rules.mark_attendance, coordinator, booking, True, now=after_start) == (
        "cancelled"
    )


def test_completing_a_session_needs_a_teacher_or_coordinator_and_a_start(
    session, learner, coordinator
):
    assert _code(rules.complete_session, learner, session) == "forbidden"
    assert _code(rules.complete_session, coordinator, session) == "not_started"


def test_completing_twice_keeps_the_session_completed(session, volunteer, coordinator):
    rules.claim(volunteer, session)
    after = session.starts_at + timedelta(hours=2)
    rules.complete_session(coordinator, session, now=after)
    again = rules.complete_session(coordinator, session, now=after)
    assert again.status == Session.Status.COMPLETED
    claim = TeachingClaim.objects.get(session=session, volunteer=volunteer)
    assert claim.status == TeachingClaim.Status.TAUGHT and claim.hours == session.duration_hours


def test_a_completed_session_cannot_be_cancelled_and_cancelling_twice_is_harmless(
    coordinator, learner
):
    done = SessionFactory()
    rules.complete_session(coordinator, done, now=done.starts_at + timedelta(hours=2))
    assert _code(rules.cancel_session, coordinator, done) == "finished"
    other = SessionFactory()
    first = rules.cancel_session(coordinator, other, reason="typhoon")
    again = rules.cancel_session(coordinator, other, reason="again")
    assert again.status == Session.Status.CANCELLED and first.cancel_reason == "typhoon"
    assert again.cancel_reason == "typhoon"
    assert _code(rules.cancel_session, learner, SessionFactory()) == "forbidden"
