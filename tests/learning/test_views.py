"""The HTTP side: buttons post and come back with a message; JSON clients get JSON and 4xx."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking, TeachingClaim
from tests.learning.factories import SessionFactory, class_index

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_booking_button_books_and_returns_to_the_page(client, session, learner):
    client.force_login(learner)
    response = client.post(f"/en/learning/sessions/{session.pk}/book/", {"next": "/classes/"})
    assert response.status_code == 302 and response["Location"] == "/classes/"
    assert messages_of(response) == ["Your seat is booked."]
    assert Booking.objects.get(session=session, learner=learner).status == Booking.Status.CONFIRMED


def test_next_never_leaves_the_site(client, session, learner):
    client.force_login(learner)
    response = client.post(
        f"/learning/sessions/{session.pk}/book/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/learning/sessions/{session.pk}/"


def test_json_booking_and_waitlisting(client, make_learner):
    session = SessionFactory(capacity=1)
    for expected in ("confirmed", "waitlisted"):
        client.force_login(make_learner())
        response = client.post(
            f"/learning/sessions/{session.pk}/book/", HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 200 and response.json()["status"] == expected


def test_a_refused_booking_is_a_409_with_a_reason(client, learner):
    session = SessionFactory(booking_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(learner)
    response = client.post(
        f"/en/learning/sessions/{session.pk}/book/", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json() == {"error": "closed", "message": "Booking for this class has closed."}


def test_a_refused_booking_in_the_browser_comes_back_with_the_message(client, learner):
    session = SessionFactory(booking_closes_at=timezone.now() - timedelta(hours=1))
    client.force_login(learner)
    response = client.post(f"/en/learning/sessions/{session.pk}/book/", follow=True)
    assert "Booking for this class has closed." in response.content.decode()


def test_get_is_not_allowed_for_booking(client, session, learner):
    client.force_login(learner)
    assert client.get(f"/learning/sessions/{session.pk}/book/").status_code == 405


def test_offer_page_and_one_click_accept(client, make_learner):
    session = SessionFactory(capacity=1)
    first, second = make_learner(), make_learner()
    mine = rules.book(first, session)
    waiting = rules.book(second, session)
    rules.cancel_booking(first, mine)
    client.force_login(second)
    page = client.get(f"/learning/offers/{waiting.pk}/").content.decode()
    assert "data-accept-button" in page
    response = client.post(f"/learning/offers/{waiting.pk}/", {"next": "/learning/my/"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED


def test_my_classes_shows_offer_seat_and_queue_position(client, make_learner):
    full = SessionFactory(capacity=1)
    other = SessionFactory(starts_at=full.starts_at + timedelta(days=1))
    me = make_learner()
    rules.book(make_learner(), full)
    rules.book(make_learner(), full)
    rules.book(me, full)
    rules.book(me, other)
    client.force_login(me)
    html = client.get("/en/learning/my/").content.decode()
    assert "On the waiting list: number 2." in html
    assert "You are booked." in html
    assert "/learning/calendar/" in html


def test_claim_and_drop_buttons(client, volunteer):
    session = SessionFactory(starts_at=timezone.now() + timedelta(days=5))
    client.force_login(volunteer)
    client.post(f"/learning/sessions/{session.pk}/claim/")
    claim = TeachingClaim.objects.get(session=session, volunteer=volunteer)
    assert claim.status == TeachingClaim.Status.CLAIMED
    response = client.post(f"/learning/claims/{claim.pk}/drop/", HTTP_ACCEPT="application/json")
    assert response.json()["status"] == TeachingClaim.Status.DROPPED


def test_the_board_lists_understaffed_sessions_first(client, make_volunteer):
    soon_staffed = SessionFactory(teacher_slots=1, starts_at=timezone.now() + timedelta(days=1))
    later_needy = SessionFactory(teacher_slots=2, starts_at=timezone.now() + timedelta(days=2))
    soon_needy = SessionFactory(teacher_slots=2, starts_at=timezone.now() + timedelta(days=3))
    rules.claim(make_volunteer(), soon_staffed)
    client.force_login(make_volunteer())
    html = client.get("/learning/board/").content.decode()
    positions = [
        html.index(f'data-session-id="{s.pk}"') for s in (later_needy, soon_needy, soon_staffed)
    ]
    assert positions == sorted(positions)


def test_the_session_page_renders_for_everyone(client, session):
    response = client.get(f"/en/learning/sessions/{session.pk}/")
    assert response.status_code == 200
    assert "Log in to book" in response.content.decode()


def test_a_session_of_an_unpublished_course_is_not_found(client, session):
    session.course.unpublish()
    assert client.get(f"/learning/sessions/{session.pk}/").status_code == 404


def test_the_schedule_pages_through_many_sessions(client):
    from learning.schedule import PER_PAGE

    first = SessionFactory()
    for days in range(PER_PAGE + 4):
        SessionFactory(
            course=first.course, starts_at=timezone.now() + timedelta(days=4, hours=days)
        )
    html = client.get(class_index().url).content.decode()
    assert html.count("data-session-id=") == PER_PAGE and "page=2" in html
    second = client.get(class_index().url + "?page=2").content.decode()
    assert second.count("data-session-id=") == 5 and "page=1" in second
