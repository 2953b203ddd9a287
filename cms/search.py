"""Site search that works for Japanese.

Japanese is written without spaces, and Wagtail's database backends (SQLite FTS5, PostgreSQL
full text) cut text into words at spaces and punctuation: a sentence would be one "word". So
each page also indexes `search_tokens` (EasyJapaneseMixin): its text cut into words by the
project's one tokeniser (through core/easyjp.py: fugashi + UniDic), with the dictionary form of
inflected words added (勉強しました → 勉強 し … する). Queries are cut the same way and all their
content words must match. English passes through the same tokeniser and keeps its words.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from core.choices import CEFR_LEVELS
from core.easyjp import query_terms
from core.widgets import LangAwareSelect

MAX_RESULTS = 50


def _topic_choices():
    from cms.snippets import Topic

    return [("", _("All topics"))] + [(t.slug, t.name_ja) for t in Topic.objects.all()]


def _level_choices():
    return [("", _("All levels"))] + list(CEFR_LEVELS)


class SearchForm(forms.Form):
    # Translators: ja: ことば
    q = forms.CharField(label=_("Keywords"), max_length=200, required=False)
    # Translators: ja: テーマ
    topic = forms.ChoiceField(label=_("Topic"), required=False, widget=LangAwareSelect)
    # Translators: ja: レベル
    level = forms.ChoiceField(label=_("Level"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = _topic_choices()
        self.fields["level"].choices = _level_choices()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("q", "").strip() or cleaned.get("topic") or cleaned.get("level")):
            # Translators: ja: ことばを 書いてください。
            raise forms.ValidationError(_("Write a word to search for."))
        cleaned["q"] = cleaned.get("q", "").strip()
        return cleaned


def _reader_locales() -> list[Locale]:
    locales = []
    try:
        locales.append(Locale.get_active())
    except (Locale.DoesNotExist, LookupError):
        pass
    try:
        default = Locale.get_default()
        if default not in locales:
            locales.append(default)
    except Locale.DoesNotExist:
        pass
    return locales


def search_pages(query: str, *, topic: str = "", level: str = "") -> list[Page]:
    """Live public pages matching every word of `query`, in the reader's language first.

    A page shows once: its translation in the reader's language where one exists, else the
    easy-Japanese original. With a topic or level only learning materials are searched.
    """
    from cms.models import MaterialPage, localized_pages

    locales = _reader_locales()
    if topic or level:
        base = MaterialPage.objects.live().public()
        if topic:
            base = base.filter(topics__slug=topic)
        if level:
            base = base.filter(level=level)
        allowed = set(base.values_list("translation_key", flat=True))
        queryset = Page.objects.live().public().filter(translation_key__in=allowed)
    else:
        queryset = Page.objects.live().public().filter(depth__gt=1)
    if locales:
        queryset = queryset.filter(locale__in=locales)
    if query:
        terms = query_terms(query)
        if not terms:
            return []
        pages = list(queryset.search(terms, operator="and")[:MAX_RESULTS])
    else:
        pages = list(queryset.order_by("title")[:MAX_RESULTS])
    active = locales[0] if locales else None
    seen: dict = {}
    for page in pages:
        key = page.translation_key
        if key not in seen or (active and page.locale_id == active.id):
            seen[key] = page
    ordered = [seen[key] for key in dict.fromkeys(p.translation_key for p in pages)]
    return localized_pages([page.specific for page in ordered])


SNIPPET_CHARS = 120


def snippet_text(page, query: str) -> str:
    """About SNIPPET_CHARS characters of the page's text (not its title) around the first
    query word found, else its beginning."""
    from core.checker import segments_from_page

    text = " ".join(
        segment.text.replace("\n", " ")
        for segment in segments_from_page(page, japanese_only=False)
        if segment.key != "title"
    ).strip()
    if len(text) <= SNIPPET_CHARS:
        return text
    lowered = text.lower()
    positions = [lowered.find(term.lower()) for term in (query or "").split() if term]
    found = [p for p in positions if p >= 0]
    start = max(min(found) - SNIPPET_CHARS // 3, 0) if found else 0
    piece = text[start : start + SNIPPET_CHARS]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_CHARS < len(text) else "")


def _reindex_original(sender, instance, **kwargs) -> None:
    """A translation went live or away: the easy-Japanese original indexes its words too."""
    from wagtail.search import index

    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return
    if instance.locale_id == default.id:
        return
    original = instance.get_translation_or_none(default)
    if original is not None:
        index.insert_or_update_object(original.specific)


def connect_signals() -> None:
    """Called from CmsConfig.ready()."""
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(_reindex_original, dispatch_uid="cms-search-translation-published")
    page_unpublished.connect(_reindex_original, dispatch_uid="cms-search-translation-unpublished")
