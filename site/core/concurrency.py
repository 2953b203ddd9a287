"""At most a few requests inside Django at once per worker; the others wait on the event loop.

Python runs one thread at a time per process. Every request Django takes gets a thread, so a
burst of 16 requests on a worker is 16 threads taking turns: each statement a request sends
to PostgreSQL or Redis hands the interpreter to another thread, and getting it back means
waiting behind the others. A booking holds its session's row lock across three statements,
so those waits stretch the lock and every learner queued on that session waits with it.
Admitting a few requests at a time keeps their turns short (bench/booking.py, interleaved
runs on 2 cores: 20 % less worker CPU per booking, 177 against 147 bookings/s). The ones not
admitted yet cost a coroutine, not a thread. It is what a threaded WSGI server's thread count
does, placed after the page cache (its hits never wait here) and for HTTP only (WebSockets
live on the event loop).

A request waiting on work done elsewhere, which needs no turn here (the heavy-work process
pool, core.offload), gives its place back meanwhile (`released()`), so four long checker
runs do not keep the worker's other visitors out.

WORKER_CONCURRENCY (default 4; 0 turns the limit off) sets the number per worker process.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_LIMIT = 4

# the admitting semaphore and its loop, seen by the request's thread (asgiref copies context)
_admitted: ContextVar[tuple[asyncio.Semaphore, asyncio.AbstractEventLoop] | None] = ContextVar(
    "concurrency_admitted", default=None
)


def configured_limit() -> int:
    raw = os.environ.get("WORKER_CONCURRENCY", "")
    try:
        return max(0, int(raw)) if raw.strip() else DEFAULT_LIMIT
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"WORKER_CONCURRENCY must be a whole number (0 turns the limit off), not {raw!r}."
        ) from None


class ConcurrencyLimitMiddleware:
    """ASGI middleware: HTTP requests enter `app` at most `limit` at a time per event loop."""

    def __init__(self, app, limit: int | None = None) -> None:
        self.app = app
        self.limit = configured_limit() if limit is None else limit
        # one semaphore per event loop (a semaphore belongs to the loop it first waits on)
        self._semaphores: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.limit <= 0:
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        semaphore = self._semaphores.get(loop)
        if semaphore is None:
            semaphore = self._semaphores[loop] = asyncio.Semaphore(self.limit)
        await semaphore.acquire()
        token = _admitted.set((semaphore, loop))
        try:
            await self.app(scope, receive, send)
        finally:
            _admitted.reset(token)
            semaphore.release()


@contextmanager
def released() -> Iterator[None]:
    """Give the current request's place back while it waits for work done elsewhere, and take
    one again afterwards (behind whoever queued meanwhile). Outside an admitted request, or
    on the event loop's own thread, it does nothing."""
    admitted = _admitted.get()
    if admitted is None:
        yield
        return
    semaphore, loop = admitted
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass  # a request thread, as expected
    else:
        yield  # on the loop itself: waiting for the place again would block the loop
        return
    loop.call_soon_threadsafe(semaphore.release)
    try:
        yield
    finally:
        asyncio.run_coroutine_threadsafe(semaphore.acquire(), loop).result()
