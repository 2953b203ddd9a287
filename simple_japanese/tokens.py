"""The one tokeniser: a process-wide fugashi Tagger over unidic-lite and a plain Token record.

MeCab's tagger is not safe to call from several threads at once, so each thread gets its own
Tagger (created lazily, once per thread). Everything downstream (furigana, rules, readability)
works from the list of `Token` that `tokenize` returns, so a text is analysed once.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import fugashi

_local = threading.local()
# MeCab stops at NUL and cannot encode lone surrogates; both are replaced by one U+FFFD for
# tagging only, so offsets into the caller's text stay exact.
_UNTAGGABLE = re.compile("[\x00\ud800-\udfff]")
CACHE_MAX_CHARS = 20_000


def tagger() -> fugashi.Tagger:
    """Return this thread's Tagger (unidic-lite), creating it on first use."""
    t = getattr(_local, "tagger", None)
    if t is None:
        t = fugashi.Tagger()
        _local.tagger = t
    return t


def _field(value: str | None) -> str:
    """UniDic leaves unknown fields as None or '*'; normalise both to ''."""
    if value is None or value == "*":
        return ""
    return value


@dataclass(frozen=True, slots=True)
class Token:
    """One UniDic morpheme with its offsets in the analysed text."""

    surface: str
    start: int
    end: int
    lemma: str  # dictionary form (UniDic lemma, e.g. 為る for し)
    orth_base: str  # written base form (e.g. する)
    kana: str  # reading in katakana as written (kana field), '' when unknown
    pron: str  # pronunciation in katakana
    pos1: str
    pos2: str
    pos3: str
    goshu: str  # 和 / 漢 / 外 / 混 / 固 / 記号 …
    c_type: str  # conjugation type
    c_form: str  # conjugation form
    unknown: bool  # not in the dictionary

    @property
    def is_content(self) -> bool:
        return self.pos1 in {"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞"}


def _make(word, start: int) -> Token:
    f = word.feature
    end = start + len(word.surface)
    return Token(
        surface=word.surface,
        start=start,
        end=end,
        lemma=_field(getattr(f, "lemma", None)),
        orth_base=_field(getattr(f, "orthBase", None)),
        kana=_field(getattr(f, "kana", None)),
        pron=_field(getattr(f, "pron", None)),
        pos1=_field(f.pos1),
        pos2=_field(f.pos2),
        pos3=_field(f.pos3),
        goshu=_field(getattr(f, "goshu", None)),
        c_type=_field(getattr(f, "cType", None)),
        c_form=_field(getattr(f, "cForm", None)),
        unknown=bool(word.is_unk),
    )


def tokenize(text: str) -> list[Token]:
    """Tokenise `text` into Tokens whose offsets index `text` exactly.

    MeCab drops white space between morphemes; offsets are recovered by searching forward for
    each surface so that callers can slice the original text (spaces and newlines included).
    """
    tokens: list[Token] = []
    pos = 0
    t = tagger()
    # MeCab treats a newline as ordinary white space; tokenising line by line keeps each
    # line's offsets exact and bounds the lattice size for huge inputs.
    for line in _UNTAGGABLE.sub("\ufffd", text).splitlines(keepends=True):
        line_start = pos
        cursor = 0
        for word in t(line):
            surface = word.surface
            if not surface:
                continue
            idx = line.find(surface, cursor)
            if idx < 0:  # should not happen; keep going without losing the text
                idx = cursor
            tokens.append(_make(word, line_start + idx))
            cursor = idx + len(surface)
        pos += len(line)
    return tokens


@lru_cache(maxsize=32)
def _tokenize_memo(text: str) -> tuple[Token, ...]:
    return tuple(tokenize(text))


def tokenize_cached(text: str) -> tuple[Token, ...]:
    """`tokenize` memoised for repeated page-sized texts (editor re-checks, furigana + analyze).

    Only texts up to CACHE_MAX_CHARS are kept, and only a few: the cache must not hold whole
    corpora in memory in a long-running worker.
    """
    if len(text) > CACHE_MAX_CHARS:
        return tuple(tokenize(text))
    return _tokenize_memo(text)


tokenize_cached.cache_clear = _tokenize_memo.cache_clear  # type: ignore[attr-defined]
