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
