"""Per-visitor display preferences, kept in a cookie so they work before and without login."""

from __future__ import annotations

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
