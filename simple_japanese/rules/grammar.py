"""Grammar above the basic level, by class (conditional, obligation), from lexicon/grammar.tsv.

Anti-pattern: officialese conditionals (〜際は, 〜次第, 〜ない限り) and obligation circumlocutions
(〜わけにはいきません, 〜ねばならない, 〜べきです, 〜ものとする, 「〜すること。」) that a learner
at N4 has not met. Fix: the basic form the data file names (〜とき, 〜たら すぐ, 〜できません,
〜なければなりません, 〜て ください).

The other classes live with their own rules: hedges in vague-expression (vague.tsv), plain-style
endings (だ, である, 行こう, 行け) in mixed-style, double negatives in double-negative.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from simple_japanese.config import Severity
from simple_japanese.lexicon import data_rows
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule

GRAMMAR_CLASSES = ("conditional", "obligation")


@dataclass(frozen=True, slots=True)
class GrammarPattern:
    grammar_class: str
    regex: re.Pattern[str]
    severity: Severity
    easier: str
    english: str


@lru_cache(maxsize=1)
def grammar_patterns() -> tuple[GrammarPattern, ...]:
    """The rows of lexicon/grammar.tsv, validated: a known class, a compiling regex, a severity."""
    out = []
    for row in data_rows("grammar.tsv"):
        cls, regex, severity, easier = row[0], row[1], row[2], row[3]
        if cls not in GRAMMAR_CLASSES or severity not in ("error", "warning", "info"):
            raise ValueError(f"grammar.tsv: bad row {row!r}")
        english = row[4].strip('"') if len(row) > 4 else ""
        out.append(GrammarPattern(cls, re.compile(regex), severity, easier, english))  # type: ignore[arg-type]
    return tuple(out)


class HardGrammar(Rule):
    """Conditionals and obligations above the basic level (〜際は, 〜わけにはいきません …).

    Sources: 在留支援のためのやさしい日本語ガイドライン (2020) (basic grammar; rewrite officialese);
    弘前大学 HIR (〜とき / 〜たら; no circumlocutions); JLPT grammar levels for what is basic.
    """

    id = "hard-grammar"
    severity: Severity = "warning"
    title_en = "Basic grammar"
    title_ja = "やさしい 文法"
    source = "2020 guideline; 弘前大学 HIR"
    threshold = "pattern list lexicon/grammar.tsv (classes: conditional, obligation)"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for p in grammar_patterns():
            for m in p.regex.finditer(ctx.flat_text):
                start, end = ctx.flat_span(m.start(), m.end())
                yield self.found(
                    ctx,
                    start,
                    end,
                    f"「{m.group()}」は むずかしい 文法です。「{p.easier}」と 書きましょう。",
                    f"'{m.group()}' ({p.english}, {p.grammar_class}) is above basic grammar; "
                    f"write '{p.easier}'.",
                    p.easier,
                    p.severity,
                )
