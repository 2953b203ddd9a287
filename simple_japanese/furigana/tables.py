"""A Reader's compiled tables and its morph records (segmentation).

A text's morphs are three parallel lists (`Seq`): one record per token, shared by every
occurrence of the same morpheme (word + features: split and classified once, then cached per
`Tables`), and the start and end offsets. Building fugashi's node objects, a Token dataclass or
even one tuple per token costs more than the whole furigana pass.

Record fields (indices): surface, length with the white space before it, kana, pos1, pos2,
lemma, pos3, what the walk must look at (`look` bits), the ruby parts of a kanji word read as
it stands relative to its start (`plain`, else None), and its HTML (else None).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from sys import intern

from simple_japanese.furigana.chars import DIGITS, HAS_KANJI, HTML_SPECIAL, align, to_hiragana
from simple_japanese.furigana.data import Knowledge
from simple_japanese.tokens import Token, morphemes

S, W, K, P1, P2, L, P3, F, A, H = range(10)
B, E = 10, 11  # start and end, after the record in a morph tuple (`Seq.__getitem__`)
OVR = "\x00override"  # pos1 of pseudo-morphs made from user overrides (reading in K)

KDIGIT = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
NUM_FIRST = frozenset(DIGITS) | frozenset(KDIGIT) | frozenset("十百千何")

#: surfaces a context rule decides (rules.py); a word with one of them is never cached as plain
RULE_SURFACES = frozenset(
    {
        "日",
        "袋",
        "会社",
        "人",
        "北上",
        "中",
        "所",
        "方",
        "何",
        "米",
        "一日",
        "市場",
        "種",
        "山",
        "岳",
        "川",
        "通り",
        "明日",
    }
)


class Seq:
    """The morphs of one text: records `r`, starts `b`, ends `e`.

    The walk reads the lists directly; context rules index it like a list of morph tuples
    (``morphs[i][B]``), and ``morphs[j:k] = other`` replaces a run of morphs (re-reading).
    """

    __slots__ = ("r", "b", "e", "version")

    def __init__(self, r: list[tuple], b: list[int], e: list[int]) -> None:
        self.r, self.b, self.e = r, b, e
        self.version = 0  # bumped on every replacement, so the walk knows to look again

    def __len__(self) -> int:
        return len(self.r)

    def __getitem__(self, i: int) -> tuple:
        return (*self.r[i], self.b[i], self.e[i])

    def __setitem__(self, where: slice, other: Seq) -> None:
        self.r[where] = other.r
        self.b[where] = other.b
        self.e[where] = other.e
        self.version += 1


class WordDict:
    """Longest match by dict lookup per candidate length (scales to thousands of entries)."""

    __slots__ = ("table", "lengths", "first_re", "first", "heads", "html_safe")

    def __init__(self, mapping: Mapping[str, str]):
        self.table = {k: to_hiragana(v) for k, v in mapping.items() if k and v}
        # readings that need no HTML escaping (a caller's dictionary could hold anything)
        self.html_safe = not any(HTML_SPECIAL.search(v) for v in self.table.values())
        self.lengths = sorted({len(k) for k in self.table}, reverse=True)
        self.first = frozenset(k[0] for k in self.table)
        self.heads = frozenset(k[:2] for k in self.table)
        chars = "".join(sorted(self.first))
        self.first_re = re.compile("[" + re.escape(chars) + "]") if chars else None

    def longest_at(self, text: str, pos: int) -> tuple[int, str] | None:
        table = self.table
        for n in self.lengths:
            r = table.get(text[pos : pos + n])
            if r is not None and pos + n <= len(text):
                return pos + n, r
        return None

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """Non-overlapping leftmost-longest matches."""
        out: list[tuple[int, int, str]] = []
        if self.first_re is None:
            return out
        last = 0
        for m in self.first_re.finditer(text):
            p = m.start()
            if p < last:
                continue
            hit = self.longest_at(text, p)
            if hit:
                out.append((p, hit[0], hit[1]))
                last = hit[0]
        return out


def _star(v: str) -> str:
    return "" if v == "*" else v


def _safe_char(m: re.Match) -> str:
    # MeCab stops at NUL (a space is skipped like one) and cannot encode lone surrogates;
    # same-length stand-ins keep every offset exact
    return " " if m.group() == "\x00" else "\ufffd"


class Tables:
    """Compiled knowledge for one configuration (packs + house style), with its caches.

    Immutable in what it answers: the caches only remember answers (bounded, emptied when
    full), so one instance is shared by every Reader with the same configuration and by
    every thread (dict and lru_cache operations are atomic under the GIL).
    """

    def __init__(
        self,
        k: Knowledge,
        phrases: Mapping[str, str],
        surface: Mapping[str, str],
        source: Mapping[str, str],
    ):
        self.k = k
        self.phrases = WordDict(phrases)
        # every built-in phrase is at least two characters long: its first two are a cheap test
        if self.phrases.table and min(map(len, self.phrases.table)) < 2:
            raise ValueError("a phrase must be at least two characters long")
        self.phrase_source = dict(source)  # phrase → where it comes from ("phrases", "pack:iwate")
        self.surface = dict(surface)
        self.lemma_keys = frozenset(k.lemma_prefix) | {"開く"}
        # a word glued to one of these may be a place's name (空想|町, 最上|川): looked up
        self.place_suffixes = frozenset({"市", "町", "村", "区", "郡", "駅"}) | frozenset(
            k.name_suffixes
        )
        self.counter_lengths = sorted({len(c) for c in k.counter_base}, reverse=True)
        self.morph_cache: dict[str, tuple] = {}
        self.word_extras = lru_cache(maxsize=8192)(self._word_extras)
        self.fragment_rel = lru_cache(maxsize=4096)(self._fragment_rel)

    def cache_clear(self) -> None:
        """Forget every remembered word (features, ruby, HTML, fragments) and aligned reading."""
        self.morph_cache.clear()
        self.word_extras.cache_clear()
        self.fragment_rel.cache_clear()
        align.cache_clear()

    # --- records -------------------------------------------------------------------------

    def _look(self, surface: str) -> int:
        """What the walk must check on a token, as bits: 1 = it has kanji, 2 = it may start a
        number, 4 = it may start a phrase; 0 (kana, punctuation, Latin) = nothing."""
        if not surface:
            return 0
        c0 = surface[0]
        if len(surface) == 1:
            phrase = c0 in self.phrases.first
        else:  # a phrase that starts here starts with this token's first two characters
            phrase = surface[:2] in self.phrases.heads
        return (
            (4 if phrase else 0)
            | (2 if c0 in NUM_FIRST else 0)
            | (1 if HAS_KANJI.search(surface) else 0)
        )

    def _word_extras(self, surface: str, kana: str, lemma: str, pos2: str) -> tuple:
        """(look, plain parts, plain HTML) of a word. Plain parts: for a kanji word that no
        context rule reads (nothing but its own reading), its ruby relative to its start; None
        when the walk has to decide in context (a rule, a proper noun that may be a name)."""
        look = self._look(surface)
        if (
            not look & 1
            or surface in RULE_SURFACES
            or lemma in self.lemma_keys
            or pos2 == "固有名詞"
            or surface in self.k.compounds
            or surface in self.k.name_suffixes
        ):
            plain = None
        else:
            reading = self.surface.get(surface) or kana
            plain = align(surface, reading) if reading else ()
        return look, plain, _plain_html(surface, plain)

    def _morph_fields(self, f: list[str]) -> tuple:
        """(kana, pos1, pos2, lemma, pos3, look, plain, html) from the tagger's fields
        (tokens.NFIELDS); computed once per distinct morpheme."""
        surface, kana, lemma = f[1], _star(f[2]), _star(f[3])
        pos2 = intern(_star(f[4]))
        return (
            kana,
            intern(_star(f[12])),
            pos2,
            lemma,
            intern(_star(f[5])),
            *self.word_extras(surface, kana, lemma, pos2),
        )

    def morphs(self, text: str) -> Seq:
        """Tokenise like tokens.tokenize (line by line, exact offsets) into a `Seq`."""
        return Seq(*morphemes(text, self.morph_cache, self._morph_fields, _safe_char))

    def _fragment_rel(self, fragment: str) -> Seq:
        return self.morphs(fragment)  # never modified: `fragment` copies it

    def fragment(self, fragment: str, offset: int) -> Seq:
        """Tokenise a piece cut out of a token (after an override or a counter split)."""
        if not fragment:
            return Seq([], [], [])
        rel = self.fragment_rel(fragment)
        return Seq(list(rel.r), [x + offset for x in rel.b], [x + offset for x in rel.e])

    def from_tokens(self, tokens: Sequence[Token], offset: int = 0) -> Seq:
        """Morphs from `tokens`, with offsets `offset` less than the tokens' own."""
        r = [
            (
                t.surface,
                len(t.surface),
                t.kana,
                t.pos1,
                t.pos2,
                t.lemma,
                t.pos3,
                *self.word_extras(t.surface, t.kana, t.lemma, t.pos2),
            )
            for t in tokens
        ]
        return Seq(r, [t.start - offset for t in tokens], [t.end - offset for t in tokens])


def _plain_html(surface: str, plain: tuple | None) -> str | None:
    """The HTML `furigana` writes for a word read as it stands ('' when it has no ruby), or
    None when it cannot be cached (no fixed reading, or characters that need escaping)."""
    if plain is None or HTML_SPECIAL.search(surface):
        return None  # (readings of our own are kana: nothing to escape)
    out = []
    last = 0
    for a, b, r in plain:
        out.append(f"{surface[last:a]}<ruby>{surface[a:b]}<rt>{r}</rt></ruby>")
        last = b
    return "".join(out) + surface[last:] if out else ""
