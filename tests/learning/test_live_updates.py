"""Live updates over Channels: a claim on one connection reaches another connection's board."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from learning import booking as rules
from learning.models import TeachingClaim
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")
TIMEOUT = 5


def headers_for(client, user) -> list[tuple[bytes, bytes]]:
    """An authenticated browser's headers: the session cookie the site set at login."""
    client.force_login(user)
    return [ORIGIN, (b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]


async def connect(path: str, headers=None) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, path, headers=headers or [ORIGIN])
    connected, _subprotocol = await communicator.connect(timeout=TIMEOUT)
    assert connected
    return communicator


async def receive_until(communicator, wanted_type: str) -> dict:
    for _ in range(5):
        message = await communicator.receive_json_from(timeout=TIMEOUT)
        if message["type"] == wanted_type:
            return message
    raise AssertionError(f"no {wanted_type} message")


def test_a_claim_on_one_connection_reaches_another_connections_board(client, volunteer):
    session = SessionFactory(teacher_slots=2)
    actor_headers = headers_for(client, volunteer)

    async def scenario():
        board = await connect("/ws/learning/schedule/")
        actor = await connect("/ws/learning/schedule/", actor_headers)
        await actor.send_json_to({"action": "claim", "session": session.pk})
        result = await receive_until(actor, "result")
        changed = await board.receive_json_from(timeout=TIMEOUT)
        await board.disconnect()
        await actor.disconnect()
        return result, changed

    result, changed = async_to_sync(scenario)()
    assert result["status"] == TeachingClaim.Status.CLAIMED
    assert changed == {"type": "session.changed", "session": session.pk}
    assert TeachingClaim.objects.get(session=session).volunteer == volunteer


def test_the_counts_after_the_message_show_the_change(client, volunteer):
    """The board re-fetches on every message: the counts it then gets include the claim."""
    session = SessionFactory(teacher_slots=2)
    actor_headers = headers_for(client, volunteer)

    async def scenario():
        board = await connect("/ws/learning/schedule/")
        actor = await connect("/ws/learning/schedule/", actor_headers)
        await actor.send_json_to({"action": "claim", "session": session.pk})
        await board.receive_json_from(timeout=TIMEOUT)
        await board.disconnect()
        await actor.disconnect()

    async_to_sync(scenario)()
    counts = client.get(f"/learning/api/counts/?ids={session.pk}").json()["sessions"][
        str(session.pk)
    ]
    assert counts["teachers_needed"] == 1


def test_a_session_page_hears_only_its_own_session(learner, make_learner):
    mine, other = SessionFactory(), SessionFactory()
    someone_else = make_learner()

    async def scenario():
        page = await connect(f"/ws/learning/sessions/{mine.pk}/")
        await database_sync_to_async(rules.book)(someone_else, other)
        assert await page.receive_nothing(timeout=0.3)
        await database_sync_to_async(rules.book)(learner, mine)
        message = await page.receive_json_from(timeout=TIMEOUT)
        await page.disconnect()
        return message

    assert async_to_sync(scenario)() == {"type": "session.changed", "session": mine.pk}


def test_a_failed_claim_reports_the_rule_and_broadcasts_nothing(client, make_volunteer):
    session = SessionFactory(teacher_slots=1)
    rules.claim(make_volunteer(), session)
    actor_headers = headers_for(client, make_volunteer())

    async def scenario():
        board = await connect("/ws/learning/schedule/")
        actor = await connect("/ws/learning/schedule/", actor_headers)
        await actor.send_json_to({"action": "claim", "session": session.pk})
        reply = await actor.receive_json_from(timeout=TIMEOUT)
        quiet = await board.receive_nothing(timeout=0.3)
        await board.disconnect()
        await actor.disconnect()
        return reply, quiet

    reply, quiet = async_to_sync(scenario)()
    assert reply["type"] == "error" and reply["error"] == "no_teacher_slot"
    assert quiet


def test_anonymous_and_malformed_actions_are_refused():
    session = SessionFactory()

    async def scenario():
        socket = await connect("/ws/learning/schedule/")
        await socket.send_json_to({"action": "book", "session": session.pk})
        anonymous = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.send_json_to({"action": "explode"})
        malformed = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.disconnect()
        return anonymous, malformed

    anonymous, malformed = async_to_sync(scenario)()
    assert anonymous["error"] == "login_required"
    assert malformed["error"] == "bad_request"


def test_other_sites_cannot_open_the_socket():
    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/learning/schedule/", headers=[(b"origin", b"https://evil.example")]
        )
        connected, _ = await communicator.connect(timeout=TIMEOUT)
        await communicator.disconnect()
        return connected

    assert async_to_sync(scenario)() is False
