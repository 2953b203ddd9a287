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


@register.simple_tag
def reader_url(page) -> str:
    """`{% reader_url page %}`: the page's URL in the reader's language (see url_for_reader)."""
    from cms.models import url_for_reader

    return url_for_reader(page)


@register.filter
def ruby(value, page=None) -> SafeString:
    """`{{ text|ruby:page }}`: short text with furigana at the page's level (cached by content)."""
    min_level = page.get_furigana_level() if page is not None and hasattr(page, "get_furigana_level") else None
    return text_with_ruby("" if value is None else str(value), min_level=min_level)


@register.inclusion_tag("cms/includes/emergency_area.html", takes_context=True)
def emergency_banners(context) -> dict:
    """Active emergency notices in the reader's language (server-rendered on every page)."""
    version, banners = emergency.active_banners_versioned(get_language())
    return {"banners": banners, "version": version, "request": context.get("request")}


@register.inclusion_tag("cms/includes/translation_note.html")
def translation_note(page) -> dict:
    """Says so when the reader asked for another language and gets the easy-Japanese page."""
    language = get_language() or "ja"
    page_language = page.locale.language_code if getattr(page, "locale_id", None) else language
    return {"fallback": page_language != language, "page_language": page_language, "language": language}
