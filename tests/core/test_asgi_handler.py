"""core.asgi_handler: the middleware chain is synchronous and runs in one thread with the view."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import async_to_sync
from asgiref.testing import ApplicationCommunicator
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from core.asgi_handler import SyncChainASGIHandler

SEEN: dict[str, int] = {}


def record_middleware(get_response):
    def middleware(request):
        SEEN["middleware"] = threading.get_ident()
        return get_response(request)

    return middleware


def view(request):
    SEEN["view"] = threading.get_ident()
    return HttpResponse("ok")


urlpatterns = [path("probe/", view)]


async def get(application, url: str) -> tuple[int, bytes]:
    scope = {"type": "http", "method": "GET", "path": url, "query_string": b"", "headers": []}
    scope |= {"http_version": "1.1", "scheme": "http", "server": ("testserver", 80)}
    communicator = ApplicationCommunicator(application, scope)
    await communicator.send_input({"type": "http.request", "body": b""})
    start = await communicator.receive_output(10)
    body = await communicator.receive_output(10)
    await communicator.wait()
    return start["status"], body["body"]


@override_settings(
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[f"{__name__}.record_middleware"],
    ALLOWED_HOSTS=["testserver"],
)
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
