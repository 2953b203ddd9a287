"""Per-user limits on booking, waitlist and checker requests; checker replies stay small."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from core import throttle
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}
HARD = "当該事案については関係各所と連携の上、速やかに対応するよう要請されたい。"


def test_booking_requests_over_the_limit_get_429_with_a_message(client, learner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking": "3/m"}
    session = SessionFactory()
    client.force_login(learner)
    statuses = [
        client.post(f"/learning/sessions/{session.pk}/book/", **JSON).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    response = client.post(f"/learning/sessions/{session.pk}/book/", **JSON)
    body = response.json()
    assert body["error"] == "rate_limited" and body["message"]
    assert int(response["Retry-After"]) > 0


def test_the_limit_is_per_user(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking": "2/m"}
    session = SessionFactory()
    first, second = UserFactory(roles=["learner"]), UserFactory(roles=["learner"])
    client.force_login(first)
    for _ in range(3):
        client.post(f"/learning/sessions/{session.pk}/book/", **JSON)
    client.force_login(second)
    assert client.post(f"/learning/sessions/{session.pk}/book/", **JSON).status_code == 200


def test_a_browser_over_the_limit_gets_a_page_that_says_to_wait(client, learner, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking": "1/m"}
    session = SessionFactory()
    client.force_login(learner)
    client.post(f"/learning/sessions/{session.pk}/book/")
    response = client.post(f"/en/learning/sessions/{session.pk}/book/")
    assert response.status_code == 429
    assert "try again in" in response.content.decode()


def test_claims_and_waitlist_offers_share_the_booking_limit(client, volunteer, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "booking": "2/m"}
    session = SessionFactory()
    client.force_login(volunteer)
    statuses = [
        client.post(f"/learning/sessions/{session.pk}/claim/", **JSON).status_code for _ in range(3)
    ]
    assert statuses[-1] == 429
    assert client.post("/learning/offers/1/", **JSON).status_code == 429


def checker_post(client, text: str):
    return client.post(
        reverse("cms_check_text"),
        json.dumps({"target": "N4", "segments": [{"id": "body", "text": text}]}),
        content_type="application/json",
    )


def test_checker_requests_over_the_limit_get_429(client, editor, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "checker": "2/m"}
    client.force_login(editor)
    statuses = [checker_post(client, "ごみの 日").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert checker_post(client, "ごみの 日").json()["error"] == "rate_limited"


def test_a_checker_reply_at_the_input_cap_is_not_much_larger_than_the_text(client, editor):
    from core.checker import MAX_CHARS

    text = (HARD * (MAX_CHARS // len(HARD)))[:MAX_CHARS]
    client.force_login(editor)
    response = checker_post(client, text)
    assert response.status_code == 200
    sent = len(json.dumps({"segments": [{"id": "body", "text": text}]}, ensure_ascii=False))
    assert len(response.content) < 4 * sent * 3  # characters → at most 3 UTF-8 bytes each
    report = response.json()
    assert report["findings_total"] >= len(report["findings"]) > 0


def test_a_long_sentence_is_sent_once_around_each_mark_not_whole(client, editor):
    sentence = (
        "当該事案については関係各所と連携の上速やかに対応するよう要請されたいとのことであり" * 20
    )
    client.force_login(editor)
    report = checker_post(client, sentence + "。").json()
    assert report["findings"]
    for finding in report["findings"]:
        if finding["sentence"]:
            quoted = finding["sentence"]
            assert len(quoted["text"]) <= 2 * 40 + 2 + (finding["end"] - finding["start"])
            marked = quoted["text"][quoted["mark_start"] : quoted["mark_end"]]
            # a long excerpt is capped with "…"; the mark still starts with it
            assert marked.startswith(finding["excerpt"].rstrip("…"))


def test_a_cache_outage_lets_requests_through(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(throttle.cache, "add", broken)
    assert throttle.hit("booking", "user:1", throttle.Rate(1, 60)) == 0
