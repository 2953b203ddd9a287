"""Cache hits answered in the ASGI layer, before Django: the same answer, only cheaper."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync
from django.middleware.csrf import _unmask_cipher_token

from config.asgi import django_asgi_app
from core import pagecache
from core.pagecache import PageCacheASGIMiddleware
from tests.cms.conftest import ensure_home

pytestmark = pytest.mark.django_db(transaction=True)

# headers that differ between any two answers (the visitor's cookie, the clock, the verdict)
PER_ANSWER = {b"set-cookie", b"date", b"x-page-cache", b"content-length"}


class CountingDjango:
    """Django's ASGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.calls = 0

    async def __call__(self, scope, receive, send) -> None:
        self.calls += 1
        await django_asgi_app(scope, receive, send)


@pytest.fixture
def django_app() -> CountingDjango:
    return CountingDjango()


@pytest.fixture
def app(django_app) -> PageCacheASGIMiddleware:
    return PageCacheASGIMiddleware(django_app)


@pytest.fixture
def home():
    return ensure_home()


def get(app, path: str, headers: list[tuple[bytes, bytes]] | None = None) -> dict:
    """One GET through `app`, run to its end (Django's request_finished included)."""
    headers = list(headers or [])
    if not any(name == b"host" for name, _value in headers):
        headers.append((b"host", b"testserver"))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }

    async def request() -> dict:
        inbox: asyncio.Queue = asyncio.Queue()
        inbox.put_nowait({"type": "http.request", "body": b"", "more_body": False})
        sent: list[dict] = []

        async def send(message) -> None:
            sent.append(message)

        await asyncio.wait_for(app(scope, inbox.get, send), 20)
        start = next(m for m in sent if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        return {"status": start["status"], "headers": start["headers"], "body": body}

    return async_to_sync(request)()


def header(response: dict, name: bytes) -> bytes | None:
    return next((v for k, v in response["headers"] if k.lower() == name), None)


def lasting_headers(response: dict) -> list[tuple[bytes, bytes]]:
    return sorted((k.lower(), v) for k, v in response["headers"] if k.lower() not in PER_ANSWER)


def form_token(response: dict) -> str:
    return response["body"].decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_a_hit_is_answered_without_django(app, django_app, home):
    first = get(app, "/")
    second = get(app, "/")
    assert (first["status"], second["status"]) == (200, 200)
    assert (header(first, b"x-page-cache"), header(second, b"x-page-cache")) == (b"miss", b"hit")
    assert django_app.calls == 1


def test_a_hit_carries_the_headers_django_answered_with(app, home):
    miss, hit = get(app, "/"), get(app, "/")
    assert lasting_headers(hit) == lasting_headers(miss)
    for name in (b"content-security-policy", b"x-frame-options", b"vary", b"content-language"):
        assert header(hit, name), name
    assert b"Cookie" in header(hit, b"vary")


def test_a_hit_gives_a_new_visitor_their_own_csrf_cookie_and_token(app, home):
    get(app, "/")
    hit = get(app, "/")
    cookie = header(hit, b"set-cookie").decode()
    secret = cookie.split("csrftoken=")[1].split(";")[0]
    assert _unmask_cipher_token(form_token(hit)) == secret


def test_a_hit_keeps_a_returning_visitors_csrf_secret(app, home):
    get(app, "/")
    secret = "a" * 32
    hit = get(app, "/", [(b"cookie", f"csrftoken={secret}".encode())])
    assert header(hit, b"x-page-cache") == b"hit"
    assert _unmask_cipher_token(form_token(hit)) == secret


def test_languages_are_cached_apart(app, django_app, home):
    get(app, "/")
    english = get(app, "/en/")
    assert header(english, b"x-page-cache") == b"miss"
    assert header(english, b"content-language") == b"en"


def test_a_reader_preferring_another_language_is_still_redirected_from_the_root(
    app, django_app, home
):
    get(app, "/")
    response = get(app, "/", [(b"accept-language", b"en")])
    assert response["status"] == 302
    assert header(response, b"location") == b"/en/"
    assert django_app.calls == 2


def test_a_visitor_with_a_session_cookie_always_reaches_django(app, django_app, home):
    get(app, "/")
    response = get(app, "/", [(b"cookie", b"sessionid=whatever")])
    assert header(response, b"x-page-cache") is None
    assert django_app.calls == 2


def test_an_invalidation_reaches_pages_cached_here(app, django_app, home):
    get(app, "/")
    pagecache.invalidate(pagecache.CONTENT)
    assert header(get(app, "/"), b"x-page-cache") == b"miss"
    assert django_app.calls == 2


def test_a_dead_cache_falls_through_to_django(app, django_app, home, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    responses = [get(app, "/") for _ in range(2)]
    assert [r["status"] for r in responses] == [200, 200]
    assert django_app.calls == 2


def test_a_disallowed_host_is_left_to_django(app, home):
    get(app, "/")
    response = get(app, "/", [(b"host", b"evil.example")])
    assert response["status"] == 400


def test_the_site_answers_http_through_the_layer():
    from config.asgi import application

    assert isinstance(application.application_mapping["http"], PageCacheASGIMiddleware)
