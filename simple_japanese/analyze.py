"""`analyze(text)` and `analyze_html(html)`: run every rule over one tokenisation, score the text.

Pipeline: the text is NFKC-normalised (simple_japanese.normalize; offsets are mapped back), cut
into chunks of at most CHUNK_CHARS at sentence ends (simple_japanese.chunking; a page is one
chunk), each chunk is tokenised once and every rule reads those tokens; overlapping findings of
one concern are merged and the score is computed by sentence (simple_japanese.scoring).
Texts over MAX_INPUT_CHARS raise `InputTooLong`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from simple_japanese.chunking import CHUNK_CHARS, InputTooLong, check_length, chunk_spans
from simple_japanese.config import Settings
from simple_japanese.normalize import OffsetMap, normalize
from simple_japanese.readability import band as readability_band
from simple_japanese.readability import lee_hasebe
from simple_japanese.report import Finding, Report, Sentence
from simple_japanese.rules import ALL_RULES, Context, Rule, SentenceView
from simple_japanese.rules.base import kanji_count, visible_chars
from simple_japanese.rules.sentence import sentence_predicates
from simple_japanese.scoring import LEVELS, dedupe, level_of, rules_score, score
from simple_japanese.sentences import InlineReading, inline_readings, split_sentences
from simple_japanese.tokens import Token, tokenize_cached

__all__ = ["LEVELS", "InputTooLong", "analyze", "analyze_html", "extract_text"]


def analyze(
    text: str,
    *,
    target: str = "N4",
    settings: Settings | None = None,
    user_dictionary: Iterable[str] = (),
    rules: Sequence[Rule] | None = None,
    glossary: Iterable[str] = (),
) -> Report:
    """Check `text` against the easy-Japanese rules for a reader at `target` (N5…N2, disaster).

    `settings` overrides the preset for `target`; `user_dictionary` adds words the reader is
    taken to know (names, local terms). The text is tokenised once (tokens.tokenize_cached) and
    every rule reads those tokens. `glossary` lists terms the page explains elsewhere (its
    vocabulary block): they are reported as `explained-term` (info), not as hard words. An
    empty or blank text gives a Report with level "empty", score 0 and no findings. Raises
    `InputTooLong` past `config.MAX_INPUT_CHARS` characters.
    """
    settings = _settings(target, settings, user_dictionary, glossary)
    return _analyze(text, settings, rules or ALL_RULES, extra_readings=())


def analyze_html(
    html: str,
    *,
    target: str = "N4",
    settings: Settings | None = None,
    user_dictionary: Iterable[str] = (),
    rules: Sequence[Rule] | None = None,
    glossary: Iterable[str] = (),
) -> Report:
    """Check the readable text of an HTML fragment (text nodes only).

    The text is what a reader sees: text nodes outside <script>, <style>, <rt> and <rp>, in
    document order, joined directly inside a block and with a "\\n" between blocks (<p>, <li>,
    <br>, headings …) so that sentences do not run across them. Finding offsets index
    `report.text`, that extracted text; `report.segments` lists (text_start, html_start, length)
    per text node and `report.source_offset(i)` maps an offset back into `html`. Kanji inside
    <ruby> count as having furigana.
    """
    settings = _settings(target, settings, user_dictionary, glossary)
    text, segments, ruby = extract_text(html)
    report = _analyze(text, settings, rules or ALL_RULES, extra_readings=ruby)
    report.segments = segments
    return report


def _settings(
    target: str, settings: Settings | None, user_dictionary: Iterable[str], glossary: Iterable[str]
) -> Settings:
    s = settings if settings is not None else Settings.for_target(target)
    extra = frozenset(user_dictionary)
    if extra:
        s = replace(s, user_dictionary=s.user_dictionary | extra)
    explained = frozenset(w.strip() for w in glossary if w.strip())
    if explained:
        s = replace(s, explained_terms=s.explained_terms | explained)
    return s


_BLOCK_TAG = re.compile(
    r"<(?:/?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|section|article|header|footer|"
    r"aside|nav|blockquote|figure|figcaption|main|form|fieldset|details|summary|address|hr)\b|br\b)",
    re.I,
)
_RUBY_READING_NEXT = re.compile(r"\s*<(?:rt|rp)\b", re.I)


def extract_text(html: str) -> tuple[str, list[tuple[int, int, int]], list[InlineReading]]:
    """The readable text of `html`, its node map, and the spans that carry <ruby> readings."""
    from simple_japanese.html import iter_text_nodes

    parts: list[str] = []
    segments: list[tuple[int, int, int]] = []
    ruby: list[InlineReading] = []
    pos = 0
    prev_end: int | None = None
    for node in iter_text_nodes(html):
        if prev_end is not None and _BLOCK_TAG.search(html, prev_end, node.start):
            if parts and not parts[-1].endswith("\n"):
                parts.append("\n")
                pos += 1
        parts.append(node.text)
        segments.append((pos, node.start, len(node.text)))
        if _RUBY_READING_NEXT.match(html, node.end):
            ruby.append(
                InlineReading(
                    pos, pos + len(node.text), pos + len(node.text), pos + len(node.text), ""
                )
            )
        pos += len(node.text)
        prev_end = node.end
    return "".join(parts), segments, ruby


def _empty(text: str, settings: Settings) -> Report:
    return Report(
        text=text,
        target=settings.target,
        score=0,
        level="empty",
        level_ja="文章が ありません",
        level_en="No text",
        readability=None,
        stats={"characters": 0, "sentences": 0},
        sentences=[],
        findings=[],
        passed=[],
        checked=[],
    )


def _analyze(
    text: str, settings: Settings, rules: Sequence[Rule], extra_readings: Sequence[InlineReading]
) -> Report:
    """Normalise (NFKC), analyse chunk by chunk, map every offset back into `text`."""
    check_length(text)
    if not text.strip():
        return _empty(text, settings)
    norm, omap = normalize(text)
    unchanged = norm == text
    ruby = (
        [_ruby_to_norm(r, omap) for r in extra_readings]
        if not omap.identity
        else list(extra_readings)
    )
    active = [r for r in rules if r.id not in settings.disabled_rules]
    findings: list[Finding] = []
    sentences: list[Sentence] = []
    parts: list[ChunkResult] = []
    total_chars = visible_chars(norm) if len(norm) > CHUNK_CHARS else None
    ruby.sort(key=lambda r: r.base_start)
    ruby_starts = [r.base_start for r in ruby]
    for a, b in chunk_spans(norm, CHUNK_CHARS):
        lo, hi = bisect.bisect_left(ruby_starts, a), bisect.bisect_left(ruby_starts, b)
        chunk_ruby = [_shift_reading(r, -a) for r in ruby[lo:hi]]
        part = _analyze_chunk(norm[a:b], settings, active, chunk_ruby, total_chars, first=a == 0)
        base = len(sentences)
        parts.append(part)
        if a == 0 and unchanged:  # the first chunk of a text NFKC left alone: as is
            findings.extend(
                _place(f, 0, 0, omap, len(text)) if f.sentence is None else f for f in part.findings
            )
            sentences.extend(part.sentences)
            continue
        for f in part.findings:
            findings.append(_place(f, a, base, omap, len(text)))
        for s in part.sentences:
            start, end = omap.to_orig(s.start + a), omap.to_orig(s.end + a, end=True)
            sentences.append(
                replace(s, index=s.index + base, start=start, end=end, text=text[start:end])
            )
    lh = _lee_hasebe(parts)
    readability = readability_band(lh) if lh is not None else None
    value = score(sentences, findings, lh)
    level, level_ja, level_en = level_of(value)
    flagged = {f.rule for f in findings}
    checked = [r.id for r in active]
    passed = [r.info() for r in active if r.id not in flagged]
    chars = sum(p.chars for p in parts)
    kanji = sum(p.kanji for p in parts)
    stats: dict[str, float | int] = {
        "characters": chars,
        "sentences": len(sentences),
        "tokens": sum(p.tokens for p in parts),
        "kanji": kanji,
        "kanji_ratio": round(kanji / chars, 3) if chars else 0.0,
        "mean_sentence_chars": round(chars / len(sentences), 1) if sentences else 0.0,
        "max_sentence_chars": max((s.chars for s in sentences), default=0),
        "mean_sentence_morae": round(sum(s.morae for s in sentences) / len(sentences), 1)
        if sentences
        else 0.0,
        "rules_score": round(rules_score(sentences, findings), 1),
    }
    return Report(
        text=text,
        target=settings.target,
        score=value,
        level=level,
        level_ja=level_ja,
        level_en=level_en,
        readability=readability,
        stats=stats,
        sentences=sentences,
        findings=findings,
        passed=passed,
        checked=checked,
    )


@dataclass
class ChunkResult:
    """What one chunk contributes to the report (its tokens are not kept)."""

    findings: list[Finding]
    sentences: list[Sentence]
    lh: float | None
    chars: int
    kanji: int
    tokens: int


def _analyze_chunk(
    text: str,
    settings: Settings,
    rules: Sequence[Rule],
    ruby: list[InlineReading],
    total_chars: int | None,
    *,
    first: bool,
) -> ChunkResult:
    all_tokens = tokenize_cached(text)
    readings = inline_readings(text)
    ctx = _context(text, all_tokens, readings, ruby, settings)
    ctx.total_chars = total_chars
    found: list[Finding] = []
    for rule in rules:
        for f in rule.check(ctx):
            if f.sentence is None and not first:
                continue  # whole-text findings come from the first chunk only
            found.append(f)
    sentences = [
        Sentence(
            index=s.index,
            start=s.start,
            end=s.end,
            text=s.text,
            chars=s.chars,
            morae=s.morae,
            kanji=s.kanji,
            predicates=sentence_predicates(s),
        )
        for s in ctx.sentences
    ]
    chars = visible_chars(ctx.clean_text)
    return ChunkResult(
        findings=dedupe(found),
        sentences=sentences,
        lh=lee_hasebe(ctx.clean_text, ctx.tokens) if ctx.tokens else None,
        chars=chars,
        kanji=kanji_count(ctx.clean_text),
        tokens=len(ctx.tokens),
    )


def _lee_hasebe(parts: Sequence[ChunkResult]) -> float | None:
    """Lee & Hasebe of the text; for a text in several chunks, the chunks' scores weighted by
    their characters (the formula's terms are per-sentence means and shares, so this is close
    to the whole text's figure without holding every token at once)."""
    scored = [(p.lh, p.chars) for p in parts if p.lh is not None and p.chars]
    if not scored:
        return None
    if len(scored) == 1:
        return scored[0][0]
    return sum(lh * w for lh, w in scored) / sum(w for _, w in scored)


def _place(f: Finding, shift: int, sentence_base: int, omap: OffsetMap, length: int) -> Finding:
    """A chunk's finding with offsets in the original text and a global sentence index."""
    if f.sentence is None:
        return replace(f, start=0, end=length)
    start = omap.to_orig(f.start + shift)
    end = max(start, omap.to_orig(f.end + shift, end=True))
    return replace(f, start=start, end=end, sentence=f.sentence + sentence_base)


def _ruby_to_norm(r: InlineReading, omap: OffsetMap) -> InlineReading:
    return InlineReading(
        omap.to_norm(r.base_start),
        omap.to_norm(r.base_end, end=True),
        omap.to_norm(r.start),
        omap.to_norm(r.end, end=True),
        r.reading,
    )


def _shift_reading(r: InlineReading, by: int) -> InlineReading:
    return InlineReading(r.base_start + by, r.base_end + by, r.start + by, r.end + by, r.reading)


def _context(
    text: str,
    all_tokens: Sequence[Token],
    readings: list[InlineReading],
    ruby: list[InlineReading],
    settings: Settings,
) -> Context:
    """Drop the tokens of inline readings, build the clean text and the sentence views."""
    cut = [(r.start, r.end) for r in readings]
    if cut:
        tokens = [t for t in all_tokens if not t.surface.isspace() and not _inside(t.start, cut)]
    else:
        tokens = [t for t in all_tokens if not t.surface.isspace()]

    clean_parts: list[str] = []
    clean_to_orig: list[int] = []
    last = 0
    for a, b in cut:
        clean_parts.append(text[last:a])
        clean_to_orig.extend(range(last, a))
        last = b
    clean_parts.append(text[last:])
    clean_to_orig.extend(range(last, len(text)))
    clean_to_orig.append(len(text))
    clean_text = "".join(clean_parts)
    if any(ch in clean_text for ch in _WORD_SPACES):
        keep = [k for k, ch in enumerate(clean_text) if ch not in _WORD_SPACES]
        flat_text = "".join([clean_text[k] for k in keep])
        flat_to_orig = [clean_to_orig[k] for k in keep] + [len(text)]
    else:
        flat_text, flat_to_orig = clean_text, clean_to_orig

    cut_starts = [a for a, _ in cut]
    removed_before = [0]
    for a, b in cut:
        removed_before.append(removed_before[-1] + (b - a))

    def to_clean(offset: int) -> int:
        k = bisect.bisect_right(cut_starts, offset)
        removed = removed_before[k]
        if k and offset < cut[k - 1][1]:  # inside a cut span: snap to its start
            removed -= cut[k - 1][1] - offset
        return offset - removed

    token_starts = [t.start for t in tokens]
    views: list[SentenceView] = []
    for index, span in enumerate(split_sentences(text)):
        lo = bisect.bisect_left(token_starts, span.start)
        hi = bisect.bisect_left(token_starts, span.end)
        cs, ce = to_clean(span.start), to_clean(span.end)
        views.append(
            SentenceView(
                index,
                span.start,
                span.end,
                text[span.start : span.end],
                clean_text[cs:ce],
                cs,
                list(tokens[lo:hi]),
            )
        )
    return Context(
        text=text,
        tokens=tokens,
        sentences=views,
        settings=settings,
        readings=readings + ruby,
        clean_text=clean_text,
        clean_to_orig=clean_to_orig,
        flat_text=flat_text,
        flat_to_orig=flat_to_orig,
    )


_WORD_SPACES = frozenset(" \u3000\t")


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= offset < spans[k][1]
