"""The checker's limits: a translated 413 past 20,000 characters, replies in proportion."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from django.utils import translation

from core.checker import MAX_CHARS

pytestmark = pytest.mark.django_db

# One "sentence" with no 。: every finding in it used to repeat all of it.
LONG_SENTENCE = "当該事案については関係各所と連携の上速やかに対応するよう要請され"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post(client, text):
    return client.post(
        reverse("cms_check_text"),
        json.dumps({"segments": [{"id": "body", "text": text}]}),
        content_type="application/json",
    )


def test_a_text_past_the_limit_gets_a_413_saying_the_limit(editor_client):
    response = post(editor_client, "あ" * (MAX_CHARS + 1))
    assert response.status_code == 413
    assert "20,000" in response.json()["error"]


def test_the_too_long_message_is_translated_to_japanese():
    from core.checker import CheckerInputTooLong, segments_from_payload

    with translation.override("ja"), pytest.raises(CheckerInputTooLong, match="長すぎ"):
        segments_from_payload({"segments": [{"id": "a", "text": "あ" * (MAX_CHARS + 1)}]})


def test_a_maximal_text_is_checked_and_the_reply_stays_in_proportion(editor_client):
    text = (LONG_SENTENCE * (MAX_CHARS // len(LONG_SENTENCE) + 1))[:MAX_CHARS]
    response = post(editor_client, text)
    assert response.status_code == 200
    assert response.json()["findings"]
    body = response.json()
    assert body["findings_total"] >= len(body["findings"])
    assert len(response.content) < 3 * len(text.encode())  # was 140× with every finding
