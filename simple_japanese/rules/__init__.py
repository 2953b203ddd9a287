"""The rules, one module per family, and the list `analyze` runs in order.

Order does not decide which finding survives: overlapping findings of one concern are merged by
`scoring.dedupe`, which keeps the strongest (so `honorific` wins over `hard-word` on 召し上がる).
"""

from __future__ import annotations

from simple_japanese.rules.base import Context, Rule, SentenceView
from simple_japanese.rules.dates import DateWeekday, EraYear, TildeRange, TwentyFourHour
from simple_japanese.rules.grammar import HardGrammar
from simple_japanese.rules.honorific import Honorific
from simple_japanese.rules.kango import KangoCompound, KangoVerb, NominalisedVerb
from simple_japanese.rules.kanji import KanjiCount, KanjiNoFurigana, KanjiRatio
from simple_japanese.rules.loanwords import KatakanaLoanword, Romaji
from simple_japanese.rules.negation import DoubleNegative
from simple_japanese.rules.onomatopoeia import Onomatopoeia
from simple_japanese.rules.sentence import OneIdea, SentenceLength, TariForm, TextLength
from simple_japanese.rules.style import MixedStyle
from simple_japanese.rules.vague import VagueExpression
from simple_japanese.rules.vocabulary import ExplainedTerm, HardWord
from simple_japanese.rules.voice import PassiveCausative

ALL_RULES: tuple[Rule, ...] = (
    SentenceLength(),
    OneIdea(),
    TariForm(),
    DoubleNegative(),
    Honorific(),
    Onomatopoeia(),
    KatakanaLoanword(),
    Romaji(),
    KangoCompound(),
    NominalisedVerb(),
    HardWord(),
    ExplainedTerm(),
    KangoVerb(),
    KanjiCount(),
    KanjiRatio(),
    KanjiNoFurigana(),
    VagueExpression(),
    HardGrammar(),
    MixedStyle(),
    PassiveCausative(),
    EraYear(),
    TwentyFourHour(),
    TildeRange(),
    DateWeekday(),
    TextLength(),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_ID", "Context", "Rule", "SentenceView"]
