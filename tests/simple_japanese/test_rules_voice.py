"""passive-causative (advisory)."""

from __future__ import annotations

from simple_japanese import analyze


def hits(text: str):
    return [f for f in analyze(text).findings if f.rule == "passive-causative"]


def test_passive_after_godan_verb_is_info():
    text = "弟に ケーキを 食べられた。先生に ほめられました。雨に 降られました。"
    found = hits(text)
    assert {text[f.start : f.end] for f in found} >= {"降られ", "ほめられ"}
    assert {f.severity for f in found} == {"info"}


def test_suru_passive_is_flagged():
    assert hits("この 本は 多くの 人に 読まれて います。")
    assert hits("会議が 開催されました。")


def test_causative_is_flagged():
    text = "子どもに 野菜を 食べさせます。"
    (finding,) = hits(text)
    assert text[finding.start : finding.end] == "食べさせ"


def test_potential_is_not_passive():
    assert hits("ここで 魚が 食べられます。") == []
    assert hits("日本語が 話せます。") == []


def test_hedge_to_mirareru_is_left_to_vague_expression():
    assert hits("犯人と みられます。") == []
