"""Live updates: the one way any app sends an event to a channel-layer group.

The database is the source of truth; a live message only tells open pages that something
changed (clients re-fetch over HTTP, and re-sync on reconnect). So a failed send is logged and
never raised into the request: the change has committed either way. Call `broadcast_on_commit`
inside the transaction that makes the change, so nobody hears of a change that rolled back.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

from asgiref.sync import SyncToAsync, async_to_sync
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


# How long `broadcast_soon` gathers events before sending them (seconds): a burst of 200
# bookings on one session becomes a few messages, and each open page re-fetches a few times.
COALESCE_SECONDS = 0.05
# While changes keep coming (a booking burst), sends from one worker are spaced at least this
# far apart: open pages hear of a change at most this late, and the worker publishes a few
# times a second instead of twenty (each send is one PUBLISH per group changed; they were a
# tenth of a worker's CPU in bench/booking.py's burst).
MIN_SEND_INTERVAL = 0.25


class _Coalescer:
    """Events waiting for the next send from this worker's event loop, duplicates merged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: dict[tuple, tuple[str, Event]] = {}
        self._scheduled_on: asyncio.AbstractEventLoop | None = None
        self._last_send = -MIN_SEND_INTERVAL  # time.monotonic() of the last send

    def add(self, loop: asyncio.AbstractEventLoop, messages: list[tuple[str, Event]]) -> bool:
        """Queue the events; False when the loop cannot take them (the caller sends itself)."""
        with self._lock:
            for group, event in messages:
                self._pending[(group, repr(sorted(event.items())))] = (group, event)
            scheduled = self._scheduled_on
            if scheduled is loop and loop.is_running():
                return True  # the flush already planned takes these too
            self._scheduled_on = loop  # (a flush planned on a loop since closed never runs)
            delay = max(COALESCE_SECONDS, self._last_send + MIN_SEND_INTERVAL - time.monotonic())
        try:
            loop.call_soon_threadsafe(loop.call_later, delay, self._flush)
        except RuntimeError:  # the loop closed meanwhile
            with self._lock:
                self._scheduled_on = None
            return False
        return True

    def _take(self) -> list[tuple[str, Event]]:
        with self._lock:
            messages = list(self._pending.values())
            self._pending.clear()
            self._scheduled_on = None
            self._last_send = time.monotonic()
        return messages

    def _flush(self) -> None:
        asyncio.ensure_future(self._send(self._take()))

    @staticmethod
    async def _send(messages: list[tuple[str, Event]]) -> None:
        layer = get_channel_layer()
        if layer is None or not messages:
            return
        try:
            for group, event in messages:
                await layer.group_send(group, event)
        except Exception:  # see the module docstring
            logger.warning(
                "live update to %s was not sent",
                sorted({group for group, _event in messages}),
                exc_info=True,
            )


_coalescer = _Coalescer()


def _worker_loop() -> asyncio.AbstractEventLoop | None:
    """The ASGI server's event loop when called from a request thread (sync_to_async), else None."""
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    if loop is None or not loop.is_running():
        return None
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return loop  # a worker thread: the loop runs elsewhere, as wanted
    return None  # on the loop itself: nothing may block here, but nor can we hop


def broadcast_soon(messages: Iterable[tuple[str, Event]]) -> None:
    """Send the events from the worker's event loop within COALESCE_SECONDS (MIN_SEND_INTERVAL
    after the worker's previous send, while changes keep coming), without waiting.

    For hot paths (a booking burst): the request does not wait for Redis, and the same event
    to the same group queued again before the send goes out once. Outside a server (tests,
    commands, jobs) it sends at once, like `broadcast_many`. Failures are logged, never raised.
    """
    messages = list(messages)
    if not messages:
        return
    loop = _worker_loop()
    if loop is None:
        broadcast_many(messages)
        return
    if not _coalescer.add(loop, messages):
        broadcast_many(_coalescer._take())


def broadcast(group: str, event: Event) -> bool:
    """Send one event (a dict with a "type") to a group now; logged, never raised, on failure."""
    return broadcast_many([(group, event)])


def broadcast_on_commit(group: str, event: Event) -> None:
    """Send the event once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: broadcast(group, event))
