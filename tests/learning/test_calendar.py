"""iCalendar feeds: parsed back with icalendar; stable UIDs; private URLs; links only when booked."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from learning import booking as rules
from learning.calendar import event_uid, feed_for
from learning.models import Session
from tests.learning.factories import SessionFactory, make_course

pytestmark = pytest.mark.django_db


def fetch(client, user) -> Calendar:
    response = client.get(f"/learning/calendar/{feed_for(user).token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, dict]:
    return {
        str(e["uid"]): {
            "start": e.decoded("dtstart"),
            "status": str(e.get("status")),
            "summary": str(e["summary"]),
            "description": str(e.get("description", "")),
        }
        for e in calendar.walk("VEVENT")
    }


def test_a_learners_feed_lists_booked_sessions_with_times(client, session, learner):
    rules.book(learner, session)
    found = events(fetch(client, learner))
    uid = event_uid(session.pk, "learner")
    assert list(found) == [uid]
    assert found[uid]["start"] == session.starts_at.replace(microsecond=0)
    assert found[uid]["status"] == "CONFIRMED"
    assert found[uid]["summary"] == session.course.title


def test_uids_stay_the_same_when_the_time_changes(client, session, learner):
    rules.book(learner, session)
    before = events(fetch(client, learner))
    Session.objects.filter(pk=session.pk).update(
        starts_at=session.starts_at + timedelta(hours=1),
        ends_at=session.ends_at + timedelta(hours=1),
    )
    after = events(fetch(client, learner))
    assert list(before) == list(after)
    uid = event_uid(session.pk, "learner")
    assert after[uid]["start"] - before[uid]["start"] == timedelta(hours=1)


def test_a_waitlisted_session_is_not_in_the_feed(client, make_learner):
    session = SessionFactory(capacity=1)
    rules.book(make_learner(), session)
    waiting = make_learner()
    rules.book(waiting, session)
    assert events(fetch(client, waiting)) == {}


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(client, session, learner, coordinator):
    rules.book(learner, session)
    rules.cancel_session(coordinator, session)
    found = events(fetch(client, learner))
    assert found[event_uid(session.pk, "learner")]["status"] == "CANCELLED"


def test_the_online_link_is_in_the_feed_only_for_a_confirmed_seat(client, make_learner):
    course = make_course(
        "オンライン クラス", format="online", meeting_link="https://meet.example.org/secret-room"
    )
    session = SessionFactory(course=course, venue=None, is_online=True, capacity=1)
    seated, waiting = make_learner(), make_learner()
    rules.book(seated, session)
    rules.book(waiting, session)
    rules.cancel_booking(seated, seated.bookings.get())  # waiting now holds an offer, not a seat
    offered = events(fetch(client, waiting))[event_uid(session.pk, "learner")]
    assert offered["status"] == "TENTATIVE" and "secret-room" not in offered["description"]
    rules.accept_offer(waiting, waiting.bookings.get())
    confirmed = events(fetch(client, waiting))[event_uid(session.pk, "learner")]
    assert "https://meet.example.org/secret-room" in confirmed["description"]


def test_a_volunteers_feed_lists_teaching(client, session, volunteer):
    rules.claim(volunteer, session)
    found = events(fetch(client, volunteer))
    assert list(found) == [event_uid(session.pk, "teacher")]


def test_the_feed_is_private_to_its_owner(client, session, make_learner):
    mine, theirs = make_learner(), make_learner()
    rules.book(theirs, session)
    assert events(fetch(client, mine)) == {}


def test_an_unknown_token_is_not_found(client):
    assert client.get("/learning/calendar/not-a-token.ics").status_code == 404


def test_resetting_the_feed_retires_the_old_url(client, learner):
    old = feed_for(learner).token
    client.force_login(learner)
    response = client.post("/learning/calendar/reset/", HTTP_ACCEPT="application/json")
    new_url = response.json()["feed_url"]
    assert old not in new_url
    assert client.get(f"/learning/calendar/{old}.ics").status_code == 404
    assert client.get(new_url.split("testserver", 1)[1]).status_code == 200
