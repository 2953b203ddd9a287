"""The result of a check: Report, Sentence, Finding, Readability, and their JSON form.

Offsets (`start`, `end`) are Python string indices (code points) into `Report.text`, end
exclusive, so `report.text[f.start:f.end]` is the flagged passage. For `analyze_html`,
`Report.text` is the text extracted from the HTML and `Report.segments` maps it back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from simple_japanese.config import Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: which rule, how bad, where, what to tell the editor, what to write instead."""

    rule: str
    severity: Severity
    start: int
    end: int
    message_ja: str
    message_en: str
    suggestion: str | None = None
    sentence: int | None = None  # index into Report.sentences, None for whole-text findings

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence with the measures the rules use."""

    index: int
    start: int
    end: int
    text: str
    chars: int  # characters without white space and without inline readings 漢字(かんじ)
    morae: int
    kanji: int
    predicates: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Readability:
    """Lee & Hasebe's readability score and its band (jreadability)."""

    score: float
    band: str  # e.g. "lower-elementary"
    label_en: str
    label_ja: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RuleInfo:
    """What a rule checks, for the "passed" list and the documentation."""

    id: str
    title_en: str
    title_ja: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Report:
    """Everything `analyze` found out about one text."""

    text: str
    target: str
    score: int  # 0 (very hard) … 100 (easy Japanese)
    level: str  # "easy" | "fairly-easy" | "hard" | "very-hard" | "empty"
    level_ja: str
    level_en: str
    readability: Readability | None
    stats: dict[str, float | int]
    sentences: list[Sentence]
    findings: list[Finding]
    passed: list[RuleInfo]  # rules that ran and found nothing: what is already good
    checked: list[str] = field(default_factory=list)  # ids of every rule that ran
    # analyze_html only: (text_start, html_start, length) for each extracted text node.
    segments: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def source_offset(self, offset: int) -> int | None:
        """Map an offset in `text` back to the HTML it came from (analyze_html only).

        Exact inside text nodes without character references (&amp; …); None when the offset
        falls on a separator the extractor inserted or when the report is not from HTML.
        """
        for text_start, html_start, length in self.segments:
            if text_start <= offset < text_start + length:
                return html_start + (offset - text_start)
        for text_start, html_start, length in self.segments:  # an end offset
            if offset == text_start + length:
                return html_start + length
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (the CLI's --json output and the web app's API)."""
        data: dict[str, Any] = {
            "text": self.text,
            "target": self.target,
            "score": self.score,
            "level": self.level,
            "level_ja": self.level_ja,
            "level_en": self.level_en,
            "readability": self.readability.to_dict() if self.readability else None,
            "stats": dict(self.stats),
            "counts": self.counts(),
            "sentences": [s.to_dict() for s in self.sentences],
            "findings": [f.to_dict() for f in self.findings],
            "passed": [r.to_dict() for r in self.passed],
            "checked": list(self.checked),
        }
        if self.segments:
            data["segments"] = [list(seg) for seg in self.segments]
        return data
