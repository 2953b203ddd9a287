"""core.live: one broadcast for every app; a failed send is logged, never raised."""

from __future__ import annotations

import logging

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from core import live


def _listen(group: str) -> str:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    return channel


def test_broadcast_reaches_the_group():
    channel = _listen("live-test")
    assert live.broadcast("live-test", {"type": "thing.changed", "id": 7}) is True
    message = async_to_sync(get_channel_layer().receive)(channel)
    assert message == {"type": "thing.changed", "id": 7}


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
