"""Group joins and leaves hold under a failing channel layer (core.consumers.GroupsMixin)."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from core import consumers
from core.consumers import GroupsMixin

TIMEOUT = 5
pytestmark = pytest.mark.django_db(transaction=True)  # Channels closes old connections


class FlakyLayer(InMemoryChannelLayer):
    """An in-memory layer whose next `failures` joins/leaves fail like an exhausted pool."""

    failures = 0
    calls = 0

    def _maybe_fail(self) -> None:
        type(self).calls += 1
        if type(self).failures > 0:
            type(self).failures -= 1
            raise RedisConnectionError("Too many connections")

    async def group_add(self, group, channel):
        self._maybe_fail()
        return await super().group_add(group, channel)

    async def group_discard(self, group, channel):
        self._maybe_fail()
        return await super().group_discard(group, channel)


FLAKY = {"default": {"BACKEND": "tests.core.test_consumer_groups.FlakyLayer"}}


class ProbeConsumer(GroupsMixin, AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        if await self.join_groups(["probe"]):
            await self.accept()


@pytest.fixture
def flaky(monkeypatch):
    monkeypatch.setattr(consumers, "FIRST_BACKOFF", 0.001)
    FlakyLayer.failures = 0
    FlakyLayer.calls = 0
    with override_settings(CHANNEL_LAYERS=FLAKY):
        yield FlakyLayer


def run(scenario):
    return async_to_sync(scenario)()


def test_a_join_that_fails_twice_is_retried_and_the_socket_opens(flaky):
    flaky.failures = 2

    async def scenario():
        communicator = WebsocketCommunicator(ProbeConsumer.as_asgi(), "/ws/probe/")
        connected, _ = await communicator.connect(timeout=TIMEOUT)
        layer = get_channel_layer()
        members = set(layer.groups.get("probe", {}))
        await communicator.disconnect()
        return connected, members

    connected, members = run(scenario)
    assert connected is True
    assert len(members) == 1
    assert flaky.calls >= 3


def test_a_join_that_keeps_failing_closes_with_try_again_later_not_an_error(flaky):
    flaky.failures = 100

    async def scenario():
        communicator = WebsocketCommunicator(ProbeConsumer.as_asgi(), "/ws/probe/")
        connected, code = await communicator.connect(timeout=TIMEOUT)
        output = await communicator.receive_output(timeout=TIMEOUT) if connected else None
        return connected, code, output

    connected, _code, output = run(scenario)
    # accepted, then closed with 1013: the page reconnects with backoff instead of seeing a 500
    assert connected is True
    assert output == {"type": "websocket.close", "code": consumers.TRY_AGAIN_LATER}


def test_a_leave_that_fails_once_is_retried_so_the_group_keeps_no_dead_channel(flaky):
    async def scenario():
        communicator = WebsocketCommunicator(ProbeConsumer.as_asgi(), "/ws/probe/")
        await communicator.connect(timeout=TIMEOUT)
        layer = get_channel_layer()
        flaky.failures = 1
        await communicator.disconnect()
        return set(layer.groups.get("probe", {}))

    assert run(scenario) == set()


def test_a_leave_that_keeps_failing_is_logged_in_one_line_without_traceback(flaky, caplog):
    async def scenario():
        communicator = WebsocketCommunicator(ProbeConsumer.as_asgi(), "/ws/probe/")
        await communicator.connect(timeout=TIMEOUT)
        flaky.failures = 100
        await communicator.disconnect()

    run(scenario)
    records = [r for r in caplog.records if r.name == "core.consumers"]
    assert len(records) == 1
    assert records[0].exc_info is None


def test_open_sockets_rejoin_well_before_group_expiry():
    from config import env

    assert consumers.REJOIN_EVERY * 1.1 < env.GROUP_EXPIRY


def test_joins_in_flight_stay_below_the_redis_pool_size():
    from config import env

    assert consumers.REDIS_CONCURRENCY < env.DEFAULT_REDIS_MAX_CONNECTIONS


def test_a_send_racing_a_disconnect_is_dropped_quietly():
    class Closing(GroupsMixin, AsyncJsonWebsocketConsumer):
        async def thing_changed(self, event):
            raise RuntimeError("Attempt to send on a closed protocol")

    async_to_sync(Closing().dispatch)({"type": "thing.changed"})  # no exception


def test_a_send_racing_a_disconnect_under_uvicorn_is_dropped_quietly(caplog):
    from uvicorn.protocols.utils import ClientDisconnected

    class Closing(GroupsMixin, AsyncJsonWebsocketConsumer):
        async def thing_changed(self, event):
            raise ClientDisconnected

    with caplog.at_level("DEBUG", logger="core.consumers"):
        async_to_sync(Closing().dispatch)({"type": "thing.changed"})
    assert "dropped a message to a closed socket" in caplog.text


def test_other_errors_in_a_handler_still_raise():
    class Broken(GroupsMixin, AsyncJsonWebsocketConsumer):
        async def thing_changed(self, event):
            raise RuntimeError("a bug")

    with pytest.raises(RuntimeError, match="a bug"):
        async_to_sync(Broken().dispatch)({"type": "thing.changed"})
