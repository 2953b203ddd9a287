from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .health import checks
from .preferences import set_furigana
from .security import healthz_body


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the channel layer both answer, 503 naming the parts down."""
    database, channel_layer = checks()  # shared for a second per worker (core.health)
    down = [
        name
        for name, part in (("database", database), ("channel_layer", channel_layer))
        if not part["ok"]
    ]
    # Everyone learns ok/error per part (names only, for a load balancer or an operator);
    # vendor, timings and error text only staff or a HEALTHZ_TOKEN holder (core.security).
    body = healthz_body(request, not down, {"database": database, "channel_layer": channel_layer})
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if down else 200)


@require_POST
def furigana_preference(request: HttpRequest) -> HttpResponse:
    """Remember furigana on/off; the no-JavaScript path of the toggle in the header."""
    on = request.POST.get("furigana", "on") != "off"
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    if request.headers.get("x-requested-with") == "fetch":
        response: HttpResponse = JsonResponse({"furigana": "on" if on else "off"})
    else:
        response = redirect(next_url)
    return set_furigana(response, on)


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, translating `next` from the language its own path is in.

    Japanese URLs carry no prefix, so `/en/` read as Japanese looks like a page slug "en";
    resolving it in the language of its prefix lets `/en/x/` become `/x/` and back.
    """
    next_url = request.POST.get("next", request.GET.get("next", ""))
    path_language = translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE
    with translation.override(path_language):
        response = django_set_language(request)
    chosen = request.POST.get("language")
    user = getattr(request, "user", None)
    if (
        request.method == "POST"
        and user is not None
        and user.is_authenticated
        and chosen in dict(settings.LANGUAGES)
        and user.preferred_language != chosen
    ):
        # E-mails follow the language the reader last chose.
        user.preferred_language = chosen
        user.save(update_fields=["preferred_language"])
    return response
