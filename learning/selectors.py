"""Read queries about classes that other apps and the site shell may use.

The only part of learning other feature apps import (the layer contracts allow
`learning.selectors`); everything here reads and never writes.
"""

from __future__ import annotations

from django.core.cache import cache

from .models import ClassIndexPage

SCHEDULE_URL_KEY = "learning:schedule-url"


def class_schedule_url() -> str:
    """The live class schedule page's URL ('' if none), cached: the menu asks on every page."""
    url = cache.get(SCHEDULE_URL_KEY)
    if url is None:
        page = ClassIndexPage.objects.live().order_by("path").first()
        url = page.url if page else ""
        cache.set(SCHEDULE_URL_KEY, url, 300)
    return url
