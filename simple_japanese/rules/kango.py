"""Kango: long kanji compounds, nominalised verbs, and 漢語 + する where a native verb exists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simple_japanese.config import Severity
from simple_japanese.lexicon import base_lemma, easy_words, jlpt_index
from simple_japanese.report import Finding
from simple_japanese.rules.base import HAN, Context, Rule
from simple_japanese.rules.units import is_explained
from simple_japanese.rules.vocabulary import word_level
from simple_japanese.tokens import Token


def _is_kango_noun(t: Token) -> bool:
    return (t.pos1 == "名詞" and t.pos2 == "普通名詞" and t.goshu == "漢") or (
        t.pos1 == "接尾辞" and t.goshu == "漢" and HAN.search(t.surface) is not None
    )


def _suru_noun(t: Token) -> bool:
    return t.pos1 == "名詞" and "サ変" in t.pos3 and t.goshu == "漢"


def _noun_runs(tokens: Sequence[Token]) -> list[list[Token]]:
    """Maximal runs of adjacent kango nouns (and kango suffixes inside a run)."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for t in tokens:
        if current and _is_kango_noun(t) and current[-1].end == t.start:
            current.append(t)
            continue
        if len(current) >= 2:
            runs.append(current)
        current = [t] if _is_kango_noun(t) and t.pos1 == "名詞" else []
    if len(current) >= 2:
        runs.append(current)
    return runs


class KangoCompound(Rule):
    """Nouns strung into kango compounds (水分補給, 避難開始) and long kanji runs.

    Sources: 弘前大学 HIR; 静岡県; 横浜市 (水分補給 → 水を飲む): use verbs, not nominalised verbs;
    runs of two or more 漢語 nouns with a サ変 noun, or of six or more kanji, are hard to parse.
    """

    id = "kango-compound"
    severity: Severity = "warning"
    title_en = "No long kango compounds"
    title_ja = "漢字の ことばを つなげない"
    source = "弘前大学 HIR; 静岡県; 横浜市"
    threshold = "≥ 2 kango nouns in a row with a サ変 noun, or > max_kanji_run (5) kanji in a row"

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        flagged: list[tuple[int, int]] = []
        for sent in ctx.sentences:
            for run in _noun_runs(sent.tokens):
                nouns = [t for t in run if t.pos1 == "名詞"]
                if len(nouns) < 2 or not any(_suru_noun(t) for t in nouns):
                    continue
                start, end = run[0].start, run[-1].end
                word = ctx.text[start:end]
                if word in s.user_dictionary or word in jlpt_index().written:
                    continue
                if is_explained(ctx, start, end):
                    continue  # explained-term reports it  # a listed word (総理大臣): hard-word judges its level
                easier = easy_words().get(word)  # only a written-down rewording, never a guess
                flagged.append((start, end))
                yield self.found(
                    ctx,
                    start,
                    end,
                    f"「{word}」は 漢字の ことばが つながって います。動詞を 使って 書きましょう。",
                    f"'{word}' strings kango nouns together; write it with a verb.",
                    easier,
                )
        for sent in ctx.sentences:
            text = sent.clean
            run_start = None
            for k, ch in enumerate(text + " "):
                if HAN.match(ch):
                    if run_start is None:
                        run_start = k
                    continue
                if run_start is not None and k - run_start > s.max_kanji_run:
                    start = ctx.orig(sent.clean_start + run_start)
                    end = ctx.orig(sent.clean_start + k)
                    if not any(a <= start < b or start <= a < end for a, b in flagged):
                        toks = ctx.tokens_in(start, end)
                        proper = any(t.pos2 == "固有名詞" for t in toks)
                        yield self.found(
                            ctx,
                            start,
                            end,
                            f"漢字が {k - run_start}字 つづいて います。分けて 書きましょう。",
                            f"{k - run_start} kanji in a row are hard to read; break the compound up.",
                            severity="info" if proper else None,
                        )
                run_start = None


class KangoVerb(Rule):
    """漢語 + する where a native (和語) verb says the same: 使用する → 使う.

    Sources: 弘前大学 HIR; 在留支援のためのやさしい日本語ガイドライン (2020) rewrite examples;
    横浜市. Words above the target level are reported by `hard-word` with the same suggestion;
    this rule reports the ones a learner may know but that read as officialese.
    """

    id = "kango-verb"
    severity: Severity = "info"
    title_en = "Native verbs over kango + する"
    title_ja = "「〜する」より やさしい 動詞"
    source = "弘前大学 HIR; 2020 guideline; 横浜市"
    threshold = "サ変 noun + する with an entry in lexicon/easy_words.tsv, within the target level"

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        words = easy_words()
        toks = ctx.tokens
        for i, t in enumerate(toks[:-1]):
            if not _suru_noun(t) or toks[i + 1].lemma != "為る":
                continue
            lemma = base_lemma(t.lemma)
            easier = words.get(lemma)
            if easier is None or ctx.known_word(t):
                continue
            level = word_level(t)
            if level is None or level < s.vocab_level:
                continue  # hard-word reports it
            yield self.found(
                ctx,
                t.start,
                toks[i + 1].end,
                f"「{t.surface}する」より「{easier}」が わかりやすいです。",
                f"'{t.surface}する' reads as officialese; '{easier}' is easier.",
                easier,
            )


_DO_VERBS = frozenset({"行う", "実施", "為る"})


class NominalisedVerb(Rule):
    """An action said as a noun plus a light verb: 確認を行う, 提出をお願いします, ご確認の上.

    Sources: 弘前大学 HIR; 静岡県 (write the verb: 確認を行う → たしかめます).
    """

    id = "nominalised-verb"
    severity: Severity = "warning"
    title_en = "Verbs, not nominalised verbs"
    title_ja = "「〜を 行う」より 動詞"
    source = "弘前大学 HIR; 静岡県"
    threshold = "サ変 noun + を + 行う/実施する/お願いする, or + の上(で)"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for sent in ctx.sentences:
            toks = sent.tokens
            for i, t in enumerate(toks):
                if not _suru_noun(t) or i + 2 >= len(toks):
                    continue
                a, b = toks[i + 1], toks[i + 2]
                light = None
                if a.surface == "を" and base_lemma(b.lemma) in ("行う", "実施"):
                    light = b
                elif (
                    a.surface == "を"
                    and b.pos1 == "接頭辞"
                    and i + 3 < len(toks)
                    and base_lemma(toks[i + 3].lemma) in ("願う", "願い")
                ):
                    light = toks[i + 3]
                elif a.surface == "の" and b.surface in ("上", "うえ"):
                    light = b
                if light is None:
                    continue
                verb = easy_words().get(base_lemma(t.lemma)) or f"{t.surface}する"
                yield self.found(
                    ctx,
                    t.start,
                    light.end,
                    f"「{ctx.text[t.start : light.end]}」は むずかしいです。「{verb}」と 動詞で 書きましょう。",
                    f"'{ctx.text[t.start : light.end]}' turns a verb into a noun; write the verb "
                    f"'{verb}'.",
                    verb,
                )
