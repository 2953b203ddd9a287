"""The reading knowledge as data: versioned TSV files under ``simple_japanese/data/``.

Each file starts with ``# version: N``, then comment lines, then a header row naming the
columns; every row has an ``example`` column in bracket notation (``食[た]べ物[もの]``) that
shows the row at work, and the test suite checks each example (and that removing the row
changes it). `load_knowledge` validates every row and raises `DataError` naming the file and
line of the first bad one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from simple_japanese.furigana.chars import KANA_READING, to_hiragana

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PACK_DIR = DATA_DIR / "packs"
FORMAT_VERSION = 1

#: Rules of context.tsv and what a word listed under them does.
CONTEXT_RULES = frozenset(
    {
        "jin_after",  # 人 right after the word is じん (外国人)
        "juu_after",  # 中 right after the word is じゅう (世界中)
        "jo_after",  # 所 right after the word is じょ (避難所)
        "person_ending",  # 〇〇の方 is かた when 〇〇 ends in the word
        "shijou_before",  # 市場 right after the word is しじょう (株式市場)
        "shijou_after",  # 市場 right before the word is しじょう (市場経済)
    }
)
HOUSE_OPTIONS = {"nippon": frozenset({"にっぽん"}), "tomorrow": frozenset({"あす"})}


class DataError(ValueError):
    """A row of a reading data file is malformed (the message names file and line)."""


@dataclass(frozen=True)
class Row:
    """One data row: its fields by column name, and where it came from."""

    fields: dict[str, str]
    file: str
    line: int

    def __getitem__(self, key: str) -> str:
        return self.fields[key]


def read_tsv(path: Path, columns: tuple[str, ...]) -> Iterator[Row]:
    """Rows of a versioned TSV file with exactly `columns` (validated, with line numbers)."""
    name = os.path.relpath(path, DATA_DIR.parent.parent) if path.is_absolute() else str(path)
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if not lines or lines[0].strip() != f"# version: {FORMAT_VERSION}":
        raise DataError(f"{name}:1: first line must be '# version: {FORMAT_VERSION}'")
    header_seen = False
    for lineno, line in enumerate(lines, start=1):
        line = line.rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise DataError(
                    f"{name}:{lineno}: header must be {'/'.join(columns)}, got {line!r}"
                )
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise DataError(
                f"{name}:{lineno}: expected {len(columns)} tab-separated fields "
                f"({', '.join(columns)}), got {len(cells)}: {line!r}"
            )
        if any(c != c.strip() for c in cells):
            raise DataError(f"{name}:{lineno}: stray white space around a field: {line!r}")
        row = Row(dict(zip(columns, cells, strict=True)), name, lineno)
        if not row["example"]:
            raise DataError(f"{name}:{lineno}: every row needs an example")
        yield row
    if not header_seen:
        raise DataError(f"{name}: no header row")


def _kana(row: Row, col: str, *, optional: bool = False) -> str:
    v = row[col]
    if not v and optional:
        return ""
    if not KANA_READING.fullmatch(v):
        raise DataError(f"{row.file}:{row.line}: {col} must be kana, got {v!r}")
    return to_hiragana(v)


def _word(row: Row, col: str) -> str:
    v = row[col]
    if not v:
        raise DataError(f"{row.file}:{row.line}: empty {col}")
    return v


def _unique(table: dict, key, row: Row) -> None:
    if key in table:
        raise DataError(f"{row.file}:{row.line}: duplicate entry {key!r}")


def word_readings(path: Path) -> dict[str, str]:
    """A word → reading file (phrases, surface readings, a reading pack)."""
    out: dict[str, str] = {}
    for row in read_tsv(path, ("word", "reading", "example")):
        w = _word(row, "word")
        _unique(out, w, row)
        out[w] = _kana(row, "reading")
    return out


@dataclass(frozen=True)
class Knowledge:
    """Everything the engine knows beyond UniDic, read from the data files (immutable)."""

    phrases: dict[str, str]
    surface: dict[str, str]
    context: dict[str, frozenset[str]]
    counter_base: dict[str, str]
    counter_sound: dict[str, tuple[str, str, str]]
    counter_irregular: dict[str, dict[int, str]]
    counter_suffix: dict[str, str]
    numeral_forms: dict[str, dict[int, str]]
    lemma_prefix: dict[str, tuple[str, str]]
    weekdays: dict[str, str]
    compounds: dict[str, str]
    name_suffixes: dict[str, str]
    house: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)


def _table(path: Path, columns: tuple[str, ...], add: Callable[[Row], None]) -> None:
    for row in read_tsv(path, columns):
        add(row)


@lru_cache(maxsize=4)
def load_knowledge(data_dir: Path = DATA_DIR) -> Knowledge:
    """Read and validate every data file (once per process: the result is immutable)."""
    d = data_dir
    context: dict[str, set[str]] = {r: set() for r in CONTEXT_RULES}

    def add_context(row: Row) -> None:
        rule = row["rule"]
        if rule not in CONTEXT_RULES:
            raise DataError(f"{row.file}:{row.line}: unknown rule {rule!r}")
        w = _word(row, "word")
        if w in context[rule]:
            raise DataError(f"{row.file}:{row.line}: duplicate entry {w!r}")
        context[rule].add(w)

    _table(d / "context.tsv", ("rule", "word", "example"), add_context)

    base: dict[str, str] = {}
    sound: dict[str, tuple[str, str, str]] = {}

    def add_counter(row: Row) -> None:
        c = _word(row, "counter")
        _unique(base, c, row)
        base[c] = _kana(row, "reading")
        forms = tuple(
            _kana(row, k, optional=True) for k in ("after_1_6_8_10", "after_3_1000_nan", "after_4")
        )
        if any(forms):
            if not all(forms):
                raise DataError(f"{row.file}:{row.line}: give all three sound forms or none")
            sound[c] = forms  # type: ignore[assignment]

    _table(
        d / "counters.tsv",
        ("counter", "reading", "after_1_6_8_10", "after_3_1000_nan", "after_4", "example"),
        add_counter,
    )

    def numbered(path: Path, key: str) -> dict[str, dict[int, str]]:
        out: dict[str, dict[int, str]] = {}

        def add(row: Row) -> None:
            c = _word(row, "counter")
            if c not in base:
                raise DataError(f"{row.file}:{row.line}: {c!r} is not in counters.tsv")
            if not row[key].isascii() or not row[key].isdigit():
                raise DataError(f"{row.file}:{row.line}: {key} must be a number, got {row[key]!r}")
            n = int(row[key])
            _unique(out.setdefault(c, {}), n, row)
            out[c][n] = _kana(row, "reading")

        _table(path, ("counter", key, "reading", "example"), add)
        return out

    suffix: dict[str, str] = {}
    lemma: dict[str, tuple[str, str]] = {}

    def add_suffix(row: Row) -> None:
        s = _word(row, "suffix")
        _unique(suffix, s, row)
        suffix[s] = _kana(row, "reading")

    def add_lemma(row: Row) -> None:
        w = _word(row, "lemma")
        _unique(lemma, w, row)
        lemma[w] = (_kana(row, "unidic_prefix"), _kana(row, "reading_prefix"))  # hiragana

    _table(d / "counter_suffix.tsv", ("suffix", "reading", "example"), add_suffix)
    _table(d / "lemma.tsv", ("lemma", "unidic_prefix", "reading_prefix", "example"), add_lemma)

    house: dict[tuple[str, str], dict[str, str]] = {}

    def add_house(row: Row) -> None:
        opt, val = row["option"], row["value"]
        if opt not in HOUSE_OPTIONS or val not in HOUSE_OPTIONS[opt]:
            raise DataError(f"{row.file}:{row.line}: unknown house style {opt}={val!r}")
        table = house.setdefault((opt, val), {})
        w = _word(row, "word")
        _unique(table, w, row)
        table[w] = _kana(row, "reading")

    _table(d / "house_style.tsv", ("option", "value", "word", "reading", "example"), add_house)

    return Knowledge(
        phrases=word_readings(d / "phrases.tsv"),
        surface=word_readings(d / "surface.tsv"),
        context={k: frozenset(v) for k, v in context.items()},
        counter_base=base,
        counter_sound=sound,
        counter_irregular=numbered(d / "counter_irregular.tsv", "number"),
        counter_suffix=suffix,
        numeral_forms=numbered(d / "numeral_forms.tsv", "digit"),
        lemma_prefix=lemma,
        weekdays=word_readings(d / "weekdays.tsv"),
        compounds=word_readings(d / "compounds.tsv"),
        name_suffixes=word_readings(d / "name_suffixes.tsv"),
        house=house,
    )


def pack_path(pack: str | os.PathLike) -> Path:
    """A reading pack by name (``"iwate"`` → data/packs/iwate.tsv) or by path."""
    p = Path(pack)
    if p.suffix == ".tsv" or os.sep in str(pack):
        return p
    path = PACK_DIR / f"{pack}.tsv"
    if not path.exists():
        known = sorted(x.stem for x in PACK_DIR.glob("*.tsv"))
        raise DataError(f"unknown reading pack {pack!r} (packaged: {', '.join(known)})")
    return path


@lru_cache(maxsize=16)
def load_pack(path: Path) -> dict[str, str]:
    """A reading pack's words (validated, cached per file)."""
    return word_readings(path)
