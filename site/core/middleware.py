"""First visit in the reader's language.

Japanese lives at `/` without a prefix, and Django's LocaleMiddleware (with
prefix_default_language=False) never redirects an unprefixed URL: a Vietnamese browser opening
`/` would stay in Japanese. This middleware sends such a reader from `/` to `/vi/` once, from
Accept-Language; after they pick a language in the switcher, the language cookie decides.
Only the home page is redirected: a shared link to a page keeps the language it was shared in.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from . import easyjp
from .preferences import activate_furigana, deactivate_furigana, furigana_on


def preferred_language(request: HttpRequest) -> str:
    """The language cookie if it names a site language, else the best Accept-Language match."""
    codes = {code for code, _ in settings.LANGUAGES}
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in codes:
        return cookie
    header = request.headers.get("accept-language", "")
    for accepted, _quality in parse_accept_lang_header(header):
        if accepted == "*":
            break
        try:
            code = translation.get_supported_language_variant(accepted)
        except LookupError:
            continue
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


class FirstVisitLanguageMiddleware:
    """Redirect `/` to `/<lang>/` when the reader prefers a site language other than Japanese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.path_info == "/":
            language = preferred_language(request)
            if language != settings.LANGUAGE_CODE:
                query = request.META.get("QUERY_STRING", "")
                response: HttpResponse = HttpResponseRedirect(
                    f"/{language}/" + (f"?{query}" if query else "")
                )
            else:
                response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)


class FuriganaMiddleware:
    """Make the reader's furigana choice known to UI-string filters for this request, and
    read the reading dictionary's version once for the whole request (core.easyjp)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate_furigana(furigana_on(request))
        try:
            with easyjp.request_memo():
                return self.get_response(request)
        finally:
            deactivate_furigana()
