"""Publishing a page harder than its target warns the editor, or is refused when set to block."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.models import EmergencyNoticePage, MaterialPage
from core.models import EasyJapaneseSettings

pytestmark = pytest.mark.django_db

HARD = "当該事案については関係各所と連携の上、速やかに対応するよう要請されたい。"
EASY = "ごみは 月曜日の 朝に 出して ください。"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def material_data(intro: str, action: str) -> dict:
    data = nested_form_data(
        {
            "title": "ごみの 出し方",
            "slug": "gomi",
            "level": "A1",
            "intro": intro,
            "body": streamfield([("text", rich_text(f"<p>{intro}</p>"))]),
            "target_level": "N4",
            "furigana_skip": "",
        }
    )
    data[action] = action
    return data


def create(client, parent, model, data):
    url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    return client.post(url, data, follow=True)


def set_gate(mode: str) -> None:
    settings = EasyJapaneseSettings.load()
    settings.publish_gate = mode
    settings.save()


def test_hard_text_is_published_with_a_warning_listing_the_findings(editor_client, material_index):
    response = create(
        editor_client, material_index, MaterialPage, material_data(HARD, "action-publish")
    )
    assert MaterialPage.objects.get(slug="gomi").live
    html = response.content.decode()
    assert (
        '<ul class="ej-gate-findings"><li>「当該事案」' in html
    )  # the warning lists the findings (a compound is one word: issue 11)


def test_easy_text_is_published_without_a_warning(editor_client, material_index):
    response = create(
        editor_client, material_index, MaterialPage, material_data(EASY, "action-publish")
    )
    assert MaterialPage.objects.get(slug="gomi").live
    assert "ej-gate-findings" not in response.content.decode()


def test_the_block_setting_refuses_to_publish_hard_text(editor_client, material_index):
    set_gate("block")
    response = create(
        editor_client, material_index, MaterialPage, material_data(HARD, "action-publish")
    )
    assert not MaterialPage.objects.filter(slug="gomi").exists()
    errors = response.context["form"].non_field_errors().as_data()
    assert [e.code for e in errors][:1] == ["not_easy_enough"]
    assert any(
        "「当該事案」" in e.message for e in errors if e.code == "finding"
    )  # the findings are listed
    assert "「当該事案」" in response.content.decode()


def test_a_draft_always_saves(editor_client, material_index):
    set_gate("block")
    create(editor_client, material_index, MaterialPage, material_data(HARD, "action-save"))
    page = MaterialPage.objects.get(slug="gomi")
    assert not page.live


def test_an_emergency_notice_is_never_blocked(editor_client, home):
    set_gate("block")
    data = nested_form_data(
        {
            "title": "当該地域においては土砂災害警戒情報が発表されており厳重な警戒が必要である",
            "slug": "dosha",
            "severity": "danger",
            "expires_at": (timezone.localtime() + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "area": "",
            "body": rich_text("<p>速やかに避難されたい。</p>"),
            "target_level": "disaster",
            "furigana_skip": "",
        }
    )
    data["areas"] = ["kamaishi"]
    data["action-publish"] = "action-publish"
    response = create(editor_client, home, EmergencyNoticePage, data)
    assert EmergencyNoticePage.objects.get(slug="dosha").live
    assert '<ul class="ej-gate-findings">' in response.content.decode()
