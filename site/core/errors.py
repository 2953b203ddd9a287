"""The base of every domain error a service raises (BookingError, MatchingError …).

A service says no by raising `SomeError(code, message)`: `code` is stable (tests, JSON, the
admin), `message` is for people. Callers turn it into a form error, a message and redirect, or
an HTTP 4xx in one place (core/http.py: `service_error_response`), a CLI exit or a socket reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar


class ServiceError(Exception):
    """A rule said no. Subclasses name their codes' messages and which codes mean 'forbidden'."""

    messages: ClassVar[Mapping[str, object]] = {}
    forbidden_codes: ClassVar[frozenset[str]] = frozenset({"forbidden"})

    def __init__(self, code: str, message: object | None = None):
        self.code = code
        self.message = message if message is not None else self.messages.get(code, code)
        super().__init__(code)

    def __str__(self) -> str:
        return str(self.message)

    @property
    def http_status(self) -> int:
        """403 when the actor may not do this at all, 409 when the state does not allow it now."""
        return 403 if self.code in self.forbidden_codes else 409
