"""Template helpers for classes: dates the easy-Japanese way, status labels."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.translation import get_language

from core.localdates import local_datetime
from learning import dates

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
    """The live class schedule page's URL ('' if none), cached: the menu asks on every page."""
    from django.core.cache import cache

    key = f"learning:schedule-url:{get_language()}"
    url = cache.get(key)
    if url is None:
        from cms.models import ClassIndexPage

        page = ClassIndexPage.objects.live().order_by("path").first()
        # The reader's language: its translation if there is one, else the same page under
        # the language's prefix (/en/classes/), which Wagtail serves in easy Japanese.
        url = ""
        if page is not None:
            from django.urls import translate_url
            from django.utils.translation import override

            localized = page.localized
            with override(localized.locale.language_code):
                url = translate_url(localized.get_url(), get_language())
        cache.set(key, url, 300)
    return url


@register.simple_tag(takes_context=True)
def is_volunteer(context) -> bool:
    from accounts.roles import VOLUNTEER, user_has_role

    return user_has_role(context.get("user"), VOLUNTEER)
