"""An active emergency notice is a banner on every page, in the reader's language and in easy
Japanese with furigana, until it expires."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Locale

from cms import emergency
from tests.cms.conftest import publish
from tests.cms.factories import EmergencyNoticePageFactory, MaterialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(home):
    return publish(
        EmergencyNoticePageFactory(parent=home, title="大雨です。川に 近づかないで ください。")
    )


def banner_area(html: str) -> str:
    start = html.index('<div class="emergency-banners"')
    return html[start : html.index("</header>")]


def test_the_banner_is_on_every_page(client, notice, material_index):
    material = publish(MaterialPageFactory(parent=material_index))
    for url in ("/", material.url, "/search/?q=ごみ", "/accounts/login/"):
        area = banner_area(client.get(url).content.decode())
        assert 'role="alert"' in area, url
        assert "<ruby>大雨<rt>おおあめ</rt></ruby>" in area, url
        assert f'href="{notice.url}"' in area


def test_an_expired_notice_is_not_shown(client, home):
    publish(
        EmergencyNoticePageFactory(
            parent=home, title="古い お知らせ", expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
    )
    assert 'role="alert"' not in banner_area(client.get("/").content.decode())


def test_a_notice_leaves_at_its_expiry_without_a_new_publish(notice):
    assert emergency.active_banners("ja")
    later = notice.expires_at + dt.timedelta(seconds=1)
    assert emergency.active_banners("ja", now=later) == []


def test_a_draft_notice_is_not_shown(client, home):
    EmergencyNoticePageFactory(parent=home, title="下書き", live=False)
    assert 'role="alert"' not in banner_area(client.get("/").content.decode())


def test_readers_get_the_title_in_their_language_and_in_easy_japanese(client, notice):
    english = notice.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title = "Heavy rain: stay away from rivers"
    english.slug = notice.slug
    publish(english)
    area = banner_area(client.get("/en/").content.decode())
    assert '<span class="banner__title" lang="en">Heavy rain: stay away from rivers</span>' in area
    assert "<ruby>大雨<rt>おおあめ</rt></ruby>" in area  # the easy-Japanese title as well
    assert 'href="/en/' in area
    japanese_area = banner_area(client.get("/").content.decode())
    assert "Heavy rain" not in japanese_area


def test_an_untranslated_notice_links_to_the_japanese_page_in_the_readers_language(client, notice):
    area = banner_area(client.get("/vi/").content.decode())
    assert "<ruby>大雨<rt>おおあめ</rt></ruby>" in area
    assert f'href="/vi{notice.url}"' in area
    assert client.get(f"/vi{notice.url}").status_code == 200


def test_open_pages_fetch_the_banners_as_json(client, notice):
    data = client.get("/notices/banners/").json()
    assert data["version"] and [n["notice_id"] for n in data["notices"]] == [notice.pk]
    assert "<ruby>大雨<rt>おおあめ</rt></ruby>" in data["html"]
    assert client.get("/notices/banners/")["Cache-Control"].startswith("max-age=0")


def test_publishing_invalidates_the_cached_banners(
    client, home, django_capture_on_commit_callbacks
):
    assert 'role="alert"' not in banner_area(client.get("/").content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        publish(EmergencyNoticePageFactory(parent=home, title="地震が ありました"))
    assert "<ruby>地震<rt>じしん</rt></ruby>" in banner_area(client.get("/").content.decode())
