"""Django's ASGI handler with the middleware chain run as one synchronous call.

Django's own ASGIHandler builds an async chain. With middleware that is synchronous (ours,
Django's MiddlewareMixin ones, Wagtail's, allauth's), that costs a request four thread
hand-overs instead of one: into a thread for the middleware, back to the event loop for the
innermost async handler, into the thread again for the view, and back; each hand-over also
copies every context variable across. Measured on the booking burst (bench/booking.py),
those hand-overs were about a sixth of a worker's CPU per request.

Here the chain is built synchronously (as under WSGI) and called in the request's thread
once (`thread_sensitive`, as Django calls sync views). Everything else (reading the body,
the disconnect watch, request_started/finished, streaming the response) is Django's.
An async view would still run: a synchronous chain calls it through async_to_sync.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.http import HttpRequest, HttpResponseBase


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        BaseHandler.__init__(self)  # not ASGIHandler's: it builds the async chain
        self.load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)
