"""In Chromium: the live easy-Japanese checker, the reader's furigana toggle, and an emergency
notice published in the admin appearing on a page that is already open."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.cms.conftest import ensure_home, publish
from tests.cms.factories import MaterialIndexPageFactory, MaterialPageFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Three sentences in the register of an official circular: harder than N4 as a page.
HARD = (
    "当該事案については関係各所と連携の上、速やかに対応するよう要請されたい。"
    "本件に係る申請書類は所定の様式により提出されたい。"
    "なお、期限を過ぎた場合は受理しかねるので留意されたい。"
)


def signed_in(page, server_url: str, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server_url}]
    )
    return page


def material_page(**fields):
    index = publish(MaterialIndexPageFactory(parent=ensure_home(), slug="materials"))
    return publish(MaterialPageFactory(parent=index, **fields))


def test_an_editor_sees_a_finding_appear_as_they_type(asgi_new_page, asgi_live_server):
    material = material_page(intro="ごみは 月曜日に 出します。")
    editor = UserFactory(roles=["editor"])
    page = signed_in(asgi_new_page(), asgi_live_server.url, editor)
    page.goto(f"/admin/pages/{material.pk}/edit/")
    page.evaluate("window.__notReloaded = true")
    page.locator("button[data-side-panel-toggle='checks']").click()
    panel = page.locator("[data-ej-checker]")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-ej-score]")).not_to_have_text("-")  # the first check has run
    hard_word = panel.locator(".ej-finding__button", has=page.locator("mark", has_text="当該"))
    expect(hard_word).to_have_count(0)

    page.locator("#id_intro").fill(HARD)

    finding = hard_word.first
    expect(finding).to_be_visible()
    # The rule's title in the editor's language, never its id ("hard-word").
    expect(finding.locator(".ej-finding__rule")).to_have_text(
        re.compile("^(やさしい ことば|Basic vocabulary)$")
    )
    expect(panel).to_have_class(re.compile(r"\bej-panel--fails\b"))  # "harder than the target"
    expect(panel.locator("[data-ej-status]")).not_to_be_empty()
    assert page.evaluate("window.__notReloaded") is True

    # Clicking the finding puts the cursor on the hard word in the field it came from.
    finding.click()
    assert page.evaluate("document.activeElement.id") == "id_intro"
    selected = page.evaluate(
        "(() => { const e = document.activeElement; return e.value.slice(e.selectionStart, e.selectionEnd); })()"
    )
    assert selected == "当該事案"  # the compound is one word (one finding, one suggestion)


def test_a_hard_sentence_typed_into_rich_text_is_found_too(asgi_new_page, asgi_live_server):
    material = material_page(intro="")
    page = signed_in(asgi_new_page(), asgi_live_server.url, UserFactory(roles=["editor"]))
    page.goto(f"/admin/pages/{material.pk}/edit/")
    page.locator("button[data-side-panel-toggle='checks']").click()
    editor = page.locator("[contenteditable=true]").first
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type("速やかに対応されたい。")
    panel = page.locator("[data-ej-checker]")
    expect(
        panel.locator(".ej-finding__sentence", has_text="速やかに対応されたい").first
    ).to_be_visible()


def test_a_reader_turns_furigana_off_and_it_stays_off(asgi_page):
    material = material_page(title="地震の とき", intro="地震が 来たら 机の 下に 入ります。")
    asgi_page.goto(material.url)
    first_reading = asgi_page.locator("article rt").first
    expect(first_reading).to_be_visible()
    with asgi_page.expect_response("**/prefs/furigana/") as stored:
        asgi_page.locator("#furigana-toggle").click()
    assert stored.value.status == 200
    expect(first_reading).to_be_hidden()
    expect(asgi_page.locator("#furigana-toggle")).to_have_attribute("aria-pressed", "false")
    asgi_page.goto("/materials/")
    expect(asgi_page.locator("html")).to_have_class("furigana-off")
    expect(asgi_page.locator("article rt").first).to_be_hidden()
    with asgi_page.expect_response("**/prefs/furigana/"):
        asgi_page.locator("#furigana-toggle").click()
    expect(asgi_page.locator("article rt").first).to_be_visible()


def test_a_notice_published_in_the_admin_appears_on_an_open_page(asgi_new_page, asgi_live_server):
    home = ensure_home()
    reader = asgi_new_page()
    reader.goto("/")
    banners = reader.locator(".emergency-banners")
    expect(banners).to_have_attribute("data-live", "connected")
    expect(banners.locator("[role=alert]")).to_have_count(0)
    reader.evaluate("window.__notReloaded = true")

    editor = signed_in(asgi_new_page(), asgi_live_server.url, UserFactory(roles=["editor"]))
    editor.goto(f"/admin/pages/add/cms/emergencynoticepage/{home.pk}/")
    editor.locator("#id_title").fill("大雨です。川に 近づかないで ください。")
    editor.locator("#id_severity").select_option("danger")
    editor.locator("input[name=areas][value=morioka]").check()
    expires = timezone.localtime() + dt.timedelta(hours=3)
    editor.locator("#id_expires_at").fill(expires.strftime("%Y-%m-%d %H:%M"))
    editor.locator("#id_expires_at").press("Escape")
    publish_button = editor.locator("button[name='action-publish']")
    if not publish_button.is_visible():
        editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    publish_button.click()
    expect(editor.locator(".messages")).to_contain_text("大雨です")

    banner = banners.locator("[role=alert]")
    expect(banner).to_have_count(1)
    expect(banner.locator(".banner__title-ja ruby").first).to_have_text("大雨おおあめ")
    from cms.models import EmergencyNoticePage

    expect(banner.locator("a")).to_have_attribute("href", EmergencyNoticePage.objects.get().url)
    assert reader.evaluate("window.__notReloaded") is True
