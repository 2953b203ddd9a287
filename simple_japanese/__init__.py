"""simple_japanese: check and annotate easy Japanese (やさしい日本語). Pure Python, no Django.

from simple_japanese import analyze, furigana, readings
report = analyze("地震が 起きたら、机の 下に 入って ください。", target="N4")
report.score, report.level, [f.rule for f in report.findings]
"""

from __future__ import annotations

from simple_japanese.analyze import analyze, analyze_html
from simple_japanese.chunking import MAX_INPUT_CHARS, InputTooLong
from simple_japanese.config import TARGETS, Settings

# The function names shadow the submodules simple_japanese.analyze and simple_japanese.furigana
# on purpose: `from simple_japanese import analyze, furigana` gives the functions, as the web app
# and outside tools expect. Import the modules via `from simple_japanese.furigana import …`.
from simple_japanese.furigana import (
    furigana,
    furigana_brackets,
    furigana_html,
    furigana_json,
    load_overrides_tsv,
    readings,
)
from simple_japanese.readability import lee_hasebe
from simple_japanese.report import Finding, Readability, Report, RuleInfo, Sentence
from simple_japanese.rules import ALL_RULES

__all__ = [
    "ALL_RULES",
    "Finding",
    "InputTooLong",
    "MAX_INPUT_CHARS",
    "Readability",
    "Report",
    "RuleInfo",
    "Sentence",
    "Settings",
    "TARGETS",
    "analyze",
    "analyze_html",
    "furigana",
    "furigana_brackets",
    "furigana_html",
    "furigana_json",
    "lee_hasebe",
    "load_overrides_tsv",
    "readings",
]
