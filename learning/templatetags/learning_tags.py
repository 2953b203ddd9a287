"""Template helpers for classes: dates the easy-Japanese way, status labels."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.translation import get_language

from core.localdates import local_datetime
from learning import dates, selectors

register = template.Library()


@register.filter
def session_span(session) -> str:
    """The session's date and time in the reader's language (easy Japanese by default)."""
    return dates.span(session.starts_at, session.ends_at, get_language())


@register.filter
def when(value: datetime | None) -> str:
    """A single moment (a deadline, an offer's expiry) in the reader's language."""
    if value is None:
        return ""
    return local_datetime(value, get_language())


@register.simple_tag
def class_schedule_url() -> str:
    """The live class schedule page's URL ('' if none), for the site menu."""
    return selectors.class_schedule_url()


@register.simple_tag(takes_context=True)
def is_volunteer(context) -> bool:
    from accounts.roles import VOLUNTEER, user_has_role

    return user_has_role(context.get("user"), VOLUNTEER)


@register.simple_tag(takes_context=True)
def is_learner(context) -> bool:
    from accounts.roles import LEARNER, user_has_role

    return user_has_role(context.get("user"), LEARNER)


@register.simple_tag(takes_context=True)
def is_coordinator(context) -> bool:
    """For the site menu: coordinators get the matching entry (its admin pages)."""
    from accounts.roles import is_coordinator as has_coordinator_role

    user = context.get("user")
    return bool(user and user.is_authenticated and has_coordinator_role(user))


@register.filter
def level_range(course) -> str:
    """'A1–A2', or 'A1' once when the range is one level."""
    low, high = getattr(course, "level_min", ""), getattr(course, "level_max", "")
    if not high or low == high:
        return low or ""
    return f"{low}–{high}" if low else high
