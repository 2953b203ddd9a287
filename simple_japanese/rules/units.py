"""Word units and explained terms: what the vocabulary rules judge as one word.

Why: UniDic splits many compounds a reader sees as one word (避難|所, 気象|庁, 熱中|症,
在留|カード). Judged piece by piece, 熱中 came out "hard (N1: enthusiasm)" and 避難所 collected
two findings. A *unit* is a run of adjacent noun tokens written all in kanji or all in katakana
(a kanji prefix may open it, kanji suffixes 庁 所 症 may close it); the vocabulary rules judge
the unit once, with one suggestion.

An *explained term* is a hard word the text explains, as the guidelines ask (HIR; 静岡県;
NHK NEWS WEB EASY): a gloss in brackets right after it (避難所（みんなが にげる ところ）), a
definition sentence (熱中症は、暑さで 体の 具合が 悪く なる 病気です / 「避難」は「にげる」という
意味です), or a term in the page's vocabulary block (`analyze(..., glossary=...)`). Such a term
is reported once as `explained-term` (info) and never as a hard word.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from simple_japanese.lexicon import KANA_ONLY, to_hiragana
from simple_japanese.rules.base import HAN, Context
from simple_japanese.tokens import Token

_ALL_KANJI = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+$")
_ALL_KATAKANA = re.compile(r"^[ァ-ヺー]+$")


@dataclass(frozen=True, slots=True)
class Unit:
    """Tokens first..last (inclusive, indices into ctx.tokens) read as one word."""

    first: int
    last: int
    start: int
    end: int
    text: str


def _unit_part(t: Token, opening: bool) -> bool:
    if t.pos2 == "数詞" or t.pos1 not in ("名詞", "接尾辞", "接頭辞"):
        return False
    if t.pos1 == "接頭辞" and not opening:
        return False
    return bool(_ALL_KANJI.match(t.surface) or _ALL_KATAKANA.match(t.surface))


def word_units(ctx: Context) -> list[Unit]:
    """Runs of two or more adjacent noun tokens, each all kanji or all katakana (memoised)."""
    cached = ctx.memo.get("units")
    if cached is not None:
        return cached  # type: ignore[return-value]
    units: list[Unit] = []
    toks = ctx.tokens
    i, n = 0, len(toks)
    while i < n:
        if not _unit_part(toks[i], True):
            i += 1
            continue
        j = i
        while j + 1 < n and toks[j + 1].start == toks[j].end and _unit_part(toks[j + 1], False):
            j += 1
        if j > i and toks[j].pos1 != "接頭辞":
            units.append(
                Unit(i, j, toks[i].start, toks[j].end, ctx.text[toks[i].start : toks[j].end])
            )
        i = j + 1
    ctx.memo["units"] = units
    return units


def unit_ending_at(ctx: Context, end: int) -> Unit | None:
    units = word_units(ctx)
    ends = ctx.memo.get("unit_ends")
    if ends is None:
        ends = [u.end for u in units]
        ctx.memo["unit_ends"] = ends
    k = bisect.bisect_left(ends, end)  # type: ignore[call-overload]
    return units[k] if k < len(units) and units[k].end == end else None


_OPEN = "（("
_CLOSE = "）)"
_GLOSS = re.compile(r"[（(]([^（()）\n]{1,60})[)）]")
# A definition sentence, spaces of 分かち書き removed: 「X」は … (の)こと/ところ/病気 … です。
_DEFINITION = re.compile(
    r"^[「『]?(?P<term>[^、。「」『』\s]{2,15}?)[」』]?(?:とは|というのは|って|は)、?"
    r".{2,80}?(?:という(?:こと|意味)|こと|ところ|もの|人|病気|場所|意味|お金|紙|カード|地図|建物)"
    r"です[。．!！]?$"
)


def _reading_of(ctx: Context, start: int, end: int) -> str:
    return to_hiragana("".join(t.kana for t in ctx.tokens_in(start, end)))


def _term_before(ctx: Context, pos: int) -> tuple[int, str] | None:
    """The word that ends at `pos` (a unit, else a content token), as (start, text)."""
    unit = unit_ending_at(ctx, pos)
    if unit is not None:
        return unit.start, unit.text
    toks = ctx.tokens_in(pos - 1, pos)
    if toks and toks[-1].end == pos and toks[-1].pos1 in ("名詞", "動詞", "形容詞", "形状詞"):
        t = toks[-1]
        return t.start, ctx.text[t.start : t.end]
    return None


def explained_terms(ctx: Context) -> dict[str, int]:
    """Term → offset where the text (or the glossary) explains it first (memoised)."""
    cached = ctx.memo.get("explained")
    if cached is not None:
        return cached  # type: ignore[return-value]
    terms: dict[str, int] = {}
    text = ctx.text
    for term in ctx.settings.explained_terms:
        at = text.find(term)
        if at >= 0:
            terms.setdefault(term, at)
    if "（" in text or "(" in text:
        for m in _GLOSS.finditer(text):
            gloss = m.group(1).strip()
            pos = m.start()
            # 避難所(ひなんじょ)（みんなが にげる ところ）: skip the reading before the gloss.
            before = next((r for r in ctx.readings if r.end == pos and r.start != pos), None)
            word_end = before.base_end if before is not None else pos
            found = _term_before(ctx, word_end)
            if found is None:
                continue
            start, term = found
            plain = gloss.replace(" ", "").replace("\u3000", "")
            if KANA_ONLY.match(plain) and to_hiragana(plain) == _reading_of(ctx, start, word_end):
                continue  # 地震（じしん）: furigana, not a gloss
            terms.setdefault(term, start)
    for sent in ctx.sentences:
        flat = sent.clean.replace(" ", "").replace("\u3000", "")
        dm = _DEFINITION.match(flat)
        term = dm.group("term") if dm else ""
        if HAN.search(term) or _ALL_KATAKANA.match(term):
            at = text.find(term, sent.start)
            if 0 <= at < sent.end:
                terms.setdefault(term, at)
    ctx.memo["explained"] = terms
    return terms


def explained_spans(ctx: Context) -> list[tuple[int, int]]:
    """Every occurrence of an explained term in the text, sorted (memoised)."""
    cached = ctx.memo.get("explained_spans")
    if cached is not None:
        return cached  # type: ignore[return-value]
    spans: list[tuple[int, int]] = []
    for term in explained_terms(ctx):
        at = ctx.text.find(term)
        while at >= 0:
            spans.append((at, at + len(term)))
            at = ctx.text.find(term, at + len(term))
    spans.sort()
    ctx.memo["explained_spans"] = spans
    return spans


def is_explained(ctx: Context, start: int, end: int) -> bool:
    """True when text[start:end] lies inside an occurrence of an explained term."""
    spans = explained_spans(ctx)
    if not spans:
        return False
    k = bisect.bisect_right(spans, (start, float("inf"))) - 1
    while k >= 0 and spans[k][0] <= start:
        if spans[k][1] >= end:
            return True
        k -= 1
    return False
