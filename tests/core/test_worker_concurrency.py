"""core.concurrency: a few requests inside Django at once per worker, the rest wait their turn."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.core.exceptions import ImproperlyConfigured

from core import concurrency
from core.concurrency import ConcurrencyLimitMiddleware


async def call(app, scope_type: str = "http") -> None:
    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        pass

    await app({"type": scope_type, "path": "/"}, receive, send)


def counting_app():
    state = {"inside": 0, "most": 0}

    async def app(scope, receive, send):
        state["inside"] += 1
        state["most"] = max(state["most"], state["inside"])
        await asyncio.sleep(0.01)
        state["inside"] -= 1

    return app, state


def test_no_more_than_the_limit_are_inside_at_once():
    app, state = counting_app()
    limited = ConcurrencyLimitMiddleware(app, limit=3)

    async def burst():
        await asyncio.gather(*(call(limited) for _ in range(20)))

    async_to_sync(burst)()
    assert state["most"] == 3


def test_websockets_and_a_limit_of_zero_are_not_held_back():
    for limit, scope_type in ((3, "websocket"), (0, "http")):
        app, state = counting_app()
        limited = ConcurrencyLimitMiddleware(app, limit=limit)

        async def burst(limited=limited, scope_type=scope_type):
            await asyncio.gather(*(call(limited, scope_type) for _ in range(10)))

        async_to_sync(burst)()
        assert state["most"] == 10


def test_a_request_waiting_on_work_elsewhere_lets_the_next_one_in():
    """With one place, the first request waits (released) for something only the second does:
    without `released()` this would never finish."""
    second_ran = threading.Event()

    def first_view():
        with concurrency.released():
            assert second_ran.wait(5), "the second request never got in"

    def second_view():
        second_ran.set()

    views = iter([first_view, second_view])

    async def app(scope, receive, send):
        await sync_to_async(next(views), thread_sensitive=False)()

    limited = ConcurrencyLimitMiddleware(app, limit=1)

    async def both():
        first = asyncio.ensure_future(call(limited))
        await asyncio.sleep(0.05)  # the first is inside and waiting
        await asyncio.wait_for(asyncio.gather(first, call(limited)), 10)

    async_to_sync(both)()
    assert second_ran.is_set()


def test_released_outside_a_request_runs_the_block_and_touches_no_place():
    ran = []
    with concurrency.released():
        ran.append(concurrency._admitted.get())
    assert ran == [None]  # the block ran, with no admitted request to give a place back


def test_released_on_the_event_loop_keeps_the_place():
    """On the loop's own thread, waiting to take the place again would block the loop."""
    app_places: list[int] = []

    async def app(scope, receive, send):
        semaphore, _loop = concurrency._admitted.get()
        with concurrency.released():
            app_places.append(semaphore._value)  # not given back: still 0 free of 1
        app_places.append(semaphore._value)

    async_to_sync(call)(ConcurrencyLimitMiddleware(app, limit=1))
    assert app_places == [0, 0]


def test_the_limit_comes_from_worker_concurrency(monkeypatch):
    monkeypatch.setenv("WORKER_CONCURRENCY", "7")
    assert ConcurrencyLimitMiddleware(None).limit == 7
    monkeypatch.delenv("WORKER_CONCURRENCY")
    assert ConcurrencyLimitMiddleware(None).limit == concurrency.DEFAULT_LIMIT
    monkeypatch.setenv("WORKER_CONCURRENCY", "many")
    with pytest.raises(ImproperlyConfigured, match="WORKER_CONCURRENCY"):
        ConcurrencyLimitMiddleware(None)
