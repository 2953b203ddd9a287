"""Bracket notation (食[た]べ物[もの]) both ways, and reading dictionaries as TSV."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable
from typing import IO

from simple_japanese.furigana.chars import ALL_KANJI, KANA_READING, KANJI_RUN_END, to_hiragana


def brackets(segments: Iterable[tuple[str, str | None]]) -> str:
    """Segments → ``食[た]べ物[もの]``; a base that is not all kanji (or that follows a kanji
    without ruby) is braced: ``{1日}[ついたち]``. See `parse_brackets`."""
    out: list[str] = []
    prev_kanji = False
    for s, r in segments:
        if r is None:
            out.append(s)
            prev_kanji = bool(KANJI_RUN_END.search(s))
        else:
            plain_base = ALL_KANJI.fullmatch(s) is not None
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
            run = KANJI_RUN_END.search("".join(plain), max(seg_start, 0))
            if run is None:
                plain.append(m.group(0))
                pos += len(m.group(0))
            else:
                rubies.append((run.start(), run.end(), m.group(3)))
                seg_start = pos
        last = m.end()
    plain.append(marked[last:])
    return "".join(plain), rubies


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
        if not reading or not KANA_READING.fullmatch(reading):
            raise ValueError(f"{name}:{lineno}: reading must be kana, got {reading!r} for {word!r}")
        out[word] = to_hiragana(reading)
    return out
