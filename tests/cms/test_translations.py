"""Pages are multilingual with wagtail-localize; untranslated pages fall back to easy Japanese."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import Locale

from cms.models import MaterialPage
from tests.cms.conftest import publish
from tests.cms.factories import MaterialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def material(material_index):
    return publish(MaterialPageFactory(parent=material_index, title="ごみの 出し方", slug="gomi"))


def test_every_content_language_has_a_locale(db):
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert {"ja", "en", "vi", "zh-hans", "tl"} <= codes


def test_the_language_switcher_offers_vietnamese_chinese_and_tagalog(client, home):
    html = client.get("/").content.decode()
    for code, name in (("vi", "Tiếng Việt"), ("zh-hans", "中文（简体）"), ("tl", "Tagalog")):
        assert f'<option value="{code}" lang="{code}"' in html and name in html


def test_an_editor_submits_a_page_for_translation_with_wagtail_localize(client, editor, material):
    client.force_login(editor)
    vietnamese = Locale.objects.get(language_code="vi")
    url = reverse("wagtail_localize:submit_page_translation", args=[material.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [vietnamese.pk]})
    assert response.status_code == 302
    translation = MaterialPage.objects.get(
        translation_key=material.translation_key, locale=vietnamese
    )
    # wagtail-localize made the parents too, and its translation editor opens in Wagtail 8.
    assert translation.get_parent().locale == vietnamese
    assert client.get(reverse("wagtailadmin_pages:edit", args=[translation.pk])).status_code == 200


def test_a_translated_page_is_served_in_its_language(client, editor, material):
    client.force_login(editor)
    vietnamese = Locale.objects.get(language_code="vi")
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[material.pk]),
        {"locales": [vietnamese.pk]},
    )
    client.logout()
    translation = MaterialPage.objects.get(
        translation_key=material.translation_key, locale=vietnamese
    )
    translation.title = "Cách đổ rác"
    publish(translation)
    page = client.get(translation.url).content.decode()
    assert translation.url.startswith("/vi/")
    assert "<h1>Cách đổ rác</h1>" in page and 'lang="vi"' in page
    assert 'class="translation-note"' not in page


def test_an_untranslated_page_falls_back_to_easy_japanese(client, material):
    response = client.get(f"/vi{material.url}")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi"' in html  # the reader keeps their interface language
    assert '<article class="material" lang="ja">' in html  # and reads the easy-Japanese page
    assert "<ruby>" in html
    assert 'class="translation-note"' in html


def test_a_page_missing_in_every_language_is_still_a_404(client, home):
    assert client.get("/vi/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_listings_link_untranslated_pages_under_the_readers_language(
    client, material, material_index
):
    html = client.get(f"/en{material_index.url}").content.decode()
    assert f'href="/en{material.url}"' in html  # not to the Japanese interface at {material.url}
    assert client.get(f"/en{material.url}").status_code == 200
