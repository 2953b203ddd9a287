"""kanji-count, kanji-ratio, kanji-no-furigana."""

from __future__ import annotations

from dataclasses import replace

from simple_japanese import Settings, analyze
from simple_japanese.rules import RULES_BY_ID


def hits(text: str, rule: str, settings: Settings | None = None):
    only = [RULES_BY_ID[rule]]  # alone: kanji-count and kanji-ratio are one concern
    return [f for f in analyze(text, settings=settings, rules=only).findings if f.rule == rule]


def test_more_than_thirteen_kanji_in_a_sentence_is_a_warning():
    text = "国民健康保険税の納付期限は毎月末日です。"
    assert [f.severity for f in hits(text, "kanji-count")] == ["warning"]


def test_thirteen_kanji_or_fewer_pass():
    assert hits("地震の 時は 机の 下に 入って ください。", "kanji-count") == []


def test_disaster_preset_allows_four_kanji():
    text = "大きな 地震の 時は 机の 下に 入って ください。"  # 6 kanji
    assert hits(text, "kanji-count") == []
    assert hits(text, "kanji-count", Settings.for_target("disaster"))


def test_inline_readings_do_not_count_as_characters():
    text = "地震(じしん)が 来(き)ます。"
    assert hits(text, "kanji-count", replace(Settings(), max_kanji_per_sentence=3)) == []


def test_high_kanji_ratio_is_info():
    found = hits("本日正午頃市内全域停電発生中。", "kanji-ratio")
    assert [f.severity for f in found] == ["info"]


def test_low_kanji_ratio_passes():
    assert hits("きょうは 雨が ふって いるので、かさを もって いきましょう。", "kanji-ratio") == []


def test_no_furigana_rule_runs_only_when_furigana_is_off():
    text = "地震が 来ます。"
    assert hits(text, "kanji-no-furigana") == []
    found = hits(text, "kanji-no-furigana", replace(Settings(), furigana=False))
    assert [text[f.start : f.end] for f in found] == ["地震", "来"]
    assert found[0].suggestion == "地震(じしん)"


def test_kanji_with_inline_reading_has_furigana():
    text = "地震(じしん)が 来(き)ます。"
    assert hits(text, "kanji-no-furigana", replace(Settings(), furigana=False)) == []
