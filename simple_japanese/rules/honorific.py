"""Honorific and humble language (尊敬語・謙譲語) → plain です・ます, with the plain form suggested."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simple_japanese.config import Severity
from simple_japanese.lexicon import base_lemma, easy_words, honorifics
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule, first_choice, masu_stem, te_form
from simple_japanese.tokens import Token

_I_TO_U = dict(zip("いきぎしちにびみり", "うくぐすつぬぶむる", strict=True))
# お/ご + X + these: honorific (になる), humble (する/いたす/申し上げる), request (ください/いただく).
_HUMBLE_SUPPORT = frozenset({"為る", "致す", "申し上げる"})
# Set phrases easy Japanese keeps: おねがいします, ごはん, おかね …
_ALLOWED_O = frozenset({"願う", "願い"})


def _verb_from_stem(tok: Token) -> str:
    """The dictionary form behind a 連用形 or a noun made from one: 待ち → 待つ, 読み → 読む."""
    if tok.pos1 == "動詞":
        return tok.orth_base or tok.lemma
    if tok.pos2.startswith("普通名詞") and "サ変" in tok.pos3:
        return tok.surface + "する"
    s = tok.surface
    if s and s[-1] in _I_TO_U:
        return s[:-1] + _I_TO_U[s[-1]]
    return s + "る"


def _tail(plain: str, tail: Sequence[Token]) -> tuple[str, int]:
    """Rewrite the plain verb with the ending the honorific carried; return (text, tokens used)."""
    if not tail:
        return plain, 0
    head = tail[0]
    if head.pos1 == "助動詞" and head.lemma in ("ます", "た", "ない", "ず", "ぬ"):
        used = 0
        out = ""
        for t in tail:
            if t.pos1 != "助動詞":
                break
            out += t.surface
            used += 1
        if head.lemma == "ます":
            return masu_stem(plain) + out, used
        return plain, 0
    if head.pos1 == "助詞" and head.surface in ("て", "で"):
        te = te_form(plain)
        if len(tail) > 1 and tail[1].lemma == "下さる":
            return te + "ください", 2
        return te, 1
    if head.lemma == "下さる":
        return te_form(plain) + "ください", 1
    return plain, 0


class Honorific(Rule):
    """Honorific and humble forms (いらっしゃる, 申す, お〜になる, ご〜ください …) → plain です・ます.

    Sources: 在留支援のためのやさしい日本語ガイドライン (2020) rewrite examples
    (お召し上がりください → 食べてください); 東京都; 弘前大学 HIR. UniDic has no honorific tag, so
    a lexicon (lexicon/honorific.tsv) plus the patterns お/ご + 連用形 + になる/する/ください.
    """

    id = "honorific"
    severity: Severity = "warning"
    title_en = "No honorific or humble forms"
    title_ja = "敬語を 使わない"
    source = "2020 guideline; 東京都; 弘前大学 HIR"
    threshold = "any lexicon verb or お/ご + stem + になる/する/いたす/ください/いただく"

    def check(self, ctx: Context) -> Iterable[Finding]:
        lex = honorifics()
        for sent in ctx.sentences:
            toks = sent.tokens
            i = 0
            while i < len(toks):
                t = toks[i]
                hit = None
                if t.pos1 == "接頭辞":
                    hit = self._pattern(ctx, toks, i)
                if hit is None and (base_lemma(t.lemma) in lex or t.orth_base in lex):
                    hit = self._lexicon(ctx, toks, i, lex)
                if hit is None:
                    i += 1
                    continue
                finding, used = hit
                yield finding
                i += max(used, 1)

    def _pattern(self, ctx: Context, toks: Sequence[Token], i: int) -> tuple[Finding, int] | None:
        """お/ご + stem + になる / する / ください / いただく."""
        t = toks[i]
        if not (t.pos1 == "接頭辞" and t.surface in ("お", "ご", "御")) or i + 2 > len(toks):
            return None
        stem = toks[i + 1]
        if stem.pos1 not in ("動詞", "名詞"):
            return None
        if base_lemma(stem.lemma) in _ALLOWED_O:
            # お願い申し上げます / お願いいたします: humble support verb on the set phrase
            # おねがいします, which easy Japanese keeps.
            if i + 2 < len(toks) and toks[i + 2].lemma in _HUMBLE_SUPPORT - {"為る"}:
                used = 3 + _tail("する", toks[i + 3 :])[1]
                return self._make(ctx, toks, i, used, "おねがいします", "謙譲語", "humble"), used
            return None
        if stem.pos1 == "名詞" and not ("サ変" in stem.pos3 or stem.goshu == "和"):
            return None  # お茶, ご飯: a polite noun, not a verb
        rest = list(toks[i + 2 :])
        lex = honorifics()
        plain = _verb_from_stem(stem)
        special = lex.get(t.surface + stem.surface) or lex.get(base_lemma(stem.lemma))
        if special is not None:
            plain = first_choice(special.plain)  # お越し → 来る, ご覧 → 見る
        kind_en = kind_ja = ""
        tail: list[Token] = []
        used = 2
        if len(rest) >= 2 and rest[0].surface == "に" and rest[1].lemma == "成る":
            kind_en, kind_ja = "honorific", "尊敬語"
            tail, used = rest[2:], 4
        elif rest and rest[0].lemma in _HUMBLE_SUPPORT:
            kind_en, kind_ja = "humble", "謙譲語"
            tail, used = rest[1:], 3
        elif rest and rest[0].lemma == "下さる":
            kind_en, kind_ja = "honorific request", "尊敬語"
            tail, used = rest, 2
        elif rest and rest[0].lemma == "頂く":
            kind_en, kind_ja = "humble request", "謙譲語"
            tail, used = [], 3
            plain_text = te_form(plain) + "ください"
            return self._make(ctx, toks, i, used, plain_text, kind_ja, kind_en), used
        else:
            return None
        plain_text, extra = _tail(plain, tail)
        used += extra
        return self._make(ctx, toks, i, used, plain_text, kind_ja, kind_en), used

    def _lexicon(
        self, ctx: Context, toks: Sequence[Token], i: int, lex
    ) -> tuple[Finding, int] | None:
        t = toks[i]
        entry = lex.get(base_lemma(t.lemma)) or lex.get(t.orth_base)
        if entry is None or t.pos1 not in ("動詞", "名詞"):
            return None
        if entry.lemma in _HUMBLE_SUPPORT and i > 0 and toks[i - 1].pos1 == "名詞":
            # 案内申し上げます / 連絡いたします: a humble support verb after a noun means する,
            # not 言う: suggest noun + します.
            noun = toks[i - 1]
            first = i - 2 if i >= 2 and toks[i - 2].pos1 == "接頭辞" else i - 1
            # The easier verb when the word list has one (実施いたします → します), else noun + する.
            easier = easy_words().get(base_lemma(noun.lemma))
            verb = first_choice(easier) if easier else ""
            plain = verb if verb.endswith(tuple("うくぐすつぬぶむる")) else noun.surface + "する"
            plain_text, extra = _tail(plain, toks[i + 1 :])
            used = (i - first) + 1 + extra
            return self._make(ctx, toks, first, used, plain_text, "謙譲語", "humble"), 1 + extra
        if entry.lemma == "居る" and t.orth_base != "おる":
            return None  # いる is plain
        if entry.lemma == "下さる" and t.c_form == "命令形":
            return None  # 〜てください is the easy request form
        plain = first_choice(entry.plain)
        tail = list(toks[i + 1 :])
        used = 1
        if t.pos1 == "名詞":  # 拝見 する, ご覧 ください
            if tail and tail[0].lemma in ("為る", "致す"):
                tail, used = tail[1:], 2
            elif len(tail) >= 2 and tail[0].surface == "に" and tail[1].lemma == "成る":
                tail, used = tail[2:], 3
        plain_text, extra = _tail(plain, tail)
        kind_en = {"尊敬": "honorific", "謙譲": "humble"}.get(entry.kind, "formal")
        kind_ja = {"尊敬": "尊敬語", "謙譲": "謙譲語"}.get(entry.kind, "丁重語")
        return self._make(ctx, toks, i, used + extra, plain_text, kind_ja, kind_en), used + extra

    def _make(
        self,
        ctx: Context,
        toks: Sequence[Token],
        i: int,
        used: int,
        plain_text: str,
        kind_ja: str,
        kind_en: str,
    ) -> Finding:
        end_tok = toks[min(i + used, len(toks)) - 1]
        start, end = toks[i].start, end_tok.end
        written = ctx.text[start:end]
        return self.found(
            ctx,
            start,
            end,
            f"「{written}」は 敬語（{kind_ja}）です。「{plain_text}」と 書きましょう。",
            f"'{written}' is {kind_en} language; write the plain polite form '{plain_text}'.",
            plain_text,
        )
