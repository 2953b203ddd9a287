"""WebSocket foundations: group membership that holds under a crowd, and the echo socket.

Every consumer that joins channel-layer groups does it through `GroupsMixin`:

- joins and leaves retry with a short backoff (a Redis hiccup or a full connection pool is
  not a 500 and not a refused socket), and at most `REDIS_CONCURRENCY` of them run at once
  per worker, so 1,000 pages reconnecting together queue for a moment instead of exhausting
  the Redis connection pool ("Too many connections");
- a join that still fails accepts the socket and closes it with 1013 ("try again later"): the
  page's script then polls and reconnects with backoff, and no traceback floods the log;
- a leave that still fails is logged in one line; the channel layer's `group_expiry` (1 h,
  config/env.py) removes the dead channel later, and open sockets re-join every
  `REJOIN_EVERY` seconds so live members never expire.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable

from uvicorn.protocols.utils import ClientDisconnected

from .wsguard import GuardedJsonWebsocketConsumer

logger = logging.getLogger(__name__)

REDIS_CONCURRENCY = 64  # joins/leaves in flight per worker (below REDIS_MAX_CONNECTIONS)
ATTEMPTS = 4
FIRST_BACKOFF = 0.05  # seconds; doubles each attempt, with jitter
REJOIN_EVERY = 20 * 60  # well under the layer's group_expiry (1 h)
TRY_AGAIN_LATER = 1013  # WebSocket close code: the server is overloaded, reconnect later

_gates: dict[int, asyncio.Semaphore] = {}


def _gate() -> asyncio.Semaphore:
    """One semaphore per event loop (tests run several loops in one process)."""
    loop = asyncio.get_running_loop()
    gate = _gates.get(id(loop))
    if gate is None:
        gate = _gates[id(loop)] = asyncio.Semaphore(REDIS_CONCURRENCY)
    return gate


async def with_retry(
    operation: Callable[[], Awaitable[object]], *, attempts: int = ATTEMPTS
) -> bool:
    """Run a channel-layer call, retrying with backoff; True if it succeeded in the end."""
    delay = FIRST_BACKOFF
    for attempt in range(1, attempts + 1):
        try:
            async with _gate():
                await operation()
            return True
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # Redis errors have no common base with OSError in redis-py
            if attempt == attempts:
                logger.warning("channel layer call failed %d times: %s", attempts, exc)
                return False
            await asyncio.sleep(delay * (1 + random.random()))
            delay *= 2
    return False


class GroupsMixin:
    """Join groups safely (see the module docstring). Use with an Async*WebsocketConsumer.

    Subclasses call `await self.join_groups([...])` in `connect()` before accepting; it
    returns False when the socket was closed because the layer stayed unreachable.
    """

    channel_layer: object
    channel_name: str
    groups: list[str]
    _rejoin_task: asyncio.Task | None = None

    async def join_groups(self, groups: list[str]) -> bool:
        for group in groups:
            if not await with_retry(
                lambda g=group: self.channel_layer.group_add(g, self.channel_name)
            ):
                await self.accept()
                await self.close(code=TRY_AGAIN_LATER)
                await self.leave_groups()
                return False
            self.groups.append(group)
        if self.groups and self._rejoin_task is None:
            self._rejoin_task = asyncio.ensure_future(self._rejoin())
        return True

    async def _rejoin(self) -> None:
        """Refresh membership before group_expiry drops a socket that is still open."""
        while True:
            await asyncio.sleep(REJOIN_EVERY * (0.9 + 0.2 * random.random()))
            for group in list(self.groups):
                await with_retry(lambda g=group: self.channel_layer.group_add(g, self.channel_name))

    async def leave_groups(self) -> None:
        if self._rejoin_task is not None:
            self._rejoin_task.cancel()
            self._rejoin_task = None
        groups, self.groups[:] = list(self.groups), []
        for group in groups:
            await with_retry(lambda g=group: self.channel_layer.group_discard(g, self.channel_name))

    async def dispatch(self, message: dict) -> None:
        """A send that races the client's disconnect is dropped quietly, not a traceback: the
        page is gone (its websocket.disconnect follows and cleans up), and it re-syncs when it
        reconnects."""
        try:
            await super().dispatch(message)
        except ClientDisconnected:  # uvicorn, for a socket already gone
            logger.debug("dropped a message to a closed socket")
        except RuntimeError as exc:  # autobahn (daphne): "Attempt to send on a closed protocol"
            if "closed protocol" not in str(exc):
                raise
            logger.debug("dropped a message to a closed socket")

    async def websocket_disconnect(self, message: dict) -> None:
        """Leave the groups with retries (Channels' own discard raises on a Redis error)."""
        await self.leave_groups()
        await super().websocket_disconnect(message)  # groups now empty: nothing left to discard


class EchoConsumer(GuardedJsonWebsocketConsumer):
    """A WebSocket echo used by health checks and by clients testing their connection."""

    async def connect(self) -> None:
        await self.accept()
        await self.send_json({"type": "hello"})

    async def receive_json(self, content, **kwargs) -> None:
        await self.send_json({"type": "echo", "data": content})
