"""honorific: 尊敬語・謙譲語 → plain です・ます, with the plain form suggested."""

from __future__ import annotations

import pytest

from simple_japanese import analyze


def hits(text: str):
    return [f for f in analyze(text).findings if f.rule == "honorific"]


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("先生が いらっしゃいます。", "いらっしゃいます", "います"),
        ("社長が おっしゃいました。", "おっしゃいました", "言いました"),
        ("どうぞ 召し上がって ください。", "召し上がってください", "食べてください"),
        ("お召し上がりください。", "お召し上がりください", "食べてください"),
        ("山田と 申します。", "申します", "言います"),
        ("明日 伺います。", "伺います", "聞きます"),
        ("資料を 拝見しました。", "拝見しました", "見ました"),
        ("よく 存じて います。", "存じて", "知って"),
        ("受付に おります。", "おります", "います"),
        ("お待ちください。", "お待ちください", "待ってください"),
        ("書類を ご確認ください。", "ご確認ください", "確認してください"),
        ("先生が お読みに なります。", "お読みになります", "読みます"),
        ("資料を お送りします。", "お送りします", "送ります"),
        ("ぜひ ご覧ください。", "ご覧ください", "見てください"),
        ("窓口まで お越しください。", "お越しください", "来てください"),
    ],
)
def test_honorific_forms_get_plain_suggestions(text, flagged, suggestion):
    found = hits(text)
    assert len(found) == 1
    f = found[0]
    assert text[f.start : f.end].replace(" ", "") == flagged
    assert f.suggestion == suggestion
    assert f.severity == "warning"


@pytest.mark.parametrize(
    "text",
    [
        "先生が 来ます。",
        "ここに います。",
        "待って ください。",
        "よろしく おねがいします。",
        "お金を 払います。",
        "ご飯を 食べます。",
        "申し込みを して ください。",
    ],
)
def test_plain_polite_forms_pass(text):
    assert hits(text) == []
