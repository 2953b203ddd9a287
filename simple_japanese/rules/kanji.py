"""Kanji rules: how many kanji a sentence carries, and kanji without furigana."""

from __future__ import annotations

from collections.abc import Iterable

from simple_japanese.config import Severity
from simple_japanese.report import Finding
from simple_japanese.rules.base import HAN, Context, Rule


class KanjiCount(Rule):
    """Too many kanji in one sentence.

    Source: 弘前大学 HIR (3–4 kanji per sentence for disaster information, ≤ 13 for everyday
    information); 在留支援のためのやさしい日本語ガイドライン (2020) (watch the share of kanji).
    """

    id = "kanji-count"
    severity: Severity = "warning"
    title_en = "Few kanji per sentence"
    title_ja = "漢字が 多すぎない"
    source = "弘前大学 HIR; 2020 guideline"
    threshold = "kanji per sentence > max_kanji_per_sentence (13; disaster 4)"

    def check(self, ctx: Context) -> Iterable[Finding]:
        limit = ctx.settings.max_kanji_per_sentence
        for sent in ctx.sentences:
            n = sent.kanji
            if n > limit:
                yield self.found(
                    ctx,
                    sent.start,
                    sent.end,
                    f"漢字が 多いです（{n}字）。{limit}字までに しましょう。ひらがなで 書ける ことばは ひらがなに します。",
                    f"{n} kanji in one sentence; keep it to {limit}. Write easy words in hiragana "
                    "or split the sentence.",
                )


class KanjiRatio(Rule):
    """A sentence that is mostly kanji reads like a headline.

    Source: 在留支援のためのやさしい日本語ガイドライン (2020) (the share of kanji); the 40 % limit is
    ours, set above NHK NEWS WEB EASY's usual 25–30 %.
    """

    id = "kanji-ratio"
    severity: Severity = "info"
    title_en = "Kanji share"
    title_ja = "漢字の 割合"
    source = "2020 guideline (limit ours)"
    threshold = "kanji / characters > max_kanji_ratio (0.4), sentences ≥ 12 characters"

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        for sent in ctx.sentences:
            chars = sent.chars
            if chars < s.kanji_ratio_min_chars:
                continue
            ratio = sent.kanji / chars
            if ratio > s.max_kanji_ratio:
                yield self.found(
                    ctx,
                    sent.start,
                    sent.end,
                    f"漢字の 割合が 高いです（{ratio:.0%}）。",
                    f"{ratio:.0%} of this sentence is kanji (limit {s.max_kanji_ratio:.0%}); "
                    "use verbs and hiragana words instead of kanji compounds.",
                )


class KanjiNoFurigana(Rule):
    """Kanji words without furigana, when the page will not add ruby itself.

    Source: 在留支援のためのやさしい日本語ガイドライン (2020) and NHK NEWS WEB EASY (furigana on all
    kanji, or an inline reading 漢字(かんじ)). Only runs when Settings.furigana is False.
    """

    id = "kanji-no-furigana"
    severity: Severity = "warning"
    title_en = "Furigana on kanji"
    title_ja = "漢字に ふりがな"
    source = "2020 guideline; NHK NEWS WEB EASY"
    threshold = "Settings.furigana = False: every kanji word without an inline reading"

    def check(self, ctx: Context) -> Iterable[Finding]:
        if ctx.settings.furigana:
            return
        for t in ctx.tokens:
            if not HAN.search(t.surface) or ctx.has_reading(t.start, t.end):
                continue
            reading = t.kana
            from simple_japanese.lexicon import to_hiragana

            suggestion = f"{t.surface}({to_hiragana(reading)})" if reading else None
            yield self.found(
                ctx,
                t.start,
                t.end,
                f"「{t.surface}」に ふりがなを つけましょう。",
                f"'{t.surface}' has no furigana; add ruby or an inline reading.",
                suggestion,
            )
