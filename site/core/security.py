"""Site-wide security pieces: response headers, the admin's CSP, deploy checks, /healthz detail.

Settings come from config/security.py; this module applies them per request. The README's
"Security" section lists the tests that hold each rule.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core import checks
from django.http import HttpRequest, HttpResponse

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp with one difference: below /admin/ the Wagtail admin's own policy applies.

    Wagtail's admin still has inline scripts and styles; its policy allows those (and
    therefore carries no nonce, which would switch 'unsafe-inline' off) but nothing from
    other origins. Reader pages keep the strict policy with a nonce.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponse, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            admin_policy = getattr(settings, "ADMIN_CONTENT_SECURITY_POLICY", None)
            if admin_policy:
                parts.config = admin_policy["DIRECTIVES"]
                parts.nonce = None
        return parts


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy (settings.PERMISSIONS_POLICY) to every response that lacks one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


# --- /healthz: how much a caller may see -----------------------------------------------------


def healthz_detail_allowed(request: HttpRequest) -> bool:
    """Staff, or a caller presenting HEALTHZ_TOKEN (header X-Healthz-Token or ?token=).

    Anonymous callers learn only ok/error: the database vendor, timings and driver error
    texts help an attacker more than a load balancer.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    expected = getattr(settings, "HEALTHZ_TOKEN", "")
    if not expected:
        return False
    given = request.headers.get("X-Healthz-Token") or request.GET.get("token") or ""
    return hmac.compare_digest(given.encode(), expected.encode())


def healthz_body(request: HttpRequest, ok: bool, detail: dict) -> dict:
    """The JSON /healthz answers: {"status"} for everyone, the parts' detail when allowed."""
    body: dict = {"status": "ok" if ok else "error"}
    if healthz_detail_allowed(request):
        body.update(detail)
    return body


# --- `manage.py check --deploy` additions --------------------------------------------------------

W_CSP = "core.W001"
W_PERMISSIONS = "core.W002"


@checks.register(checks.Tags.security, deploy=True)
def check_security_headers(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Django's deploy checks do not cover CSP or Permissions-Policy; these do."""
    problems = []
    middleware = settings.MIDDLEWARE
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    has_csp = any(m.endswith(("CSPMiddleware", "SiteCSPMiddleware")) for m in middleware)
    if not has_csp or not policy.get("DIRECTIVES"):
        problems.append(
            checks.Warning(
                "No Content-Security-Policy is sent on HTML responses.",
                hint="Add core.security.SiteCSPMiddleware and CONTENT_SECURITY_POLICY "
                "(config/security.py).",
                id=W_CSP,
            )
        )
    has_permissions = "core.security.PermissionsPolicyMiddleware" in middleware
    if not has_permissions or not getattr(settings, "PERMISSIONS_POLICY", ""):
        problems.append(
            checks.Warning(
                "No Permissions-Policy header is sent.",
                hint="Add core.security.PermissionsPolicyMiddleware and PERMISSIONS_POLICY.",
                id=W_PERMISSIONS,
            )
        )
    return problems
