"""Read queries about classes that other apps and the site shell may use.

The only part of learning other feature apps import (the layer contracts allow
`learning.selectors`); everything here reads and never writes.
"""

from __future__ import annotations

from django.core.cache import cache
from django.urls import translate_url
from django.utils.translation import get_language, override

from .models import ClassIndexPage
from .training import requirements, signed_off_user_ids

SCHEDULE_URL_KEY = "learning:schedule-url:{language}"


def class_schedule_url() -> str:
    """The live class schedule page's URL in the reader's language ('' if none), cached: the
    menu asks on every page. Its translation if there is one, else the same page under the
    language's prefix (/en/classes/), which Wagtail serves in easy Japanese."""
    language = get_language() or "ja"
    key = SCHEDULE_URL_KEY.format(language=language)
    url = cache.get(key)
    if url is None:
        page = ClassIndexPage.objects.live().order_by("path").first()
        url = ""
        if page is not None:
            localized = page.localized
            with override(localized.locale.language_code):
                url = translate_url(localized.get_url(), language)
        cache.set(key, url, 300)
    return url


def solo_teaching_filter():
    """User ids allowed to teach alone, as a subquery, or None when everyone is (rule off).

    Matching proposes one volunteer per learner or child, alone: with the training rule on
    (TRAINING_ASSISTANT_ONLY) only volunteers a coordinator has signed off qualify.
    """
    if not requirements().assistant_only:
        return None
    return signed_off_user_ids()
