"""What every rule shares: the Context it reads, the Rule base class, token helpers.

A rule never tokenises: `analyze` tokenises the text once and hands each rule a Context with the
tokens (inline readings 漢字(かんじ) already removed), the sentences, a "clean" copy of the text
without inline readings for pattern rules, and the Settings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from simple_japanese.config import Settings, Severity
from simple_japanese.lexicon import base_lemma
from simple_japanese.report import Finding, RuleInfo
from simple_japanese.sentences import InlineReading
from simple_japanese.tokens import Token, tokenize

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
KATAKANA_WORD = re.compile(r"^[ァ-ヺー・]+$")
_SMALL_KANA = dict.fromkeys(
    map(ord, "ャュョァィゥェォヮゃゅょぁぃぅぇぉゎ")
)  # translate() deletes them


@dataclass
class SentenceView:
    """One sentence as the rules see it."""

    index: int
    start: int
    end: int
    text: str  # the original slice (may contain inline readings)
    clean: str  # the same sentence without inline readings
    clean_start: int  # where `clean` starts in Context.clean_text
    tokens: list[Token] = field(default_factory=list)
    chars: int = 0  # visible characters of `clean`
    morae: int = 0
    kanji: int = 0
    memo: dict[str, object] = field(default_factory=dict)  # per-sentence results rules share

    def __post_init__(self) -> None:
        self.chars = visible_chars(self.clean)
        self.morae = morae_of(self.tokens)
        self.kanji = kanji_count(self.clean)


@dataclass
class Context:
    """Everything a rule may read. Built once per analysis by `analyze`."""

    text: str
    tokens: list[Token]
    sentences: list[SentenceView]
    settings: Settings
    readings: list[InlineReading]
    clean_text: str
    clean_to_orig: list[int]  # clean_text index → text index (len(clean_text)+1 entries)
    # clean_text without the spaces of 分かち書き (おそれが あります → おそれがあります), for
    # phrase patterns; flat_to_orig maps back like clean_to_orig.
    flat_text: str = ""
    flat_to_orig: list[int] = field(default_factory=list)
    # Visible characters of the whole text when it is analysed in chunks (text-length), else None.
    total_chars: int | None = None
    # Results rules share within one analysis (word units, explained terms), by key.
    memo: dict[str, object] = field(default_factory=dict)
    _sentence_starts: list[int] = field(default_factory=list)
    _token_starts: list[int] = field(default_factory=list)
    # Starts of tokens inside an occurrence of a user-dictionary word that UniDic splits into
    # several tokens (避難所 = 避難 + 所): the word is known as a whole, so are its parts.
    _user_word_tokens: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.sentences]
        self._token_starts = [t.start for t in self.tokens]
        self._user_word_tokens = self._tokens_in_user_words()

    def _tokens_in_user_words(self) -> frozenset[int]:
        covered: set[int] = set()
        for word in self.settings.user_dictionary:
            if len(word) < 2:
                continue
            at = self.text.find(word)
            while at >= 0:
                end = at + len(word)
                covered.update(
                    t.start for t in self.tokens_in(at, end) if t.start >= at and t.end <= end
                )
                at = self.text.find(word, end)
        return frozenset(covered)

    def known_word(self, t: Token) -> bool:
        """True for a token the reader is taken to know through the user dictionary."""
        words = self.settings.user_dictionary
        return bool(words) and (
            t.start in self._user_word_tokens
            or t.surface in words
            or t.orth_base in words
            or base_lemma(t.lemma) in words
        )

    def tokens_in(self, start: int, end: int) -> list[Token]:
        """Tokens overlapping text[start:end]."""
        i = max(0, bisect.bisect_right(self._token_starts, start) - 1)
        out = []
        while i < len(self.tokens) and self.tokens[i].start < end:
            if self.tokens[i].end > start:
                out.append(self.tokens[i])
            i += 1
        return out

    def orig(self, clean_offset: int) -> int:
        """Offset in `text` of an offset in `clean_text`."""
        return self.clean_to_orig[clean_offset]

    def flat_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in `text` of a match [start, end) in `flat_text`."""
        return self.flat_to_orig[start], self.flat_to_orig[
            end - 1
        ] + 1 if end > start else self.flat_to_orig[start]

    def sentence_at(self, offset: int) -> int | None:
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None

    def has_reading(self, start: int, end: int) -> bool:
        """True when kanji in text[start:end] carry an inline reading right after them."""
        return any(r.base_start < end and start < r.base_end for r in self.readings)


class Rule:
    """A rule: an id, a default severity, bilingual titles, a source, and `check`."""

    id: str = ""
    severity: Severity = "warning"
    title_en: str = ""
    title_ja: str = ""
    source: str = ""
    threshold: str = ""  # how the Settings drive it, for the README's table

    def check(self, ctx: Context) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

    def info(self) -> RuleInfo:
        return RuleInfo(self.id, self.title_en, self.title_ja)

    def found(
        self,
        ctx: Context,
        start: int,
        end: int,
        message_ja: str,
        message_en: str,
        suggestion: str | None = None,
        severity: Severity | None = None,
        *,
        whole_text: bool = False,
    ) -> Finding:
        """Build a Finding with the severity the Settings give this rule."""
        default = severity or self.severity
        sev = ctx.settings.severity_overrides.get(self.id, default)
        return Finding(
            rule=self.id,
            severity=sev,
            start=start,
            end=end,
            message_ja=message_ja,
            message_en=message_en,
            suggestion=suggestion,
            sentence=None if whole_text else ctx.sentence_at(start),
        )


# --- token helpers -------------------------------------------------------------------------

SYMBOL_POS = frozenset({"補助記号", "記号", "空白"})


def is_symbol(t: Token) -> bool:
    return t.pos1 in SYMBOL_POS


def is_number(t: Token) -> bool:
    return t.pos2 == "数詞" or t.surface.strip("0123456789０-９,，.．") == ""


def mora_count(t: Token) -> int:
    """Morae of a token from its kana reading (small ャュョ not counted).

    Tokens without a reading (digits, Latin letters, unknown words) count one mora a character,
    two a digit, which is close enough for a sentence total.
    """
    if is_symbol(t):
        return 0
    kana = t.kana
    if kana:
        return len(kana.translate(_SMALL_KANA))
    return sum(2 if ch.isdigit() else 1 for ch in t.surface if not ch.isspace())


def morae_of(tokens: Sequence[Token]) -> int:
    """mora_count summed over tokens, in one pass over their joined readings."""
    kana = "".join([t.kana for t in tokens if t.pos1 not in SYMBOL_POS])
    total = len(kana.translate(_SMALL_KANA))
    for t in tokens:
        if not t.kana and t.pos1 not in SYMBOL_POS:
            total += mora_count(t)
    return total


def visible_chars(text: str) -> int:
    """Characters a reader sees: white space does not count."""
    return len(text) - sum(text.count(ch) for ch in _SPACES if ch in text)


_SPACES = (" ", "\u3000", "\n", "\t", "\r")


def kanji_count(text: str) -> int:
    return len(HAN.findall(text))


def span_text(tokens: Sequence[Token], text: str) -> str:
    return text[tokens[0].start : tokens[-1].end] if tokens else ""


# --- conjugation, for concrete suggestions ---------------------------------------------------

_GODAN_I = dict(zip("うくぐすつぬぶむる", "いきぎしちにびみり", strict=True))
_GODAN_TE = {
    "う": "って",
    "つ": "って",
    "る": "って",
    "く": "いて",
    "ぐ": "いで",
    "す": "して",
    "ぬ": "んで",
    "ぶ": "んで",
    "む": "んで",
}


@lru_cache(maxsize=4096)
def _conj_type(verb: str) -> str:
    """Conjugation type of a dictionary-form verb, asked of UniDic itself (cached here: the
    shared tokenize_cached LRU is for whole texts)."""
    toks = tokenize(verb)
    return toks[-1].c_type if toks else ""


def masu_stem(verb: str, c_type: str = "") -> str:
    """食べる → 食べ, 行く → 行き, する → し, 確認する → 確認し (the stem before ます)."""
    if not verb:
        return verb
    c_type = c_type or _conj_type(verb)
    if verb.endswith("する"):
        return verb[:-2] + "し"
    if verb in ("来る", "くる"):
        return "来" if verb == "来る" else "き"
    if c_type.startswith("五段") and verb[-1] in _GODAN_I:
        return verb[:-1] + _GODAN_I[verb[-1]]
    if verb.endswith("る"):
        return verb[:-1]
    return verb


def te_form(verb: str, c_type: str = "") -> str:
    """食べる → 食べて, 行く → 行って, 読む → 読んで."""
    if not verb:
        return verb
    c_type = c_type or _conj_type(verb)
    if verb.endswith("する"):
        return verb[:-2] + "して"
    if verb in ("来る", "くる"):
        return verb[:-1] + "て" if verb == "来る" else "きて"
    if verb.endswith(("行く", "いく")):
        return verb[:-1] + "って"
    if c_type.startswith("五段") and verb[-1] in _GODAN_TE:
        return verb[:-1] + _GODAN_TE[verb[-1]]
    if verb.endswith("る"):
        return verb[:-1] + "て"
    return verb + "て"


def first_choice(words: str) -> str:
    """'いる / 来る / 行く' → 'いる'."""
    return words.split("/")[0].strip()
