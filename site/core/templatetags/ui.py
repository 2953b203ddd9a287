"""Furigana on the interface: menus, buttons, form labels, messages and e-mails.

Page bodies get ruby from the cms at render time; the strings around them come from the
translation catalogue. When the interface is Japanese and the reader has furigana on,
`{{ _("Log in")|ui }}` (or `{{ field.label|ui }}`, `{{ message|ui }}`) returns the string with
<ruby> on its kanji; otherwise it only escapes. A catalogue holds a few hundred strings, so each
rendering is kept in a per-process LRU cache keyed by the string and the reading dictionary's
version: the engine runs once per string, not once per page view.

The engine is reached through the one gateway, `core.easyjp`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import easyjp
from core.preferences import furigana_active

register = template.Library()

_KANJI = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_URL = re.compile(r"https?://[^\s<>\"]+")


def _dictionary_version() -> str:
    """Changes when the editors' reading dictionary changes (one shared-cache read)."""
    return easyjp.dictionary_version()


@lru_cache(maxsize=4096)
def _ruby_html(html: str, dictionary_version: str) -> str:
    return easyjp.ruby_html(html)


@lru_cache(maxsize=4096)
def _bracketed(text: str, dictionary_version: str) -> str:
    return "".join(
        f"{surface}（{reading}）" if reading else surface
        for surface, reading in easyjp.readings(text)
    )


def ruby_for_ui(value: object) -> SafeString:
    """Escaped HTML with <ruby> on kanji (plain text or safe HTML in, safe HTML out)."""
    html = str(conditional_escape("" if value is None else value))
    if not _KANJI.search(html):
        return mark_safe(html)
    return mark_safe(_ruby_html(html, _dictionary_version()))


def readings_in_brackets(text: str) -> str:
    """Plain text with each kanji word's reading after it: 予約（よやく）する. URLs untouched."""
    if not _KANJI.search(text):
        return text
    version = _dictionary_version()
    parts, last = [], 0
    for match in _URL.finditer(text):
        parts.append(_bracketed(text[last : match.start()], version))
        parts.append(match.group())
        last = match.end()
    parts.append(_bracketed(text[last:], version))
    return "".join(parts)


def wants_ruby() -> bool:
    """Japanese interface and a reader with furigana on."""
    return furigana_active() and (get_language() or "ja").startswith("ja")


@register.filter(name="ui", is_safe=True)
def ui(value: object) -> SafeString:
    """`{{ _("Log in")|ui }}`: the UI string with ruby when the reader wants furigana."""
    if not wants_ruby():
        return conditional_escape("" if value is None else value)
    return ruby_for_ui(value)
