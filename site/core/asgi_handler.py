"""Django's ASGI handler with the middleware chain run as one synchronous call, on threads
kept between requests.

Django's own ASGIHandler builds an async chain. With middleware that is synchronous (ours,
Django's MiddlewareMixin ones, Wagtail's, allauth's), that costs a request four thread
hand-overs instead of one: into a thread for the middleware, back to the event loop for the
innermost async handler, into the thread again for the view, and back; each hand-over also
copies every context variable across. Measured on the booking burst (bench/booking.py),
those hand-overs were about a sixth of a worker's CPU per request.

Here the chain is built synchronously (as under WSGI) and called in the request's thread
once (`thread_sensitive`, as Django calls sync views), together with what Django sends there
on hops of their own: request_started before it and, for a response held in memory, its
close() after it (request_finished: the database connection goes back before the bytes go
out, as under WSGI once the body is taken). A streaming response is closed after its content
went out, as Django does. Reading the body, the disconnect watch and sending are Django's.
An async view would still run: a synchronous chain calls it through async_to_sync.

The request's thread: Django gives every request a new one-thread executor, starts its
thread, and on the way out starts a second thread only to join the first. The event loop
waits for each new thread to start, behind every other thread wanting the interpreter; on
the booking burst that was about a fifth of the worker's samples. Here a request borrows an
idle one-thread executor (asgiref's ThreadSensitiveContext with a caller-owned executor) and
gives it back, as a threaded WSGI server keeps its threads: everything thread-sensitive in
the request still runs on one thread of its own, and per-thread state (the database
connection) is handled by request_started/finished as under WSGI.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Future, ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.core.handlers.base import BaseHandler
from django.http import FileResponse, HttpResponseBase
from django.urls import set_script_prefix

# idle request threads kept per handler; more concurrent requests get new threads, and those
# beyond this many are let go when they finish (WORKER_CONCURRENCY keeps the number small)
IDLE_THREADS_KEPT = 16


class _RequestThread(ThreadPoolExecutor):
    """One thread; remembers its last task, so a busy one is never lent again."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="request")
        self.last: Future | None = None

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.last = super().submit(fn, *args, **kwargs)
        return self.last

    @property
    def idle(self) -> bool:
        return self.last is None or self.last.done()


class RequestThreads:
    """Idle request threads, used from the event loop's thread only (no lock needed)."""

    def __init__(self, keep: int = IDLE_THREADS_KEPT) -> None:
        self.keep = keep
        self._idle: list[_RequestThread] = []

    def take(self) -> _RequestThread:
        # the most recently used first: its thread and its database connection are warm
        return self._idle.pop() if self._idle else _RequestThread()

    def give_back(self, executor: _RequestThread) -> None:
        # a task still running (a request cancelled on disconnect while its view goes on):
        # that thread finishes it and ends; the next request gets another
        if executor.idle and len(self._idle) < self.keep:
            self._idle.append(executor)
        else:
            executor.shutdown(wait=False)

    def __len__(self) -> int:
        return len(self._idle)


class SyncChainASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        BaseHandler.__init__(self)  # not ASGIHandler's: it builds the async chain
        self.load_middleware(is_async=False)
        self.threads = RequestThreads()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":  # as Django's: this handler serves HTTP only
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self.threads.take()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self.threads.give_back(executor)

    async def handle(self, scope, receive, send) -> None:
        """Django's ASGIHandler.handle, with the request's synchronous work in one hop."""
        try:
            body_file = await self.read_body(receive)
        except RequestAborted:
            return
        set_script_prefix(get_script_prefix(scope))
        try:
            served = asyncio.ensure_future(
                sync_to_async(self._serve, thread_sensitive=True)(scope, body_file)
            )

            async def process_request() -> None:
                response = await asyncio.shield(served)
                try:
                    await self.send_response(response, send)
                except asyncio.CancelledError:
                    pass  # the client went away while it was being sent

            # as Django: the disconnect watch first, so it never keeps the other from cancelling
            tasks = [
                asyncio.create_task(self.listen_for_disconnect(receive)),
                asyncio.create_task(process_request()),
            ]
            try:
                await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for task in tasks:
                    if not task.done():
                        task.cancel()
                    try:
                        await task
                    except (RequestAborted, asyncio.CancelledError):
                        pass  # the client went away
            finally:
                for task in tasks:
                    task.cancel()  # (done ones ignore it) an error leaves no watcher behind
            # a synchronous view cannot be stopped: it finishes on its thread either way
            response = await served
            if response.streaming:
                await sync_to_async(response.close, thread_sensitive=True)()
        finally:
            body_file.close()

    def _serve(self, scope, body_file) -> HttpResponseBase:
        """On the request's thread: request_started, the request, the chain; a response held
        in memory is closed here (request_finished), a streaming one once it has been sent."""
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, response = self.create_request(scope, body_file)
        if request is not None:
            response = self.get_response(request)
            response._handler_class = self.__class__
            if isinstance(response, FileResponse):  # the server chunks it (as Django's)
                response.block_size = self.chunk_size
        if not response.streaming:
            response.close()
        return response
