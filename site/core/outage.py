"""A database outage answers a short 503 page in easy Japanese, never a 500 with a traceback.

`OutageMiddleware` turns a database error raised by a view into that page; `server_error`
(the project's handler500) does the same for one raised by a middleware (sessions, auth)
and is Django's usual 500 otherwise. The page is a template of its own with no context
processors that touch the database, so it renders while the database is gone.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

# Connection trouble (server down, refused, dropped), not a bad query: DatabaseError's
# other subclasses (IntegrityError, ProgrammingError, DataError) are bugs and stay 500s.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OUTAGE_ERRORS) or (
        type(exc) is DatabaseError and "connect" in str(exc).lower()
    )


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503 page (HTML, or JSON for API calls), with Retry-After."""
    wants_json = "application/json" in request.headers.get("accept", "") or request.path.startswith(
        ("/api/", "/healthz")
    )
    if wants_json:
        from django.http import JsonResponse
        from django.utils.translation import gettext

        response: HttpResponse = JsonResponse(
            {"error": gettext("The site is not available right now. Please try again soon.")},
            status=503,
        )
    else:
        body = loader.render_to_string("core/unavailable.html", {}, request=None)
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    """Answer 503 (not 500) when a view fails because the database cannot be reached."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_outage(exception):
            logger.error("database unreachable: %s", exception)
            return unavailable_response(request)
        return None


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: the outage page for database trouble, Django's 500 for anything else."""
    if is_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    return django_server_error(request, template_name)
