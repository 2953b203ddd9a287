"""Sentence splitting with exact offsets, and the inline readings 漢字(かんじ) a text may carry.

A sentence ends at 。．！？!? (plus any closing brackets right after) or at a line break; a 。
inside 「…」, 『…』 or （…） does not end it, because quoted speech belongs to the sentence that
reports it (「水を飲みます。」と話しました。 is one sentence). Lines are always boundaries: headings
and list items in municipal pages have no 。.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TERMINATORS = frozenset("。．！？!?")
_OPEN = frozenset("「『（(【〈《［")
_CLOSE = frozenset("」』）)】〉》］")
_TRAILING = _CLOSE | _TERMINATORS | frozenset("”’")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


_SPECIAL = re.compile(
    "[\n\r\u2028" + "".join(sorted(_OPEN | _CLOSE | _TERMINATORS)).replace("]", "\\]") + "]"
)


def split_sentences(text: str) -> list[Span]:
    """Split `text` into sentence spans (white space trimmed, empty sentences dropped)."""
    spans: list[Span] = []
    n = len(text)
    start = 0
    depth = 0
    skip_to = 0
    for m in _SPECIAL.finditer(text):
        i = m.start()
        if i < skip_to:
            continue
        ch = text[i]
        if ch in "\n\r\u2028":
            _push(text, start, i, spans)
            depth = 0
            start = i + 1
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:  # a terminator outside brackets
            j = i + 1
            while j < n and text[j] in _TRAILING:
                j += 1
            _push(text, start, j, spans)
            start = skip_to = j
    _push(text, start, n, spans)
    return spans


def _push(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))


# 漢字(かんじ), 漢字（かんじ）, 漢字[かんじ]: a kanji run followed by its reading in kana.
_INLINE_READING = re.compile(
    r"(?<![\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ])(?P<base>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+)"
    r"[ \u3000]?(?P<open>[(（\[［])[ \u3000]?(?P<reading>[ぁ-ゖァ-ヺー・ ]{1,30}?)[ \u3000]?[)）\]］]"
)


@dataclass(frozen=True, slots=True)
class InlineReading:
    base_start: int
    base_end: int
    start: int  # the bracketed reading, brackets included
    end: int
    reading: str


def inline_readings(text: str) -> list[InlineReading]:
    """Readings written after kanji in brackets, as pages without <ruby> do: 地震(じしん).

    A bracket after kanji holding kana is taken as a reading, not a gloss: a gloss explains in
    words (余震（あとから 来る 地震）) and has kanji or several words, which this pattern excludes
    unless the gloss is a single kana word, a case the vocabulary rule resolves by comparing
    with the word's own reading.
    """
    return [
        InlineReading(m.start("base"), m.end("base"), m.start("open"), m.end(), m.group("reading"))
        for m in _INLINE_READING.finditer(text)
    ]
