"""The one tokeniser: a process-wide fugashi Tagger over unidic-lite and a plain Token record.

MeCab's tagger is not safe to call from several threads at once. ASGI servers run each sync
request in a new thread, so a Tagger per thread meant a new Tagger (and its dictionary) per
request, kept until the thread died. Instead the process keeps a small bounded pool of Taggers
(`TAGGER_POOL_SIZE`, default 1), each used by one thread at a time (`borrowed_tagger`).
One is the default because fugashi holds the GIL while MeCab parses: 4 threads on 4 Taggers
take as long as one Tagger doing the 4 jobs in turn (measured: 0.28 s both), and under daphne
with 4 concurrent requests (bench/memory.py --concurrency 4 --requests 400, 2 cores, load ≈ 4.5)
a pool of 4 was no faster: 52.9 req/s, p95 110 ms against 51.2 req/s, p95 121 ms with 1 (noise).
The pool and the output format live in `simple_japanese.tagger` (re-exported here).
Everything downstream (furigana, rules, readability)
works from the list of `Token` that `tokenize` returns, so a text is analysed once.

Fast path (`morphemes`). fugashi's node API builds a Python node object and a feature tuple
per morpheme, which costs more than MeCab's own analysis. So the Tagger is created with an
output format of our own (``--node-format`` / ``--unk-format``; ``--output-format-type=`` is
needed too: unidic-lite's dicrc sets the ``unidic`` output type, which would otherwise win)
and `Tagger.parse` returns a line's analysis as one string, one short record per morpheme.
Each distinct record (a word with its features, never a sentence) is split once and kept in a
bounded per-caller cache. fugashi's node API (``tagger()(line)``, which jreadability uses) is
not affected.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import itemgetter, sub
from sys import intern
from typing import cast

from simple_japanese.chunking import CHUNK_CHARS, chunk_spans
from simple_japanese.tagger import (  # noqa: F401  (re-exported: the pool's public names)
    _RS,
    _US,
    TAGGER_ARGS,
    TAGGER_POOL_SIZE,
    Node,
    SharedTagger,
    borrowed_tagger,
    tagger,
    taggers_created,
)

# MeCab stops at NUL and cannot encode lone surrogates; both are replaced by one U+FFFD for
# tagging only, so offsets into the caller's text stay exact.
_UNTAGGABLE = re.compile("[\x00\ud800-\udfff]")
CACHE_MAX_CHARS = 20_000
# Lines longer than this are tagged in pieces cut at sentence ends (see `_fast`).
LINE_CHUNK_CHARS = CHUNK_CHARS

# What a record maker receives (`morphemes`): NFIELDS strings, in this order.
#   0 skipped white space, 1 surface, 2 kana, 3 lemma, 4 pos2, 5 pos3, 6 orthBase, 7 pron,
#   8 goshu, 9 cType, 10 cForm, 11 "1" for an unknown word else "0", 12 pos1
# taken from UniDic's feature numbers as unidic-lite's dicrc lists them: 0-2 pos1-pos3,
# 4 cType, 5 cForm, 7 lemma, 9 pron, 10 orthBase, 12 goshu, 17 kana.
NFIELDS = 13
# What MeCab skips between morphemes (checked over the whole BMP and astral samples).
_SKIPPED = " \t\n\x0b"
_SKIPPED_RE = re.compile("[ \t\n\x0b]+")
# A fast-path cache holds at most this many distinct morphemes (≈ 0.6 KB each, its key, the
# raw output line, included), then starts again: ≈ 5 MB at most per cache.
MORPHEME_CACHE_MAX = 8192


def _field(value: str | None) -> str:
    """UniDic leaves unknown fields as None or '*'; normalise both to ''."""
    if value is None or value == "*":
        return ""
    return value


@dataclass(frozen=True, slots=True)
class Token:
    """One UniDic morpheme with its offsets in the analysed text."""

    surface: str
    start: int
    end: int
    lemma: str  # dictionary form (UniDic lemma, e.g. 為る for し)
    orth_base: str  # written base form (e.g. する)
    kana: str  # reading in katakana as written (kana field), '' when unknown
    pron: str  # pronunciation in katakana
    pos1: str
    pos2: str
    pos3: str
    goshu: str  # 和 / 漢 / 外 / 混 / 固 / 記号 …
    c_type: str  # conjugation type
    c_form: str  # conjugation form
    unknown: bool  # not in the dictionary

    @property
    def is_content(self) -> bool:
        return self.pos1 in {"名詞", "動詞", "形容詞", "形状詞", "副詞", "代名詞", "連体詞"}


def _fffd(m: re.Match) -> str:
    return "\ufffd"


class _Misparse(Exception):
    """The parse output did not have the expected shape: use the node API instead."""


Record = tuple  # (surface, length with the white space before it, *fields the caller chose)
MakeRecord = Callable[[list[str]], tuple]


def morphemes(
    text: str,
    cache: dict[str, Record],
    make: MakeRecord,
    untaggable: Callable[[re.Match], str] = _fffd,
) -> tuple[list[Record], list[int], list[int]]:
    """Every morpheme of `text` as a record, with its start and end offsets in `text`.

    A record is ``(surface, length including the white space before it, *make(fields))``,
    `fields` being the NFIELDS strings listed above (field 0 is the skipped white space, field
    1 the surface). `cache` maps each distinct morpheme record of MeCab's output to its
    record here, so `make` runs once per word; it is emptied when it passes MORPHEME_CACHE_MAX
    entries.

    Each line of `text` is one MeCab call, as with the node API: MeCab reads a newline as
    plain white space, so lines tagged together would change each other's analysis. The white
    space a line ends with (its LF included) is handed to the next call as leading white
    space, which MeCab skips just the same, so that it is counted in the next morpheme's
    offset. NUL and lone surrogates are swapped for a same-length stand-in (`untaggable`) for
    tagging only.
    """
    if not text:
        return [], [], []
    if len(cache) > MORPHEME_CACHE_MAX:
        cache.clear()
    if _UNTAGGABLE.search(text):
        text = _UNTAGGABLE.sub(untaggable, text)
    if _US not in text and _RS not in text:
        try:
            return _fast(text, cache, make)
        except _Misparse:
            pass
    return _slow(text, make)


def _fast(
    text: str, cache: dict[str, Record], make: MakeRecord
) -> tuple[list[Record], list[int], list[int]]:
    with borrowed_tagger() as t:  # one Tagger for the whole text, returned before the Python work
        pieces, carry = _parse_lines(t.parse, text)
    if not pieces:
        return [], [], []
    # None where a morpheme is new: filled in below before anything reads the record
    records = cast("list[Record]", list(map(cache.get, pieces)))
    try:
        surfaces = list(map(_SURFACE, records))
    except TypeError:  # None: a morpheme not seen before
        for k, rec in enumerate(records):
            if rec is None:
                records[k] = _record(pieces[k], cache, make)
        surfaces = list(map(_SURFACE, records))
    ends = list(accumulate(map(_FULL_LENGTH, records)))
    # MeCab's surfaces are slices of the line: if they spell the text without the skipped
    # white space and the lengths add up, every offset is exact.
    if ends[-1] + len(carry) != len(text) or "".join(surfaces) != _SKIPPED_RE.sub("", text):
        raise _Misparse
    return records, list(map(sub, ends, map(len, surfaces))), ends


def _parse_lines(parse: Callable[[str], str], text: str) -> tuple[list[str], str]:
    """MeCab's records for `text`, a line per call, and the white space the text ends with."""
    pieces: list[str] = []
    extend = pieces.extend
    skipped = _SKIPPED
    carry = ""  # white space after the last morpheme so far: MeCab skips it at a line's start
    for line in text.splitlines(keepends=True):
        body = line.rstrip(skipped)
        if not body:
            carry += line
            continue
        # A very long line (a 1 MB single line) is parsed in sentence-sized pieces
        # (chunking.chunk_spans): MeCab's lattice for one call grows with its length. A piece's
        # trailing white space is carried into the next call, as a line's is.
        spans = [(0, len(body))] if len(body) <= LINE_CHUNK_CHARS else chunk_spans(body)
        for a, b in spans:
            piece = body[a:b]
            core = piece.rstrip(skipped)
            if not core:
                carry += piece
                continue
            out = parse(carry + core if carry else core)
            if out:
                extend(out.split(_RS))
            carry = piece[len(core) :]
        carry += line[len(body) :]
    return pieces, carry


_SURFACE = itemgetter(0)
_FULL_LENGTH = itemgetter(1)


def _record(piece: str, cache: dict[str, Record], make: MakeRecord) -> Record:
    parts = piece.split(_US)
    if len(parts) != 4 or not parts[1]:  # (an empty morpheme has never been seen)
        raise _Misparse
    rec = (parts[1], len(parts[0]) + len(parts[1]), *make(_fields(*parts)))
    cache[piece] = rec
    return rec


def _fields(space: str, surface: str, feature: str, unknown: str) -> list[str]:
    """The NFIELDS fields from MeCab's raw feature CSV (fields with a comma are quoted)."""
    f = next(csv.reader([feature])) if '"' in feature else feature.split(",")
    if unknown == "1" and len(f) >= 6:
        return [space, surface, "", "", f[1], f[2], "", "", "", f[4], f[5], "1", f[0]]
    if unknown != "0" or len(f) < 18:
        raise _Misparse
    return [space, surface, f[17], f[7], f[1], f[2], f[10], f[9], f[12], f[4], f[5], "0", f[0]]


def _slow(text: str, make: MakeRecord) -> tuple[list[Record], list[int], list[int]]:
    """The node API, line by line, offsets by searching each surface forward."""
    records: list[Record] = []
    starts: list[int] = []
    ends: list[int] = []
    t = tagger()  # copies each line's nodes out under the pool, so no Tagger is held long
    pos = 0
    for line in text.splitlines(keepends=True):
        cursor = 0
        for node in t(line):
            s = node.surface
            if not s:
                continue
            idx = line.find(s, cursor)
            if idx < 0:  # should not happen; keep going without losing the text
                idx = cursor
            records.append((s, len(s), *make(_node_fields(node))))
            starts.append(pos + idx)
            ends.append(pos + idx + len(s))
            cursor = idx + len(s)
        pos += len(line)
    return records, starts, ends


def _node_fields(node) -> list[str]:
    """The NFIELDS fields of a fugashi node, as the parse format would give them."""
    f = node.feature
    if node.is_unk:
        return ["", node.surface, "", "", f.pos2, f.pos3, "", "", "", f.cType, f.cForm, "1", f.pos1]
    return [
        "",
        node.surface,
        f.kana,
        f.lemma,
        f.pos2,
        f.pos3,
        f.orthBase,
        f.pron,
        f.goshu,
        f.cType,
        f.cForm,
        "0",
        f.pos1,
    ]


def _token_fields(f: list[str]) -> tuple:
    """Token fields after (surface, start, end), in Token's order, '*' and None as ''.

    Cached per morpheme, so kept small: the part-of-speech, word-origin and conjugation names
    are interned (a few hundred strings shared by every record instead of a copy each), and a
    lemma or base form equal to the surface, or a pronunciation equal to the kana, is the same
    string object.
    """
    surface, kana = f[1], _field(f[2])
    return (
        _same(_field(f[3]), surface),
        _same(_field(f[6]), surface),
        kana,
        _same(_field(f[7]), kana),
        intern(_field(f[12])),
        intern(_field(f[4])),
        intern(_field(f[5])),
        intern(_field(f[8])),
        intern(_field(f[9])),
        intern(_field(f[10])),
        f[11] == "1",
    )


def _same(value: str, other: str) -> str:
    return other if value == other else value


_TOKEN_CACHE: dict[str, Record] = {}
# Each Token slot's own setter, in field order (a slots dataclass's __slots__ lists the fields
# in order): surface, start, end, then what `_token_fields` gives, record fields 2-12.
_TOKEN_SLOTS = [getattr(Token, name).__set__ for name in Token.__slots__]
_NEW = object.__new__


def tokenize(text: str) -> list[Token]:
    """Tokenise `text` into Tokens whose offsets index `text` exactly.

    MeCab drops white space between morphemes; the offsets account for it, so callers can
    slice the original text (spaces and newlines included). Lines are tagged one at a time.

    The Tokens are filled one field at a time over the whole text, each slot's setter mapped
    in C, where the dataclass's __init__ would go token by token through object.__setattr__:
    the same frozen objects in a little over half the time.
    """
    records, starts, ends = morphemes(text, _TOKEN_CACHE, _token_fields)
    tokens = list(map(_NEW, repeat(Token, len(records))))
    columns = [
        map(_SURFACE, records),
        starts,
        ends,
        *(map(itemgetter(k), records) for k in range(2, 13)),
    ]
    for set_slot, values in zip(_TOKEN_SLOTS, columns, strict=True):
        deque(map(set_slot, tokens, values), maxlen=0)
    return tokens


@lru_cache(maxsize=8)  # ≈ 0.25 MB per 2,000-character page
def _tokenize_memo(text: str) -> tuple[Token, ...]:
    return tuple(tokenize(text))


def tokenize_cached(text: str) -> tuple[Token, ...]:
    """`tokenize` memoised for repeated page-sized texts (editor re-checks, furigana + analyze).

    Only texts up to CACHE_MAX_CHARS are kept, and only a few: the cache must not hold whole
    corpora in memory in a long-running worker.
    """
    if len(text) > CACHE_MAX_CHARS:
        return tuple(tokenize(text))
    return _tokenize_memo(text)


tokenize_cached.cache_clear = _tokenize_memo.cache_clear  # type: ignore[attr-defined]
