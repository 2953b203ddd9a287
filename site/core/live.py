"""Live updates: the one way any app sends an event to a channel-layer group.

The database is the source of truth; a live message only tells open pages that something
changed (clients re-fetch over HTTP, and re-sync on reconnect). So a failed send is logged and
never raised into the request: the change has committed either way. Call `broadcast_on_commit`
inside the transaction that makes the change, so nobody hears of a change that rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

Event = dict[str, Any]


def broadcast_many(messages: Iterable[tuple[str, Event]]) -> bool:
    """Send each (group, event) in one trip into the event loop; False if it failed or no layer.

    One async_to_sync call for all messages: each call costs a loop hop and, with Redis, a
    connection.
    """
    messages = list(messages)
    layer = get_channel_layer()
    if layer is None or not messages:
        return False

    async def send_all() -> None:
        for group, event in messages:
            await layer.group_send(group, event)

    try:
        async_to_sync(send_all)()
    except Exception:  # see the module docstring: the commit stands, clients re-sync
        logger.warning(
            "live update to %s was not sent",
            sorted({group for group, _event in messages}),
            exc_info=True,
        )
        return False
    return True


def broadcast(group: str, event: Event) -> bool:
    """Send one event (a dict with a "type") to a group now; logged, never raised, on failure."""
    return broadcast_many([(group, event)])


def broadcast_on_commit(group: str, event: Event) -> None:
    """Send the event once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: broadcast(group, event))
