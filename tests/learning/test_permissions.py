"""Privacy: a learner never sees another learner's booking, nor an online link without a seat."""

import pytest

from learning import booking as rules
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, make_course

pytestmark = pytest.mark.django_db
SECRET_LINK = "https://meet.example.org/secret-room-42"


@pytest.fixture
def online_session():
    course = make_course(
        "オンライン 日本語", format="online", meeting_link=SECRET_LINK, slug="online"
    )
    return SessionFactory(course=course, venue=None, is_online=True, capacity=1)


def html_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "url_of", [lambda s: f"/learning/sessions/{s.pk}/", lambda s: s.course.url]
)
def test_the_online_link_is_hidden_from_visitors_and_learners_without_a_seat(
    client, online_session, make_learner, url_of
):
    assert SECRET_LINK not in html_of(client, url_of(online_session))
    seated, waiting = make_learner(), make_learner()
    rules.book(seated, online_session)
    rules.book(waiting, online_session)
    client.force_login(waiting)
    assert SECRET_LINK not in html_of(client, url_of(online_session))
    client.force_login(seated)
    assert SECRET_LINK in html_of(client, url_of(online_session))


def test_the_teacher_sees_the_online_link(client, online_session, volunteer):
    rules.claim(volunteer, online_session)
    client.force_login(volunteer)
    assert SECRET_LINK in html_of(client, f"/learning/sessions/{online_session.pk}/")


def test_my_classes_lists_only_my_bookings(client, session, make_learner):
    mine, theirs = make_learner(), make_learner()
    their_booking = rules.book(theirs, session)
    my_booking = rules.book(mine, SessionFactory())
    client.force_login(mine)
    html = html_of(client, "/learning/my/")
    assert f'data-booking-id="{my_booking.pk}"' in html
    assert f'data-booking-id="{their_booking.pk}"' not in html


def test_another_learners_booking_cannot_be_cancelled_or_its_offer_opened(
    client, session, make_learner
):
    owner, other = make_learner(), make_learner()
    booking = rules.book(owner, session)
    client.force_login(other)
    assert client.post(f"/learning/bookings/{booking.pk}/cancel/").status_code == 404
    assert client.get(f"/learning/offers/{booking.pk}/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"


def test_the_roster_is_for_the_teachers_and_coordinators_only(
    client, session, make_learner, make_volunteer, coordinator
):
    booked = make_learner(display_name="Private Person")
    rules.book(booked, session)
    teacher, other_volunteer = make_volunteer(), make_volunteer()
    rules.claim(teacher, session)
    url = f"/learning/sessions/{session.pk}/roster/"
    for outsider in (booked, make_learner(), other_volunteer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    for insider in (teacher, coordinator):
        client.force_login(insider)
        assert "Private Person" in html_of(client, url)


def test_live_counts_are_numbers_only(client, session, make_learner):
    rules.book(make_learner(display_name="Hidden Name"), session)
    response = client.get(f"/learning/api/counts/?ids={session.pk}")
    body = response.content.decode()
    assert response.json()["sessions"][str(session.pk)]["seats_left"] == 1
    assert "Hidden" not in body and "@" not in body


def test_the_schedule_never_shows_other_learners(client, session, make_learner):
    rules.book(make_learner(display_name="Someone Else"), session)
    client.force_login(make_learner())
    assert "Someone Else" not in html_of(client, session.course.get_parent().url)


def test_learners_cannot_open_the_admin_lists(client, learner):
    client.force_login(learner)
    assert client.get("/admin/learning_booking/").status_code in (302, 403)


def test_the_booking_board_is_for_volunteers(client, learner, volunteer):
    client.force_login(learner)
    assert client.get("/learning/board/").status_code == 404
    client.force_login(volunteer)
    assert client.get("/learning/board/").status_code == 200


def test_anonymous_json_clients_get_401(client, session):
    response = client.post(f"/learning/sessions/{session.pk}/book/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401 and response.json()["error"] == "login_required"


def test_anonymous_browsers_are_sent_to_log_in(client, session):
    response = client.post(f"/learning/sessions/{session.pk}/book/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_users_without_the_learner_role_get_403_json(client, session):
    client.force_login(UserFactory(roles=["editor"]))
    response = client.post(f"/learning/sessions/{session.pk}/book/", HTTP_ACCEPT="application/json")
    assert response.status_code == 403 and response.json()["error"] == "not_learner"
