"""Furigana for an HTML fragment: a block's text is read as one string across inline tags.

``<p>この<b>避</b>難所</p>`` is read as 「この避難所」, so the words are the ones a reader sees;
each ruby then goes back into the markup where its base lies inside one text node. A word cut
by a tag (``<b>避</b>難所``) is left without ruby rather than given a wrong or split one.
Blocks end at every tag that is not inline (p, li, h1–h6, td, br, div …) and at elements whose
text never gets ruby (code, pre, existing ruby …). Everything but the inserted ruby is copied
byte for byte; readings are HTML-escaped (a user-dictionary reading ``<script>`` is text).
"""

from __future__ import annotations

import html as _html
import re
from bisect import bisect_right
from collections.abc import Callable

from simple_japanese.chunking import CHUNK_CHARS, chunk_spans
from simple_japanese.furigana.chars import HAS_KANJI
from simple_japanese.html import _MARKUP, NO_RUBY_TAGS, _scan

#: Elements that do not end a block: their text runs on with the text around them.
INLINE_TAGS = (
    frozenset(
        "a abbr b bdi bdo cite data dfn em font i ins del kbd mark q s small span strong sub sup "
        "time tt u var wbr".split()
    )
    - NO_RUBY_TAGS
)
_ENTITY_RE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")

Part = tuple[int, int, str]


def _inline(html: str, a: int) -> bool:
    """Is the markup chunk at `a` an inline tag (or a comment), which does not end a block?"""
    m = _MARKUP.match(html, a)
    if m is None:
        return False
    name = m.group("start") or m.group("end")
    if name is None:
        return html.startswith("<!--", a)
    return name.lower() in INLINE_TAGS


def add_ruby(
    html: str,
    parts_of: Callable[[str], list[Part]],
    skip: Callable[[str], bool] | None = None,
) -> str:
    """`html` with ``<ruby>`` for the `parts_of(block text)` whose base is inside one node."""
    out: list[str] = []
    block: list[tuple[int, int]] = []  # text nodes (start, end in html) of the current block
    last = 0  # html[:last] is in `out`

    def flush() -> None:
        nonlocal last
        if block and any(HAS_KANJI.search(html, a, b) for a, b in block):
            last = _emit(html, block, parts_of, skip, out, last)
        block.clear()

    for a, b, is_text in _scan(html, NO_RUBY_TAGS):
        if is_text:
            block.append((a, b))
        elif not _inline(html, a):
            flush()
    flush()
    out.append(html[last:])
    return "".join(out)


def _emit(html, block, parts_of, skip, out: list[str], last: int) -> int:
    """Ruby for one block: its text is read chunk by chunk (`chunking.chunk_spans`, so one
    giant block or text node stays linear), and each part goes back into the markup when its
    base lies inside one literal run of one text node."""
    pieces: list[str] = []
    # literal runs of the block's text: (text start, text end, html start); a character
    # reference's expansion is no run, so no ruby base can contain it
    runs_t: list[int] = []
    runs: list[tuple[int, int, int]] = []
    pos_t = 0

    def literal(ha: int, hb: int) -> None:
        nonlocal pos_t
        if hb > ha:
            runs_t.append(pos_t)
            runs.append((pos_t, pos_t + hb - ha, ha))
            pieces.append(html[ha:hb])
            pos_t += hb - ha

    for a, b in block:
        pos = a
        for m in _ENTITY_RE.finditer(html, a, b):
            literal(pos, m.start())
            value = _html.unescape(m.group())
            pieces.append(value)
            pos_t += len(value)
            pos = m.end()
        literal(pos, b)
    text = "".join(pieces)
    for ca, cb in chunk_spans(text, CHUNK_CHARS):
        chunk = text[ca:cb]
        if not HAS_KANJI.search(chunk):
            continue
        piece: list[str] = []  # joined per chunk: a few strings per chunk kept, not per word
        for a, b, r in parts_of(chunk):
            a += ca
            b += ca
            k = bisect_right(runs_t, a) - 1
            if k < 0 or b > runs[k][1]:
                continue  # the word crosses a tag or a character reference: no ruby
            base = text[a:b]
            if skip is not None and skip(base):
                continue
            ha = runs[k][2] + a - runs[k][0]
            hb = ha + b - a
            piece.append(html[last:ha])
            piece.append(f"<ruby>{html[ha:hb]}<rt>{_html.escape(r, quote=False)}</rt></ruby>")
            last = hb
        out.append("".join(piece))
    return last
