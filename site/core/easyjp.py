"""The one gateway from Django to the easy-Japanese engine (`simple_japanese`).

No other Django module imports `simple_japanese`: template tags, page models, the checker,
search and consumers call the functions here. This module owns

* the reading dictionary as the engine sees it (`reading_overrides()`, passed explicitly as
  the user dictionary of an immutable `Reader` built per dictionary version; nothing is set
  process-wide), and its version, bumped by a
  post_save/post_delete signal on `core.ReadingEntry` (connected in CoreConfig.ready());
* ruby: plain text or trusted HTML with furigana (`ruby_text`, `ruby_html`), and the render
  cache per page revision (`page_field_html`, `text_with_ruby`);
* the checker's analysis (`analyze_text`) and the tokeniser search uses (`tokens_for_index`,
  `query_terms`).

Render cache: text is stored as written; ruby is added when a page renders. The engine
tokenises every sentence, far too slow to repeat on every view of a long page, so each rendered
field is cached under a key made of everything that can change its HTML:

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
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, transaction
from django.db.models import Count, Max
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField
from wagtail.rich_text import RichText, expand_db_html

from core.sanitize import clean_html

VERSION_KEY = "core:readings:version"
OVERRIDES_KEY = "core:readings:{version}"
CACHE_TIMEOUT = 24 * 3600  # referenced images and documents may change under a revision
KEY_PREFIX = "core:ruby"
_KATAKANA_ONLY = re.compile(r"^[\u30a1-\u30fa\u30fc]+$")
# Parts of speech that carry no search meaning on their own.
FUNCTION_POS = {"助詞", "助動詞", "補助記号", "空白", "記号"}


# --- The reading dictionary -------------------------------------------------------------------


# The version, read once per request: every `|ui` string and ruby call asks for it (about 30
# times on a signed-in page), each a shared-cache read otherwise. A ContextVar, so it is per
# request under ASGI too (each request runs in its own context; asgiref carries it across
# the sync/async hops), never shared between requests as a thread-local or global would be.
_request_memo: ContextVar[dict[str, str] | None] = ContextVar("easyjp_request_memo", default=None)


@contextmanager
def request_memo() -> Iterator[None]:
    """Within it, `dictionary_version()` reads the shared cache once (core.middleware wraps
    every request in it). An edit of the dictionary inside it forgets the memo."""
    _request_memo.set({})
    try:
        yield
    finally:
        _request_memo.set(None)


def dictionary_version() -> str:
    """A token that changes whenever the dictionary changes (count and last edit)."""
    memo = _request_memo.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = _shared_dictionary_version()
    if memo is not None and version != "none":
        memo["version"] = version
    return version


def _shared_dictionary_version() -> str:
    from core.models import ReadingEntry

    version = cache.get(VERSION_KEY)
    if version is None:
        try:
            stats = ReadingEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        except DatabaseError:  # before migrate, or an outage: readings are not worth a 500
            return "none"
        last = stats["last"].timestamp() if stats["last"] else 0
        version = f"{stats['n']}-{last:.6f}"
        cache.set(VERSION_KEY, version, None)
    return version


_memo: dict[str, dict[str, str]] = {}


def reading_overrides() -> dict[str, str]:
    """{word: reading} for the furigana engine, cached per dictionary version.

    Kept in the shared cache (every worker sees an edit at once) and memoised in the process
    per version, so a page view costs one cache read, not a query and an unpickle.
    """
    from core.models import ReadingEntry

    version = dictionary_version()
    if version == "none":
        return {}
    if version in _memo:
        return _memo[version]
    key = OVERRIDES_KEY.format(version=version)
    overrides = cache.get(key)
    if overrides is None:
        overrides = dict(ReadingEntry.objects.values_list("word", "reading"))
        cache.set(key, overrides, CACHE_TIMEOUT)
    _memo.clear()  # one version at a time: the dictionary is small, old versions are dead
    _memo[version] = overrides
    return overrides


def dictionary_changed(sender=None, **kwargs) -> None:
    """post_save/post_delete of a ReadingEntry: a new version, so every cached ruby is stale.

    Now for this request, and again after commit: a reader in between may have cached the
    version computed from the old rows.
    """
    memo = _request_memo.get()
    if memo is not None:
        memo.clear()
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


def connect_signals() -> None:
    """Called from CoreConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from core.models import ReadingEntry

    post_save.connect(dictionary_changed, sender=ReadingEntry, dispatch_uid="easyjp-dict-save")
    post_delete.connect(dictionary_changed, sender=ReadingEntry, dispatch_uid="easyjp-dict-del")


# --- Ruby ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def base_reader() -> Any:
    """The deployment's Reader (settings.FURIGANA: Reader keyword arguments, e.g.
    ``{"packs": ["iwate"], "nippon": False}``), without the editors' dictionary."""
    from django.conf import settings

    from simple_japanese.furigana import Reader

    return Reader(**getattr(settings, "FURIGANA", {}))


@lru_cache(maxsize=4)
def _reader_for(items: frozenset) -> Any:
    return base_reader().with_user_dictionary(dict(items))


def reader() -> Any:
    """The Reader for this moment: the deployment's plus the reading dictionary's current
    version. Readers are immutable; one is built per dictionary version (cheap: they share
    the compiled tables) and an old version's falls out of the small cache."""
    overrides = reading_overrides()
    return _reader_for(frozenset(overrides.items())) if overrides else base_reader()


def ruby_text(text: str, *, min_level: str | None = None) -> str:
    """Plain text → escaped HTML with <ruby> on its kanji (reading dictionary applied)."""
    from simple_japanese.furigana import InputTooLong

    if not text:
        return ""
    try:
        return reader().furigana(str(text), min_level=min_level)
    except InputTooLong:  # beyond the engine's limit: the text is still shown, without ruby
        return str(conditional_escape(str(text)))


def ruby_html(html: str, *, min_level: str | None = None) -> str:
    """Trusted HTML → the same HTML with <ruby> in its text nodes (tags, attributes, links intact)."""
    from simple_japanese.furigana import InputTooLong

    if not html:
        return ""
    try:
        return reader().furigana_html(str(html), min_level=min_level)
    except InputTooLong:  # beyond the engine's limit: the HTML is still shown, without ruby
        return str(html)


def readings(text: str) -> list[tuple[str, str | None]]:
    """(surface, reading) pairs of `text` (None where no reading is needed), for readings in
    brackets in plain-text e-mails: 予約（よやく）."""
    return list(reader().readings(text))


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
    """The render-cache key of one field of one page revision (see the module docstring)."""
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


# --- Checker and search -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def rule_titles() -> dict[str, tuple[str, str]]:
    """Each checker rule's human title, (Japanese, English), by rule id: editors never read ids."""
    from simple_japanese.rules import ALL_RULES

    return {rule.id: (rule.title_ja, rule.title_en) for rule in ALL_RULES}


def analyze_text(text: str, *, target: str, known: Iterable[str] = ()) -> Any:
    """The engine's report (simple_japanese.report.Report) on `text` against a target level.

    The reading dictionary's words (names of places, people, organisations) and `known` words
    are never "hard".
    """
    from core import offload
    from simple_japanese import analyze

    user_dictionary = set(reading_overrides()) | {w for w in known if w}
    # In the worker process, with a time budget (core.offload): raises HeavyWorkError.
    return offload.run(analyze, text, target=target, user_dictionary=user_dictionary)


def _reading_for_index(token) -> str:
    """The token's reading in hiragana when its surface is not already that (地震 → じしん,
    テレビ → てれび), so a learner typing kana finds the word written in kanji or katakana."""
    from simple_japanese.furigana import to_hiragana

    if not token.kana:
        return ""
    reading = to_hiragana(token.kana)
    return "" if reading == token.surface else reading


def tokens_for_index(text: str) -> str:
    """Text → space-separated words for the search index: surface forms, dictionary forms, and
    readings in hiragana (so hiragana or katakana input finds kanji)."""
    from simple_japanese.tokens import tokenize

    words: list[str] = []
    for token in tokenize(text or ""):
        if token.pos1 in {"補助記号", "空白"} or not token.surface.strip():
            continue
        words.append(token.surface)
        if token.orth_base and token.orth_base != token.surface:
            words.append(token.orth_base)
        reading = _reading_for_index(token)
        if reading and token.pos1 not in FUNCTION_POS:
            words.append(reading)
    return " ".join(words)


def query_terms(query: str) -> str:
    """A reader's query → the words that must all appear (particles and endings dropped)."""
    from simple_japanese.tokens import tokenize

    tokens = [
        t for t in tokenize(query or "") if t.surface.strip() and t.pos1 not in {"補助記号", "空白"}
    ]
    content = [t for t in tokens if t.pos1 not in FUNCTION_POS]
    chosen = content or tokens
    from simple_japanese.furigana import to_hiragana

    terms: list[str] = []
    for token in chosen:
        # Verbs and adjectives are matched by their dictionary form, which the index also holds.
        word = (
            token.orth_base
            if token.pos1 in {"動詞", "形容詞"} and token.orth_base
            else token.surface
        )
        if _KATAKANA_ONLY.match(word):
            # The index holds every word's reading in hiragana: ジシン finds 地震.
            word = to_hiragana(word)
        if word not in terms:
            terms.append(word)
    return " ".join(terms)


# --- ASCII slugs --------------------------------------------------------------------------------

SLUG_MAX = 80
# Parts of speech that belong to the word before them (し-方, 知ら-せ, 日本-語).
_ATTACHED_POS = {"接尾辞", "助動詞"}
_SINGLE_KANJI = re.compile(r"^[\u3400-\u9fff]$")


def _token_readings(text: str, tokens: list) -> list[str]:
    """Each token's reading in hiragana: the Reader's (editors' dictionary applied) where its
    ruby segments line up with the token, the tagger's otherwise (日本 → にほん, not にっぽん)."""
    from simple_japanese.furigana import to_hiragana

    segment_reading: dict[tuple[int, int], str] = {}
    position = 0
    for surface, reading in reader().readings(text):
        segment_reading[(position, position + len(surface))] = reading or surface
        position += len(surface)
    return [
        to_hiragana(segment_reading.get((t.start, t.end)) or t.kana or t.surface) for t in tokens
    ]


def romaji_slug(text: str, *, max_length: int = SLUG_MAX) -> str:
    """An ASCII slug from Japanese (or any) text: 盛岡の日本語教室 → morioka-no-nihongo-kyoshitsu.

    Words are the tagger's, with suffixes, auxiliaries, verb endings and a single-kanji noun
    after a noun kept with the word before; spaces and punctuation end a word. Readings are
    Hepburn romaji (core/data/kana_romaji.tsv; particles as pronounced: は → wa, へ → e).
    Returns "" when nothing readable is left.
    """
    from django.utils.text import slugify

    from core.romaji import kana_to_romaji

    text = text or ""
    tokens = [t for t in _tokens(text) if t.surface.strip()]
    readings = _token_readings(text, tokens)
    words: list[tuple[str, bool]] = []  # (kana, read from kanji)
    previous = None
    for token, reading in zip(tokens, readings, strict=True):
        if token.pos1 in {"補助記号", "空白", "記号"}:
            previous = None  # punctuation ends a word
            continue
        if token.pos1 == "助詞" and token.pron:
            reading = _pron_kana(token.pron)
        from_kanji = token.surface != reading
        attached = (
            previous is not None
            and previous.end == token.start  # a space ends a word too
            and (
                token.pos1 in _ATTACHED_POS
                or previous.pos1 == "接頭辞"
                or (token.pos1 == previous.pos1 == "名詞" and _SINGLE_KANJI.match(token.surface))
                or (previous.pos1 in {"動詞", "形容詞"} and token.pos2 == "接続助詞")
            )
        )
        if attached:
            kana, kanji = words[-1]
            words[-1] = (kana + reading, kanji or from_kanji)
        else:
            words.append((reading, from_kanji))
        previous = token
    romaji = [kana_to_romaji(kana, shorten_long_vowels=kanji) for kana, kanji in words]
    slug = slugify("-".join(w for w in romaji if w), allow_unicode=False)
    return slug[:max_length].strip("-")


def _tokens(text: str) -> list:
    from simple_japanese.tokens import tokenize

    return list(tokenize(text))


def _pron_kana(pron: str) -> str:
    """A particle's pronunciation (katakana, ー for a long vowel) in hiragana: ワ → わ."""
    from simple_japanese.furigana import to_hiragana

    return to_hiragana(pron)
