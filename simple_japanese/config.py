"""Every threshold the checker uses, in one Settings object, with per-target presets.

The defaults come from the project's guideline table (NHK NEWS WEB EASY, 弘前大学
「やさしい日本語」作成のためのガイドライン (HIR), 出入国在留管理庁・文化庁「在留支援のための
やさしい日本語ガイドライン」(2020), 横浜市). Where a preset needs a number no source gives, the
field's comment says "ours".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

JLPT_LEVELS = ("N5", "N4", "N3", "N2", "N1")

# The largest text one call of `analyze`, `analyze_html`, `furigana`, `furigana_html` (and the
# `Reader` methods) accepts, in characters; past it they raise `chunking.InputTooLong`. A whole
# book chapter fits; a larger input is almost always a mistake (a binary file, a whole corpus).
MAX_INPUT_CHARS = 1_000_000


@dataclass(frozen=True)
class Settings:
    """Thresholds for one check. Build one with `Settings.for_target("N4")` and `replace()`."""

    target: str = "N4"
    # JLPT level the reader is assumed to know: 5 = N5 … 1 = N1 (HIR, NHK: old levels 3–4 ≈ N4/N5).
    vocab_level: int = 4
    # Sentence length: NHK ≤ 50 characters; HIR ≤ 48 morae for everyday information, ≤ 24 for disasters.
    max_sentence_chars: int = 50
    max_sentence_morae: int = 48
    # A sentence longer than this many characters is an error, not a warning (ours: twice NHK's limit).
    error_sentence_chars: int = 100
    # One idea per sentence (HIR): predicates per sentence, and te-form / 連用中止 links in a chain.
    max_predicates: int = 3
    max_clause_links: int = 2
    # Predicates plus verbs in relative clauses (働く 人): ours, from the easy/ordinary corpus,
    # where no easy sentence went above 4.
    max_verbs: int = 4
    # Kanji (HIR): ≤ 13 per sentence for everyday information, 3–4 for disaster information.
    max_kanji_per_sentence: int = 13
    # Share of kanji among a sentence's characters (ours: NHK EASY runs at ~25–30 %).
    max_kanji_ratio: float = 0.4
    kanji_ratio_min_chars: int = 12  # short sentences make the ratio meaningless
    # True when the page will be shown with furigana (the site adds ruby automatically);
    # False turns on `kanji-no-furigana` (2020 guideline, NHK: furigana on all kanji).
    furigana: bool = True
    # Runs of this many kanji in a row are a long kango compound (guidelines: ≥ 6).
    max_kanji_run: int = 5
    # Whole text: about one A4 page (横浜市).
    max_total_chars: int = 1000
    # Words the editor declares known (names, local terms): never "hard", never "loanword".
    user_dictionary: frozenset[str] = frozenset()
    # Terms the page explains (its vocabulary block): reported as explained, never "hard".
    explained_terms: frozenset[str] = frozenset()
    # Rule ids to skip.
    disabled_rules: frozenset[str] = frozenset()
    # Per-rule severity overrides, e.g. {"passive-causative": "warning"}.
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)

    @classmethod
    def for_target(cls, target: str = "N4", **overrides: object) -> Settings:
        """Return the preset for `target` ("N5" … "N2" or "disaster"), with field overrides."""
        try:
            preset = PRESETS[target]
        except KeyError:
            known = ", ".join(PRESETS)
            raise ValueError(f"unknown target {target!r}; use one of: {known}") from None
        if "user_dictionary" in overrides:
            overrides["user_dictionary"] = frozenset(overrides["user_dictionary"])  # type: ignore[call-overload]
        if "explained_terms" in overrides:
            overrides["explained_terms"] = frozenset(overrides["explained_terms"])  # type: ignore[call-overload]
        if "disabled_rules" in overrides:
            overrides["disabled_rules"] = frozenset(overrides["disabled_rules"])  # type: ignore[call-overload]
        return replace(preset, **overrides)  # type: ignore[arg-type]

    def severity(self, rule_id: str, default: Severity) -> Severity:
        """The severity a rule reports with, after the editor's overrides."""
        return self.severity_overrides.get(rule_id, default)

    @property
    def vocab_label(self) -> str:
        return f"N{self.vocab_level}"


PRESETS: dict[str, Settings] = {
    # N5 and N4 readers: the everyday-information numbers of HIR and NHK.
    "N5": Settings(target="N5", vocab_level=5),
    "N4": Settings(target="N4", vocab_level=4),
    # HIR: everyday information may use vocabulary up to N2. Longer sentences are ours.
    "N3": Settings(
        target="N3",
        vocab_level=3,
        max_sentence_chars=60,
        max_sentence_morae=60,
        max_kanji_per_sentence=16,
        max_kanji_ratio=0.45,
    ),
    "N2": Settings(
        target="N2",
        vocab_level=2,
        max_sentence_chars=70,
        max_sentence_morae=72,
        max_kanji_per_sentence=20,
        max_kanji_ratio=0.5,
        max_predicates=4,
        max_clause_links=3,
        max_verbs=5,
    ),
    # HIR's disaster numbers: ≤ 24 morae and 3–4 kanji per sentence.
    "disaster": Settings(
        target="disaster",
        vocab_level=4,
        max_sentence_chars=30,
        max_sentence_morae=24,
        error_sentence_chars=60,
        max_kanji_per_sentence=4,
        max_predicates=2,
        max_clause_links=1,
        max_verbs=3,
    ),
}

TARGETS: tuple[str, ...] = tuple(PRESETS)
