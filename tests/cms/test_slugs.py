"""New pages get ASCII (romaji) slugs; pages kept from before get them with redirects."""

from __future__ import annotations

import pytest
from wagtail.contrib.redirects.models import Redirect

from cms.models import MaterialPage
from core.pages import ascii_slugs_for_old_pages
from tests.cms.test_publish_gate import EASY, create, material_data

pytestmark = pytest.mark.django_db


def test_a_page_made_in_code_with_a_japanese_title_gets_a_romaji_slug(material_index):
    page = material_index.add_child(instance=MaterialPage(title="盛岡の日本語教室", intro="x"))
    assert page.slug == "morioka-no-nihongo-kyoshitsu"


def test_a_second_page_with_the_same_title_gets_a_numbered_slug(material_index):
    material_index.add_child(instance=MaterialPage(title="盛岡の日本語教室", intro="x"))
    page = material_index.add_child(instance=MaterialPage(title="盛岡の日本語教室", intro="y"))
    assert page.slug == "morioka-no-nihongo-kyoshitsu-2"


def test_the_admin_gives_a_new_page_without_a_slug_the_romaji_of_its_title(
    client, editor, material_index
):
    client.force_login(editor)
    data = material_data(EASY, "action-publish")
    data["slug"] = ""
    create(client, material_index, MaterialPage, data)
    assert MaterialPage.objects.get().slug == "gomi-no-dashikata"


def test_the_admin_turns_a_japanese_slug_into_romaji(client, editor, material_index):
    client.force_login(editor)
    data = material_data(EASY, "action-publish")
    data["slug"] = "ごみの出し方"
    create(client, material_index, MaterialPage, data)
    assert MaterialPage.objects.get().slug == "gomi-no-dashikata"


def test_unicode_slugs_are_off_in_the_admin(settings):
    assert settings.WAGTAIL_ALLOW_UNICODE_SLUGS is False


@pytest.fixture
def old_page(material_index):
    """A live page with a Japanese slug, as the site made them before ASCII slugs."""
    page = material_index.add_child(instance=MaterialPage(title="ごみ", slug="gomi", intro="x"))
    MaterialPage.objects.filter(pk=page.pk).update(
        slug="ごみの出し方", url_path=f"{material_index.url_path}ごみの出し方/"
    )
    page.refresh_from_db()
    page.save_revision().publish()
    return page


def test_an_old_japanese_slug_becomes_romaji_after_migrate(
    old_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert ascii_slugs_for_old_pages() == 1
    old_page.refresh_from_db()
    assert old_page.slug == "gomi-no-dashikata"
    assert old_page.get_latest_revision().content["slug"] == "gomi-no-dashikata"


def test_the_old_url_answers_301_to_the_new_one(
    client, old_page, django_capture_on_commit_callbacks
):
    old_url = old_page.url
    with django_capture_on_commit_callbacks(execute=True):
        ascii_slugs_for_old_pages()
    old_page.refresh_from_db()
    assert Redirect.objects.filter(redirect_page=old_page).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == old_page.url
    assert client.get(old_page.url).status_code == 200


def test_running_it_again_changes_nothing(old_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ascii_slugs_for_old_pages()
    assert ascii_slugs_for_old_pages() == 0
