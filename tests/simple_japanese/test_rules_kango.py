"""kango-compound, kango-verb, nominalised-verb."""

from __future__ import annotations

from simple_japanese import analyze


def hits(text: str, rule: str, **kwargs):
    return [f for f in analyze(text, **kwargs).findings if f.rule == rule]


def words(text: str, rule: str, **kwargs) -> list[str]:
    return [text[f.start : f.end] for f in hits(text, rule, **kwargs)]


def test_kango_nouns_strung_with_a_suru_noun_are_a_compound():
    assert words("避難開始の 時間です。", "kango-compound") == ["避難開始"]


def test_compound_without_a_suru_noun_passes():
    assert words("市役所の 前です。", "kango-compound") == []


def test_long_kanji_run_is_flagged():
    text = "出入国在留管理庁へ 行きます。"
    assert words(text, "kango-compound") == ["出入国在留管理庁"]


def test_kango_verb_within_the_level_suggests_a_native_verb():
    # 注意 is N4: known to the reader, but 気をつける is what easy Japanese writes.
    found = hits("車に 注意して ください。", "kango-verb")
    assert [f.suggestion for f in found] == ["気をつける"]
    assert found[0].severity == "info"


def test_native_verb_passes_kango_verb():
    assert hits("車に 気をつけて ください。", "kango-verb") == []


def test_nominalised_verb_is_flagged():
    text = "書類の 確認を 行います。"
    (finding,) = hits(text, "nominalised-verb")
    assert text[finding.start : finding.end] == "確認を 行い"
    assert finding.suggestion == "たしかめる"


def test_go_kakunin_no_ue_is_a_nominalised_verb():
    assert words("内容を ご確認の上、お申し込みください。", "nominalised-verb") == ["確認の上"]


def test_verb_form_passes_nominalised_verb():
    assert hits("書類を 確認します。", "nominalised-verb") == []


def test_listed_compound_is_left_to_hard_word():
    # 総理大臣 is one JLPT word (N2): its level is hard-word's business, not a compound to undo.
    assert words("総理大臣が 話しました。", "kango-compound") == []
