"""Headless Debian Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API runs an event loop in the test thread, which makes Django's ORM refuse
to run there (SynchronousOnlyOperation); DJANGO_ALLOW_ASYNC_UNSAFE is set for browser tests
alone. The browser comes from Debian (`make test` installs it); no tool downloads one.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="package")
def _playwright():
    # Package scope: Playwright's event loop lives in this thread while tests/browser runs and is
    # gone before the other packages' tests, which call async_to_sync from this thread.
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install -r requirements-dev.txt)")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from django.db import connections

    # Django's connection handler keeps connections per context, and Playwright's loop starts a
    # new one: `connections[alias]` becomes a new wrapper without the snapshot that serialized
    # rollback restores after each transactional test's flush. Carry the snapshot across.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }

    def keep_snapshots() -> None:
        for alias, snapshot in snapshots.items():
            if snapshot is not None:
                connections[alias]._test_serialized_contents = snapshot

    manager = sync_playwright().start()
    keep_snapshots()
    yield manager
    manager.stop()
    keep_snapshots()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="package")
def browser(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


class _Pages:
    """Opens isolated browser contexts (a person each) against one server; closes them all."""

    def __init__(self, browser, base_url: str) -> None:
        self.browser, self.base_url, self.contexts = browser, base_url, []

    def __call__(self, locale: str = "ja-JP"):
        context = self.browser.new_context(base_url=self.base_url, locale=locale)
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        return context.new_page()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open extra isolated pages (a second person) in one test."""
    pages = _Pages(browser, live_server.url)
    yield pages
    pages.close()


@pytest.fixture
def page(new_page):
    """A fresh browser context (cookies, storage) per test, pointed at the live server."""
    return new_page()


# --- An ASGI live server, for pages that use WebSockets -------------------------------------
# pytest-django's live_server speaks WSGI (HTTP only). This one runs daphne with the project's
# ASGI application (HTTP and WebSocket, config.asgi) in a thread of the test process, so it sees
# the test database, in-memory SQLite included, and the same channel layer as the test.
# Twisted's reactor cannot be restarted, so the server lives for the whole session; tests that
# use it need @pytest.mark.django_db(transaction=True) so their data is committed and visible.


class _CountingApp:
    """Wraps the ASGI app to know when no HTTP request is in flight (see wait_idle)."""

    def __init__(self, app) -> None:
        import time

        self.app = app
        self.active = 0
        self.last_finished = time.monotonic()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        import time

        self.active += 1
        try:
            return await self.app(scope, receive, send)
        finally:
            self.active -= 1
            self.last_finished = time.monotonic()


class AsgiLiveServer:
    """Daphne serving config.asgi:application on 127.0.0.1 and a free port."""

    startup_timeout = 15

    def __init__(self) -> None:
        import threading

        self._thread = threading.Thread(target=self._run, name="asgi-live-server", daemon=True)
        self._error: BaseException | None = None
        self._app: _CountingApp | None = None
        self.server = None
        self.port: int | None = None

    def wait_idle(self, quiet: float = 0.3, timeout: float = 5.0) -> None:
        """Wait until no request has been in flight for `quiet` seconds.

        A closing page still sends requests (Wagtail releases its editing session with a
        beacon); they must finish before the test database is flushed, or SQLite reports its
        tables locked and the next test starts dirty.
        """
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            app = self._app
            if app is None or (app.active == 0 and time.monotonic() - app.last_finished >= quiet):
                return
            time.sleep(0.05)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __str__(self) -> str:
        return self.url

    def _run(self) -> None:
        try:
            from daphne.endpoints import build_endpoint_description_strings
            from daphne.server import Server

            from config.asgi import application

            self._app = _CountingApp(application)
            self.server = Server(
                application=self._app,
                endpoints=build_endpoint_description_strings(host="127.0.0.1", port=0),
                signal_handlers=False,
                verbosity=0,
            )
            self.server.run()
        except BaseException as exc:  # reported by start()
            self._error = exc

    def start(self) -> AsgiLiveServer:
        import time

        self._thread.start()
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._error is not None:
                raise RuntimeError(f"daphne did not start: {self._error!r}") from self._error
            if self.server is not None and self.server.listening_addresses:
                self.port = self.server.listening_addresses[0][1]
                return self
            time.sleep(0.05)
        raise RuntimeError("daphne did not start listening in time")

    def stop(self) -> None:
        from twisted.internet import reactor

        if reactor.running:
            reactor.callFromThread(reactor.stop)
        self._thread.join(timeout=10)


@pytest.fixture(scope="package")
def asgi_live_server(_playwright):
    """Daphne (HTTP + WebSocket) on the test database, while tests/browser runs (once a session:
    the package runs once, and its scope matches _playwright's)."""
    server = AsgiLiveServer().start()
    yield server
    server.stop()


@pytest.fixture
def asgi_new_page(browser, asgi_live_server):
    """Like `new_page`, against the ASGI live server: extra isolated pages in one test."""
    pages = _Pages(browser, asgi_live_server.url)
    yield pages
    pages.close()
    asgi_live_server.wait_idle()


@pytest.fixture
def asgi_page(asgi_new_page):
    """Like `page`, pointed at the ASGI live server (WebSockets work)."""
    return asgi_new_page()


# --- Test artefacts (screenshots) -----------------------------------------------------------
# Screenshots a test keeps for people to look at go to test-artifacts/ at the repository root
# (ignored by git; CI uploads the folder), or to TEST_ARTIFACTS_DIR when it is set.
@pytest.fixture(scope="session")
def artifacts_dir():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    path = Path(os.environ.get("TEST_ARTIFACTS_DIR") or root / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path
