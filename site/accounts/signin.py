"""The signed-in user of a request: Django's `auth.get_user`, with the user's row and role
names read by one statement.

Every signed-in request that acts (a booking in a burst) asks for its user. Django's
ModelBackend.get_user builds an ORM query for it (a tenth of a booking's worker CPU on the
burst, bench/booking.py), and the first role check then sends a second statement for the
user's groups. Here, for a backend that reads users as ModelBackend does (its get_user not
overridden: ours and allauth's), one hand-written statement returns the row and the group
names (core.rows: straight to Model.from_db through the ORM's converters) and the role cache
(accounts.roles) is filled from it. The session checks are Django's, line for line: the
backend must still be configured, the session's auth hash must match (or a fallback secret's,
which rotates the session), the account must be allowed to sign in (`is_active`).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.models import AnonymousUser
from django.db import connections, router
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from accounts.roles import group_names_sql, remember_role_names
from core.rows import columns, fetch_one


def get_user(request):
    """The request's user, or AnonymousUser (django.contrib.auth.get_user's rules)."""
    user = None
    try:
        user_id = auth._get_user_session_key(request)
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        pass
    else:
        if backend_path in settings.AUTHENTICATION_BACKENDS:
            user = load_user(auth.load_backend(backend_path), user_id)
            if hasattr(user, "get_session_auth_hash") and not _session_verified(request, user):
                user = None
    return user or AnonymousUser()


def _session_verified(request, user) -> bool:
    """The session's auth hash matches (a password change signs other sessions out)."""
    session_hash = request.session.get(HASH_SESSION_KEY)
    if not session_hash:
        request.session.flush()
        return False
    current = user.get_session_auth_hash()
    if constant_time_compare(session_hash, current):
        return True
    # made with a secret since rotated (SECRET_KEY_FALLBACKS): accept, and re-sign
    if any(
        constant_time_compare(session_hash, old) for old in user.get_session_auth_fallback_hash()
    ):
        request.session.cycle_key()
        request.session[HASH_SESSION_KEY] = current
        return True
    request.session.flush()
    return False


def load_user(backend, user_id):
    """`backend.get_user(user_id)`; for ModelBackend's own get_user, one statement that also
    brings the user's role names."""
    User = get_user_model()
    using = router.db_for_read(User)
    statement = _statement(User, using)
    if statement is None or type(backend).get_user is not ModelBackend.get_user:
        return backend.get_user(user_id)
    user = fetch_one(
        User, statement, [User._meta.pk.to_python(user_id)], extra=("_role_names",), using=using
    )
    if user is None or not backend.user_can_authenticate(user):
        return None
    names = user.__dict__.pop("_role_names")
    remember_role_names(user, json.loads(names) if isinstance(names, str) else names)
    return user


# the group names as one value: PostgreSQL an array (a list in Python), SQLite a JSON array
_AGGREGATES = {
    "postgresql": "ARRAY(SELECT g.{name} {rest})",
    "sqlite": "(SELECT json_group_array(g.{name}) {rest})",
}
_STATEMENTS: dict[tuple[str, str], str | None] = {}


def _statement(User, using: str) -> str | None:
    """The user's row and its group names (None on a database without the aggregate)."""
    vendor = connections[using].vendor
    key = (User._meta.label_lower, vendor)
    if key not in _STATEMENTS:
        aggregate = _AGGREGATES.get(vendor)
        if aggregate is None:
            _STATEMENTS[key] = None
            return None
        name, rest = group_names_sql(f"u.{User._meta.pk.column}")
        names = aggregate.format(name=name, rest=rest)
        _STATEMENTS[key] = (
            f"SELECT {columns(User, 'u')}, {names} FROM {User._meta.db_table} u "
            f"WHERE u.{User._meta.pk.column} = %s"
        )
    return _STATEMENTS[key]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` from `get_user` above (`request.auser` stays Django's)."""

    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))


def _cached_user(request):
    # as django.contrib.auth.middleware.get_user: once per request
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user
