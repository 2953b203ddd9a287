"""When a session's time or place changes, or an offer expires, the people on it are told."""

from __future__ import annotations

from datetime import timedelta

import pytest

from learning import booking as rules
from learning import notifications
from learning.models import Booking, Session
from tests.learning.factories import VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked_session(session, make_learner, make_volunteer):
    """Two seats taken, one person waiting, one teacher."""
    people = [make_learner(), make_learner(), make_learner()]
    bookings = [rules.book(person, session) for person in people]
    teaching = rules.claim(make_volunteer(), session)
    return session, bookings, teaching


def move(coordinator, session, **changes):
    return rules.change_session(coordinator, session, changes)


def test_moving_the_start_emails_every_learner_and_teacher_on_the_session(
    booked_session, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    session, bookings, teaching = booked_session
    with django_capture_on_commit_callbacks(execute=True):
        move(
            coordinator,
            session,
            starts_at=session.starts_at + timedelta(hours=1),
            ends_at=session.ends_at + timedelta(hours=1),
        )
    recipients = sorted(m.to[0] for m in mailoutbox)
    expected = sorted([b.learner.email for b in bookings] + [teaching.volunteer.email])
    assert recipients == expected


def test_a_change_notice_is_written_in_the_readers_preferred_language(
    session, make_learner, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    rules.book(make_learner(preferred_language="en"), session)
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, venue=VenueFactory(name="新しい会場", name_en="New hall"))
    message = mailoutbox[0]
    assert message.subject == "Your class has changed"
    assert "What changed: place" in message.body
    assert "New hall" in message.body
    assert "変わりました" not in message.body


def test_a_change_notice_is_in_easy_japanese_without_a_preference(
    session, make_learner, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    rules.book(make_learner(preferred_language=""), session)
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, starts_at=session.starts_at + timedelta(minutes=30))
    message = mailoutbox[0]
    assert message.subject == "クラスの 時間や 場所が 変わりました"
    assert "変わったこと： 時間" in message.body


def test_the_change_notice_has_an_html_part_in_the_readers_language(
    session, make_learner, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    rules.book(make_learner(preferred_language="en"), session)
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, starts_at=session.starts_at + timedelta(minutes=30))
    html, mimetype = mailoutbox[0].alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html and "What changed: time" in html


def test_changing_only_the_number_of_seats_tells_nobody(
    booked_session, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    session, _bookings, _teaching = booked_session
    with django_capture_on_commit_callbacks(execute=True):
        result = move(coordinator, session, teacher_slots=3)
    assert result.changed == [] and mailoutbox == []


def test_a_new_online_link_reaches_seated_learners_but_not_those_waiting(
    booked_session, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    session, (first, _second, waiting), _teaching = booked_session
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, is_online=True, meeting_link="https://meet.example/abc")
    bodies = {m.to[0]: m.body for m in mailoutbox}
    assert "https://meet.example/abc" in bodies[first.learner.email]
    assert "https://meet.example/abc" not in bodies[waiting.learner.email]


def test_cancelled_bookings_get_no_change_notice(
    session, make_learner, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    gone = rules.book(make_learner(), session)
    rules.cancel_booking(gone.learner, gone)
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, starts_at=session.starts_at + timedelta(minutes=30))
    assert mailoutbox == []


def test_setting_the_status_to_cancelled_takes_the_cancellation_path_once(
    booked_session, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    session, bookings, _teaching = booked_session
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, status=Session.Status.CANCELLED)
    assert Booking.objects.filter(session=session, status="cancelled").count() == 3
    assert len(mailoutbox) == 4
    assert all("中止" in m.subject for m in mailoutbox)


def test_a_change_that_ends_before_it_starts_is_refused(booked_session, coordinator):
    session, _bookings, _teaching = booked_session
    with pytest.raises(rules.BookingError) as error:
        move(coordinator, session, starts_at=session.ends_at + timedelta(hours=1))
    assert error.value.code == "ends_before_start"


def test_only_a_coordinator_may_change_a_session(booked_session, make_volunteer):
    session, _bookings, _teaching = booked_session
    with pytest.raises(rules.BookingError) as error:
        move(make_volunteer(), session, starts_at=session.starts_at + timedelta(hours=1))
    assert error.value.code == "forbidden"


def test_an_expired_offer_tells_the_learner_and_offers_the_next_person(
    session, make_learner, django_capture_on_commit_callbacks, mailoutbox
):
    seated = [rules.book(make_learner(), session) for _ in range(2)]
    first, second = rules.book(make_learner(), session), rules.book(make_learner(), session)
    rules.cancel_booking(seated[0].learner, seated[0])
    first.refresh_from_db()
    assert first.status == Booking.Status.OFFERED
    later = first.offer_expires_at + timedelta(minutes=1)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert rules.expire_offers(now=later) == 1
    second.refresh_from_db()
    assert second.status == Booking.Status.OFFERED
    to_first = [m for m in mailoutbox if m.to == [first.learner.email]]
    to_second = [m for m in mailoutbox if m.to == [second.learner.email]]
    assert [m.subject for m in to_first] == ["席の 案内の 期限が 過ぎました"]
    assert len(to_second) == 1 and "A seat is free for you" in to_second[0].subject


def test_a_push_sender_gets_the_notice_when_one_is_configured(
    settings, session, make_learner, coordinator, django_capture_on_commit_callbacks
):
    settings.WEB_PUSH_SENDER = "tests.learning.test_change_notices.record_push"
    PUSHED.clear()
    learner = make_learner(preferred_language="en")
    rules.book(learner, session)
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, starts_at=session.starts_at + timedelta(hours=1))
    assert PUSHED == [(learner.pk, "Your class has changed", notifications.session_url(session.pk))]


def test_a_failing_push_sender_does_not_stop_the_email(
    settings, session, make_learner, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    settings.WEB_PUSH_SENDER = "tests.learning.test_change_notices.broken_push"
    rules.book(make_learner(), session)
    with django_capture_on_commit_callbacks(execute=True):
        move(coordinator, session, starts_at=session.starts_at + timedelta(hours=1))
    assert len(mailoutbox) == 1


def test_a_preferred_language_the_site_lacks_falls_back_to_easy_japanese(make_learner):
    assert notifications.language_for(make_learner(preferred_language="xx")) == "ja"
    assert notifications.language_for(make_learner(preferred_language="en-GB")) == "en"


def test_more_seats_in_an_edit_are_offered_to_the_waiting_list(session, make_learner, coordinator):
    for _ in range(3):
        rules.book(make_learner(), session)
    result = move(coordinator, session, capacity=3)
    assert [b.status for b in result.offered] == [Booking.Status.OFFERED]


PUSHED: list[tuple[int, str, str]] = []


def record_push(user, *, title: str, body: str, url: str) -> None:
    """A push sender for the tests: remembers what it was asked to send."""
    PUSHED.append((user.pk, title, url))


def broken_push(user, *, title: str, body: str, url: str) -> None:
    raise ConnectionError("push service down")
