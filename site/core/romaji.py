"""Kana to romaji (modified Hepburn, no macrons) from the table in data/kana_romaji.tsv.

Page slugs are ASCII: a Japanese title's reading (from core.easyjp, the engine's gateway) is
written in romaji here. Pure string work, no Django.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).parent / "data" / "kana_romaji.tsv"
_KATAKANA = re.compile(r"[ァ-ヶ]")
# Long vowels in a word read from kanji are written once: きょうしつ → kyoshitsu, とうきょう →
# tokyo (as on signs and passports), and ー after a katakana vowel adds nothing.
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


@lru_cache(maxsize=1)
def load_table() -> dict[str, str]:
    """kana → romaji, from the data file (comments and blank lines skipped)."""
    table: dict[str, str] = {}
    for number, line in enumerate(TABLE_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kana, sep, romaji = line.partition("\t")
        if not sep or not kana or not romaji.isascii():
            raise ValueError(f"{TABLE_PATH.name}:{number}: expected 'kana<TAB>romaji'")
        table[kana] = romaji.strip()
    return table


def to_hiragana(text: str) -> str:
    return _KATAKANA.sub(lambda m: chr(ord(m.group()) - 0x60), text)


def kana_to_romaji(kana: str, *, shorten_long_vowels: bool = False) -> str:
    """Hiragana or katakana → romaji; characters that are not kana are kept as they are."""
    table = load_table()
    longest = max(map(len, table))
    text = to_hiragana(kana)
    out: list[str] = []
    double_next = False
    i = 0
    while i < len(text):
        char = text[i]
        if char in "っッ":
            double_next = True
            i += 1
            continue
        if char == "ー":
            i += 1
            continue
        for size in range(longest, 0, -1):
            romaji = table.get(text[i : i + size])
            if romaji is not None:
                break
        else:
            size, romaji = 1, char
        if double_next and romaji[:1].isalpha() and romaji[0] not in "aeiou":
            romaji = ("t" if romaji.startswith("ch") else romaji[0]) + romaji
        double_next = False
        out.append(romaji)
        i += size
    result = "".join(out)
    if shorten_long_vowels:
        for long, short in _LONG_VOWELS:
            result = result.replace(long, short)
    return result
