"""WebSocket abuse: a per-address cap, no sockets for unseen objects, clean closes on bad input.

Before: one address could open 2,000 sockets, the session socket accepted any integer id,
and each malformed message wrote a full traceback to the log.
"""

from __future__ import annotations

import logging

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator

from config.asgi import application
from core import wsguard
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")
TIMEOUT = 5


def communicator(path: str, ip: str = "192.0.2.1") -> WebsocketCommunicator:
    com = WebsocketCommunicator(application, path, headers=[ORIGIN])
    com.scope["client"] = (ip, 50000)  # the scope the server would build for this peer
    return com


def run(coroutine_function):
    return async_to_sync(coroutine_function)()


def test_one_address_cannot_open_more_sockets_than_the_cap(settings):
    settings.WS_MAX_CONNECTIONS_PER_IP = 3

    async def scenario():
        opened = []
        for _ in range(3):
            com = communicator("/ws/echo/", "192.0.2.7")
            connected, _ = await com.connect(timeout=TIMEOUT)
            assert connected
            opened.append(com)
        extra = communicator("/ws/echo/", "192.0.2.7")
        refused, code = await extra.connect(timeout=TIMEOUT)
        other = communicator("/ws/echo/", "192.0.2.8")  # another address is unaffected
        other_ok, _ = await other.connect(timeout=TIMEOUT)
        await opened[0].disconnect()
        await opened[0].wait(TIMEOUT)
        again = communicator("/ws/echo/", "192.0.2.7")  # a closed socket frees its place
        again_ok, _ = await again.connect(timeout=TIMEOUT)
        for com in (*opened[1:], other, again):
            await com.disconnect()
        return refused, code, other_ok, again_ok

    refused, code, other_ok, again_ok = run(scenario)
    assert refused is False and code == wsguard.CLOSE_TOO_MANY
    assert other_ok and again_ok


def test_the_session_socket_refuses_a_session_that_does_not_exist():
    async def scenario():
        com = communicator("/ws/learning/sessions/987654/")
        return await com.connect(timeout=TIMEOUT)

    connected, code = run(scenario)
    assert connected is False and code == wsguard.CLOSE_NOT_FOUND


def test_the_session_socket_refuses_a_session_of_an_unpublished_course():
    session = SessionFactory()
    session.course.unpublish()

    async def scenario():
        com = communicator(f"/ws/learning/sessions/{session.pk}/")
        return await com.connect(timeout=TIMEOUT)

    connected, code = run(scenario)
    assert connected is False and code == wsguard.CLOSE_NOT_FOUND


def test_the_session_socket_accepts_a_visible_session():
    session = SessionFactory()

    async def scenario():
        com = communicator(f"/ws/learning/sessions/{session.pk}/")
        connected, _ = await com.connect(timeout=TIMEOUT)
        await com.disconnect()
        return connected

    assert run(scenario) is True


@pytest.mark.parametrize(
    "path",
    ["/ws/echo/", "/ws/learning/schedule/", "/ws/notices/"],
    ids=["echo", "schedule", "notices"],
)
def test_a_malformed_message_closes_the_socket_with_one_log_line(path, caplog):
    async def scenario():
        com = communicator(path)
        connected, _ = await com.connect(timeout=TIMEOUT)
        assert connected
        while not await com.receive_nothing(0.1):
            await com.receive_output(TIMEOUT)  # greetings (hello / notices.hello)
        await com.send_to(text_data='{"action": "book", "session": ')
        return await com.receive_output(TIMEOUT)

    with caplog.at_level(logging.WARNING):
        closed = run(scenario)
    assert closed == {"type": "websocket.close", "code": wsguard.CLOSE_INVALID}
    lines = [r for r in caplog.records if "not JSON" in r.getMessage()]
    assert len(lines) == 1 and lines[0].exc_info is None
    assert not [r for r in caplog.records if r.exc_info]


def test_an_oversized_message_closes_the_socket_cleanly(settings, caplog):
    settings.WS_MAX_MESSAGE_BYTES = 1024

    async def scenario():
        com = communicator("/ws/learning/schedule/")
        await com.connect(timeout=TIMEOUT)
        await com.send_json_to({"action": "book", "session": 1, "padding": "x" * 5000})
        return await com.receive_output(TIMEOUT)

    with caplog.at_level(logging.WARNING):
        closed = run(scenario)
    assert closed == {"type": "websocket.close", "code": wsguard.CLOSE_TOO_BIG}
    assert not [r for r in caplog.records if r.exc_info]


def test_a_binary_frame_closes_the_socket_cleanly(caplog):
    async def scenario():
        com = communicator("/ws/learning/schedule/")
        await com.connect(timeout=TIMEOUT)
        await com.send_to(bytes_data=b"\x00\x01\x02")
        return await com.receive_output(TIMEOUT)

    with caplog.at_level(logging.WARNING):
        closed = run(scenario)
    assert closed == {"type": "websocket.close", "code": wsguard.CLOSE_UNSUPPORTED}
    assert not [r for r in caplog.records if r.exc_info]
