"""Furigana at render time, cached per revision.

Text is stored as the editor wrote it; ruby is added when a page renders. The engine
(simple_japanese.furigana) tokenises every sentence, which is far too slow to repeat on every
view of a long page, so each rendered field is cached under a key made of everything that can
change its HTML:

    page id · live revision · field · furigana level · reading-dictionary version · language
    · a hash of the stored value

The hash makes the key exact even for a preview (an unsaved page with the old revision id) or a
page saved without a revision; the revision and dictionary version make the entries of an old
revision unreachable at once. The reader's furigana on/off choice is not in the key: the ruby is
always in the HTML and `html.furigana-off rt { display: none }` hides it (see core/preferences).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText, expand_db_html

from cms.snippets import dictionary_version, reading_overrides
from core.sanitize import clean_html

CACHE_TIMEOUT = 24 * 3600  # referenced images and documents may change under a revision
KEY_PREFIX = "cms:ruby"


def ruby_text(text: str, *, min_level: str | None = None) -> str:
    """Plain text → escaped HTML with <ruby> on its kanji (reading dictionary applied)."""
    from simple_japanese.furigana import furigana

    if not text:
        return ""
    return furigana(str(text), min_level=min_level, overrides=reading_overrides())


def ruby_html(html: str, *, min_level: str | None = None) -> str:
    """Trusted HTML → the same HTML with <ruby> in its text nodes (tags, attributes, links intact)."""
    from simple_japanese.furigana import furigana_html

    if not html:
        return ""
    return furigana_html(str(html), min_level=min_level, overrides=reading_overrides())


def _source_digest(value: Any) -> str:
    """A short hash of the stored value (not its rendering, which is what we want to skip)."""
    if isinstance(value, StreamValue):
        raw = json.dumps(value.get_prep_value(), ensure_ascii=False, sort_keys=True, default=str)
    elif isinstance(value, RichText):
        raw = value.source
    else:
        raw = "" if value is None else str(value)
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=10).hexdigest()


def cache_key(page, field_name: str, value: Any, min_level: str | None) -> str:
    revision = (
        getattr(page, "live_revision_id", None) or getattr(page, "latest_revision_id", None) or 0
    )
    return ":".join(
        [
            KEY_PREFIX,
            str(page.pk or 0),
            str(revision),
            field_name,
            min_level or "all",
            dictionary_version(),
            get_language() or "ja",
            _source_digest(value),
        ]
    )


def _render_value(page, field_name: str, value: Any) -> tuple[str, bool]:
    """The field as HTML without ruby, and whether it is HTML (True) or plain text (False)."""
    if isinstance(value, StreamValue):
        # Block templates depend on the block values only (no request), so the result caches.
        return str(value.render_as_block(context={"page": page})), True
    if isinstance(value, RichText):
        return clean_html(str(value)), True
    try:
        field = page._meta.get_field(field_name)
    except FieldDoesNotExist:
        field = None
    if isinstance(field, RichTextField):
        return clean_html(expand_db_html(value or "")), True
    return "" if value is None else str(value), False


def page_field_html(page, field_name: str) -> SafeString:
    """`page.<field_name>` rendered with furigana, from the cache when this revision was seen."""
    value = getattr(page, field_name)
    min_level = page.get_furigana_level() if hasattr(page, "get_furigana_level") else None
    key = cache_key(page, field_name, value, min_level)
    html = cache.get(key)
    if html is None:
        source, is_html = _render_value(page, field_name, value)
        html = (
            ruby_html(source, min_level=min_level)
            if is_html
            else ruby_text(source, min_level=min_level)
        )
        cache.set(key, html, CACHE_TIMEOUT)
    return mark_safe(html)


def text_with_ruby(text: str, *, min_level: str | None = None, cache_it: bool = True) -> SafeString:
    """Short texts not tied to a page field (topic names, banner titles), cached by content."""
    if not text:
        return mark_safe("")
    if not cache_it:
        return mark_safe(ruby_text(text, min_level=min_level))
    digest = hashlib.blake2b(str(text).encode("utf-8"), digest_size=10).hexdigest()
    key = f"{KEY_PREFIX}:text:{min_level or 'all'}:{dictionary_version()}:{digest}"
    html = cache.get(key)
    if html is None:
        html = ruby_text(text, min_level=min_level)
        cache.set(key, html, CACHE_TIMEOUT)
    return mark_safe(html)


def html_with_ruby(html: Any, *, min_level: str | None = None) -> SafeString:
    """Uncached: trusted HTML (already escaped where needed) with ruby."""
    return mark_safe(ruby_html(str(conditional_escape(html)), min_level=min_level))
