"""Unpublished or private courses: their sessions are hidden and unbookable on every path.

Before: a session whose course page was unpublished (or private) could still be booked
through its URL, and the counts API reported it.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import Group
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from learning import booking as rules
from learning import visibility
from learning.calendar import feed_for
from learning.models import Booking
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, class_index, make_course

JSON = {"HTTP_ACCEPT": "application/json"}


def unpublish(session):
    session.course.unpublish()
    return session


def make_private(session, kind: str = PageViewRestriction.PASSWORD):
    restriction = PageViewRestriction.objects.create(
        page=session.course, restriction_type=kind, password="secret"
    )
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="staff-only")[0])
    return session


HIDE = {"unpublished": unpublish, "private": make_private}


@pytest.fixture(params=list(HIDE))
def hidden_session(request, db):
    return HIDE[request.param](SessionFactory())


@pytest.mark.django_db
def test_booking_a_hidden_session_by_url_is_404(client, learner, hidden_session):
    client.force_login(learner)
    response = client.post(f"/learning/sessions/{hidden_session.pk}/book/", **JSON)
    assert response.status_code == 404
    assert not Booking.objects.filter(session=hidden_session).exists()


@pytest.mark.django_db
def test_the_booking_service_refuses_a_hidden_session(learner, hidden_session):
    with pytest.raises(rules.BookingError) as refused:
        rules.book(learner, hidden_session)
    assert refused.value.code == "unavailable"


@pytest.mark.django_db
def test_claiming_a_hidden_session_is_refused(client, volunteer, hidden_session):
    client.force_login(volunteer)
    assert client.post(f"/learning/sessions/{hidden_session.pk}/claim/", **JSON).status_code == 404
    with pytest.raises(rules.BookingError) as refused:
        rules.claim(volunteer, hidden_session)
    assert refused.value.code == "unavailable"


@pytest.mark.django_db
def test_an_offer_on_a_course_unpublished_since_cannot_be_accepted(client, learner):
    session = SessionFactory(capacity=1)
    rules.book(UserFactory(roles=["learner"]), session)
    waiting = rules.book(learner, session)
    Booking.objects.filter(pk=waiting.pk).update(
        status=Booking.Status.OFFERED, offer_expires_at=timezone.now() + timedelta(hours=3)
    )
    unpublish(session)
    client.force_login(learner)
    response = client.post(f"/learning/offers/{waiting.pk}/", **JSON)
    assert response.status_code == 409 and response.json()["error"] == "unavailable"


@pytest.mark.django_db
def test_the_counts_api_leaves_hidden_sessions_out(client, hidden_session):
    shown = SessionFactory()
    body = client.get(f"/learning/api/counts/?ids={hidden_session.pk},{shown.pk}").json()
    assert list(body["sessions"]) == [str(shown.pk)]


@pytest.mark.django_db
def test_the_session_page_of_a_hidden_session_is_404(client, hidden_session):
    assert client.get(f"/learning/sessions/{hidden_session.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_schedule_and_the_board_leave_hidden_sessions_out(client, volunteer, hidden_session):
    shown = SessionFactory()
    index = class_index()
    index.save_revision().publish()
    html = client.get(index.url).content.decode()
    assert f"/learning/sessions/{shown.pk}/" in html
    assert f"/learning/sessions/{hidden_session.pk}/" not in html
    client.force_login(volunteer)
    board = client.get("/learning/board/").content.decode()
    assert f"/learning/sessions/{hidden_session.pk}/" not in board


@pytest.mark.django_db
def test_the_calendar_feed_drops_a_session_whose_course_is_hidden_later(client, learner):
    session = SessionFactory()
    rules.book(learner, session)
    url = f"/learning/calendar/{feed_for(learner).token}.ics"
    assert len(Calendar.from_ical(client.get(url).content).walk("VEVENT")) == 1
    make_private(session)
    assert Calendar.from_ical(client.get(url).content).walk("VEVENT") == []


@pytest.mark.django_db
def test_site_search_does_not_find_a_private_course(client):
    public = make_course(title="Zebrafish conversation")
    public.save_revision().publish()
    private = make_course(title="Zebrafish private circle")
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    html = client.get("/search/?q=Zebrafish").content.decode()
    assert "Zebrafish conversation" in html
    assert "Zebrafish private circle" not in html


@pytest.mark.django_db
def test_a_group_restriction_lets_its_members_see_and_book(learner):
    session = make_private(SessionFactory(), PageViewRestriction.GROUPS)
    assert not visibility.is_visible(session, learner)
    learner.groups.add(Group.objects.get(name="staff-only"))
    assert visibility.is_visible(session, learner)
    assert rules.book(learner, session).status == Booking.Status.CONFIRMED


@pytest.mark.django_db
def test_a_coordinator_still_manages_sessions_of_unpublished_courses(coordinator, learner):
    session = unpublish(SessionFactory())
    assert rules.book(coordinator, session, learner=learner).status == Booking.Status.CONFIRMED


@pytest.mark.django_db(transaction=True)
def test_booking_a_hidden_session_over_the_socket_is_refused(client, learner):
    session = unpublish(SessionFactory())
    client.force_login(learner)
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()),
    ]

    async def scenario():
        com = WebsocketCommunicator(application_(), "/ws/learning/schedule/", headers=headers)
        await com.connect(timeout=5)
        await com.send_to(text_data=json.dumps({"action": "book", "session": session.pk}))
        reply = await com.receive_json_from(timeout=5)
        await com.disconnect()
        return reply

    reply = async_to_sync(scenario)()
    assert reply["error"] == "unavailable"
    assert not Booking.objects.filter(session=session).exists()


def application_():
    from config.asgi import application

    return application


# who sees a session under each kind of view restriction (on the course page or a page above it)
SEES = {
    PageViewRestriction.LOGIN: {"anonymous": False, "learner": True, "member": True, "root": True},
    PageViewRestriction.GROUPS: {
        "anonymous": False,
        "learner": False,
        "member": True,
        "root": True,
    },
    PageViewRestriction.PASSWORD: {
        "anonymous": False,
        "learner": False,
        "member": False,
        "root": True,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("on_parent", [False, True], ids=["course", "parent"])
@pytest.mark.parametrize("kind", list(SEES))
@pytest.mark.parametrize("who", ["anonymous", "learner", "member", "root"])
def test_view_restrictions_hide_sessions_from_whom_they_should(kind, who, on_parent):
    from django.contrib.auth.models import AnonymousUser

    session, other = SessionFactory(), SessionFactory()
    page = session.course.get_parent() if on_parent else session.course
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="secret"
    )
    group = Group.objects.get_or_create(name="staff-only")[0]
    restriction.groups.add(group)
    user = {
        "anonymous": AnonymousUser(),
        "learner": UserFactory(roles=["learner"]),
        "member": UserFactory(roles=["learner"]),
        "root": UserFactory(is_superuser=True),
    }[who]
    if who == "member":
        user.groups.add(group)
    visible = set(visibility.visible_sessions(user).values_list("pk", flat=True))
    assert (session.pk in visible) is SEES[kind][who]
    # a sibling course is untouched by a restriction on this one; one above hides both
    assert (other.pk in visible) is (SEES[kind][who] if on_parent else True)
    # the booking's one-statement lookup (SQL, learning/visibility.py) answers the same
    for each in (session, other):
        assert _found_alone(user, each.pk) is (each.pk in visible)


def _found_alone(user, pk: int) -> bool:
    try:
        found = visibility.visible_session(user, pk)
    except visibility.Session.DoesNotExist:
        return False
    assert found.pk == pk and found.is_training is False  # the audience came along
    return True
