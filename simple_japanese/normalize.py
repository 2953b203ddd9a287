"""NFKC normalisation before the rules, with an offset map back into the caller's text.

Why: editors paste full-width letters and digits (１０ｋｍ, ＡＢＣ) and half-width katakana (ｶﾞｽ).
Rules written for one form would miss or misjudge the other (half-width katakana escaped the
loanword rule; full-width units tripped the romaji rule). So every rule reads the NFKC form,
where half-width katakana are full-width (ｶﾞ → ガ, the voiced mark composed) and full-width
ASCII is ASCII, and `analyze` maps every finding back with `OffsetMap` so offsets still index
the original text.

Characters are normalised in groups: a base character with the combining marks after it (the
half-width voiced marks ﾞ ﾟ included), so ｶﾞ becomes one ガ. Most groups keep their length
(１ → 1); only the groups whose length changes (ｶﾞ → ガ, … → ..., ㍻ → 平成) are stored, so the
map costs nothing for ordinary text and stays small for long text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_MARKS = "\u0300-\u036f\u3099\u309a\uff9e\uff9f"
# Planes scanned for characters NFKC changes: the BMP and the astral compatibility blocks
# (mathematical letters and digits, enclosed alphanumerics, CJK compatibility ideographs).
_RANGES = ((0, 0x10000), (0x1D400, 0x1D800), (0x1F100, 0x1F300), (0x2F800, 0x2FA20))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], re.Pattern[str]]:
    """What NFKC changes, built once (≈ 0.1 s): a str.translate table for the characters it
    maps to one other character (ａ → a, （ → (, ｶ → カ), and a pattern for the rest: characters
    it expands or removes (… → ..., ㍻ → 平成) and any character with combining marks after it
    (ﾞ ﾟ are U+FF9E/U+FF9F, which NFKC makes combining and composes with the kana before them).
    Together they keep normalisation linear and cheap on long text."""
    one: dict[int, str] = {}
    other: list[int] = []
    for lo, hi in _RANGES:
        for c in range(lo, hi):
            if 0xD800 <= c < 0xE000:
                continue
            out = unicodedata.normalize("NFKC", chr(c))
            if out == chr(c):
                continue
            if len(out) == 1 and not unicodedata.combining(out):
                one[c] = out
            else:
                other.append(c)
    # As ranges (a-b), so the character class stays small and quick to match.
    ranges: list[list[int]] = []
    for c in other:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    chars = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return one, re.compile(f"[^{_MARKS}][{_MARKS}]+|[{chars}][{_MARKS}]*", re.S)


@dataclass(frozen=True)
class OffsetMap:
    """Maps offsets between a normalised text and its original.

    `changes` lists (norm_start, norm_end, orig_start, orig_end) for each group whose length
    changed, in order; between them offsets shift by a constant.
    """

    norm_len: int
    orig_len: int
    changes: list[tuple[int, int, int, int]] = field(default_factory=list)
    _norm_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._norm_starts.extend(c[0] for c in self.changes)
        self._orig_starts.extend(c[2] for c in self.changes)

    @property
    def identity(self) -> bool:
        return not self.changes

    def to_orig(self, offset: int, *, end: bool = False) -> int:
        """The original offset of a normalised one; `end` maps an exclusive end offset (an
        offset inside an expanded group goes to the group's end, else to its start)."""
        if not self.changes:
            return offset
        k = bisect.bisect_right(self._norm_starts, offset) - 1
        if end:  # an end offset at a group's start belongs to what comes before it
            k = bisect.bisect_left(self._norm_starts, offset) - 1
        if k < 0:
            return offset
        ns, ne, os_, oe = self.changes[k]
        if offset < ne or (end and offset == ne):
            return oe if end else os_
        return oe + (offset - ne)

    def to_norm(self, offset: int, *, end: bool = False) -> int:
        """The normalised offset of an original one (the inverse of `to_orig`)."""
        if not self.changes:
            return offset
        k = bisect.bisect_right(self._orig_starts, offset) - 1
        if end:
            k = bisect.bisect_left(self._orig_starts, offset) - 1
        if k < 0:
            return offset
        ns, ne, os_, oe = self.changes[k]
        if offset < oe or (end and offset == oe):
            return ne if end else ns
        return ne + (offset - oe)


def normalize(text: str) -> tuple[str, OffsetMap]:
    """NFKC of `text` (half-width katakana made full-width) and the map back to `text`."""
    if unicodedata.is_normalized("NFKC", text):
        return text, OffsetMap(len(text), len(text))
    one, pattern = _tables()
    translated = text.translate(one)  # same length: offsets unchanged
    parts: list[str] = []
    changes: list[tuple[int, int, int, int]] = []
    norm_pos = 0
    last = 0  # start of the not-yet-copied normalised stretch of `text`
    nfkc = unicodedata.normalize
    for m in pattern.finditer(translated):
        group = m.group()
        out = nfkc("NFKC", group)
        if out == group:
            continue
        start, end = m.span()
        parts.append(translated[last:start])
        norm_pos += start - last
        parts.append(out)
        if len(out) != len(group):
            changes.append((norm_pos, norm_pos + len(out), start, end))
        norm_pos += len(out)
        last = end
    parts.append(translated[last:])
    norm = "".join(parts)
    return norm, OffsetMap(len(norm), len(text), changes)
