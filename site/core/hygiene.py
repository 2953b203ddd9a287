"""Input hygiene: NUL bytes, control characters and invalid UTF-8 never reach a view or a query.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL characters"), so a `%00`
anywhere in a path, query string or form used to surface as a 500 from whichever query met it
first. One middleware, first after SecurityMiddleware, turns all of them into a 400 before
URL resolution, Wagtail's redirect lookup or a page query can see them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

logger = logging.getLogger("core.security")

# C0 controls and DEL; tab, LF and CR are legitimate in form fields (textareas) but not in
# paths or query strings. U+FFFD is what a decoder leaves in place of invalid UTF-8 bytes, and
# lone surrogates are what Python's surrogateescape leaves.
_BAD_IN_PATH = re.compile(r"[\x00-\x1f\x7f\ufffd\ud800-\udfff]")
_BAD_IN_FORM = re.compile(r"[\x00\ud800-\udfff]")


def bad_path(path: str) -> bool:
    """True when a decoded path holds a character no URL of the site can contain.

    Under WSGI, Django re-percent-encodes bytes that are not UTF-8 ("%FF" stays in the path);
    under ASGI the server decodes them to U+FFFD. Both are refused.
    """
    if _BAD_IN_PATH.search(path):
        return True
    if "%" in path:
        try:
            decoded = unquote_to_bytes(path).decode("utf-8")
        except UnicodeDecodeError:
            return True
        return bool(_BAD_IN_PATH.search(decoded))
    return False


def bad_query_string(raw: str) -> bool:
    """True when the raw query string decodes to NUL/control bytes or is not valid UTF-8."""
    if not raw:
        return False
    for part in raw.replace(";", "&").split("&"):
        data = unquote_to_bytes(part.replace("+", " "))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return True
        if _BAD_IN_PATH.search(text):
            return True
    return False


def bad_form_values(values: Iterable[tuple[str, list]]) -> bool:
    for key, items in values:
        if _BAD_IN_FORM.search(key):
            return True
        for item in items:
            if isinstance(item, str) and _BAD_IN_FORM.search(item):
                return True
    return False


def refuse(request: HttpRequest, where: str) -> HttpResponse:
    """One warning line (no traceback), then a 400 in the shape the caller reads."""
    logger.warning("refused bad input in %s: %s", where, request.path_info.encode("unicode_escape"))
    accept = request.headers.get("accept", "")
    if "application/json" in accept or "/api/" in request.path_info:
        return JsonResponse(
            # Translators: ja: 送った 内容に 使えない 文字が あります。
            {"error": "bad_input", "message": _("The request contains characters we cannot read.")},
            status=400,
        )
    return bad_request(request, exception=None)


class InputHygieneMiddleware:
    """Refuse requests whose path, query string or form data hold NUL or invalid encodings."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if bad_path(request.path_info) or bad_path(request.path):
            return refuse(request, "path")
        if bad_query_string(request.META.get("QUERY_STRING", "")):
            return refuse(request, "query")
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Form fields are read here, after CSRF has parsed them anyway (no extra body read)."""
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            try:
                values = request.POST.lists()
            except Exception:  # a malformed body: the view meets the same error and answers 400
                return None
            if bad_form_values(values):
                return refuse(request, "form")
        return None
