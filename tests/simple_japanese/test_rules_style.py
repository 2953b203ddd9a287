"""mixed-style: every sentence ends in です・ます."""

from __future__ import annotations

import pytest

from simple_japanese import analyze


def hits(text: str):
    return [f for f in analyze(text).findings if f.rule == "mixed-style"]


@pytest.mark.parametrize(
    ("text", "ending", "suggestion"),
    [
        ("雨が 降ります。あしたは 晴れる。", "晴れる", "晴れます"),
        ("雨が 降ります。きのうは 雪だった。", "だった", "でした"),
        ("雨が 降ります。これは 大切である。", "である", "です"),
        ("雨が 降ります。今日は 暑い。", "暑い", "暑いです"),
        ("雨が 降ります。私は 学生だ。", "だ", "です"),
        ("雨が 降ります。店は 開かない。", "開かない", "開きません"),
    ],
)
def test_plain_endings_are_flagged_with_the_polite_form(text, ending, suggestion):
    (finding,) = hits(text)
    assert text[finding.start : finding.end] == ending
    assert finding.suggestion == suggestion


@pytest.mark.parametrize(
    "text",
    [
        "雨が 降ります。あしたは 晴れでしょう。",
        "行きましょう。",
        "手を 洗って ください。",
        "ごみの 出し方",  # a heading: no 。
        "先生は「早く 来い」と 言いました。",  # the plain form is inside a quotation
        "今日の 天気は 雨。",  # ends in a noun
    ],
)
def test_polite_and_unjudged_endings_pass(text):
    assert hits(text) == []
