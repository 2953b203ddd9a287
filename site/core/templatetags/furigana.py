"""Template filters that add furigana when the reader has them on.

The reader's choice travels in the request (cookie), so a page rendered with furigana still
lets CSS hide them: the ruby is always in the HTML and `html.furigana-off rt` hides it. That keeps
one cached rendering per text instead of one per preference.
"""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter(name="furigana_text")
def furigana_text(value: object) -> SafeString:
    """Plain text → escaped HTML with <ruby> on kanji."""
    if value is None:
        return mark_safe("")
    from core.readings import current_reader

    return mark_safe(current_reader().furigana(str(value)))


@register.filter(name="furigana_html")
def furigana_html(value: object) -> SafeString:
    """Trusted HTML (rich text) → the same HTML with <ruby> added to its text nodes only."""
    if value is None:
        return mark_safe("")
    from core.readings import current_reader

    return mark_safe(current_reader().furigana_html(str(conditional_escape(value))))
