"""Whole-page cache for anonymous readers: the pages a crowd opens cost one cache read.

What is cached: the response of a GET to a reader page (every Wagtail page, and views marked
`@for_readers`) for a visitor with no session cookie and no pending messages, i.e. someone
who is not logged in; it is stored only when the view left no per-visitor trace (no cookie
set, no session write, no new message, no Cache-Control private/no-store on Wagtail pages).

The key holds everything such a page may vary on: host, full path (query included),
language, furigana mode, and two versions kept in the cache: `content` (bumped after any
commit that publishes, unpublishes or edits pages, snippets, images, readings...) and
`bookings` (bumped after every change to seats or slots). Bumping a version makes every page
cached under the old one unreachable at once (they age out with PAGE_CACHE_TIMEOUT).

The CSRF tokens of the page's forms (the furigana and language switches) are never shared:
they are stored as a placeholder and each hit gets the visitor's own token (and cookie).
Pages with a token anywhere else are not stored.

A dead cache costs nothing but speed: no version can be read, so nothing is served from or
stored in it (core.cache.ResilientRedisCache answers at once while Redis is down).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from .preferences import furigana_on

CONTENT = "content"
BOOKINGS = "bookings"
KINDS = (CONTENT, BOOKINGS)
VERSION_KEY = "pagecache:version:{kind}"
PAGE_KEY = "pagecache:page:{versions}:{language}:{furigana}:{digest}"
MAX_QUERY = 256  # longer query strings are not cached (no cache flooding by random queries)

CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
CSRF_PLACEHOLDER = b"@@csrf-token@@"
TOKEN_LIKE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
SKIP_HEADERS = {"set-cookie", "content-length", "vary", "date", "x-page-cache"}
# The final headers the ASGI layer keeps (Vary and the security headers included; never a
# cookie: each visitor gets their own CSRF cookie).
ASGI_SKIP_HEADERS = {b"set-cookie", b"content-length", b"date", b"x-page-cache"}
SCOPE_KEY = "nihongo_link.page_cache"

_models_kind: dict[str, str] = {}
# kinds whose row signals stand down while a service invalidates itself (invalidated_by_caller)
_invalidated_by_caller: ContextVar[frozenset[str]] = ContextVar(
    "pagecache_invalidated_by_caller", default=frozenset()
)


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_TIMEOUT", 0) > 0


def for_readers(view: Callable) -> Callable:
    """Mark a view whose anonymous response may be cached (it must not vary on anything
    but the key above, and must call `invalidate` or be covered by `watch` when its data
    changes)."""
    view.page_cache = True
    return view


# --- versions ----------------------------------------------------------------------------------


def versions() -> str | None:
    """'content.bookings' versions, created on first use; None while the cache is unreachable."""
    keys = [VERSION_KEY.format(kind=kind) for kind in KINDS]
    found = cache.get_many(keys)
    if len(found) < len(keys):
        for key in keys:
            if key not in found:
                # a fresh start never reuses an old number (which could reach old pages)
                cache.add(key, time.time_ns(), None)
        found = cache.get_many(keys)
        if len(found) < len(keys):
            return None
    return ".".join(str(found[key]) for key in keys)


# INCR only an existing version (a missing one is set from the clock, below): one round trip
# where Django's incr takes two (EXISTS, then INCRBY).
_INCR_EXISTING = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('incr', KEYS[1]) end"


def _incr_existing(key: str) -> None:
    """`cache.incr(key)` in one Redis round trip when the cache is Redis; ValueError if missing."""
    client_for = getattr(getattr(cache, "_cache", None), "get_client", None)
    breaker = getattr(cache, "breaker", None)
    if client_for is None or breaker is None:
        cache.incr(key)
        return
    if breaker.is_open:
        raise ValueError("cache unreachable")
    full_key = cache.make_and_validate_key(key)
    try:
        found = client_for(full_key, write=True).eval(_INCR_EXISTING, 1, full_key)
    except Exception as exc:
        breaker.failed(exc, "Redis cache")
        raise ValueError("cache unreachable") from exc
    if found is None:
        raise ValueError(f"Key {key!r} not found.")


def invalidate(kind: str = CONTENT) -> None:
    """Make every page cached under the current `kind` version unreachable, now."""
    key = VERSION_KEY.format(kind=kind)
    try:
        _incr_existing(key)
    except ValueError:  # never set, evicted, or the cache is down
        cache.set(key, time.time_ns(), None)


def _invalidate_content() -> None:
    invalidate(CONTENT)


def _invalidate_bookings() -> None:
    invalidate(BOOKINGS)


_ON_COMMIT = {CONTENT: _invalidate_content, BOOKINGS: _invalidate_bookings}


def invalidate_on_commit(kind: str = CONTENT, using: str = DEFAULT_DB_ALIAS) -> None:
    """Invalidate now and again once the current transaction commits.

    Now: this process's next read sees the change at once. After commit: a page another
    request rendered and cached from the old rows meanwhile is dropped too.
    """
    connection = transaction.get_connection(using)
    callback = _ON_COMMIT[kind]
    if kind == CONTENT or not connection.in_atomic_block:
        callback()  # (seat changes skip this: learning.booking invalidates after commit)
    if not connection.in_atomic_block:
        return
    # A transaction that saves 200 rows queues one more invalidation, not 200 (a rollback
    # empties the queue, so nothing is left behind).
    if any(entry[1] is callback for entry in connection.run_on_commit):
        return
    transaction.on_commit(callback, using=using)


@contextmanager
def invalidated_by_caller(kind: str) -> Iterator[None]:
    """Row saves of `kind` inside the block queue no invalidation of their own: the caller
    invalidates once after its commit (learning.booking's broadcast), so a booking costs one
    Redis round trip for the page cache, not two."""
    token = _invalidated_by_caller.set(_invalidated_by_caller.get() | {kind})
    try:
        yield
    finally:
        _invalidated_by_caller.reset(token)


def watch(kind: str, *models: type) -> None:
    """Saving or deleting any of `models` invalidates `kind` (apps call this in ready())."""
    for model in models:
        _models_kind[model._meta.label_lower] = kind


def _model_changed(sender, **kwargs) -> None:
    label = sender._meta.label_lower
    kind = _models_kind.get(label)
    if kind is None:
        if sender._meta.app_label not in getattr(settings, "PAGE_CACHE_CONTENT_APPS", ()):
            return
        kind = CONTENT
    if kind in _invalidated_by_caller.get():
        return
    invalidate_on_commit(kind, using=kwargs.get("using") or DEFAULT_DB_ALIAS)


def _page_changed(sender, **kwargs) -> None:
    invalidate_on_commit(CONTENT)


def connect_signals() -> None:
    """Called from CoreConfig.ready(): publishing and content edits invalidate cached pages."""
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache-unpublished")
    post_save.connect(_model_changed, dispatch_uid="pagecache-saved")
    post_delete.connect(_model_changed, dispatch_uid="pagecache-deleted")


# --- the middleware --------------------------------------------------------------------------------


def _anonymous_reader(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False  # logged in, or something personal may be shown: never cached
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return len(request.META.get("QUERY_STRING", "")) <= MAX_QUERY


def _is_reader_view(view_func: Callable) -> bool:
    if getattr(view_func, "page_cache", False):
        return True
    from wagtail import views as wagtail_views

    return view_func is wagtail_views.serve


def page_key(request: HttpRequest, version: str, language: str | None = None) -> str:
    """The cache key of this request's page (`language`: the active one unless given)."""
    digest = hashlib.sha256(
        f"{request.get_host()}\n{request.get_full_path()}".encode()
    ).hexdigest()[:32]
    return PAGE_KEY.format(
        versions=version,
        language=(get_language() if language is None else language) or "",
        furigana="on" if furigana_on(request) else "off",
        digest=digest,
    )


class PageCacheMiddleware:
    """Serve and store anonymous reader pages (see the module docstring). Put it last."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        hit = getattr(request, "_page_cache_hit", False)
        if key is not None and request.method == "GET" and not hit:
            entry = self._storable(request, response)
            if entry is not None:
                handover = getattr(request, "scope", {}).get(SCOPE_KEY)
                if handover is not None:  # the ASGI layer stores it with the final headers
                    handover["store"] = (key, entry)
                else:
                    cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
                response["X-Page-Cache"] = "miss"
        if key is not None:
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not enabled() or not _anonymous_reader(request) or not _is_reader_view(view_func):
            return None
        version = versions()
        if version is None:
            return None  # the cache is unreachable: compute the page
        key = page_key(request, version)
        request._page_cache_key = key
        entry = cache.get(key)
        if entry is None:
            return None
        request._page_cache_hit = True
        return self._response(request, entry)

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> dict | None:
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        if not response.get("Content-Type", "").startswith("text/html"):
            return None
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return None
        messages = getattr(request, "_messages", None)
        if messages is not None and getattr(messages, "added_new", False):
            return None
        explicit = getattr(getattr(request, "resolver_match", None), "func", None)
        if not getattr(explicit, "page_cache", False):
            control = response.get("Cache-Control", "")
            if "private" in control or "no-store" in control:
                return None
        if getattr(request, "_csp_nonce", None) or b' nonce="' in response.content:
            return None  # a CSP nonce is one response's secret: never served to another visitor
        body = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\3", response.content)
        secret = request.META.get("CSRF_COOKIE")
        if secret and any(
            _unmask_cipher_token(token.decode()) == secret for token in TOKEN_LIKE.findall(body)
        ):
            return None  # a token outside a form field: it would be shared with strangers
        headers = {k: v for k, v in response.items() if k.lower() not in SKIP_HEADERS}
        return {"headers": headers, "body": body}

    @staticmethod
    def _response(request: HttpRequest, entry: dict) -> HttpResponse:
        body = entry["body"]
        if CSRF_PLACEHOLDER in body:
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(body)
        for name, value in entry["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response


# --- the ASGI layer: hits answered before Django ------------------------------------------------


class PageCacheASGIMiddleware:
    """Answer anonymous readers' cache hits in the ASGI layer, before Django runs at all.

    A hit through Django still costs a request thread, the whole middleware stack and URL
    resolution. Here a hit costs two Redis reads on the event loop (versions, then the page).
    The entry is the one `PageCacheMiddleware` makes (same key, same rules about what may be
    stored), kept with the headers the response finally left Django with (security headers,
    CSP, Vary, Content-Language), so a hit answers exactly what the miss answered, with the
    visitor's own CSRF token (and cookie, when they have none yet) in the forms.

    Only requests that Django would answer from the cache with no redirect are taken: GET of a
    reader page, no session or messages cookie, no Authorization header, a short query, an
    allowed host, no HTTPS redirect due. The language is what LocaleMiddleware decides with
    `prefix_default_language=False` (the URL prefix, else Japanese); `/` for a reader who
    prefers another language falls through (FirstVisitLanguageMiddleware redirects it).
    Anything else, a miss, or an unreachable cache falls through to Django.
    """

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not enabled():
            await self.app(scope, receive, send)
            return
        hit = self._lookup(scope) if scope.get("method") == "GET" else None
        if hit is not None:
            await self._send_hit(scope, send, *hit)
            return
        handover: dict[str, Any] = {}
        scope = {**scope, SCOPE_KEY: handover}
        start: dict[str, Any] = {}

        async def capture(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                # stored before the last chunk leaves: the page is in the cache by the time
                # the reader has it (PageCacheMiddleware handed the entry over already)
                await self._store(handover.get("store"), start)
            await send(message)

        await self.app(scope, receive, capture)

    @staticmethod
    async def _store(store: tuple[str, dict] | None, start: dict) -> None:
        if store is None or start.get("status") != 200:
            return
        from asgiref.sync import sync_to_async

        key, entry = store
        entry["asgi_headers"] = [
            (name, value)
            for name, value in start.get("headers", [])
            if name.lower() not in ASGI_SKIP_HEADERS
        ]
        await sync_to_async(cache.set, thread_sensitive=False)(
            key, entry, settings.PAGE_CACHE_TIMEOUT
        )

    @staticmethod
    def _request(scope) -> HttpRequest:
        import io

        from django.core.handlers.asgi import ASGIRequest

        return ASGIRequest(scope, io.BytesIO())

    def _lookup(self, scope) -> tuple[HttpRequest, dict] | None:
        """(request, entry) for a hit, else None. Runs on the event loop: Redis on the same
        host answers in well under a millisecond, and while it is down the resilient cache's
        breaker answers at once (one 0.25 s try every 5 s)."""
        from django.core.exceptions import DisallowedHost
        from django.utils.translation import get_language_from_path

        from .middleware import preferred_language

        headers = dict(scope.get("headers") or ())
        if b"authorization" in headers:
            return None
        cookie = headers.get(b"cookie", b"")
        if settings.SESSION_COOKIE_NAME.encode() in cookie or b"messages" in cookie:
            return None  # (a cookie merely named alike only costs a pass through Django)
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            return None
        try:
            request = self._request(scope)
            request.get_host()
        except (DisallowedHost, ValueError, UnicodeError):
            return None
        if not _anonymous_reader(request):
            return None
        if settings.SECURE_SSL_REDIRECT and not request.is_secure():
            return None  # SecurityMiddleware redirects it
        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        if request.path_info == "/" and preferred_language(request) != settings.LANGUAGE_CODE:
            return None
        version = versions()
        if version is None:
            return None
        entry = cache.get(page_key(request, version, language))
        if not entry or "asgi_headers" not in entry:
            return None  # stored outside this layer (no final headers): Django answers
        return request, entry

    async def _send_hit(self, scope, send, request: HttpRequest, entry: dict) -> None:
        from django.middleware.csrf import (
            CsrfViewMiddleware,
            InvalidTokenFormat,
            _add_new_csrf_cookie,
            get_token,
        )

        body = entry["body"]
        if CSRF_PLACEHOLDER in body:
            # what CsrfViewMiddleware does: the visitor's own secret, a new one (and cookie)
            # when they have no valid one; get_token() then renews the cookie as Django does
            try:
                secret = CsrfViewMiddleware(lambda _request: None)._get_secret(request)
            except InvalidTokenFormat:
                secret = None
            if secret is None:
                _add_new_csrf_cookie(request)
            else:
                request.META["CSRF_COOKIE"] = secret
            body = body.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        headers = [
            *entry["asgi_headers"],
            (b"content-length", str(len(body)).encode()),
            (b"x-page-cache", b"hit"),
        ]
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            response = HttpResponse()
            response.set_cookie(
                settings.CSRF_COOKIE_NAME,
                request.META["CSRF_COOKIE"],
                max_age=settings.CSRF_COOKIE_AGE,
                domain=settings.CSRF_COOKIE_DOMAIN,
                path=settings.CSRF_COOKIE_PATH,
                secure=settings.CSRF_COOKIE_SECURE,
                httponly=settings.CSRF_COOKIE_HTTPONLY,
                samesite=settings.CSRF_COOKIE_SAMESITE,
            )
            for morsel in response.cookies.values():
                headers.append((b"set-cookie", morsel.output(header="").strip().encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
