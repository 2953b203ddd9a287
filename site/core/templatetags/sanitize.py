"""{{ value|clean_html }}: rich text (a RichText or an HTML string) without anything that runs."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from core.sanitize import clean_html as _clean_html

register = template.Library()


@register.filter
def clean_html(value) -> SafeString:
    return mark_safe(_clean_html(str(value or "")))
