"""The one question every app asks before it sends something: does this person want it?

The settings are fields on accounts.User (edited on the profile and "my account" pages).
Kinds: "reminder" (the day before a class), "change" (a class changed, was cancelled or moved,
an offer expired), "matching" (partner matching news). Channels: "email", "push". Anything not
named here (a seat offer that must be confirmed, an account e-mail) is always sent.
"""

from __future__ import annotations

_FIELDS = {
    ("reminder", "email"): "notify_reminders",
    ("change", "email"): "notify_changes_email",
    ("change", "push"): "notify_changes_push",
    ("matching", "email"): "notify_matching_email",
}
KINDS = frozenset(kind for kind, _channel in _FIELDS)


def wants(user, kind: str, channel: str = "email") -> bool:
    """False when the person turned this notice off, or the account is gone or inactive."""
    if user is None or not getattr(user, "is_active", True) or getattr(user, "erased_at", None):
        return False
    if channel == "email" and not getattr(user, "email", ""):
        return False
    field = _FIELDS.get((kind, channel))
    if field is None:
        if kind not in KINDS:
            raise ValueError(f"Unknown notice kind {kind!r}; kinds are {sorted(KINDS)}")
        return True
    return bool(getattr(user, field, True))
