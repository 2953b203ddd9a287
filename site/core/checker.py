"""The easy-Japanese check of a page: its text as segments, one report, findings per segment.

The editor panel, the publish gate and the tests share this module. A page's text is a list of
`Segment`s (title, summary, each text block …) in reading order; they are joined with newlines
and analysed once by the engine (through core/easyjp.py), and each finding is mapped back to the segment
it came from, so the editor can jump to the field that holds the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail import blocks
from wagtail.blocks import StreamValue
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

from core import easyjp
from core.choices import FindingSeverity

# Any kana or kanji: text without them (English, URLs, numbers) is not for this checker.
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
MAX_CHARS = 20_000  # about twenty A4 pages: a page that long has other problems
TARGETS = ("N5", "N4", "N3", "N2", "disaster")
# Struct children the reader does not read as prose: the word a vocabulary list teaches (it
# is glossed right there) and its reading.
SKIPPED_CHILDREN = {"word", "reading"}
# Report levels that meet the target the report was computed for.
PASSING_LEVELS = {"easy", "fairly-easy", "empty"}
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "blockquote",
    "figcaption",
}


class CheckerInputError(ValueError):
    """Bad input to the checker; the message is safe to show the editor (translated)."""

    status = 400


class CheckerInputTooLong(CheckerInputError):
    """More than MAX_CHARS characters: 413."""

    status = 413


@dataclass(frozen=True)
class Segment:
    """One run of text and where it lives (a field name, a StreamField path or an element id)."""

    key: str
    text: str


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Rich text → plain text, one line per paragraph or list item."""
    parser = _TextExtractor()
    parser.feed(markup or "")
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


def has_japanese(text: str) -> bool:
    return bool(JAPANESE.search(text or ""))


def _walk_block(path: str, block: blocks.Block, value: Any) -> Iterable[Segment]:
    if value is None:
        return
    if isinstance(block, blocks.RichTextBlock):
        yield Segment(
            path, html_to_text(value.source if isinstance(value, RichText) else str(value))
        )
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name not in SKIPPED_CHILDREN:
                yield from _walk_block(f"{path}.{name}", child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(value):
            yield from _walk_block(f"{path}.{index}", block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        yield from _walk_stream(path, value)
    elif isinstance(block, (blocks.CharBlock, blocks.TextBlock)):
        yield Segment(path, str(value))


def _walk_stream(path: str, value: StreamValue) -> Iterable[Segment]:
    for index, child in enumerate(value):
        yield from _walk_block(f"{path}.{index}", child.block, child.value)


def segments_from_values(
    model: type, values: Mapping[str, Any], *, japanese_only: bool = True
) -> list[Segment]:
    """Segments of `values` (field name → value, as on a page or in a form's cleaned_data).

    The checker wants the Japanese only; search wants every language (`japanese_only=False`).
    """
    out: list[Segment] = []
    for name in getattr(model, "text_fields", ("title",)):
        value = values.get(name)
        if value in (None, ""):
            continue
        model_field = model._meta.get_field(name)
        if isinstance(value, StreamValue) or isinstance(model_field, StreamField):
            out.extend(_walk_stream(name, value))
        elif isinstance(value, RichText):
            out.append(Segment(name, html_to_text(value.source)))
        elif isinstance(model_field, RichTextField):
            out.append(Segment(name, html_to_text(str(value))))
        else:
            out.append(Segment(name, str(value)))
    return [s for s in out if s.text.strip() and (has_japanese(s.text) or not japanese_only)]


def _glossed_in_block(block: blocks.Block, value: Any) -> Iterable[str]:
    if value is None:
        return
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name == "word" and value.get(name):
                yield str(value.get(name)).strip()
            else:
                yield from _glossed_in_block(child, value.get(name))
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from _glossed_in_block(block.child_block, item)
    elif isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from _glossed_in_block(child.block, child.value)


def glossed_words(model: type, values: Mapping[str, Any]) -> set[str]:
    """Words a vocabulary list on the page explains: the reader is given their meaning."""
    words: set[str] = set()
    for name in getattr(model, "text_fields", ()):
        value = values.get(name)
        if isinstance(value, StreamValue):
            for child in value:
                words.update(_glossed_in_block(child.block, child.value))
    return {w for w in words if w}


def segments_from_page(page, *, japanese_only: bool = True) -> list[Segment]:
    """The (Japanese) text of a page, in reading order."""
    model = type(page)
    values = {name: getattr(page, name, None) for name in model.text_fields}
    return segments_from_values(model, values, japanese_only=japanese_only)


def segments_from_payload(payload: Any) -> tuple[list[Segment], str]:
    """Validate the editor's JSON: {"target": "N4", "segments": [{"id": …, "text": …}]}."""
    if not isinstance(payload, dict):
        raise CheckerInputError(_("Send a JSON object."))
    target = payload.get("target") or "N4"
    if target not in TARGETS:
        raise CheckerInputError(
            _("Unknown target %(target)s; use one of %(targets)s.")
            % {"target": repr(target), "targets": ", ".join(TARGETS)}
        )
    raw = payload.get("segments")
    if raw is None and isinstance(payload.get("text"), str):
        raw = [{"id": "text", "text": payload["text"]}]
    if not isinstance(raw, list):
        raise CheckerInputError(_("Send the text as 'segments': a list of {id, text}."))
    segments: list[Segment] = []
    total = 0
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise CheckerInputError(_("Each segment needs an 'id' and a 'text' string."))
        text = item["text"]
        total += len(text)
        if total > MAX_CHARS:
            raise CheckerInputTooLong(
                _(
                    "The text is too long to check: %(count)s characters, at most %(max)s. "
                    "Check it in parts."
                )
                % {
                    "count": sum(len(i.get("text") or "") for i in raw if isinstance(i, dict)),
                    "max": f"{MAX_CHARS:,}",
                }
            )
        if text.strip() and has_japanese(text):
            segments.append(Segment(str(item.get("id") or len(segments)), text))
    return segments, target


def known_from_payload(payload: dict) -> list[str]:
    """Glossed words the editor's form holds (vocabulary entries), if sent."""
    known = payload.get("known") or []
    if not isinstance(known, list):
        raise CheckerInputError(_("'known' must be a list of words."))
    return [str(word)[:60] for word in known[:500] if isinstance(word, str)]


@dataclass
class CheckResult:
    """A report over the joined segments, with each finding mapped back to its segment."""

    report: Any  # simple_japanese.report.Report
    target: str
    segments: list[Segment]
    starts: list[int] = field(default_factory=list)  # offset of each segment in report.text

    @property
    def meets_target(self) -> bool:
        return self.report.level in PASSING_LEVELS and not self.report.has_errors

    @property
    def score(self) -> int:
        return self.report.score

    def _locate(self, offset: int) -> int:
        index = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                index = i
        return index

    def findings(self, limit: int | None = None) -> list[dict[str, Any]]:
        """Findings for the editor: rule, message, suggestion, segment and the sentence."""
        sentences = self.report.sentences
        titles = easyjp.rule_titles()
        out = []
        for finding in self.report.findings[:limit]:
            index = self._locate(finding.start)
            segment = self.segments[index] if self.segments else Segment("", "")
            base = self.starts[index] if self.starts else 0
            start = max(0, finding.start - base)
            end = max(start, min(len(segment.text), finding.end - base))
            title_ja, title_en = titles.get(finding.rule, (finding.rule, finding.rule))
            item: dict[str, Any] = {
                "rule": finding.rule,  # for styling and tests; people read the titles
                "rule_title_ja": title_ja,
                "rule_title_en": title_en,
                "severity": finding.severity,
                "severity_label": _severity_label(finding.severity),
                "message_ja": finding.message_ja,
                "message_en": finding.message_en,
                "suggestion": finding.suggestion,
                "segment": segment.key,
                "start": start,
                "end": end,
                "excerpt": _clip(segment.text[start:end]),
                "sentence": None,
            }
            if finding.sentence is not None and 0 <= finding.sentence < len(sentences):
                sentence = sentences[finding.sentence]
                item["sentence"] = _sentence_window(
                    sentence.text,
                    max(0, finding.start - sentence.start),
                    max(0, min(len(sentence.text), finding.end - sentence.start)),
                )
            out.append(item)
        return out

    def to_dict(self) -> dict[str, Any]:
        report = self.report
        return {
            "target": self.target,
            "score": report.score,
            "level": report.level,
            "level_ja": report.level_ja,
            "level_en": report.level_en,
            "meets_target": self.meets_target,
            "counts": report.counts(),
            "characters": len(report.text),
            "findings": self.findings(FINDINGS_MAX),
            "findings_total": len(report.findings),
        }

    def summary(self, limit: int = 5) -> list[str]:
        """The first findings as one line each, in the editor's language (for messages)."""
        japanese = (get_language() or "ja").startswith("ja")
        lines = []
        for item in self.findings(limit):
            message = item["message_ja"] if japanese else item["message_en"]
            excerpt = item["excerpt"] or (item["sentence"] or {}).get("text", "")
            lines.append(f"「{excerpt[:40]}」 {message}" if excerpt else message)
        return lines


# A finding shows its sentence, but a "sentence" of a text without 。 can be the whole text,
# and repeating it for every finding made replies dozens of times the input. So a long
# sentence is cut to a window around the marked words, and an excerpt to EXCERPT_MAX.
# The reply also lists at most FINDINGS_MAX findings (in text order; `counts` still counts
# them all): a 20,000-character text can have thousands, which no editor reads one by one.
SENTENCE_MAX = 200
SENTENCE_CONTEXT = 40
EXCERPT_MAX = 120
FINDINGS_MAX = 200


def _severity_label(severity: str) -> str:
    """The severity in the editor's words (choices in core.choices), not the engine's code."""
    return str(FindingSeverity(severity).label) if severity in FindingSeverity else severity


def _clip(text: str, limit: int = EXCERPT_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sentence_window(text: str, mark_start: int, mark_end: int) -> dict[str, Any]:
    """The sentence, or a window of it around [mark_start, mark_end), with the mark offsets."""
    if len(text) <= SENTENCE_MAX:
        return {"text": text, "mark_start": mark_start, "mark_end": mark_end}
    mark_end = min(mark_end, mark_start + EXCERPT_MAX)
    lo = max(0, mark_start - SENTENCE_CONTEXT)
    hi = min(len(text), mark_end + SENTENCE_CONTEXT)
    prefix = "…" if lo > 0 else ""
    suffix = "…" if hi < len(text) else ""
    shift = len(prefix) - lo
    return {
        "text": prefix + text[lo:hi] + suffix,
        "mark_start": mark_start + shift,
        "mark_end": mark_end + shift,
    }


def check_segments(
    segments: list[Segment], *, target: str = "N4", known: Iterable[str] = ()
) -> CheckResult:
    """Analyse the segments as one text (sentences never span two segments).

    `known` words are never "hard": names from the reading dictionary and words the page
    glosses in a vocabulary list.
    """
    starts: list[int] = []
    offset = 0
    for segment in segments:
        starts.append(offset)
        offset += len(segment.text) + 1
    text = "\n".join(segment.text for segment in segments)
    # In the worker process, with a time budget (core.offload): raises HeavyWorkError.
    report = easyjp.analyze_text(text, target=target, known=known)
    return CheckResult(report=report, target=target, segments=list(segments), starts=starts)


def check_values(model: type, values: Mapping[str, Any], *, target: str) -> CheckResult:
    """Check field values (a page's, or a form's cleaned_data) of a page model."""
    return check_segments(
        segments_from_values(model, values), target=target, known=glossed_words(model, values)
    )


def check_page(page, *, target: str | None = None) -> CheckResult:
    model = type(page)
    values = {name: getattr(page, name, None) for name in model.text_fields}
    return check_values(model, values, target=target or page.get_target_level())
