"""Per-visitor display preferences, kept in a cookie so they work before and without login."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from asgiref.local import Local
from django.http import HttpRequest, HttpResponse

FURIGANA_COOKIE = "furigana"
ONE_YEAR = 365 * 24 * 3600


def furigana_on(request: HttpRequest) -> bool:
    """Furigana are on unless the visitor turned them off: most readers are learners."""
    return request.COOKIES.get(FURIGANA_COOKIE, "on") != "off"


def set_furigana(response: HttpResponse, on: bool) -> HttpResponse:
    response.set_cookie(
        FURIGANA_COOKIE, "on" if on else "off", max_age=ONE_YEAR, samesite="Lax", httponly=False
    )
    return response


# The furigana choice of the request being served, for code without the request at hand
# (template filters on UI strings, e-mails). Set by core.middleware.FuriganaMiddleware per
# request, by e-mail code around a render; asgiref's Local is per thread and per async task.
_active = Local()


def activate_furigana(on: bool) -> None:
    _active.on = on


def deactivate_furigana() -> None:
    if hasattr(_active, "on"):
        del _active.on


def furigana_active() -> bool:
    """True while rendering for a reader with furigana on (off outside a request)."""
    return getattr(_active, "on", False)


@contextmanager
def furigana_override(on: bool) -> Iterator[None]:
    """Render with furigana on or off (e-mails), restoring the previous state afterwards."""
    previous = getattr(_active, "on", None)
    _active.on = on
    try:
        yield
    finally:
        if previous is None:
            deactivate_furigana()
        else:
            _active.on = previous
