"""Dates and times written the way learners read them (弘前大学 HIR).

令和7年 → 2025年（令和7年）; 13時 / 18:30 → 午後1時 / 午後6時30分; 10時〜 → 10時から; an event's
date with its weekday.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from simple_japanese.config import Severity
from simple_japanese.report import Finding
from simple_japanese.rules.base import Context, Rule

_ERA_START = {"令和": 2018, "平成": 1988, "昭和": 1925}
_ERA_YEAR = re.compile(r"(令和|平成|昭和)\s*(元|[0-9０-９]{1,2})\s*年(度?)")
_WESTERN_NEAR = re.compile(r"(?:19|20)[0-9]{2}|[１２][０-９]{3}|西暦")


def _int(s: str) -> int:
    return int(unicodedata.normalize("NFKC", s))


class EraYear(Rule):
    """A year in the Japanese era alone (令和7年): learners count in Western years.

    Source: 弘前大学 HIR (西暦, not 令和/平成 alone; both are fine: 2025年（令和7年）).
    """

    id = "era-year"
    severity: Severity = "warning"
    title_en = "Western years"
    title_ja = "西暦で 書く"
    source = "弘前大学 HIR"
    threshold = "令和/平成/昭和 + year with no Western year within 12 characters"

    def check(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.text
        for m in _ERA_YEAR.finditer(text):
            window = text[max(0, m.start() - 12) : m.end() + 12]
            if _WESTERN_NEAR.search(window):
                continue
            era, num = m.group(1), m.group(2)
            year = _ERA_START[era] + (1 if num == "元" else _int(num))
            fiscal = m.group(3)
            suggestion = f"{year}年{fiscal}（{m.group()}）"
            yield self.found(
                ctx,
                m.start(),
                m.end(),
                f"「{m.group()}」は {year}年です。「{suggestion}」と 書きましょう。",
                f"'{m.group()}' is {year}; write the Western year: '{suggestion}'.",
                suggestion,
            )


_HOUR_24 = re.compile(
    r"(?<![0-9０-９:：])(1[3-9]|2[0-4]|１[３-９]|２[０-４])\s*時(?!間)(?:\s*([0-9０-９]{1,2})\s*分)?"
)
_CLOCK = re.compile(
    r"(?<![0-9０-９:：])([0-9０-９]{1,2})[:：]([0-5０-５][0-9０-９])(?![0-9０-９:：])"
)
_AMPM_BEFORE = re.compile(r"(?:午前|午後|朝|夜|夕方|AM|PM|am|pm)\s*$")


def _twelve_hour(hour: int, minute: int | None) -> str:
    part = "午前" if hour < 12 or hour == 24 else "午後"
    h = hour % 12
    if hour == 12:
        h = 12
    text = f"{part}{h}時"
    if minute:
        text += f"{minute}分"
    return text


class TwentyFourHour(Rule):
    """24-hour and clock-style times (13時, 18:30): write 午前 / 午後.

    Source: 弘前大学 HIR (午前/午後, not 24-hour times).
    """

    id = "time-24h"
    severity: Severity = "warning"
    title_en = "午前 / 午後 times"
    title_ja = "午前・午後で 書く"
    source = "弘前大学 HIR"
    threshold = "1[3-9]時, 2[0-4]時, hh:mm without 午前/午後 before it"

    def check(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.text
        for m in _HOUR_24.finditer(text):
            hour = _int(m.group(1))
            minute = _int(m.group(2)) if m.group(2) else None
            fixed = _twelve_hour(hour, minute)
            yield self.found(
                ctx,
                m.start(),
                m.end(),
                f"「{m.group()}」は「{fixed}」と 書きましょう。",
                f"'{m.group()}' is a 24-hour time; write '{fixed}'.",
                fixed,
            )
        for m in _CLOCK.finditer(text):
            if _AMPM_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
                continue
            hour, minute = _int(m.group(1)), _int(m.group(2))
            if hour > 24:
                continue
            fixed = _twelve_hour(hour, minute)
            yield self.found(
                ctx,
                m.start(),
                m.end(),
                f"「{m.group()}」は「{fixed}」と 書きましょう。",
                f"'{m.group()}' is clock notation; write '{fixed}'.",
                fixed,
            )


_TILDE_RANGE = re.compile(
    r"([0-9０-９]+\s*(?:時(?:\s*[0-9０-９]+\s*分)?|日|月|年|分|:[0-9０-９]{2}|：[０-９0-9]{2})"
    r"(?:\s*[（(][^）)]{1,4}[）)])?)\s*[〜～~－\-―ー]\s*"
)


class TildeRange(Rule):
    """Ranges written with 〜 (10時〜12時): learners read から … まで.

    Source: 弘前大学 HIR (10時から, not 10時〜).
    """

    id = "time-range-tilde"
    severity: Severity = "warning"
    title_en = "から … まで, not 〜"
    title_ja = "「〜」ではなく「から」"
    source = "弘前大学 HIR"
    threshold = "a number with 時/日/月/年/分 followed by 〜, ～, ~ or -"

    def check(self, ctx: Context) -> Iterable[Finding]:
        for m in _TILDE_RANGE.finditer(ctx.text):
            head = m.group(1)
            yield self.found(
                ctx,
                m.start(),
                m.end(),
                f"「{m.group().strip()}」は「{head}から」と 書きましょう。",
                f"Write '{head}から … まで' instead of '〜'.",
                f"{head}から",
            )


_MONTH_DAY = re.compile(r"([0-9０-９]{1,2})\s*月\s*([0-9０-９]{1,2})\s*日")
_WEEKDAY_AFTER = re.compile(r"^\s*[（(]?\s*[月火水木金土日](?:曜日?)?\s*[）)]?|^\s*[（(]?(?:祝|休)")
_EVENT_WORDS = re.compile(
    r"(?:まで|から|締め切|しめきり|受付|うけつけ|開き|ひらき|行います|おこない|あります|"
    r"予定|休み|やすみ|集め|出して|出す|来て|行って|ください)"
)


class DateWeekday(Rule):
    """A date the reader must act on (an event, a deadline) without its weekday.

    Source: 弘前大学 HIR (dates with the day of the week). Dates in past-tense news sentences are
    not flagged: there the weekday does not matter.
    """

    id = "date-weekday"
    severity: Severity = "info"
    title_en = "Dates with weekday"
    title_ja = "日にちに 曜日も 書く"
    source = "弘前大学 HIR"
    threshold = "X月Y日 not followed by a weekday, in a sentence about an event or deadline"

    def check(self, ctx: Context) -> Iterable[Finding]:
        text = ctx.text
        for m in _MONTH_DAY.finditer(text):
            if _WEEKDAY_AFTER.match(text[m.end() : m.end() + 8]):
                continue
            index = ctx.sentence_at(m.start())
            if index is None:
                continue
            sentence = ctx.sentences[index].clean
            if not _EVENT_WORDS.search(sentence) or re.search(
                r"(?:ました|でした|た)。?$", sentence
            ):
                continue
            yield self.found(
                ctx,
                m.start(),
                m.end(),
                f"「{m.group()}」に 曜日も 書きましょう（例: {m.group()}（月））。",
                f"Add the weekday to '{m.group()}', e.g. {m.group()}（月）.",
                f"{m.group()}（◯曜日）",
            )
