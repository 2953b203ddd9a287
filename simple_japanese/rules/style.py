"""Sentence-final style: every sentence ends in です・ます, none in だ / である / a plain form."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from simple_japanese.config import Severity
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule, is_symbol, masu_stem, te_form
from simple_japanese.tokens import Token

Style = Literal["polite", "plain"]
_FINAL_PARTICLES = frozenset({"か", "ね", "よ", "な", "わ", "の", "ぞ", "さ", "かな", "よね"})
_TERMINATED = ("。", "．", "！", "？", "!", "?")
# Plain-style endings, as a class: the plain non-past/past (終止形), the imperative (行け) and the
# plain volitional (行こう). Inside a clause a plain form is correct; only the ending counts.
_PLAIN_FORMS = ("終止形", "命令形", "意志推量形")


def ending_style(tokens: Sequence[Token], text: str) -> tuple[Style, int] | None:
    """Style of a sentence's ending and the index of its last predicate token, or None.

    None for headings and list items (no 。), sentences that end in a noun (体言止め), and
    sentences that are entirely a quotation.
    """
    stripped = text.rstrip()
    if not stripped.endswith(_TERMINATED):
        return None
    if stripped.startswith(("「", "『")) and stripped.rstrip("。．！？!?").endswith(("」", "』")):
        return None
    i = len(tokens) - 1
    while i >= 0 and (
        is_symbol(tokens[i])
        or (tokens[i].pos2 == "終助詞" and tokens[i].surface in _FINAL_PARTICLES)
    ):
        i -= 1
    if i < 0:
        return None
    last = i
    # Walk back over the auxiliary chain (まし・た, ませ・ん, でし・ょう).
    j = i
    while j >= 0 and tokens[j].pos1 == "助動詞":
        if tokens[j].lemma in ("ます", "です"):
            return "polite", last
        j -= 1
    t = tokens[i]
    if t.lemma == "下さる" and t.c_form == "命令形":
        return "polite", last
    if t.pos1 == "助動詞":
        if t.lemma == "だ" and t.c_form.startswith("連体形"):
            return None  # 〜な (rare at an end)
        return "plain", last
    if t.pos1 in ("動詞", "形容詞") and t.c_form.startswith(_PLAIN_FORMS):
        return "plain", last
    return None


def polite_rewrite(tokens: Sequence[Token], last: int) -> tuple[int, str | None]:
    """A です・ます version of the ending and the token it starts at.

    行く → 行きます, 行った → 行きました, 学生だ → 学生です, である → です, 暑い → 暑いです.
    """
    t = tokens[last]
    prev = tokens[last - 1] if last > 0 else None
    if t.pos1 == "動詞":
        if t.lemma == "有る" and prev is not None and prev.lemma == "だ":
            return last - 1, "です"  # である
        stem = masu_stem(t.orth_base or t.lemma, t.c_type)
        if t.c_form.startswith("意志推量形"):
            return last, stem + "ましょう"  # 行こう → 行きましょう
        if t.c_form.startswith("命令形"):
            return last, te_form(
                t.orth_base or t.lemma, t.c_type
            ) + "ください"  # 行け → 行ってください
        return last, stem + "ます"
    if t.pos1 == "形容詞":
        if t.lemma == "無い" and t.surface == "ない":
            return last, "ありません"
        return last, t.surface + "です"
    if t.lemma == "だ":
        return last, "です"
    if t.lemma == "た" and prev is not None:
        if prev.pos1 == "動詞":
            return last - 1, masu_stem(prev.orth_base or prev.lemma, prev.c_type) + "ました"
        if prev.lemma == "だ":
            return last - 1, "でした"
        if prev.pos1 == "形容詞":
            return last - 1, prev.surface + "たです"
    if t.lemma == "ない" and prev is not None and prev.pos1 == "動詞":
        return last - 1, masu_stem(prev.orth_base or prev.lemma, prev.c_type) + "ません"
    return last, None


class MixedStyle(Rule):
    """Plain endings (だ, である, 行く) in a text that should end every sentence in です・ます.

    Sources: 在留支援のためのやさしい日本語ガイドライン (2020); 弘前大学 HIR; 静岡県 (end with
    です・ます throughout). Headings, list items without 。 and sentences ending in a noun are
    not judged.
    """

    id = "mixed-style"
    severity: Severity = "warning"
    title_en = "です・ます throughout"
    title_ja = "文の 終わりは「です・ます」"
    source = "2020 guideline; 弘前大学 HIR; 静岡県"
    threshold = "any sentence ending in だ / である / a plain verb or adjective"

    def check(self, ctx: Context) -> Iterable[Finding]:
        styles = []
        for sent in ctx.sentences:
            got = ending_style(sent.tokens, sent.clean)
            if got is not None:
                styles.append((sent, got))
        polite = sum(1 for _, (style, _) in styles if style == "polite")
        for sent, (style, last) in styles:
            if style != "plain":
                continue
            toks = sent.tokens
            end_tok = toks[last]
            first, rewrite = polite_rewrite(toks, last)
            start_tok = toks[first]
            written = ctx.text[start_tok.start : end_tok.end]
            mixed = polite > 0
            ja = f"「{written}」で 終わって います。文の 終わりは「です」「ます」に しましょう。"
            en = (
                f"Sentence ends in the plain form '{written}'"
                + (" while others use です・ます" if mixed else "")
                + "; end every sentence in です・ます."
            )
            yield self.found(ctx, start_tok.start, end_tok.end, ja, en, rewrite)
