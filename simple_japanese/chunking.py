"""Cut long text into bounded pieces at sentence boundaries, so work stays linear in length.

Why: MeCab's lattice for one line, and any per-sentence work, grow with the line or sentence;
a 1 MB single line or a 16,000-kanji run made `analyze` quadratic in time and hundreds of MB in
memory. Every stage that walks a whole text (`analyze`, furigana's `Reader`, `furigana_html` per block)
processes it chunk by chunk instead: a chunk ends at a sentence end (。！？ or a line break)
at or before `size` characters; a stretch with no such boundary (a pathological run) is cut at
the last comma or space, and failing that at exactly `size` characters.

`MAX_INPUT_CHARS` (from `config`) is the documented limit of one call; `check_length` raises `InputTooLong`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from simple_japanese.config import MAX_INPUT_CHARS

__all__ = ["CHUNK_CHARS", "MAX_INPUT_CHARS", "InputTooLong", "check_length", "chunk_spans"]

# Chunk size for `analyze`: a page (2,000 characters) is always one chunk.
CHUNK_CHARS = 5_000

_SENTENCE_END = re.compile(r"[。．！？!?\n\r\u2028][」』）)】〉》］”’。．！？!?]*")
_SOFT_BREAK = re.compile(r"[、，,\s\u3000]")


class InputTooLong(ValueError):
    """The text is longer than MAX_INPUT_CHARS; the message says by how much."""

    def __init__(self, length: int, limit: int = MAX_INPUT_CHARS) -> None:
        self.length = length
        self.limit = limit
        super().__init__(
            f"text is {length:,} characters long; the limit is {limit:,} characters "
            "(split it into smaller texts)"
        )


def check_length(text: str, limit: int = MAX_INPUT_CHARS) -> None:
    """Raise InputTooLong when `text` is over `limit` characters."""
    if len(text) > limit:
        raise InputTooLong(len(text), limit)


def chunk_spans(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, int]]:
    """(start, end) spans covering `text` exactly, each at most `size` characters.

    A span ends after a sentence end when one lies in its window; else after the last comma or
    white space in the window's second half; else at `size`. Linear: each window is searched
    once from its end.
    """
    n = len(text)
    start = 0
    while start < n:
        if n - start <= size:
            yield start, n
            return
        window_end = start + size
        cut = _last_match_end(_SENTENCE_END, text, start + 1, window_end)
        if cut is None:
            cut = _last_match_end(_SOFT_BREAK, text, start + size // 2, window_end)
        if cut is None:
            cut = window_end
        yield start, cut
        start = cut


def _last_match_end(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> int | None:
    """End of the last match of `pattern` that ends within text[lo:hi], or None."""
    last = None
    for m in pattern.finditer(text, lo, hi):
        last = m.end()
    return last
