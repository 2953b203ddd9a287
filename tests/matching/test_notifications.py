"""Live notifications over Channels: ws/notifications/ joins user-<id> and forwards events."""

from __future__ import annotations

import functools

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from matching import workflow
from tests.factories import UserFactory
from tests.matching.factories import SupportRequestFactory, VolunteerProfileFactory

ORIGIN = (b"origin", b"http://localhost")


def application():
    """The site's real ASGI stack (origin check, sessions, auth, routing), so the wiring of
    ws/notifications/ in config/routing.py is tested too."""
    from config.asgi import application as site_application

    return site_application


def run_async(test):
    """Run an async test body on an event loop (the suite has no pytest-asyncio)."""

    @functools.wraps(test)
    def wrapper(*args, **kwargs):
        return async_to_sync(test)(*args, **kwargs)

    return wrapper


def session_cookie(user) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [ORIGIN, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={value}".encode())]


@database_sync_to_async
def make_people():
    coordinator = UserFactory(roles=["coordinator"])
    profile = VolunteerProfileFactory()
    request = SupportRequestFactory()
    return coordinator, profile, request, session_cookie(profile.user), session_cookie(coordinator)


@pytest.mark.django_db(transaction=True)
@run_async
async def test_volunteer_hears_of_a_proposal_and_the_coordinator_of_the_answer():
    coordinator, profile, request, volunteer_headers, coordinator_headers = await make_people()
    volunteer_socket = WebsocketCommunicator(
        application(), "/ws/notifications/", headers=volunteer_headers
    )
    coordinator_socket = WebsocketCommunicator(
        application(), "/ws/notifications/", headers=coordinator_headers
    )
    assert (await volunteer_socket.connect())[0]
    assert (await coordinator_socket.connect())[0]

    assignment = await database_sync_to_async(workflow.propose)(
        coordinator, profile, request=request
    )
    message = await volunteer_socket.receive_json_from(timeout=5)
    assert message == {
        "type": "matching.assignment",
        "topic": "matching.assignment",
        "event": "proposed",
        "assignment": assignment.pk,
        "status": "proposed",
    }
    assert await coordinator_socket.receive_nothing(timeout=0.2)

    await database_sync_to_async(workflow.accept)(profile.user, assignment)
    answer = await coordinator_socket.receive_json_from(timeout=5)
    assert (answer["event"], answer["assignment"]) == ("accepted", assignment.pk)
    assert await volunteer_socket.receive_nothing(timeout=0.2)

    await volunteer_socket.disconnect()
    await coordinator_socket.disconnect()


@pytest.mark.django_db(transaction=True)
@run_async
async def test_messages_carry_no_personal_details():
    coordinator, profile, request, headers, _ = await make_people()
    socket = WebsocketCommunicator(application(), "/ws/notifications/", headers=headers)
    await socket.connect()
    await database_sync_to_async(workflow.propose)(coordinator, profile, request=request)
    raw = await socket.receive_from(timeout=5)
    assert request.school_name not in raw and request.child_identifier not in raw
    await socket.disconnect()


@pytest.mark.django_db(transaction=True)
@run_async
async def test_anonymous_socket_is_refused():
    socket = WebsocketCommunicator(application(), "/ws/notifications/", headers=[ORIGIN])
    connected, code = await socket.connect()
    assert not connected
    assert code == 4401


@pytest.mark.django_db(transaction=True)
@run_async
async def test_one_person_does_not_hear_anothers_notifications():
    coordinator, profile, request, _, _ = await make_people()
    bystander = await database_sync_to_async(UserFactory)(roles=["volunteer"])
    headers = await database_sync_to_async(session_cookie)(bystander)
    socket = WebsocketCommunicator(application(), "/ws/notifications/", headers=headers)
    await socket.connect()
    await database_sync_to_async(workflow.propose)(coordinator, profile, request=request)
    assert await socket.receive_nothing(timeout=0.3)
    await socket.disconnect()
