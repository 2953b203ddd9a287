"""Sentence rules: sentence-length, one-idea, tari-form, text-length."""

from __future__ import annotations

from simple_japanese import Settings, analyze
from simple_japanese.rules import RULES_BY_ID


def hits(text: str, rule: str, **settings):
    # The rule alone: with every rule on, a stronger sentence finding may stand for it.
    report = analyze(
        text,
        settings=Settings.for_target(**settings) if settings else None,
        rules=[RULES_BY_ID[rule]],
    )
    return [f for f in report.findings if f.rule == rule]


def test_sentence_over_fifty_characters_is_a_warning():
    text = "きのうの よる、わたしは ともだちと いっしょに えきの ちかくの あたらしい みせで ばんごはんを たべて、それから こうえんを さんぽしました。"
    found = hits(text, "sentence-length")
    assert [f.severity for f in found] == ["warning"]
    assert found[0].start == 0 and found[0].end == len(text)


def test_short_sentence_passes_sentence_length():
    assert hits("地震が 起きたら、机の 下に 入って ください。", "sentence-length") == []


def test_sentence_over_one_hundred_characters_is_an_error():
    text = "あ" * 60 + "、" + "い" * 50 + "。"
    assert [f.severity for f in hits(text, "sentence-length")] == ["error"]


def test_long_sentence_suggests_where_to_cut():
    text = "きのうの よる、わたしは ともだちと えきの ちかくの みせで ばんごはんを たべて、それから こうえんを ゆっくり さんぽしました。"
    (finding,) = hits(text, "sentence-length")
    assert finding.suggestion is not None and "たべます。" in finding.suggestion


def test_disaster_target_counts_morae_as_a_warning():
    text = "つなみが きます。たかい ところへ はやく にげて ください。"
    assert hits(text, "sentence-length") == []
    found = hits(
        "たかい ところへ いそいで にげて、そこで つぎの しらせを まって ください。",
        "sentence-length",
        target="disaster",
    )
    assert found and found[0].severity == "warning"


def test_te_chain_of_three_links_is_more_than_one_idea():
    text = "朝 起きて、顔を 洗って、ご飯を 食べて、学校へ 行きました。"
    found = hits(text, "one-idea")
    assert len(found) == 1
    assert "起きます。" in (found[0].suggestion or "")


def test_two_clause_sentence_is_one_idea():
    assert hits("朝 起きて、学校へ 行きました。", "one-idea") == []


def test_auxiliary_verbs_are_not_extra_ideas():
    # 〜ている, 〜てください, 〜ことができる, 〜なければなりません add no clause of their own.
    text = "家で 待って いて ください。ここで 見る ことが できます。毎日 しなければ なりません。"
    assert hits(text, "one-idea") == []


def test_quoted_sentences_are_judged_on_their_own():
    text = "先生は「きょうは 雨です。かさを 持って 来て ください。」と 話しました。"
    assert hits(text, "one-idea") == []


def test_tari_form_is_flagged_as_info_for_n5_readers_and_disaster_information():
    text = "休みの 日は 本を 読んだり、映画を 見たり します。"
    assert [f.severity for f in hits(text, "tari-form", target="N5")] == ["info"]
    assert [f.severity for f in hits(text, "tari-form", target="disaster")] == ["info"]


def test_tari_form_is_basic_grammar_at_n4():
    # 〜たり〜たりする is JLPT N4 grammar: an N4 text may use it (false positive class, issue 11).
    assert hits("休みの 日は 本を 読んだり、映画を 見たり します。", "tari-form") == []


def test_te_form_without_tari_passes_tari_form():
    assert hits("休みの 日は 本を 読んで、映画を 見ます。", "tari-form") == []


def test_text_over_one_thousand_characters_gets_one_whole_text_note():
    text = "きょうは いい 天気です。" * 100
    found = hits(text, "text-length")
    assert len(found) == 1 and found[0].sentence is None and found[0].severity == "info"
    assert hits("きょうは いい 天気です。" * 10, "text-length") == []
