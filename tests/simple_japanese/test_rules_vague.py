"""vague-expression: hedges, 〜等, 〜など; not かもしれません."""

from __future__ import annotations

import pytest

from simple_japanese import analyze


def hits(text: str):
    return [f for f in analyze(text).findings if f.rule == "vague-expression"]


@pytest.mark.parametrize(
    "text",
    [
        "大雨に なる おそれが あります。",
        "雪が 降る 可能性が あります。",
        "犯人と みられます。",
        "原因は 火事と 思われます。",
        "気温が 上がると 予想されます。",
        "雨の ようです。",
    ],
)
def test_hedges_are_warnings(text):
    assert [f.severity for f in hits(text)] == ["warning"]


def test_kamoshiremasen_is_fine():
    assert hits("雨が 降るかもしれません。") == []


def test_plain_kamoshirenai_is_info_at_most():
    assert [f.severity for f in hits("雨が 降るかもしれない。")] == ["info"]


def test_you_ni_is_not_a_hedge():
    assert hits("かぜを ひかないように 気をつけましょう。") == []


def test_tou_suffix_is_a_warning_with_nado_suggested():
    (finding,) = hits("書類等を 持って きて ください。")
    assert finding.severity == "warning" and finding.suggestion == "など"


def test_nado_is_only_info():
    assert [f.severity for f in hits("水や 食べ物などを 持って いきます。")] == ["info"]
