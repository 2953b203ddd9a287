"""Waiting list: a freed seat is offered to the first in line, held for a while, then passed on."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking, Session

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def full_session(session, make_learner):
    """Two seats taken, two people waiting (in order)."""
    seated = [make_learner(), make_learner()]
    waiting = [make_learner(), make_learner()]
    bookings = [rules.book(person, session) for person in seated + waiting]
    return session, bookings


def test_a_freed_seat_is_offered_to_the_first_person_waiting(
    full_session, django_capture_on_commit_callbacks, mailoutbox
):
    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel_booking(seat1.learner, seat1)
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Booking.Status.OFFERED
    assert second_waiting.status == Booking.Status.WAITLISTED
    assert [m.to for m in mailoutbox] == [[first_waiting.learner.email]]
    body = mailoutbox[0].body
    assert "席が あきました" in body and "A seat has become free" in body
    assert f"/learning/offers/{first_waiting.pk}/" in body


def test_an_offered_seat_still_counts_as_taken(full_session, make_learner):
    session, (seat1, *_rest) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    assert Session.objects.with_counts().get(pk=session.pk).seats_left == 0
    newcomer = rules.book(make_learner(), session)
    assert newcomer.status == Booking.Status.WAITLISTED


def test_accepting_the_offer_confirms_the_seat_and_twice_is_harmless(full_session):
    session, (seat1, _seat2, first_waiting, _second) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    accepted = rules.accept_offer(first_waiting.learner, first_waiting)
    assert accepted.status == Booking.Status.CONFIRMED
    assert (
        rules.accept_offer(first_waiting.learner, first_waiting).status == Booking.Status.CONFIRMED
    )
    confirmed = Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED).count()
    assert confirmed == session.capacity


def test_an_offer_is_held_24_hours_or_until_2_hours_before_the_start():
    now = datetime(2026, 4, 1, 12, 0, tzinfo=TOKYO)
    far = now + timedelta(days=7)
    assert rules.offer_expiry(now, far) == now + timedelta(hours=24)
    soon = now + timedelta(hours=10)
    assert rules.offer_expiry(now, soon) == soon - timedelta(hours=2)
    very_soon = now + timedelta(hours=2, minutes=10)
    assert rules.offer_expiry(now, very_soon) == now + timedelta(minutes=30)
    imminent = now + timedelta(minutes=20)
    assert rules.offer_expiry(now, imminent) == imminent


def test_an_expired_offer_passes_to_the_next_person(
    full_session, mailoutbox, django_capture_on_commit_callbacks
):
    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    first_waiting.refresh_from_db()
    later = first_waiting.offer_expires_at + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert rules.expire_offers(now=later) == 1
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Booking.Status.CANCELLED
    assert first_waiting.cancel_reason == Booking.CancelReason.OFFER_EXPIRED
    assert second_waiting.status == Booking.Status.OFFERED
    assert mailoutbox[-1].to == [second_waiting.learner.email]


def test_expire_offers_before_the_time_changes_nothing(full_session):
    session, (seat1, _seat2, first_waiting, _second) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    assert rules.expire_offers(now=timezone.now()) == 0
    first_waiting.refresh_from_db()
    assert first_waiting.status == Booking.Status.OFFERED


def test_expire_offers_command(full_session):
    from io import StringIO

    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    first_waiting.refresh_from_db()
    out = StringIO()
    later = (first_waiting.offer_expires_at + timedelta(minutes=1)).isoformat()
    call_command("expire_offers", f"--now={later}", stdout=out)
    assert out.getvalue().strip() == "1 offers expired"
    second_waiting.refresh_from_db()
    assert second_waiting.status == Booking.Status.OFFERED


def test_expire_offers_command_refuses_a_bad_time():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="not an ISO 8601"):
        call_command("expire_offers", "--now=yesterday")


def test_accepting_an_expired_offer_is_refused_and_the_seat_moves_on(full_session):
    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    first_waiting.refresh_from_db()
    with pytest.raises(rules.BookingError) as error:
        rules.accept_offer(first_waiting.learner, first_waiting, now=first_waiting.offer_expires_at)
    assert error.value.code == "offer_expired"
    second_waiting.refresh_from_db()
    assert second_waiting.status == Booking.Status.OFFERED  # the expiry committed despite the error


def test_declining_an_offer_passes_the_seat_on(full_session):
    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    rules.cancel_booking(first_waiting.learner, first_waiting)
    second_waiting.refresh_from_db()
    assert second_waiting.status == Booking.Status.OFFERED


def test_leaving_the_waiting_list_keeps_everyone_else_in_order(full_session, make_learner):
    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    third = rules.book(make_learner(), session)
    rules.cancel_booking(second_waiting.learner, second_waiting)
    rules.cancel_booking(seat1.learner, seat1)
    first_waiting.refresh_from_db()
    third.refresh_from_db()
    assert (first_waiting.status, third.status) == (
        Booking.Status.OFFERED,
        Booking.Status.WAITLISTED,
    )


def test_added_seats_go_to_the_waiting_list_before_newcomers(
    full_session, coordinator, make_learner
):
    session, (_s1, _s2, first_waiting, second_waiting) = full_session
    Session.objects.filter(pk=session.pk).update(capacity=3)
    rules.refill_seats(coordinator, session)
    newcomer = rules.book(make_learner(), session)
    first_waiting.refresh_from_db()
    assert first_waiting.status == Booking.Status.OFFERED
    assert newcomer.status == Booking.Status.WAITLISTED


def test_someone_else_cannot_accept_my_offer(full_session, make_learner):
    session, (seat1, _seat2, first_waiting, _second) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    with pytest.raises(rules.BookingError) as error:
        rules.accept_offer(make_learner(), first_waiting)
    assert error.value.code == "forbidden"


def test_a_lapsed_offer_is_passed_on_even_when_the_cron_has_not_run(full_session, make_learner):
    session, (seat1, _seat2, first_waiting, second_waiting) = full_session
    rules.cancel_booking(seat1.learner, seat1)
    first_waiting.refresh_from_db()
    later = first_waiting.offer_expires_at + timedelta(minutes=1)
    # Any booking touching the session notices the lapsed offer first.
    again = rules.book(second_waiting.learner, session, now=later)
    assert again.status == Booking.Status.OFFERED
    first_waiting.refresh_from_db()
    assert first_waiting.cancel_reason == Booking.CancelReason.OFFER_EXPIRED
