"""Thin views: the editor's checker endpoint, the banners for a reconnecting page, site search."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cms import emergency, search
from core import offload
from core.checker import (
    CheckerInputError,
    check_segments,
    known_from_payload,
    segments_from_payload,
)


@require_POST
def check_text(request: HttpRequest) -> JsonResponse:
    """POST {"target": "N4", "segments": [{"id", "text"}]} → the report with mapped findings.

    At most checker.MAX_CHARS (20,000) characters in all (413 beyond); the analysis runs in
    core.offload's worker process with a time budget (503 with a message when exceeded/busy).

    Mounted under /admin/ (register_admin_urls), so only people with admin access reach it.
    """
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": _("The body is not JSON.")}, status=400)
    try:
        segments, target = segments_from_payload(payload)
        known = known_from_payload(payload)
    except CheckerInputError as exc:
        return JsonResponse({"error": str(exc)}, status=exc.status)
    try:
        result = check_segments(segments, target=target, known=known)
    except offload.TimedOut:
        message = _("Checking this text took too long. Check a shorter part of it.")
        return JsonResponse({"error": message}, status=503, headers={"Retry-After": "10"})
    except offload.HeavyWorkError:
        message = _("The checker is busy. Please try again in a moment.")
        return JsonResponse({"error": message}, status=503, headers={"Retry-After": "10"})
    # UTF-8 rather than \\u escapes: half the bytes for Japanese text
    return JsonResponse(result.to_dict(), json_dumps_params={"ensure_ascii": False})


@never_cache
@require_GET
def notice_banners(request: HttpRequest) -> JsonResponse:
    """The active emergency banners in the request's language, as HTML and as data.

    Pages fetch this when the notices socket says something changed, and after reconnecting.
    """
    return JsonResponse(emergency.banner_payload(get_language()))


@require_GET
def site_search(request: HttpRequest) -> HttpResponse:
    """Search pages in Japanese or English; materials can be narrowed by topic and level."""
    form = search.SearchForm(request.GET or None)
    results: list = []
    if form.is_valid():
        results = search.search_pages(
            form.cleaned_data["q"],
            topic=form.cleaned_data["topic"],
            level=form.cleaned_data["level"],
        )
    return TemplateResponse(
        request, "cms/search.html", {"form": form, "results": results, "searched": form.is_bound}
    )
