"""Cancelling a session ends every booking and claim and tells everyone, in both languages."""

import pytest

from learning import booking as rules
from learning.models import Booking, Session, TeachingClaim

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_session(session, make_learner, make_volunteer):
    seated = [rules.book(make_learner(), session) for _ in range(2)]
    waiting = rules.book(make_learner(), session)
    rules.cancel_booking(seated[0].learner, seated[0])  # the waiting learner now holds an offer
    gone = seated[0]
    claims = [rules.claim(make_volunteer(), session) for _ in range(2)]
    return session, seated[1], waiting, gone, claims


def test_cancelling_a_session_cancels_bookings_and_claims(busy_session, coordinator):
    session, seated, offered, gone, claims = busy_session
    rules.cancel_session(coordinator, session, reason="大雪のため / heavy snow")
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert set(
        Booking.objects.filter(session=session)
        .exclude(pk=gone.pk)
        .values_list("status", "cancel_reason")
    ) == {(Booking.Status.CANCELLED, Booking.CancelReason.SESSION)}
    assert set(TeachingClaim.objects.filter(session=session).values_list("status", flat=True)) == {
        "dropped"
    }


def test_everyone_booked_or_teaching_gets_an_email_in_easy_japanese_and_english(
    busy_session, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    session, seated, offered, gone, claims = busy_session
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel_session(coordinator, session, reason="大雪のため")
    recipients = {m.to[0] for m in mailoutbox}
    expected = {seated.learner.email, offered.learner.email} | {c.volunteer.email for c in claims}
    assert recipients == expected  # not the learner who had already cancelled
    body = mailoutbox[0].body
    assert "中止に なりました" in body and "has been cancelled" in body and "大雪のため" in body
    assert "クラスは 中止です / Class cancelled" == mailoutbox[0].subject


def test_no_email_before_the_transaction_commits(busy_session, coordinator, mailoutbox):
    session, *_rest = busy_session
    mailoutbox.clear()
    rules.cancel_session(coordinator, session)  # on_commit callbacks are not run in this test
    assert mailoutbox == []


def test_only_coordinators_cancel_sessions(busy_session, volunteer):
    session, *_rest = busy_session
    with pytest.raises(rules.BookingError) as error:
        rules.cancel_session(volunteer, session)
    assert error.value.code == "forbidden"


def test_a_cancelled_session_cannot_be_booked_or_claimed(
    busy_session, coordinator, make_learner, make_volunteer
):
    session, *_rest = busy_session
    rules.cancel_session(coordinator, session)
    with pytest.raises(rules.BookingError) as error:
        rules.book(make_learner(), session)
    assert error.value.code == "cancelled"
    with pytest.raises(rules.BookingError):
        rules.claim(make_volunteer(), session)


def test_cancelling_twice_is_harmless(
    busy_session, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    session, *_rest = busy_session
    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel_session(coordinator, session)
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        rules.cancel_session(coordinator, session)
    assert len(mailoutbox) == sent
