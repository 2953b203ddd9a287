"""onomatopoeia: reduplicated kana adverbs and the mimetic lexicon."""

from __future__ import annotations

from simple_japanese import analyze


def hits(text: str):
    return [f for f in analyze(text).findings if f.rule == "onomatopoeia"]


def test_reduplicated_mimetic_word_is_flagged_with_a_suggestion():
    text = "家が ゆらゆら ゆれました。"
    (finding,) = hits(text)
    assert text[finding.start : finding.end] == "ゆらゆら"
    assert finding.suggestion == "ゆれて"


def test_katakana_mimetic_word_is_flagged():
    text = "胸が ドキドキします。"
    assert [text[f.start : f.end] for f in hits(text)] == ["ドキドキ"]


def test_lexicon_word_without_reduplication_is_flagged():
    text = "ぐっすり ねました。"
    assert [text[f.start : f.end] for f in hits(text)] == ["ぐっすり"]


def test_basic_reduplicated_words_pass():
    # ときどき, いろいろ, だんだん are N5/N4 words, not something to rewrite.
    assert hits("ときどき いろいろな 本を 読みます。だんだん 寒く なります。") == []
