"""katakana-loanword and romaji."""

from __future__ import annotations

from simple_japanese import analyze


def hits(text: str, rule: str, **kwargs):
    return [f for f in analyze(text, **kwargs).findings if f.rule == rule]


def words(text: str, rule: str, **kwargs) -> list[str]:
    return [text[f.start : f.end] for f in hits(text, rule, **kwargs)]


def test_unknown_loanword_is_flagged_with_an_easier_word():
    text = "予定を キャンセルします。"
    (finding,) = hits(text, "katakana-loanword")
    assert text[finding.start : finding.end] == "キャンセル"
    assert finding.suggestion == "やめる"


def test_allow_listed_and_basic_loanwords_pass():
    assert (
        words("テレビと ラジオと インターネットで ニュースを 見ます。", "katakana-loanword") == []
    )


def test_split_loanword_is_judged_as_one_word():
    assert words("ハザードマップを 見て ください。", "katakana-loanword") == ["ハザードマップ"]


def test_foreign_place_names_are_not_loanwords():
    assert words("アメリカと ブラジルへ 行きます。", "katakana-loanword") == []


def test_user_dictionary_allows_a_loanword():
    text = "ダウンロードして ください。"
    assert words(text, "katakana-loanword") == ["ダウンロード"]
    assert words(text, "katakana-loanword", user_dictionary={"ダウンロード"}) == []


def test_romaji_word_is_flagged():
    assert words("Please 来て ください。", "romaji") == ["Please"]


def test_acronyms_urls_and_units_are_not_romaji():
    text = "NHKの ニュースを 見ました。くわしくは https://example.jp/page を 見て ください。5km 歩きました。"
    assert words(text, "romaji") == []
