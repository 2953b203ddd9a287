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
from collections.abc import Callable
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

_models_kind: dict[str, str] = {}


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


def page_key(request: HttpRequest, version: str) -> str:
    digest = hashlib.sha256(
        f"{request.get_host()}\n{request.get_full_path()}".encode()
    ).hexdigest()[:32]
    return PAGE_KEY.format(
        versions=version,
        language=get_language() or "",
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
