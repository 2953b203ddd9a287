"""double-negative."""

from __future__ import annotations

import pytest

from simple_japanese import analyze


def hits(text: str):
    return [f for f in analyze(text).findings if f.rule == "double-negative"]


@pytest.mark.parametrize(
    "text",
    [
        "行かないことはない。",
        "行かないことは ありません。",
        "食べられなくはないです。",
        "使えないわけでは ありません。",
        "雨が 降らないとは 限りません。",
        "行かざるを得ません。",
    ],
)
def test_double_negatives_are_errors(text):
    found = hits(text)
    assert [f.severity for f in found] == ["error"]


@pytest.mark.parametrize(
    "text",
    [
        "行かないで ください。",
        "行く ことは ありません。",
        "食べなければ なりません。",
        "行くわけでは ありません。",
    ],
)
def test_single_negatives_pass(text):
    assert hits(text) == []


def test_offsets_point_at_the_double_negative():
    text = "その 店には 行かないことは ないです。"
    (finding,) = hits(text)
    assert text[finding.start : finding.end].startswith("ないこと")
