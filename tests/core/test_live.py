"""core.live: one broadcast for every app; a failed send is logged, never raised."""

from __future__ import annotations

import asyncio
import logging

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer

from core import live


def test_broadcast_reaches_the_group():
    # one event loop throughout: the pub/sub layer keeps channels per loop, as a worker does
    async def scenario():
        layer = get_channel_layer()
        channel = await layer.new_channel()
        await layer.group_add("live-test", channel)
        sent = await sync_to_async(live.broadcast)("live-test", {"type": "thing.changed", "id": 7})
        message = await asyncio.wait_for(layer.receive(channel), 5)
        await layer.group_discard("live-test", channel)
        return sent, message

    assert async_to_sync(scenario)() == (True, {"type": "thing.changed", "id": 7})


class _BrokenLayer:
    async def group_send(self, group, message):
        raise ConnectionError("redis is down")


def test_a_failed_broadcast_is_logged_and_not_raised(monkeypatch, caplog):
    monkeypatch.setattr(live, "get_channel_layer", lambda: _BrokenLayer())
    with caplog.at_level(logging.WARNING, logger="core.live"):
        assert live.broadcast("live-test", {"type": "thing.changed"}) is False
    assert "live-test" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_broadcast_on_commit_waits_for_the_commit(monkeypatch):
    from django.db import transaction

    sent = []
    monkeypatch.setattr(live, "broadcast", lambda group, event: sent.append((group, event)))
    with transaction.atomic():
        live.broadcast_on_commit("live-commit", {"type": "thing.changed"})
        assert sent == []
    assert sent == [("live-commit", {"type": "thing.changed"})]


@pytest.mark.django_db(transaction=True)
def test_broadcast_on_commit_sends_nothing_after_a_rollback(monkeypatch):
    from django.db import transaction

    sent = []
    monkeypatch.setattr(live, "broadcast", lambda group, event: sent.append((group, event)))
    with pytest.raises(RuntimeError), transaction.atomic():
        live.broadcast_on_commit("live-commit", {"type": "thing.changed"})
        raise RuntimeError("the change failed")
    assert sent == []


class _RecordingLayer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, dict]] = []

    async def group_send(self, group, message):
        self.sent.append((group, message))


def test_broadcast_soon_from_a_request_thread_merges_repeats(monkeypatch):
    """A burst on one session: the same event queued twice before the send goes out once."""
    layer = _RecordingLayer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: layer)
    event = {"type": "session.changed", "session": 3}

    async def scenario():
        for _ in range(3):  # as a request thread does, via sync_to_async
            await sync_to_async(live.broadcast_soon)([("session-3", event), ("schedule", event)])
        await asyncio.sleep(live.COALESCE_SECONDS + live.MIN_SEND_INTERVAL + 0.1)

    async_to_sync(scenario)()
    assert sorted(group for group, _event in layer.sent) == ["schedule", "session-3"]


def test_broadcast_soon_spaces_sends_while_changes_keep_coming(monkeypatch):
    """A booking burst: the worker's second send waits for MIN_SEND_INTERVAL after the first."""
    import time

    sent_at: list[float] = []

    class TimedLayer:
        async def group_send(self, group, message):
            sent_at.append(time.monotonic())

    monkeypatch.setattr(live, "get_channel_layer", lambda: TimedLayer())
    gap = live.COALESCE_SECONDS + live.MIN_SEND_INTERVAL + 0.1

    async def scenario():
        await asyncio.sleep(live.MIN_SEND_INTERVAL)  # no send of an earlier test is recent
        await sync_to_async(live.broadcast_soon)([("session-1", {"type": "session.changed"})])
        first_queued = time.monotonic()
        while not sent_at:
            await asyncio.sleep(0.01)
        await sync_to_async(live.broadcast_soon)([("session-2", {"type": "session.changed"})])
        await asyncio.sleep(gap)
        return first_queued

    first_queued = async_to_sync(scenario)()
    assert len(sent_at) == 2
    # the first goes out after the short gathering time, the second only once the interval is up
    assert sent_at[0] - first_queued < live.MIN_SEND_INTERVAL
    assert sent_at[1] - sent_at[0] >= live.MIN_SEND_INTERVAL - 0.01


def test_broadcast_soon_does_not_wait_for_the_send(monkeypatch):
    layer = _RecordingLayer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: layer)

    async def scenario():
        await sync_to_async(live.broadcast_soon)([("g", {"type": "x.changed"})])
        return list(layer.sent)

    assert async_to_sync(scenario)() == []  # nothing sent yet: the request went on at once


def test_broadcast_soon_outside_a_server_sends_at_once(monkeypatch):
    layer = _RecordingLayer()
    monkeypatch.setattr(live, "get_channel_layer", lambda: layer)
    live.broadcast_soon([("g", {"type": "x.changed"})])
    assert layer.sent == [("g", {"type": "x.changed"})]
