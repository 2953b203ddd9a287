"""core.asgi_handler: the middleware chain is synchronous and runs in one thread with the view;
request threads are kept between requests, one request at a time on each."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.http import HttpResponse, StreamingHttpResponse
from django.test import override_settings
from django.urls import path

from core.asgi_handler import RequestThreads, SyncChainASGIHandler

SEEN: dict[str, int] = {}


def record_middleware(get_response):
    def middleware(request):
        SEEN["middleware"] = threading.get_ident()
        return get_response(request)

    return middleware


def view(request):
    SEEN["view"] = threading.get_ident()
    return HttpResponse("ok")


MEETING = threading.Barrier(2, timeout=10)


def meeting_view(request):
    """Returns only when a second request is in the view at the same time."""
    MEETING.wait()
    return HttpResponse(str(threading.get_ident()))


def streaming_view(request):
    async def content():  # (an async iterator: served under ASGI without a warning)
        yield b"one "
        yield b"two"
        SEEN["streamed"] = True

    return StreamingHttpResponse(content())


RELEASE = threading.Event()


def slow_view(request):
    RELEASE.wait(10)
    SEEN["slow_view_done"] = True
    return HttpResponse("late")


urlpatterns = [
    path("probe/", view),
    path("meet/", meeting_view),
    path("stream/", streaming_view),
    path("slow/", slow_view),
]


# the probe views alone, or behind the middleware that records its thread
probe_urls = override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[], ALLOWED_HOSTS=["testserver"])
probe_urls_recorded = override_settings(
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[f"{__name__}.record_middleware"],
    ALLOWED_HOSTS=["testserver"],
)


def http_scope(url: str) -> dict:
    scope = {"type": "http", "method": "GET", "path": url, "query_string": b"", "headers": []}
    return scope | {"http_version": "1.1", "scheme": "http", "server": ("testserver", 80)}


async def get(application, url: str) -> tuple[int, bytes]:
    communicator = ApplicationCommunicator(application, http_scope(url))
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(10)
    body = await communicator.receive_output(10)
    await communicator.wait()
    return start["status"], body["body"]


@probe_urls_recorded
@pytest.mark.django_db
def test_the_view_runs_in_the_middlewares_thread_with_no_hand_over():
    SEEN.clear()
    handler = SyncChainASGIHandler()
    assert not asyncio.iscoroutinefunction(handler._middleware_chain)
    assert async_to_sync(get)(handler, "/probe/") == (200, b"ok")
    assert SEEN["view"] == SEEN["middleware"] != threading.get_ident()


def test_the_site_is_served_through_it():
    from config import asgi

    assert isinstance(asgi.django_asgi_app, SyncChainASGIHandler)


@probe_urls
@pytest.mark.django_db
def test_a_request_thread_is_kept_for_the_next_request():
    handler = SyncChainASGIHandler()

    async def two_in_a_row():
        await get(handler, "/probe/")
        first = SEEN["view"]
        await get(handler, "/probe/")
        return first, SEEN["view"]

    first, second = async_to_sync(two_in_a_row)()
    assert first == second != threading.get_ident()
    assert len(handler.threads) == 1


@probe_urls
@pytest.mark.django_db
def test_requests_at_the_same_time_each_have_a_thread_of_their_own():
    handler = SyncChainASGIHandler()
    MEETING.reset()

    async def together():
        return await asyncio.gather(get(handler, "/meet/"), get(handler, "/meet/"))

    (status_a, thread_a), (status_b, thread_b) = async_to_sync(together)()
    assert status_a == status_b == 200
    assert thread_a != thread_b
    assert len(handler.threads) == 2


@probe_urls_recorded
@pytest.mark.django_db
def test_request_started_and_finished_run_in_the_requests_thread():
    """close_old_connections (on both signals) must see the view's database connection."""
    from django.core import signals

    seen: dict[str, int] = {}

    def started(**kwargs):
        seen["started"] = threading.get_ident()

    def finished(**kwargs):
        seen["finished"] = threading.get_ident()

    signals.request_started.connect(started)
    signals.request_finished.connect(finished)
    try:
        async_to_sync(get)(SyncChainASGIHandler(), "/probe/")
    finally:
        signals.request_started.disconnect(started)
        signals.request_finished.disconnect(finished)
    assert seen["started"] == SEEN["view"] == seen["finished"]


def test_a_thread_still_busy_is_not_lent_again():
    """A request cancelled on disconnect leaves its view running: that thread is let go."""
    threads = RequestThreads()
    executor = threads.take()
    release = threading.Event()
    running = executor.submit(release.wait, 10)
    threads.give_back(executor)
    assert len(threads) == 0
    assert threads.take() is not executor
    release.set()
    running.result(10)


def test_idle_threads_beyond_the_kept_number_end():
    threads = RequestThreads(keep=2)
    executors = [threads.take() for _ in range(3)]
    for executor in executors:
        executor.submit(int).result(10)
        threads.give_back(executor)
    assert len(threads) == 2
    assert executors[2]._shutdown


@pytest.fixture
def finished_calls():
    from django.core import signals

    calls: list[bool] = []

    def finished(**kwargs):
        calls.append(bool(SEEN.get("streamed")))

    signals.request_finished.connect(finished)
    yield calls
    signals.request_finished.disconnect(finished)


@probe_urls
@pytest.mark.django_db
def test_a_streaming_response_is_closed_once_its_content_went_out(finished_calls):
    SEEN.clear()

    async def stream():
        communicator = ApplicationCommunicator(SyncChainASGIHandler(), http_scope("/stream/"))
        await communicator.send_input({"type": "http.request", "body": b""})
        start = await communicator.receive_output(10)
        body = b""
        while True:
            message = await communicator.receive_output(10)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        await communicator.wait(10)
        return start["status"], body

    assert async_to_sync(stream)() == (200, b"one two")
    assert finished_calls == [True]  # request_finished once, after the last chunk


@probe_urls
@pytest.mark.django_db
def test_a_client_gone_before_the_answer_leaves_the_view_to_finish_and_close(finished_calls):
    """The view runs on (a thread cannot be stopped); its response is closed, nothing sent."""
    SEEN.clear()
    RELEASE.clear()

    async def go_away():
        communicator = ApplicationCommunicator(SyncChainASGIHandler(), http_scope("/slow/"))
        await communicator.send_input({"type": "http.request", "body": b""})
        await communicator.send_input({"type": "http.disconnect"})
        await asyncio.sleep(0.2)
        RELEASE.set()
        await communicator.wait(10)
        return await communicator.receive_nothing()

    assert async_to_sync(go_away)() is True  # nothing was sent to the departed client
    assert SEEN["slow_view_done"]
    assert finished_calls == [False]
