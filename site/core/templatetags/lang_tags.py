"""Language right for people and machines: Japanese runs marked `lang="ja"`, dates per locale.

A screen reader picks its voice from the nearest `lang`: a venue name 花巻市国際交流センター
inside an English page is read as English gibberish unless its element says `lang="ja"`.
`{{ venue.name|ja }}` escapes the value and wraps it in `<span lang="ja">` when the page is in
another language and the value holds Japanese; on Japanese pages it only escapes.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core import localdates
from core.languages import has_japanese

register = template.Library()


def page_is_japanese() -> bool:
    return (get_language() or "ja").startswith("ja")


@register.filter(name="ja", is_safe=True)
def ja(value: object) -> SafeString:
    """Escape; on a non-Japanese page wrap Japanese text in <span lang="ja">."""
    html = conditional_escape("" if value is None else value)
    if page_is_japanese() or not has_japanese(html):
        return html
    return format_html('<span lang="ja">{}</span>', html)


@register.simple_tag
def ja_lang_attr(value: object = None) -> SafeString:
    """` lang="ja"` for an element whose content is Japanese on a non-Japanese page, else ''.

    For elements that cannot hold a span (<option>, <title>) or wrap block content.
    """
    if page_is_japanese() or (value is not None and not has_japanese(str(value))):
        return SafeString("")
    return SafeString(' lang="ja"')


@register.filter
def local_date(value: date | None) -> str:
    """`{{ d|local_date }}`: 2026年4月7日（火） / Tue 7 April 2026 / Thứ 3, 7 tháng 4, 2026."""
    return "" if value is None else localdates.local_date(value)


@register.filter
def local_datetime(value: datetime | None) -> str:
    """A moment with its full date, in the reader's language and Tokyo time."""
    return "" if value is None else localdates.local_datetime(value)


@register.filter
def local_short_datetime(value: datetime | None) -> str:
    """A moment this year (a banner's expiry): 12月7日 午前11時4分 / 11:04, 7 tháng 12."""
    return "" if value is None else localdates.local_short_datetime(value)


@register.simple_tag(takes_context=True)
def language_of(context, page) -> str:
    """`{% language_of page %}`: the page's language code for lang="…".

    One query per request for all pages of a listing, instead of one per page.
    """
    return _language_code(context, page)


def _language_code(context, page) -> str:
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return get_language() or "ja"
    request = context.get("request")
    codes = getattr(request, "_locale_codes", None)
    if codes is None or locale_id not in codes:
        from wagtail.models import Locale

        codes = dict(Locale.objects.values_list("id", "language_code"))
        if request is not None:
            request._locale_codes = codes
    return codes.get(locale_id, "ja")
