"""Character classes, kana conversion and the surface/reading aligner (pure functions)."""

from __future__ import annotations

import re
from functools import lru_cache

#: Characters that carry ruby: CJK ideographs (BMP, Ext A, compatibility, Ext B+), the
#: iteration mark 々, 〆, 〇 and the small ヵ/ヶ used as counters (3ヶ月, 金ヶ崎).
KANJI_CHARS = (
    "\u3005\u3006\u3007\u30f5\u30f6\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
HAS_KANJI = re.compile(f"[{KANJI_CHARS}]")
RUNS = re.compile(f"([{KANJI_CHARS}]+)|([^{KANJI_CHARS}]+)")
KANJI_RUN_END = re.compile(f"[{KANJI_CHARS}]+$")
ALL_KANJI = re.compile(f"[{KANJI_CHARS}]+")
HTML_SPECIAL = re.compile("[&<>]")
KANA_READING = re.compile(r"[\u3041-\u309f\u30a1-\u30ffー]+")
KATAKANA_WORD = re.compile(r"[ァ-ヺー]+")

_KATA2HIRA = {c: c - 0x60 for c in range(0x30A1, 0x30F7)}
DIGITS = "0123456789０１２３４５６７８９"
DIGIT_VALUE = {c: i % 10 for i, c in enumerate(DIGITS)}


def to_hiragana(s: str) -> str:
    """Katakana to hiragana (UniDic readings are katakana; ruby is hiragana)."""
    return s.translate(_KATA2HIRA)


@lru_cache(maxsize=65536)
def align(surface: str, reading: str) -> tuple[tuple[int, int, str], ...]:
    """Ruby parts (start, end, reading) inside `surface`; kana in the surface stay outside.

    Kanji runs become lazy groups, kana runs literal anchors: 取り扱い / とりあつかい →
    ``(.+?)り(.+?)い`` → 取=と, 扱=あつか. If the reading does not fit (UniDic's kana differ
    from the written kana), the whole word gets one ruby rather than a wrong split.
    """
    reading = to_hiragana(reading)
    runs = RUNS.findall(surface)
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


def aligned(surface: str, reading: str, start: int) -> list[tuple[int, int, str]]:
    """`align` shifted to absolute offsets."""
    return [(start + a, start + b, r) for a, b, r in align(surface, reading)]
