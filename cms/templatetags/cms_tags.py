"""Template tags of the cms: banners, language notes (furigana tags come from core)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from cms import emergency
from core.templatetags.furigana import ruby, ruby_field
from core.templatetags.lang_tags import _language_code, language_of

register = template.Library()
# Also under {% load cms_tags %}, as the cms templates use them (defined once, in core).
register.simple_tag(ruby_field)
register.filter("ruby", ruby)


register.simple_tag(language_of, takes_context=True)


@register.simple_tag(takes_context=True)
def reader_url(context, page) -> str:
    """`{% reader_url page %}`: the page's URL in the reader's language (see url_for_reader)."""
    from cms.models import url_for_reader

    return url_for_reader(page, page_language=_language_code(context, page))


@register.inclusion_tag("cms/includes/emergency_area.html", takes_context=True)
def emergency_banners(context) -> dict:
    """Active emergency notices in the reader's language (server-rendered on every page)."""
    language = get_language()
    version, banners = emergency.active_banners_versioned(language)
    return {
        "banners": banners,
        "version": version,
        "language": language or "ja",
        "request": context.get("request"),
    }


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


@register.simple_tag
def name_with_reading(name: str, reading: str = ""):
    """A name with its reading as one ruby (editors know the reading of a place; the engine
    may not), else furigana from the engine."""
    from django.utils.html import format_html

    from core.easyjp import text_with_ruby

    if reading:
        return format_html("<ruby>{}<rt>{}</rt></ruby>", name, reading)
    return text_with_ruby(name)


@register.simple_tag
def search_snippet(page, query: str = ""):
    """A short piece of the page's text around the query, with furigana on its Japanese."""
    from cms.search import snippet_text
    from core.checker import has_japanese
    from core.easyjp import text_with_ruby

    text = snippet_text(page, query)
    return text_with_ruby(text) if has_japanese(text) else text
