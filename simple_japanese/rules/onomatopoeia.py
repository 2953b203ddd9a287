"""Onomatopoeia and mimetic words (ゆらゆら, ドキドキ, ぐっすり)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from simple_japanese.config import Severity
from simple_japanese.lexicon import onomatopoeia, to_hiragana
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule
from simple_japanese.rules.vocabulary import word_level

# ABAB in kana: two to three kana repeated (ゆらゆら, ドキドキ, ざあざあ, ぴかぴか).
_REDUPLICATED = re.compile(r"([ぁ-ゖァ-ヺ][ぁ-ゖァ-ヺー]{1,2})\1")


class Onomatopoeia(Rule):
    """Sound-symbolic words are hard for learners and differ from language to language.

    Sources: 弘前大学 HIR; 静岡県; 東京都 (avoid onomatopoeia and mimetic words). UniDic has no tag
    for them: reduplicated kana ABAB plus a lexicon (lexicon/onomatopoeia.tsv). Words the JLPT
    lists put at or below the target (ときどき, だんだん, いろいろ) are not flagged.
    """

    id = "onomatopoeia"
    severity: Severity = "warning"
    title_en = "No onomatopoeia"
    title_ja = "「ゆらゆら」などを 使わない"
    source = "弘前大学 HIR; 静岡県; 東京都"
    threshold = "reduplicated kana word (ABAB) or lexicon word above the target level"

    def check(self, ctx: Context) -> Iterable[Finding]:
        lex = onomatopoeia()
        s = ctx.settings
        seen: set[int] = set()
        for t in ctx.tokens:
            if t.pos1 not in ("副詞", "名詞", "形状詞", "動詞", "感動詞") and not t.unknown:
                continue
            hira = to_hiragana(t.surface)
            m = _REDUPLICATED.fullmatch(hira) or _REDUPLICATED.match(hira)
            in_lex = hira in lex
            if not (in_lex or (m and m.end() >= len(hira) - 1)):
                continue
            if ctx.known_word(t):
                continue
            level = word_level(t)
            if level is not None and level >= s.vocab_level:
                continue
            if t.start in seen:
                continue
            seen.add(t.start)
            easier = lex.get(hira) or None
            ja = f"「{t.surface}」は わかりにくい ことばです。"
            en = f"'{t.surface}' is a mimetic / onomatopoeic word; learners often do not know it."
            if easier:
                ja += f"「{easier}」と 書きましょう。"
                en += f" Write '{easier}' instead."
            else:
                ja += "ふつうの ことばで 書きましょう。"
                en += " Describe it with ordinary words."
            yield self.found(ctx, t.start, t.end, ja, en, easier)
