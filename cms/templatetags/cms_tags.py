"""Template tags of the cms: fields with furigana (cached), banners, language notes."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from cms import emergency
from cms.rendering import page_field_html, text_with_ruby

register = template.Library()


@register.simple_tag
def ruby_field(page, field_name: str) -> SafeString:
    """`{% ruby_field page "body" %}`: the field rendered with furigana, cached per revision."""
    return page_field_html(page, field_name)


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
    codes = getattr(request, "_cms_locale_codes", None)
    if codes is None or locale_id not in codes:
        from wagtail.models import Locale

        codes = dict(Locale.objects.values_list("id", "language_code"))
        if request is not None:
            request._cms_locale_codes = codes
    return codes.get(locale_id, "ja")


@register.simple_tag(takes_context=True)
def reader_url(context, page) -> str:
    """`{% reader_url page %}`: the page's URL in the reader's language (see url_for_reader)."""
    from cms.models import url_for_reader

    return url_for_reader(page, page_language=_language_code(context, page))


@register.filter
def ruby(value, page=None) -> SafeString:
    """`{{ text|ruby:page }}`: short text with furigana at the page's level (cached by content)."""
    min_level = (
        page.get_furigana_level()
        if page is not None and hasattr(page, "get_furigana_level")
        else None
    )
    return text_with_ruby("" if value is None else str(value), min_level=min_level)


@register.inclusion_tag("cms/includes/emergency_area.html", takes_context=True)
def emergency_banners(context) -> dict:
    """Active emergency notices in the reader's language (server-rendered on every page)."""
    version, banners = emergency.active_banners_versioned(get_language())
    return {"banners": banners, "version": version, "request": context.get("request")}


@register.inclusion_tag("cms/includes/translation_note.html", takes_context=True)
def translation_note(context, page) -> dict:
    """Says so when the reader asked for another language and gets the easy-Japanese page."""
    language = get_language() or "ja"
    page_language = _language_code(context, page)
    return {
        "fallback": page_language != language,
        "page_language": page_language,
        "language": language,
    }
