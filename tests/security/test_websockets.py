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


def test_a_socket_stops_counting_as_soon_as_its_disconnect_arrives(settings, monkeypatch):
    """A reconnect storm: closing sockets whose consumers are still leaving their groups
    must not count against the pages reconnecting."""
    import asyncio

    from django.core.cache import cache

    settings.WS_MAX_CONNECTIONS_PER_IP = 2
    leaving = asyncio.Event()

    async def slow_inner(scope, receive, send):
        assert (await receive())["type"] == "websocket.connect"
        await send({"type": "websocket.accept"})
        assert (await receive())["type"] == "websocket.disconnect"
        await leaving.wait()  # a consumer still discarding its groups

    guard = wsguard.ConnectionCapMiddleware(slow_inner)
    key = wsguard._key("192.0.2.9")

    async def scenario():
        com = WebsocketCommunicator(guard, "/ws/echo/")
        com.scope["client"] = ("192.0.2.9", 50000)
        await com.connect(timeout=TIMEOUT)
        during = await cache.aget(key)
        await com.send_input({"type": "websocket.disconnect", "code": 1001})
        await asyncio.sleep(0.2)
        after_disconnect = await cache.aget(key)
        leaving.set()
        await com.wait(TIMEOUT)
        return during, after_disconnect, await cache.aget(key)

    during, after_disconnect, at_the_end = run(scenario)
    assert (during, after_disconnect, at_the_end) == (1, 0, 0)  # released once, not twice


def test_a_counter_below_one_restarts_instead_of_lifting_the_cap(settings):
    """The cache was flushed under open sockets: their leaving drove the count negative."""
    from django.core.cache import cache

    settings.WS_MAX_CONNECTIONS_PER_IP = 2
    cache.set(wsguard._key("192.0.2.10"), -50, 60)

    async def scenario():
        results = []
        opened = []
        for _ in range(3):
            com = communicator("/ws/echo/", "192.0.2.10")
            connected, _ = await com.connect(timeout=TIMEOUT)
            results.append(connected)
            if connected:
                opened.append(com)
        for com in opened:
            await com.disconnect()
        return results

    assert run(scenario) == [True, True, False]
