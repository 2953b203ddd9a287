"""Template tags and filters that add furigana (through core/easyjp.py, the engine's gateway).

The reader's choice travels in the request (cookie), so a page rendered with furigana still
lets CSS hide them: the ruby is always in the HTML and `html.furigana-off rt` hides it. That keeps
one cached rendering per text instead of one per preference. Every call applies the reading
dictionary.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from core import easyjp

register = template.Library()


@register.filter(name="furigana_text")
def furigana_text(value: object) -> SafeString:
    """Plain text → escaped HTML with <ruby> on kanji."""
    if value is None:
        return mark_safe("")
    return mark_safe(easyjp.ruby_text(str(value)))


@register.filter(name="furigana_html")
def furigana_html(value: object) -> SafeString:
    """Trusted HTML (rich text) → the same HTML with <ruby> added to its text nodes only."""
    if value is None:
        return mark_safe("")
    return easyjp.html_with_ruby(value)


@register.simple_tag
def ruby_field(page, field_name: str) -> SafeString:
    """`{% ruby_field page "body" %}`: the field rendered with furigana, cached per revision."""
    return easyjp.page_field_html(page, field_name)


@register.filter
def ruby(value, page=None) -> SafeString:
    """`{{ text|ruby:page }}`: short text with furigana at the page's level (cached by content)."""
    min_level = (
        page.get_furigana_level()
        if page is not None and hasattr(page, "get_furigana_level")
        else None
    )
    return easyjp.text_with_ruby("" if value is None else str(value), min_level=min_level)
