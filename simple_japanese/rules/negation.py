"""Double negatives: 〜ないことはない, 〜なくはない, 〜ないわけではない …"""

from __future__ import annotations

import re
from collections.abc import Iterable

from simple_japanese.config import Severity
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule

_NEG = r"(?:な[いく]|ず|ぬ|ん|無[いく])"
_DENY = r"(?:な[いくかけ]|無[いくかけ]|ありません|ございません)"
_DOUBLE_NEGATIVE = re.compile(
    "|".join(
        [
            # 行かない ことは ない / 行かない わけでは ありません / 知らない 訳でもない
            _NEG + r"(?:という|って)?[ 　]?(?:こと|事|わけ|訳)[ 　]?(?:で)?(?:は|も)[ 　]?" + _DENY,
            # 行かなくは ない / 行かなくも ありません
            r"なく[ 　]?[はも][ 　]?" + _DENY,
            # 行かないでも ない
            r"ないでも[ 　]?" + _DENY,
            # 雨が 降らないとは 限らない
            _NEG + r"とは[ 　]?限(?:ら(?:ない|ず|ぬ)|りません)",
            # 行かざるを 得ない / 言わないわけにはいかない
            r"ざるを[ 　]?得(?:ない|ません|ず)",
            _NEG + r"(?:わけ|訳)には[ 　]?(?:(?:いか|行か)(?:ない|ず|ぬ)|(?:いき|行き)ません)",
        ]
    )
)


_OBLIGATION = re.compile(r"ざるを|には")


class DoubleNegative(Rule):
    """Two negatives in one clause make the reader compute the meaning.

    Sources: 在留支援のためのやさしい日本語ガイドライン (2020); 弘前大学 HIR (no double negatives).
    """

    id = "double-negative"
    severity: Severity = "error"
    title_en = "No double negatives"
    title_ja = "「〜ないことはない」を 使わない"
    source = "2020 guideline; 弘前大学 HIR"
    threshold = (
        "any (ない/ぬ/ず + ことはない, わけではない, なくはない, とは限らない, ざるを得ない)"
    )

    def check(self, ctx: Context) -> Iterable[Finding]:
        for m in _DOUBLE_NEGATIVE.finditer(ctx.flat_text):
            start, end = ctx.flat_span(m.start(), m.end())
            # Obligation class (行かざるを得ない, 行かないわけにはいかない = must go): the fix
            # is 〜なければなりません, not a softened positive.
            if _OBLIGATION.search(m.group()):
                easier = "〜なければなりません"
            else:
                easier = "〜ことも あります / 〜ます"
            yield self.found(
                ctx,
                start,
                end,
                f"「{m.group()}」は わかりにくいです。「{easier}」と はっきり 書きましょう。",
                f"'{m.group()}' is a double negative; say it plainly ({easier}).",
                easier,
            )
