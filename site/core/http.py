"""HTTP helpers every app's views share: JSON errors, login for JSON clients, service errors.

Errors in JSON are {"error": code, "message": text} with a 4xx status.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import ServiceError


def wants_json(request: HttpRequest) -> bool:
    """The client asked for JSON (fetch() from the live pages, API clients)."""
    return "application/json" in request.headers.get("accept", "")


def json_error(code: str, message: object, status: int) -> JsonResponse:
    """The one shape of a JSON error: {"error": code, "message": text}."""
    return JsonResponse({"error": code, "message": str(message)}, status=status)


def login_required_json(view: Callable | None = None, *, always_json: bool = False):
    """Like login_required, but a JSON client (or every client, `always_json`) gets 401 JSON.

    Browsers asking for HTML are sent to the login page as usual.
    """

    def decorator(view_func: Callable) -> Callable:
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if request.user.is_authenticated:
                return view_func(request, *args, **kwargs)
            if always_json or wants_json(request):
                # Translators: ja: ログインしてください。
                return json_error("login_required", _("Please log in."), 401)
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())

        return wrapper

    return decorator(view) if view is not None else decorator


def redirect_back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to ?next= or the referring page when it is on this site, else to `fallback`."""
    target = request.POST.get("next") or request.headers.get("referer") or fallback
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return redirect(target)


def service_error_response(
    request: HttpRequest, error: ServiceError, fallback: str, *, back: bool = True
) -> HttpResponse:
    """A service said no: JSON 403/409 for JSON clients, else the message and a redirect."""
    if wants_json(request):
        return json_error(error.code, error.message, error.http_status)
    messages.error(request, str(error.message))
    return redirect_back(request, fallback) if back else redirect(fallback)
