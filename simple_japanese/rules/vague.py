"""Ambiguous and hedged expressions: 〜と思われる, 〜とみられる, 恐れがあります, 可能性, 〜等 …"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from simple_japanese.config import Severity
from simple_japanese.lexicon import data_rows
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    severity: Severity
    easier: str
    english: str


@lru_cache(maxsize=1)
def _patterns() -> tuple[_Pattern, ...]:
    out = []
    for row in data_rows("vague.tsv"):
        regex, severity, easier = row[0], row[1], row[2]
        english = row[3].strip('"') if len(row) > 3 else ""
        out.append(_Pattern(re.compile(regex), severity, easier, english))  # type: ignore[arg-type]
    return tuple(out)


class VagueExpression(Rule):
    """Hedges and vague expressions leave the reader unsure what to do.

    Source: 弘前大学 HIR (恐れがあります, 可能性, とみられ, 予想され … are hard; HIR itself writes
    〜かもしれません, so that is never flagged and plain 〜かもしれない is info). 〜等 is a
    warning (read とう / など / ら, and vague); 〜など is info (NHK NEWS WEB EASY uses it).
    """

    id = "vague-expression"
    severity: Severity = "warning"
    title_en = "Clear, not hedged"
    title_ja = "はっきり 書く"
    source = "弘前大学 HIR"
    threshold = "phrase list lexicon/vague.tsv; 〜等 warning, 〜など info"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for p in _patterns():
            for m in p.regex.finditer(ctx.flat_text):
                start, end = ctx.flat_span(m.start(), m.end())
                yield self.found(
                    ctx,
                    start,
                    end,
                    f"「{m.group()}」は はっきりしない 言い方です。「{p.easier}」と 書きましょう。",
                    f"'{m.group()}' ({p.english}) is vague; write '{p.easier}'.",
                    p.easier,
                    p.severity,
                )
        for t in ctx.tokens:
            if t.lemma == "等" and t.pos1 == "接尾辞":
                yield self.found(
                    ctx,
                    t.start,
                    t.end,
                    "「等」は 読み方が むずかしくて、意味も はっきりしません。ぜんぶ 書くか「など」に しましょう。",
                    "'等' is hard to read (とう / など) and vague; list the items or write など.",
                    "など",
                )
            elif t.surface == "など" and t.pos1 == "助詞":
                yield self.found(
                    ctx,
                    t.start,
                    t.end,
                    "「など」の ほかに 何が あるか、書けるなら 書きましょう。",
                    "'など' leaves the list open; name the items if the reader needs them.",
                    None,
                    "info",
                )
