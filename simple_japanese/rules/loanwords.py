"""Katakana loanwords outside an easy allow-list, and words in Latin letters (romaji)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from simple_japanese.config import Severity
from simple_japanese.lexicon import base_lemma, katakana_allowed
from simple_japanese.report import Finding
from simple_japanese.rules.base import KATAKANA_WORD, Context, Rule
from simple_japanese.rules.units import is_explained
from simple_japanese.rules.vocabulary import word_level
from simple_japanese.tokens import Token

# Loanwords with a plain Japanese word learners know better.
_EASIER = {
    "キャンセル": "やめる",
    "リスク": "あぶないこと",
    "スケジュール": "よてい",
    "サポート": "てつだう",
    "アクセス": "行きかた",
    "チェック": "たしかめる",
    "スタッフ": "はたらく人",
    "ケア": "せわ",
    "メリット": "いいところ",
    "デメリット": "よくないところ",
    "ルート": "道",
    "エリア": "ところ",
    "シェルター": "にげるところ",
    "ハザードマップ": "あぶない場所の地図",
    "ライフライン": "電気・ガス・水道",
    "ガイドライン": "きまり",
    "プラン": "けいかく",
    "イベント": "もよおし",
    "アナウンス": "知らせ",
    "トラブル": "こまったこと",
    "マナー": "きまり",
    "ストック": "ためておくもの",
    "ツール": "道具",
    "オンライン": "インターネットで",
    "コンテンツ": "ないよう",
    "ニーズ": "ひつようなこと",
    "ミーティング": "会議",
    "レクチャー": "説明",
    "ワークショップ": "教室",
    "セミナー": "勉強会",
}


def _merge_katakana(tokens: list[Token]) -> list[list[Token]]:
    """Adjacent katakana tokens form one word for a reader (スマート + フォン)."""
    groups: list[list[Token]] = []
    for t in tokens:
        if KATAKANA_WORD.match(t.surface) and t.pos1 not in ("補助記号", "記号"):
            if groups and groups[-1] and groups[-1][-1].end == t.start:
                groups[-1].append(t)
                continue
            groups.append([t])
        else:
            groups.append([])
    return [g for g in groups if g]


class KatakanaLoanword(Rule):
    """Katakana loanwords a learner may not know (goshu 外, not in the allow-list).

    Sources: 弘前大学 HIR; 静岡県; 東京都 (use as few loanwords as possible). Allowed: the
    allow-list in lexicon/katakana_allow.txt, JLPT words at or below the target, proper nouns
    (アメリカ) and the user dictionary.
    """

    id = "katakana-loanword"
    severity: Severity = "warning"
    title_en = "Few katakana loanwords"
    title_ja = "カタカナの ことばが 少ない"
    source = "弘前大学 HIR; 静岡県; 東京都"
    threshold = (
        "katakana word (adjacent katakana tokens merged) not in the allow-list, "
        "a JLPT list at or below the target, proper nouns or the user dictionary"
    )

    def check(self, ctx: Context) -> Iterable[Finding]:
        allowed = katakana_allowed()
        s = ctx.settings
        for group in _merge_katakana(ctx.tokens):
            word = ctx.text[group[0].start : group[-1].end]
            if word in allowed or word in s.user_dictionary or len(word) <= 1:
                continue
            if is_explained(ctx, group[0].start, group[-1].end):
                continue  # explained-term reports it
            if any(t.pos2 == "固有名詞" for t in group):
                continue
            if all(
                base_lemma(t.lemma) in allowed
                or t.surface in allowed
                or ctx.known_word(t)
                or (word_level(t) or 0) >= s.vocab_level
                for t in group
            ):
                continue
            easier = _EASIER.get(word)
            ja = f"「{word}」は カタカナの ことばです。わからない 人も います。"
            en = f"'{word}' is a loanword many learners do not know."
            if easier:
                ja += f"「{easier}」と 書きましょう。"
                en += f" Write '{easier}' instead."
            else:
                ja += "日本語の ことばに するか、説明を つけましょう。"
                en += " Use a Japanese word or explain it."
            yield self.found(ctx, group[0].start, group[-1].end, ja, en, easier)


_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ0-9０-９'’\-‐.&]*")
_ANY_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")
_URL_OR_MAIL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+")
# Acronyms and names every reader in Japan meets; also the units written in letters.
_ALLOWED_LATIN = frozenset(
    {
        "NHK",
        "JR",
        "ATM",
        "PC",
        "TV",
        "OK",
        "Wi-Fi",
        "WiFi",
        "SNS",
        "LINE",
        "QR",
        "ID",
        "AI",
        "IC",
        "km",
        "kg",
        "cm",
        "mm",
        "m",
        "g",
        "L",
        "ml",
        "mL",
        "CO2",
        "USB",
        "PDF",
        "URL",
        "FAX",
        "Eテレ",
        "WHO",
        "Tel",
        "TEL",
        "E",
        "A",
        "B",
        "C",
        "D",
    }
)


class Romaji(Rule):
    """Words in Latin letters: many readers of easy Japanese read kana, not the Latin alphabet.

    Source: 弘前大学 HIR (no romaji, except for proper nouns). Proper nouns, common acronyms
    (NHK, ATM), units, URLs and e-mail addresses are allowed.
    """

    id = "romaji"
    severity: Severity = "warning"
    title_en = "No romaji"
    title_ja = "ローマ字を 使わない"
    source = "弘前大学 HIR"
    threshold = "Latin-letter words not proper nouns, acronyms, units or URLs"

    def check(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.text
        if not _ANY_LATIN.search(text):
            return
        skip = (
            [(m.start(), m.end()) for m in _URL_OR_MAIL.finditer(text)]
            if ("@" in text or "http" in text or "www." in text)
            else []
        )
        s = ctx.settings
        for m in _LATIN.finditer(text):
            start, end = m.start(), m.end()
            word = m.group().rstrip(".-")
            if any(a <= start < b for a, b in skip):
                continue
            if word in _ALLOWED_LATIN or word in s.user_dictionary:
                continue
            if word.isupper() and len(word) <= 4:
                continue  # acronyms: a name, read letter by letter (JR, NPO)
            if any(t.pos2 == "固有名詞" for t in ctx.tokens_in(start, end)):
                continue
            yield self.found(
                ctx,
                start,
                start + len(word),
                f"「{word}」は ローマ字です。カタカナや ひらがなで 書きましょう。",
                f"'{word}' is written in Latin letters; write it in kana (names may stay).",
            )
