"""The editors' reading dictionary decides the furigana of names on every page."""

from __future__ import annotations

import pytest

from core.easyjp import reading_overrides
from core.models import ReadingEntry
from tests.cms.conftest import publish
from tests.cms.factories import ArticleIndexPageFactory, ArticlePageFactory, MaterialPageFactory

pytestmark = pytest.mark.django_db

# A made-up place name: no dictionary UniDic ships can know its reading.
NAME = "猫石町"


@pytest.fixture
def article(home):
    news = publish(ArticleIndexPageFactory(parent=home))
    return publish(ArticlePageFactory(parent=news, title=f"{NAME}で 日本語教室", intro="", body=[]))


def test_a_dictionary_entry_sets_the_reading_on_a_page(client, article):
    ReadingEntry.objects.create(word=NAME, reading="ねこいしまち", note="架空の 町")
    html = client.get(article.url).content.decode()
    assert f"<ruby>{NAME}<rt>ねこいしまち</rt></ruby>" in html


def test_the_same_entry_applies_to_every_page_type(client, article, material_index):
    ReadingEntry.objects.create(word=NAME, reading="ねこいしまち")
    material = publish(MaterialPageFactory(parent=material_index, title=f"{NAME}の ごみ"))
    for url in (article.url, material.url):
        assert f"<ruby>{NAME}<rt>ねこいしまち</rt></ruby>" in client.get(url).content.decode()


def test_editing_an_entry_changes_pages_already_rendered_and_cached(client, article):
    entry = ReadingEntry.objects.create(word=NAME, reading="ねこいしちょう")
    assert "<rt>ねこいしちょう</rt>" in client.get(article.url).content.decode()
    entry.reading = "ねこいしまち"
    entry.save()
    html = client.get(article.url).content.decode()
    assert "<rt>ねこいしまち</rt>" in html and "<rt>ねこいしちょう</rt>" not in html
    entry.delete()
    assert "<rt>ねこいしまち</rt>" not in client.get(article.url).content.decode()


def test_overrides_follow_the_database(db):
    ReadingEntry.objects.create(word="一関", reading="いちのせき")
    assert reading_overrides()["一関"] == "いちのせき"
    ReadingEntry.objects.filter(word="一関").delete()  # bulk delete: signals still fire per row
    assert "一関" not in reading_overrides()


def test_a_reading_must_be_kana(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ReadingEntry(word="盛岡", reading="morioka").full_clean()
    ReadingEntry(word="盛岡", reading="もりおか").full_clean()


def test_pages_of_other_apps_use_the_dictionary_through_cores_filters(client, home):
    from learning.models import ClassIndexPage

    schedule = home.add_child(instance=ClassIndexPage(title=f"{NAME}の 日本語教室", slug="classes"))
    schedule.save_revision().publish()
    ReadingEntry.objects.create(word=NAME, reading="ねこいしまち")
    html = client.get("/classes/").content.decode()
    assert f"<ruby>{NAME}<rt>ねこいしまち</rt></ruby>" in html
