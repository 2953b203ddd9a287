"""analyze / analyze_html: the report, offsets, the passed list, one tokenisation, HTML text."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import simple_japanese.tokens as tokens_module
from simple_japanese import ALL_RULES, Report, Settings, analyze, analyze_html, furigana
from simple_japanese.rules import RULES_BY_ID
from simple_japanese.sentences import inline_readings, split_sentences
from simple_japanese.tokens import tokenize_cached

CORPUS = Path(__file__).resolve().parents[1] / "data" / "easy_vs_regular"
HARD = (
    "令和7年10月5日13時から、市役所で防災訓練を実施いたしますので、ご参加いただける方は事前に"
    "お申し込みください。先生がいらっしゃいます。行かないことはない。雨が降るおそれがあります。"
    "部屋がゆらゆら揺れた。スマートフォンのアプリをダウンロードしてください。Please check."
)


def test_report_has_score_level_readability_stats_and_sentences():
    report = analyze("地震が 起きたら、机の 下に 入って ください。")
    assert isinstance(report, Report)
    assert 0 <= report.score <= 100
    assert report.level in {"easy", "fairly-easy", "hard", "very-hard"}
    assert report.readability is not None
    assert report.stats["sentences"] == 1 == len(report.sentences)
    assert report.target == "N4"


def test_easy_text_scores_higher_than_ordinary_text_on_the_same_topic():
    easy = analyze((CORPUS / "easy" / "16_emergency_bag.txt").read_text(encoding="utf-8"))
    hard = analyze((CORPUS / "regular" / "16_evacuation.txt").read_text(encoding="utf-8"))
    assert easy.score > hard.score
    assert easy.level in {"easy", "fairly-easy"} and hard.level in {"hard", "very-hard"}


def test_finding_offsets_slice_the_text_and_point_into_a_sentence():
    report = analyze(HARD)
    assert report.findings
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(HARD)
        if f.sentence is not None:
            s = report.sentences[f.sentence]
            assert s.start <= f.start and f.end <= s.end


def test_passed_lists_every_rule_that_ran_without_findings():
    report = analyze(HARD)
    flagged = {f.rule for f in report.findings}
    passed = {r.id for r in report.passed}
    assert passed == set(report.checked) - flagged
    assert set(report.checked) == {r.id for r in ALL_RULES}
    assert "double-negative" in flagged and "double-negative" not in passed


def test_a_clean_text_passes_nearly_everything():
    report = analyze("地震が 起きたら、机の 下に 入って ください。")
    assert {r.id for r in report.passed} >= {"double-negative", "honorific", "sentence-length"}


def test_messages_are_bilingual_and_the_japanese_is_polite_and_short():
    report = analyze(HARD)
    for f in report.findings:
        assert f.message_en and f.message_ja
        assert f.message_ja.endswith(("です。", "ます。", "ましょう。", "ません。", "）。")), (
            f.message_ja
        )
        assert f.severity in {"error", "warning", "info"}


def test_the_text_is_tokenised_once(monkeypatch):
    text = "地震が 起きたら、机の 下に 入って ください。避難所へ 行きましょう。"
    tokenize_cached.cache_clear()
    calls: list[str] = []
    real = tokens_module.tokenize

    def counting(s: str):
        calls.append(s)
        return real(s)

    monkeypatch.setattr(tokens_module, "tokenize", counting)
    analyze(text)
    assert calls.count(text) == 1
    # furigana from the same tokens needs no second pass
    assert furigana(text, tokens=tokenize_cached(text)) == furigana(text)
    assert calls.count(text) == 1


def test_to_dict_is_json_serialisable():
    data = json.loads(json.dumps(analyze(HARD).to_dict(), ensure_ascii=False))
    assert data["findings"][0].keys() >= {
        "rule",
        "severity",
        "start",
        "end",
        "message_ja",
        "message_en",
        "suggestion",
    }
    assert data["counts"]["error"] >= 1


def test_empty_text_gives_an_empty_report():
    report = analyze("  \n ")
    assert report.level == "empty" and report.score == 0
    assert report.findings == [] and report.passed == []


def test_unknown_target_is_refused():
    with pytest.raises(ValueError, match="unknown target"):
        analyze("雨です。", target="N9")


def test_severity_override_changes_a_rules_severity():
    settings = Settings.for_target("N4", severity_overrides={"passive-causative": "warning"})
    report = analyze("子どもに 野菜を 食べさせます。", settings=settings)
    assert [f.severity for f in report.findings if f.rule == "passive-causative"] == ["warning"]


def test_disabled_rules_do_not_run_and_are_not_passed():
    settings = Settings.for_target("N4", disabled_rules={"honorific"})
    report = analyze("先生が いらっしゃいます。", settings=settings)
    assert "honorific" not in report.checked
    assert all(r.id != "honorific" for r in report.passed)


def test_sentences_split_on_terminators_and_lines_but_not_inside_quotes():
    text = "「水を 飲みます。」と 話しました。暑いです！\n見出し\n最後"
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == ["「水を 飲みます。」と 話しました。", "暑いです！", "見出し", "最後"]


def test_inline_readings_are_found_and_ignored_by_the_rules():
    text = "地震(じしん)が 来(き)ます。"
    assert [(r.reading) for r in inline_readings(text)] == ["じしん", "き"]
    report = analyze(text)
    assert report.sentences[0].chars == len("地震が来ます。")
    assert all(f.rule != "hard-word" for f in report.findings)


def test_analyze_html_reads_text_nodes_only():
    html = (
        "<h1>お知らせ</h1><p>先生が<b>いらっしゃいます</b>。</p>"
        '<script>var x = "避難所";</script><p><ruby>地震<rt>じしん</rt></ruby>が 来ます。</p>'
    )
    report = analyze_html(html)
    assert report.text == "お知らせ\n先生がいらっしゃいます。\n地震が 来ます。"
    assert [s.text for s in report.sentences] == [
        "お知らせ",
        "先生がいらっしゃいます。",
        "地震が 来ます。",
    ]
    (honorific,) = [f for f in report.findings if f.rule == "honorific"]
    assert report.text[honorific.start : honorific.end] == "いらっしゃいます"
    src = report.source_offset(honorific.start)
    assert html[src : src + len("いらっしゃいます")] == "いらっしゃいます"


def test_analyze_html_counts_ruby_as_furigana():
    html = "<p><ruby>地震<rt>じしん</rt></ruby>が 来ます。</p>"
    report = analyze_html(html, settings=replace(Settings(), furigana=False))
    flagged = [
        report.text[f.start : f.end] for f in report.findings if f.rule == "kanji-no-furigana"
    ]
    assert flagged == ["来"]


_ALPHABET = (
    "あいうえおかがきくけこさしすせそたちつてとなにぬねのはばぱひふへほまみむめもやゆよらりるれろわをん"
    "ァアイウエオカキクケコサシスセソタチツテトナニヌネノハバパヒフヘホマミムメモヤユヨラリルレロワン"
    "ー日本語漢字地震雨市役所避難確認行来食見言令和年月時分円人"
    "0123456789０１２３AZaz 　\n。、！？「」『』（）()[]〜～:：・"
)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_any_text_gives_a_consistent_report(text):
    report = analyze(text)
    assert 0 <= report.score <= 100
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.sentence is None or 0 <= f.sentence < len(report.sentences)
    for s in report.sentences:
        assert text[s.start : s.end] == s.text


# One trigger and one near miss per rule: the per-family tests go deeper; this table makes sure
# no rule is left without a test that can fail.
TRIGGER_AND_NEAR_MISS = {
    "sentence-length": ("今日は" + "とても" * 20 + "暑いです。", "今日は とても 暑いです。"),
    "one-idea": (
        "朝 起きて、顔を 洗って、ご飯を 食べて、学校へ 行きました。",
        "朝 起きて、学校へ 行きました。",
    ),
    "tari-form": ("本を 読んだり、映画を 見たり します。", "本を 読んで、映画を 見ます。"),
    "double-negative": ("行かないことは ありません。", "行く ことは ありません。"),
    "honorific": ("先生が いらっしゃいます。", "先生が 来ます。"),
    "onomatopoeia": ("家が ゆらゆら ゆれました。", "家が 大きく ゆれました。"),
    "katakana-loanword": ("予定を キャンセルします。", "テレビを 見ます。"),
    "romaji": ("Please 来て ください。", "NHKを 見て ください。"),
    "kango-compound": ("避難開始の 時間です。", "にげる 時間です。"),
    "nominalised-verb": ("書類の 確認を 行います。", "書類を 確認します。"),
    "hard-word": ("避難して ください。", "にげて ください。"),
    "explained-term": ("避難所（みんなが にげる ところ）に 行きます。", "学校に 行きます。"),
    "hard-grammar": (
        "書類を 出す 際は、名前を 書いて ください。",
        "書類を 出す ときは、名前を 書いて ください。",
    ),
    "kango-verb": ("車に 注意して ください。", "車に 気をつけて ください。"),
    "kanji-count": (
        "国民健康保険税の納付期限は毎月末日です。",
        "ほけんの お金は 毎月 はらいます。",
    ),
    "kanji-ratio": ("本日正午頃市内全域停電発生中。", "きょうの おひるに 電気が とまりました。"),
    "vague-expression": ("雨が 降る おそれが あります。", "雨が 降るかもしれません。"),
    "mixed-style": ("雨が 降ります。あしたは 晴れる。", "雨が 降ります。あしたは 晴れます。"),
    "passive-causative": ("子どもに 野菜を 食べさせます。", "子どもが 野菜を 食べます。"),
    "era-year": ("令和7年に 始まります。", "2025年に 始まります。"),
    "time-24h": ("13時に 来て ください。", "午後1時に 来て ください。"),
    "time-range-tilde": ("10時〜12時に 来て ください。", "10時から 12時まで 来て ください。"),
    "date-weekday": (
        "11月5日までに 電話して ください。",
        "11月5日（水）までに 電話して ください。",
    ),
    "text-length": ("今日は とても いい 天気です。" * 100, "今日は とても いい 天気です。"),
}


# Rules that depend on the reader's level: 〜たり is N4 grammar, flagged for N5 readers.
RULE_TARGET = {"tari-form": "N5"}


def test_the_table_covers_every_rule_but_the_furigana_one():
    assert set(TRIGGER_AND_NEAR_MISS) == {r.id for r in ALL_RULES} - {"kanji-no-furigana"}


@pytest.mark.parametrize("rule", sorted(TRIGGER_AND_NEAR_MISS))
def test_every_rule_has_a_trigger_and_a_near_miss(rule):
    # Each rule alone: with every rule on, a stronger finding of the same concern may stand
    # for it (scoring.dedupe), which test_judgement covers.
    trigger, near_miss = TRIGGER_AND_NEAR_MISS[rule]
    only = [RULES_BY_ID[rule]]
    target = RULE_TARGET.get(rule, "N4")
    assert rule in {f.rule for f in analyze(trigger, rules=only, target=target).findings}
    assert rule not in {f.rule for f in analyze(near_miss, rules=only, target=target).findings}
    assert rule in {r.id for r in analyze(near_miss, rules=only, target=target).passed}
