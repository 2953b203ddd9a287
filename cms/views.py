"""Thin views: the editor's checker endpoint, the banners for a reconnecting page, site search."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cms import emergency, push, search, shelters
from core import offload
from core.checker import (
    CheckerInputError,
    check_segments,
    known_from_payload,
    segments_from_payload,
)
from core.iwate import MUNICIPALITIES
from core.throttle import rate_limited

# Bump when the worker's caching changes: the new worker then drops the old offline copies.
SW_VERSION = "1"


@require_POST
@rate_limited("checker", json=True)
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


# --- Disaster notices: the service worker, push subscriptions, the alerts page -----------------


def service_worker(request: HttpRequest) -> HttpResponse:
    """`/sw.js` from the site root, so it may control every page (offline copies, push).

    Served by a view, not from /static/: a worker's scope cannot be above its own URL, and
    the header allows the whole site explicitly.
    """
    response = TemplateResponse(
        request,
        "cms/sw.js",
        {"offline_version": SW_VERSION},
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


def _json_body(request: HttpRequest):
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return _NOT_JSON


_NOT_JSON = object()


@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    """POST {"subscription": {...}, "areas": [...], "language": "vi"} → 201 (CSRF-protected)."""
    if not push.enabled():
        return JsonResponse({"error": _("Push notices are not set up on this site.")}, status=503)
    payload = _json_body(request)
    if payload is _NOT_JSON:
        return JsonResponse({"error": _("The body is not JSON.")}, status=400)
    try:
        data = push.parse_subscribe(payload)
    except push.PushInputError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    subscription = push.subscribe(data, user=request.user)
    return JsonResponse(
        {"areas": subscription.areas, "language": subscription.language}, status=201
    )


@require_POST
def push_unsubscribe(request: HttpRequest) -> JsonResponse:
    """POST {"endpoint": "..."} → 200 {"removed": true/false}."""
    payload = _json_body(request)
    if payload is _NOT_JSON:
        return JsonResponse({"error": _("The body is not JSON.")}, status=400)
    endpoint = payload.get("endpoint") if isinstance(payload, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return JsonResponse({"error": _("Send the 'endpoint' to unsubscribe.")}, status=400)
    return JsonResponse({"removed": push.unsubscribe(endpoint)})


def notice_alerts(request: HttpRequest) -> HttpResponse:
    """Where a reader asks for notices: push on this device, and e-mail when logged in."""
    from cms.alerts import AlertsForm, save_email_subscription

    instance = None
    if request.user.is_authenticated:
        instance = getattr(request.user, "notice_email_subscription", None)
    form = AlertsForm(
        request.POST or None,
        user=request.user,
        initial={
            "areas": instance.areas if instance else [],
            "language": instance.language if instance else get_language(),
            "email": instance is not None,
        },
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            save_email_subscription(request.user, form.cleaned_data)
            messages.success(
                request,
                _("Saved. We will e-mail you disaster notices.")
                if form.cleaned_data["email"]
                else _("Saved. We will not e-mail you disaster notices."),
            )
            return redirect(request.path)
    return TemplateResponse(
        request,
        "cms/notice_alerts.html",
        {
            "form": form,
            "vapid_public_key": settings.VAPID_PUBLIC_KEY if push.enabled() else "",
        },
    )


# --- Shelters ------------------------------------------------------------------------------------


def _offline(response: HttpResponse) -> HttpResponse:
    # The service worker keeps a copy for when the network is down or overloaded.
    response["X-Offline-Cache"] = "1"
    return response


@require_GET
def shelter_index(request: HttpRequest) -> HttpResponse:
    """Every municipality, with how many shelters it has and how many are open now."""
    counts = shelters.area_counts()
    areas = [
        {
            "slug": slug,
            "name": ja,
            "reading": reading,
            "total": counts.get(slug, (0, 0))[0],
            "open": counts.get(slug, (0, 0))[1],
        }
        for slug, ja, reading, _en in MUNICIPALITIES
    ]
    areas.sort(key=lambda a: (-a["open"], -a["total"]))
    return _offline(TemplateResponse(request, "cms/shelter_index.html", {"areas": areas}))


@require_GET
def shelter_area(request: HttpRequest, municipality: str) -> HttpResponse:
    """One municipality's shelters in easy Japanese, open ones first, updated live."""
    area = next((m for m in MUNICIPALITIES if m[0] == municipality), None)
    if area is None:
        raise Http404
    slug, name, reading, _en = area
    return _offline(
        TemplateResponse(
            request,
            "cms/shelter_area.html",
            {
                "municipality": slug,
                "area_name": name,
                "area_reading": reading,
                "shelters": shelters.shelters_in(slug),
            },
        )
    )
