"""The admin side: the checker in the Checks panel, the preview with furigana, the dictionary."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import ReadingEntry
from tests.cms.conftest import publish
from tests.cms.factories import MaterialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def material(material_index):
    return publish(MaterialPageFactory(parent=material_index))


def test_the_page_editor_carries_the_easy_japanese_panel(editor_client, material):
    html = editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[material.pk])
    ).content.decode()
    assert "data-ej-checker" in html
    assert f'data-ej-endpoint="{reverse("cms_check_text")}"' in html
    assert 'data-ej-default-target="N4"' in html
    assert "cms/checker.js" in html and "cms/checker.css" in html
    # Wagtail's word count and English reading time are replaced for pages.
    assert "data-content-reading-time" not in html


def test_the_preview_shows_the_unsaved_text_with_furigana(editor_client, material):
    data = nested_form_data(
        {
            "title": material.title,
            "slug": material.slug,
            "level": "A1",
            "intro": "地震の ときは 机の 下に 入ります。",
            "body": streamfield([("text", rich_text("<p>避難所へ 行きましょう。</p>"))]),
            "target_level": "N4",
            "furigana_skip": "",
        }
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[material.pk])
    assert editor_client.post(url, data).json()["is_valid"] is True
    html = editor_client.get(url).content.decode()
    assert "<ruby>地震<rt>じしん</rt></ruby>" in html
    assert "<ruby>避難<rt>ひなん</rt></ruby>" in html


def test_editors_manage_the_reading_dictionary_as_snippets(editor_client):
    ReadingEntry.objects.create(word="陸前高田", reading="りくぜんたかた", note="市")
    listing = editor_client.get(reverse("wagtailsnippets_core_readingentry:list")).content.decode()
    assert "陸前高田" in listing and "りくぜんたかた" in listing
    response = editor_client.post(
        reverse("wagtailsnippets_core_readingentry:add"),
        {"word": "奥州", "reading": "おうしゅう", "note": "市"},
    )
    assert response.status_code == 302
    assert ReadingEntry.objects.get(word="奥州").reading == "おうしゅう"
    bad = editor_client.post(
        reverse("wagtailsnippets_core_readingentry:add"), {"word": "一関", "reading": "ichinoseki"}
    )
    assert bad.status_code == 200 and not ReadingEntry.objects.filter(word="一関").exists()


def test_the_publish_gate_setting_is_in_the_admin(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.com", password="x")
    client.force_login(admin)
    url = reverse("wagtailsettings:edit", args=["core", "easyjapanesesettings"])
    assert client.get(url, follow=True).status_code == 200
