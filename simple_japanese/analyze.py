"""`analyze(text)` and `analyze_html(html)`: run every rule over one tokenisation, score the text.

The score (0 = very hard … 100 = easy Japanese) combines two things, because each fails alone:
Lee & Hasebe's formula separates whole articles but not sentences, and the rules judge sentences
but not the overall register. 80 % of the score is the share of the text (by characters) in
sentences without problems, where a sentence's quality is 1 / (1 + its findings' weights); 20 %
is Lee & Hasebe's score mapped from its 1.0–6.0 range to 0–100.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence

from simple_japanese.config import Settings
from simple_japanese.readability import band as readability_band
from simple_japanese.readability import lee_hasebe
from simple_japanese.report import Finding, Report, Sentence
from simple_japanese.rules import ALL_RULES, Context, Rule, SentenceView
from simple_japanese.rules.base import kanji_count, visible_chars
from simple_japanese.rules.sentence import sentence_predicates
from simple_japanese.sentences import InlineReading, inline_readings, split_sentences
from simple_japanese.tokens import Token, tokenize_cached

# How much a finding costs its sentence.
SEVERITY_WEIGHT = {"error": 1.0, "warning": 0.4, "info": 0.1}
# How much a whole-text finding (text-length) costs the score, in points.
TEXT_PENALTY = {"error": 10.0, "warning": 5.0, "info": 2.0}
RULES_SHARE = 0.8
LH_LOW, LH_HIGH = 1.0, 6.0

LEVELS = (
    (80, "easy", "やさしい", "Easy Japanese"),
    (60, "fairly-easy", "すこし むずかしい", "Fairly easy"),
    (40, "hard", "むずかしい", "Hard"),
    (0, "very-hard", "とても むずかしい", "Very hard"),
)

# Rules whose word-level findings make a hard-word finding on the same word redundant.
_WORD_RULES = frozenset({"honorific", "onomatopoeia", "katakana-loanword"})


def analyze(
    text: str,
    *,
    target: str = "N4",
    settings: Settings | None = None,
    user_dictionary: Iterable[str] = (),
    rules: Sequence[Rule] | None = None,
) -> Report:
    """Check `text` against the easy-Japanese rules for a reader at `target` (N5…N2, disaster).

    `settings` overrides the preset for `target`; `user_dictionary` adds words the reader is
    taken to know (names, local terms). The text is tokenised once (tokens.tokenize_cached) and
    every rule reads those tokens. An empty or blank text gives a Report with level "empty",
    score 0 and no findings.
    """
    settings = _settings(target, settings, user_dictionary)
    return _analyze(text, settings, rules or ALL_RULES, extra_readings=())


def analyze_html(
    html: str,
    *,
    target: str = "N4",
    settings: Settings | None = None,
    user_dictionary: Iterable[str] = (),
    rules: Sequence[Rule] | None = None,
) -> Report:
    """Check the readable text of an HTML fragment (text nodes only).

    The text is what a reader sees: text nodes outside <script>, <style>, <rt> and <rp>, in
    document order, joined directly inside a block and with a "\\n" between blocks (<p>, <li>,
    <br>, headings …) so that sentences do not run across them. Finding offsets index
    `report.text`, that extracted text; `report.segments` lists (text_start, html_start, length)
    per text node and `report.source_offset(i)` maps an offset back into `html`. Kanji inside
    <ruby> count as having furigana.
    """
    settings = _settings(target, settings, user_dictionary)
    text, segments, ruby = extract_text(html)
    report = _analyze(text, settings, rules or ALL_RULES, extra_readings=ruby)
    report.segments = segments
    return report


def _settings(target: str, settings: Settings | None, user_dictionary: Iterable[str]) -> Settings:
    s = settings if settings is not None else Settings.for_target(target)
    extra = frozenset(user_dictionary)
    if extra:
        from dataclasses import replace

        s = replace(s, user_dictionary=s.user_dictionary | extra)
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


def _analyze(
    text: str, settings: Settings, rules: Sequence[Rule], extra_readings: Sequence[InlineReading]
) -> Report:
    if not text.strip():
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
    all_tokens = tokenize_cached(text)
    readings = inline_readings(text)
    ctx = _context(text, all_tokens, readings, list(extra_readings), settings)

    findings: list[Finding] = []
    checked: list[str] = []
    for rule in rules:
        if rule.id in settings.disabled_rules:
            continue
        checked.append(rule.id)
        findings.extend(rule.check(ctx))
    findings = _dedupe(findings)

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
    lh = lee_hasebe(ctx.clean_text, ctx.tokens) if ctx.tokens else None
    readability = readability_band(lh) if lh is not None else None
    score = _score(sentences, findings, lh)
    level, level_ja, level_en = next((lv[1], lv[2], lv[3]) for lv in LEVELS if score >= lv[0])
    flagged = {f.rule for f in findings}
    by_id = {r.id: r for r in rules}
    passed = [by_id[r].info() for r in checked if r not in flagged]
    chars = visible_chars(ctx.clean_text)
    stats: dict[str, float | int] = {
        "characters": chars,
        "sentences": len(sentences),
        "tokens": len(ctx.tokens),
        "kanji": kanji_count(ctx.clean_text),
        "kanji_ratio": round(kanji_count(ctx.clean_text) / chars, 3) if chars else 0.0,
        "mean_sentence_chars": round(chars / len(sentences), 1) if sentences else 0.0,
        "max_sentence_chars": max((s.chars for s in sentences), default=0),
        "mean_sentence_morae": round(sum(s.morae for s in sentences) / len(sentences), 1)
        if sentences
        else 0.0,
        "rules_score": round(_rules_score(sentences, findings), 1),
    }
    return Report(
        text=text,
        target=settings.target,
        score=score,
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


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per (span); hard-word gives way to a word rule on the same word."""
    seen: set[tuple[int, int]] = set()
    word_spans = [(f.start, f.end) for f in findings if f.rule in _WORD_RULES]
    out = []
    for f in findings:
        if f.rule == "hard-word" and any(a <= f.start and f.end <= b for a, b in word_spans):
            continue
        key = (f.start, f.end, f.rule)
        if (f.start, f.end) in seen and f.rule in ("hard-word", "kango-verb"):
            continue
        seen.add(key[:2])
        out.append(f)
    order = {"error": 0, "warning": 1, "info": 2}
    out.sort(key=lambda f: (f.start, order[f.severity], f.end))
    return out


def _rules_score(sentences: Sequence[Sentence], findings: Sequence[Finding]) -> float:
    """0–100: character-weighted mean over sentences of 1 / (1 + weight of its findings)."""
    if not sentences:
        return 100.0
    penalty = [0.0] * len(sentences)
    text_penalty = 0.0
    for f in findings:
        if f.sentence is None:
            text_penalty += TEXT_PENALTY[f.severity]
        else:
            penalty[f.sentence] += SEVERITY_WEIGHT[f.severity]
    weights = [max(s.chars, 1) for s in sentences]
    quality = sum(w / (1.0 + p) for w, p in zip(weights, penalty, strict=True)) / sum(weights)
    return max(0.0, 100.0 * quality - text_penalty)


def _score(sentences: Sequence[Sentence], findings: Sequence[Finding], lh: float | None) -> int:
    rules = _rules_score(sentences, findings)
    if lh is None:
        return round(rules)
    lh_part = 100.0 * min(1.0, max(0.0, (lh - LH_LOW) / (LH_HIGH - LH_LOW)))
    return round(RULES_SHARE * rules + (1 - RULES_SHARE) * lh_part)
