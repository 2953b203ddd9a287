"""Numbers with counters: sound changes on the counter (3本 ぼん, 6分 ぷん), irregular readings
that take the digits inside the ruby (1日 ついたち, 2人 ふたり), kanji numerals (三本 さんぼん).

The counters and their forms are data (counters.tsv, counter_irregular.tsv, numeral_forms.tsv,
counter_suffix.tsv); the arithmetic of reading a number is code.
"""

from __future__ import annotations

import re
from functools import lru_cache

from simple_japanese.furigana.chars import DIGIT_VALUE, HAS_KANJI, align, aligned
from simple_japanese.furigana.tables import KDIGIT, P1, P2, P3, K, S, Seq, Tables

NUM_GROUP = "[0-9０-９]+(?:[,，][0-9０-９]{3})*"
NUM_RE = re.compile(f"{NUM_GROUP}(?:[.．][0-9０-９]+)?(?:[兆億万千百]{NUM_GROUP})*[兆億万千百]?")
KNUM_RE = re.compile("[〇一二三四五六七八九十百千万億兆]+|何")
_NUM_PART_RE = re.compile(f"({NUM_GROUP}(?:[.．][0-9０-９]+)?)|([兆億万千百])")
_KSMALL = {"十": 10, "百": 100, "千": 1000}
_KBIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
UNITS = {"兆": 10**12, "億": 10**8, "万": 10**4, "千": 1000, "百": 100}
_UNIT_BASE = {"兆": "ちょう", "億": "おく", "万": "まん", "千": "せん", "百": "ひゃく"}
_FW = str.maketrans("０１２３４５６７８９．", "0123456789.")
_KNUM_READ = ("ぜろ", "いち", "に", "さん", "よん", "ご", "ろく", "なな", "はち", "きゅう")
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
# 1日 read as a duration, not the 1st: what may follow or precede it
_ONE_DAY_DURATION_AFTER = re.compile(
    r"(?:中|じゅう|間|目|当|あたり|分|で|も|ごと|おき|以上|以内|[0-9０-９一二三四五六七八九十何]"
    r"|に[0-9０-９一二三四五六七八九十何]|につき|休|かけ|かか|がかり|だけ|しか|ずつ)"
)
_ONE_DAY_DURATION_BEFORE = (
    "約", "およそ", "毎", "丸", "まる", "たった", "わずか", "ほぼ", "最低", "少なくとも",
    "に", "で", "週", "あと", "もう",
)  # fmt: skip


def digits_value(s: str) -> int | float:
    s = s.translate(_FW).replace(",", "").replace("，", "")
    return float(s) if "." in s else int(s)


def _number_value(num: str) -> tuple[int | float, list[tuple[int, str, int | float]]]:
    """Value of 1万5000-style numbers, and the units with the group value just before each."""
    total: int | float = 0
    section: int | float = 0
    current: int | float = 0
    units: list[tuple[int, str, int | float]] = []
    for m in _NUM_PART_RE.finditer(num):
        if m.group(1):
            current = digits_value(m.group(1))
        else:
            u = m.group(2)
            units.append((m.start(), u, current))
            uv = UNITS[u]
            if uv >= 10**4:
                total += (section + current) * uv
                section = 0
            else:
                section += (current or 1) * uv
            current = 0
    return total + section + current, units


@lru_cache(maxsize=4096)
def _digit_number(num: str) -> tuple[int | float, tuple[tuple[int, int, str], ...]]:
    """Value of a number written with digits, and the ruby of its 万/億/千… relative to it."""
    value, units = _number_value(num)
    return value, tuple((off, off + 1, _unit_reading(u, before)) for off, u, before in units)


def kanji_value(num: str) -> int | None:
    total = section = current = 0
    for ch in num:
        if ch in KDIGIT:
            current = current * 10 + KDIGIT[ch] if current else KDIGIT[ch]
        elif ch in _KSMALL:
            section += (current or 1) * _KSMALL[ch]
            current = 0
        elif ch in _KBIG:
            total += (section + current) * _KBIG[ch]
            section = current = 0
        else:
            return None
    return total + section + current


def category(value: int | float | str) -> str:
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


def _unit_reading(unit: str, before: int | float) -> str:
    """万/億/兆 read as is; 千 and 百 change after some digits (3千 ぜん, 6百 ぴゃく)."""
    if unit == "千":
        return "ぜん" if category(before) == "n" else "せん"
    if unit == "百":
        cat = category(before)
        return "びゃく" if cat == "n" else "ぴゃく" if cat == "p" and before != 1 else "ひゃく"
    return _UNIT_BASE[unit]


def counter_reading(T: Tables, counter: str, value: int | float | str) -> str:
    base = T.k.counter_base[counter]
    forms = T.k.counter_sound.get(counter)
    if forms:
        cat = category(value)
        if cat == "p":
            return forms[0]
        if cat == "n":
            return forms[1]
        if cat == "4":
            return forms[2]
    return base


def _small(v: int) -> str:
    out = []
    th, v = divmod(v, 1000)
    if th:
        out.append({1: "せん", 3: "さんぜん", 8: "はっせん"}.get(th, _KNUM_READ[th] + "せん"))
    h, v = divmod(v, 100)
    if h:
        special = {1: "ひゃく", 3: "さんびゃく", 6: "ろっぴゃく", 8: "はっぴゃく"}
        out.append(special.get(h, _KNUM_READ[h] + "ひゃく"))
    t, v = divmod(v, 10)
    if t:
        out.append("じゅう" if t == 1 else _KNUM_READ[t] + "じゅう")
    if v:
        out.append(_KNUM_READ[v])
    return "".join(out)


def _kanji_number_reading(T: Tables, v: int, counter: str) -> str:
    """Reading of a kanji numeral before a counter (三本 さん|ぼん, 六分 ろっ|ぷん)."""
    if v == 0:
        return "ぜろ"
    parts = []
    for unit, name in ((10**12, "ちょう"), (10**8, "おく"), (10**4, "まん")):
        if v >= unit:
            parts.append(_small(v // unit) + name)
            v %= unit
    if v:
        parts.append(_small(v))
    r = "".join(parts)
    c0 = T.k.counter_base.get(counter, "")[:1]
    if c0 and c0 in _SOKUON_ROWS:
        for plain, small, rows in _SOKUON:
            if r.endswith(plain) and c0 in rows:
                r = r[: -len(plain)] + small
                break
    return r


def _kanji_counter_reading(T: Tables, v: int, counter: str) -> str:
    special = T.k.numeral_forms.get(counter, {})
    if v % 10 in special and v < 100:
        tens = v - v % 10
        head = _small(tens) if tens else ""
        return head + special[v % 10] + T.k.counter_base[counter]
    return _kanji_number_reading(T, v, counter) + counter_reading(T, counter, v)


def one_day_is_date(text: str, start: int, end: int, *, kanji: bool = False) -> bool:
    """1日: ついたち (the 1st) unless the context says a duration (1日中, 1日に2回, 約1日).
    Written in kanji (一日) it is a date only right after a month (4月一日)."""
    before = text[max(0, start - 5) : start]
    if before.endswith(("月", "月の")):
        return True
    if kanji:
        return False
    if _ONE_DAY_DURATION_AFTER.match(text, end):
        return False
    return not before.endswith(_ONE_DAY_DURATION_BEFORE)


def counter_at(T: Tables, text: str, pos: int) -> str | None:
    for n in T.counter_lengths:
        c = text[pos : pos + n]
        if c in T.k.counter_base:
            return c
    return None


def number_parts(
    text: str, morphs: Seq, i: int, T: Tables
) -> tuple[list[tuple[int, int, str]], int] | None:
    """Ruby parts for a number (+ counter) starting at morph i, and the next morph index."""
    m = morphs.r[i]
    start = morphs.b[i]
    parts: list[tuple[int, int, str]]
    kanji_num = False
    value: int | float | str  # "何" for 何本, 何人 …
    if m[S][0] in DIGIT_VALUE:
        nm = NUM_RE.match(text, start)
        if nm is None:
            return None
        num_end = nm.end()
        value, unit_parts = _digit_number(nm.group())
        parts = [(start + a, start + b, r) for a, b, r in unit_parts]
    else:
        parts = []
        km = KNUM_RE.match(text, start)
        if km is None:
            return None
        num_end = km.end()
        if m[P2] != "数詞":
            # UniDic sometimes reads numeral + counter as a name (三本 ミモト): take it over only
            # when the whole proper-noun token is exactly a numeral and a counter
            c = counter_at(T, text, num_end)
            if m[P2] != "固有名詞" or c is None or num_end + len(c) != morphs.e[i]:
                return None
            if m[P3] == "地名" and m[K]:
                return None  # a place: 四条 しじょう, 八戸 はちのへ keep the name's reading
        if km.group() == "何":
            value = "何"
        else:
            kv = kanji_value(km.group())
            if kv is None:
                return None
            value = kv
            kanji_num = True
    counter = counter_at(T, text, num_end)
    if counter is None:
        if not parts:
            return None
        end = num_end
    else:
        c_end = num_end + len(counter)
        irregular = None
        if isinstance(value, int) and not parts:  # plain integers only (not 1万)
            irregular = T.k.counter_irregular.get(counter, {}).get(value)
            if (
                counter == "日"
                and value == 1
                and not one_day_is_date(text, start, c_end, kanji=kanji_num)
            ):
                irregular = "いちにち" if kanji_num else None
        if kanji_num:
            assert isinstance(value, int)
            parts.append((start, c_end, irregular or _kanji_counter_reading(T, value, counter)))
        elif irregular:
            parts.append((start, c_end, irregular))
        else:
            if value == "何":
                parts.append((start, num_end, "なん"))
            if HAS_KANJI.search(counter):
                for a, b, r in align(counter, counter_reading(T, counter, value)):
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
        suffix = text[end : ends[j]]
        suffix_reading = T.k.counter_suffix.get(suffix)
        if suffix_reading is not None:
            parts.extend(aligned(suffix, suffix_reading, end))
            return parts, j + 1
    if ends[j] > end:
        # the counter ends inside a token (rare): re-read from there
        retokenize(text, morphs, j, end, T)
        return parts, j
    # 分 (a portion) that UniDic glued to the next word (3日|分出|します → 3日分|出します):
    # split it off and re-read the rest. Only 分: 前半, 後半, 生活 after a counter are real words.
    if counter is not None and j + 1 < n:
        nxt = morphs.r[j + 1]
        if (
            len(nxt[S]) > 1
            and nxt[S][0] == "分"
            and nxt[K].startswith("ブン")
            and nxt[P1] == "名詞"
        ):
            b = morphs.b[j + 1]
            parts.append((b, b + 1, "ぶん"))
            retokenize(text, morphs, j + 1, b + 1, T)
    return parts, j + 1


def retokenize(text: str, morphs: Seq, j: int, start: int, T: Tables) -> None:
    """Replace morphs[j:…] from offset `start` with a fresh analysis of the next few words
    (up to punctuation), so MeCab sees their context again."""
    recs = morphs.r
    n = len(recs)
    k = j
    while k < n and k < j + 6 and (k == j or recs[k][P1] != "補助記号"):
        k += 1
    morphs[j:k] = T.fragment(text[start : morphs.e[k - 1]], start)


__all__ = ["number_parts", "retokenize", "one_day_is_date", "counter_at"]
