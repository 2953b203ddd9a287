"""The editor panel's endpoint: findings for hard Japanese, none for easy Japanese."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HARD = "当該事案については関係各所と連携の上、速やかに対応するよう要請されたい。"
EASY = "わたしは 毎日 日本語を 勉強します。"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post(client, payload):
    return client.post(
        reverse("cms_check_text"), json.dumps(payload), content_type="application/json"
    )


def test_hard_text_gets_findings_mapped_to_its_field(editor_client):
    response = post(
        editor_client,
        {
            "target": "N4",
            "segments": [{"id": "id_title", "text": "ごみの 日"}, {"id": "id_intro", "text": HARD}],
        },
    )
    assert response.status_code == 200
    report = response.json()
    assert report["findings"] and not report["meets_target"]
    assert report["score"] < 60
    rules = {f["rule"] for f in report["findings"]}
    assert "hard-word" in rules
    hard_word = next(f for f in report["findings"] if f["rule"] == "hard-word")
    assert hard_word["segment"] == "id_intro"
    # Offsets index the field's own text, so the editor can select exactly those characters.
    assert HARD[hard_word["start"] : hard_word["end"]] == hard_word["excerpt"] != ""
    sentence = hard_word["sentence"]
    assert sentence["text"] == HARD
    assert sentence["text"][sentence["mark_start"] : sentence["mark_end"]] == hard_word["excerpt"]
    assert hard_word["message_ja"] and hard_word["message_en"]


def test_easy_text_gets_no_findings(editor_client):
    report = post(
        editor_client, {"target": "N4", "segments": [{"id": "body", "text": EASY}]}
    ).json()
    assert report["meets_target"] is True
    assert [f for f in report["findings"] if f["severity"] != "info"] == []
    assert report["level"] == "easy" and report["score"] >= 80


def test_a_gloss_from_the_vocabulary_list_is_not_a_hard_word(editor_client):
    text = "余震に 気を つけて ください。"
    plain = post(editor_client, {"segments": [{"id": "a", "text": text}]}).json()
    glossed = post(
        editor_client, {"segments": [{"id": "a", "text": text}], "known": ["余震"]}
    ).json()
    hard = [f for f in plain["findings"] if f["rule"] == "hard-word" and f["excerpt"] == "余震"]
    assert hard, "余震 is above N4 on its own"
    assert not [
        f for f in glossed["findings"] if f["rule"] == "hard-word" and f["excerpt"] == "余震"
    ]


def test_text_without_japanese_is_not_checked(editor_client):
    report = post(editor_client, {"segments": [{"id": "slug", "text": "gomi-no-dashikata"}]}).json()
    assert report["findings"] == [] and report["level"] == "empty"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"not json", 400),
        (json.dumps({"target": "N9", "segments": []}).encode(), 400),
        (json.dumps({"segments": "text"}).encode(), 400),
        (json.dumps({"segments": [{"id": "a", "text": "あ" * 20_001}]}).encode(), 413),
    ],
)
def test_bad_requests_get_a_json_error(editor_client, body, status):
    response = editor_client.post(reverse("cms_check_text"), body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["error"]


def test_only_people_with_admin_access_may_use_it(client, learner):
    assert post(client, {"segments": [{"id": "a", "text": EASY}]}).status_code == 302
    client.force_login(learner)
    assert post(client, {"segments": [{"id": "a", "text": EASY}]}).status_code in (302, 403)


def test_findings_name_their_rule_and_severity_in_words_not_ids(editor_client):
    report = post(editor_client, {"target": "N4", "segments": [{"id": "id_intro", "text": HARD}]})
    hard_word = next(f for f in report.json()["findings"] if f["rule"] == "hard-word")
    assert hard_word["rule_title_en"] and hard_word["rule_title_en"] != "hard-word"
    assert hard_word["rule_title_ja"] and "-" not in hard_word["rule_title_ja"]
    assert hard_word["severity_label"] not in ("error", "warning", "info")


def test_the_panel_script_shows_the_titles_and_labels_not_the_ids():
    from django.conf import settings

    script = (settings.BASE_DIR / "cms" / "static" / "cms" / "checker.js").read_text()
    assert '"ej-finding__rule", japaneseUi ? finding.rule_title_ja' in script
    assert '"ej-finding__severity", finding.severity_label' in script
    assert '"ej-finding__rule", finding.rule)' not in script
