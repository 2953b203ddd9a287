"""Walk the text nodes of an HTML fragment without rewriting anything else.

Why not an HTML parser + serialiser: a round trip through a DOM changes quoting, entities,
attribute order and white space, and a CMS editor must get back exactly what they wrote plus
ruby. This module scans the markup with a small HTML5-minded tokenizer and only ever replaces
the characters of text nodes; tags, attributes, comments, doctype, CDATA and the contents of
raw-text elements (<script>, <style>, <textarea>, <title>) are copied byte for byte.

Text nodes are split by any tag, so ``日<b>本</b>`` is two nodes ("日", "本").

Public helpers:

* ``iter_text_nodes(html, skip_tags=...)`` - `TextNode(start, end, raw, text)` for every text
  node outside `skip_tags`; `raw` is the source slice (entities as written), `text` its
  unescaped value.
* ``text_nodes(html)`` - ``[(offset, unescaped text), …]`` for readable text (what
  an analyser should see: not script/style, not the <rt>/<rp> of existing ruby).
* ``map_text_nodes(html, fn, skip_tags=...)`` - replace each text node's raw source by
  ``fn(raw)``; `fn` gets HTML (entities still escaped) and must return HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from typing import NamedTuple

__all__ = [
    "TextNode",
    "iter_text_nodes",
    "text_nodes",
    "map_text_nodes",
    "NO_RUBY_TAGS",
    "NON_TEXT_TAGS",
    "RAW_TEXT_TAGS",
]

#: Elements whose content is never parsed as markup (HTML5 raw text / escapable raw text).
RAW_TEXT_TAGS = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"}
)

#: Where ruby must not be added: code-like content, existing ruby, form/option text, head text.
NO_RUBY_TAGS = frozenset(
    {
        "script",
        "style",
        "ruby",
        "rt",
        "rp",
        "code",
        "pre",
        "kbd",
        "samp",
        "textarea",
        "title",
        "option",
        "template",
        "svg",
        "math",
    }
)

#: What is not readable page text (for analysis): scripts, styles and the readings of ruby.
NON_TEXT_TAGS = frozenset(
    {"script", "style", "rt", "rp", "template", "title", "textarea", "svg", "math"}
)

_MARKUP = re.compile(
    r"""
      <!--.*?(?:-->|\Z)                                   # comment
    | <!\[CDATA\[.*?(?:\]\]>|\Z)                          # CDATA section
    | <![^>]*(?:>|\Z)                                     # doctype, bogus comment
    | <\?[^>]*(?:>|\Z)                                    # processing instruction
    | </(?P<end>[A-Za-z][^\s/>]*)[^>]*(?:>|\Z)            # end tag
    | <(?P<start>[A-Za-z][^\s/>]*)
        (?P<attrs>(?:[^>"']|"[^"]*(?:"|\Z)|'[^']*(?:'|\Z))*)
        (?:>|\Z)                                          # start tag
    """,
    re.S | re.X,
)


class TextNode(NamedTuple):
    """One text node: source offsets, the raw source slice and its unescaped text."""

    start: int
    end: int
    raw: str
    text: str


def _scan(html: str, skip_tags: frozenset[str]) -> Iterator[tuple[int, int, bool]]:
    """Yield (start, end, is_text) chunks covering `html` in order.

    A chunk is text (True) only when it is a text node outside every element in `skip_tags`.
    """
    n = len(html)
    pos = 0
    depth: dict[str, int] = {}
    skipping = 0  # total open skip elements
    text_start = 0
    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            break
        m = _MARKUP.match(html, lt)
        if m is None:  # a bare "<" is text
            pos = lt + 1
            continue
        if lt > text_start:
            yield text_start, lt, skipping == 0
        end = m.end()
        name = m.group("start")
        if name is not None:
            name = name.lower()
            self_closing = m.group("attrs").rstrip().endswith("/")
            if name in RAW_TEXT_TAGS and not self_closing:
                close = re.compile(rf"</{re.escape(name)}(?=[\s/>]|\Z)", re.I).search(html, end)
                if name == "plaintext":
                    close = None
                raw_end = close.start() if close else n
                if raw_end > end:
                    yield lt, end, False
                    yield end, raw_end, False  # raw text content: never touched
                    pos = text_start = raw_end
                    continue
            elif name in skip_tags and not self_closing:
                depth[name] = depth.get(name, 0) + 1
                skipping += 1
        else:
            ename = m.group("end")
            if ename is not None:
                ename = ename.lower()
                if depth.get(ename):
                    depth[ename] -= 1
                    skipping -= 1
        yield lt, end, False
        pos = text_start = end
    if text_start < n:
        yield text_start, n, skipping == 0


def iter_text_nodes(html: str, skip_tags: frozenset[str] = NON_TEXT_TAGS) -> Iterator[TextNode]:
    """Text nodes of `html` outside `skip_tags`, with offsets into `html`."""
    for a, b, is_text in _scan(html, frozenset(t.lower() for t in skip_tags)):
        if is_text:
            raw = html[a:b]
            yield TextNode(a, b, raw, unescape(raw) if "&" in raw else raw)


def text_nodes(html: str, *, skip_tags: frozenset[str] = NON_TEXT_TAGS) -> list[tuple[int, str]]:
    """``[(offset in html, unescaped text), …]`` for the readable text of an HTML fragment."""
    return [(node.start, node.text) for node in iter_text_nodes(html, skip_tags)]


def map_text_nodes(
    html: str,
    fn: Callable[[str], str],
    *,
    skip_tags: frozenset[str] = NO_RUBY_TAGS,
) -> str:
    """Return `html` with every text node outside `skip_tags` replaced by ``fn(raw)``.

    `fn` receives the node's source text (character references still escaped, e.g. ``&amp;``)
    and returns HTML. Everything else, including nodes inside `skip_tags`, is copied unchanged,
    so ``map_text_nodes(h, lambda s: s) == h`` for any input.
    """
    out: list[str] = []
    for a, b, is_text in _scan(html, frozenset(t.lower() for t in skip_tags)):
        chunk = html[a:b]
        out.append(fn(chunk) if is_text else chunk)
    return "".join(out)
