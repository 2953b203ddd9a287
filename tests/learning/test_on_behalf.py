"""Coordinators book, cancel and move learners (phone and walk-in); the learner is e-mailed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_books_a_seat_for_a_learner(session, coordinator, make_learner):
    learner = make_learner()
    booking = rules.book_on_behalf(coordinator, session, learner)
    assert (booking.learner, booking.status) == (learner, Booking.Status.CONFIRMED)


def test_the_learner_booked_by_a_coordinator_is_emailed_in_their_language(
    session, coordinator, make_learner, django_capture_on_commit_callbacks, mailoutbox
):
    learner = make_learner(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        rules.book_on_behalf(coordinator, session, learner)
    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([learner.email], "The association booked a class for you")
    ]


def test_a_learner_booked_into_a_full_session_is_told_they_wait(
    coordinator, make_learner, django_capture_on_commit_callbacks, mailoutbox
):
    full = SessionFactory(capacity=1)
    rules.book(make_learner(), full)
    learner = make_learner()
    with django_capture_on_commit_callbacks(execute=True):
        booking = rules.book_on_behalf(coordinator, full, learner)
    assert booking.status == Booking.Status.WAITLISTED
    assert "キャンセル待ち" in mailoutbox[0].body


def test_a_volunteer_cannot_book_for_someone_else(session, make_volunteer, make_learner):
    with pytest.raises(rules.BookingError) as error:
        rules.book_on_behalf(make_volunteer(), session, make_learner())
    assert error.value.code == "forbidden"


def test_a_coordinator_cancels_for_a_learner_after_the_deadline_and_they_are_told(
    coordinator, make_learner, django_capture_on_commit_callbacks, mailoutbox
):
    soon = SessionFactory(starts_at=timezone.now() + timedelta(hours=1))
    booking = rules.book(make_learner(), soon)
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = rules.cancel_on_behalf(coordinator, booking)
    assert cancelled.cancel_reason == Booking.CancelReason.COORDINATOR
    assert [m.subject for m in mailoutbox] == ["協会が あなたの 予約を キャンセルしました"]


def test_moving_a_booking_frees_the_old_seat_and_takes_a_new_one(
    session, coordinator, make_learner
):
    other = SessionFactory()
    booking = rules.book(make_learner(), session)
    moved = rules.move_booking(coordinator, booking, other)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert (moved.session, moved.status) == (other, Booking.Status.CONFIRMED)


def test_a_move_sends_one_email_naming_the_old_class(
    session, coordinator, make_learner, django_capture_on_commit_callbacks, mailoutbox
):
    other = SessionFactory()
    learner = make_learner(preferred_language="en")
    booking = rules.book(learner, session)
    with django_capture_on_commit_callbacks(execute=True):
        rules.move_booking(coordinator, booking, other)
    assert [m.subject for m in mailoutbox] == ["The association moved your booking"]
    assert "Before: " + session.course.title in mailoutbox[0].body


def test_a_refused_move_leaves_the_old_booking_as_it_was(session, coordinator, make_learner):
    closed = SessionFactory()
    closed.status = "cancelled"
    closed.save()
    booking = rules.book(make_learner(), session)
    with pytest.raises(rules.BookingError) as error:
        rules.move_booking(coordinator, booking, closed)
    booking.refresh_from_db()
    assert error.value.code == "cancelled" and booking.status == Booking.Status.CONFIRMED


def test_moving_out_offers_the_freed_seat_to_the_next_person(coordinator, make_learner):
    full = SessionFactory(capacity=1)
    booking = rules.book(make_learner(), full)
    waiting = rules.book(make_learner(), full)
    rules.move_booking(coordinator, booking, SessionFactory())
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.OFFERED


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_admin_book_view_books_the_picked_learner(coordinator_client, session, make_learner):
    learner = make_learner(display_name="山田 花子")
    page = coordinator_client.get(f"/admin/learning_session/book/{session.pk}/")
    assert "山田 花子" in page.content.decode()
    response = coordinator_client.post(
        f"/admin/learning_session/book/{session.pk}/", {"learner": learner.pk}
    )
    assert response.status_code == 302
    assert Booking.objects.get(session=session, learner=learner).status == "confirmed"


def test_the_admin_move_view_moves_the_booking(coordinator_client, session, make_learner):
    other = SessionFactory()
    booking = rules.book(make_learner(), session)
    response = coordinator_client.post(
        f"/admin/learning_session/bookings/{booking.pk}/move/", {"to_session": other.pk}
    )
    assert response.status_code == 302
    assert Booking.objects.get(session=other, learner=booking.learner).status == "confirmed"


def test_the_admin_cancel_booking_view_asks_before_cancelling(
    coordinator_client, session, make_learner
):
    booking = rules.book(make_learner(), session)
    coordinator_client.get(f"/admin/learning_session/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    coordinator_client.post(f"/admin/learning_session/bookings/{booking.pk}/cancel/")
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_volunteers_cannot_open_the_book_for_view(client, session, volunteer):
    client.force_login(volunteer)
    response = client.get(f"/admin/learning_session/book/{session.pk}/")
    assert response.status_code in (302, 403)
