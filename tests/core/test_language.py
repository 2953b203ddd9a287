"""The interface speaks Japanese by default and English on request; more languages need only a file."""

import pytest

from core.languages import available_languages

pytestmark = pytest.mark.django_db


def test_japanese_is_the_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ja"' in response.content.decode()
    assert "ログイン" in response.content.decode()


def test_switching_to_english_changes_the_interface(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert '<html lang="en"' in html
    assert "Log in" in html


def test_switching_back_to_japanese(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/en/"}, follow=True)
    assert '<html lang="ja"' in response.content.decode()


def test_a_language_is_offered_once_its_translation_file_exists(tmp_path):
    assert [code for code, _ in available_languages(tmp_path)] == ["ja", "en"]
    (tmp_path / "vi" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "vi" / "LC_MESSAGES" / "django.po").write_text("")
    (tmp_path / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po").write_text("")
    languages = dict(available_languages(tmp_path))
    assert languages["vi"] == "Tiếng Việt" and languages["zh-hans"] == "简体中文"


def test_time_zone_is_tokyo(settings):
    assert settings.TIME_ZONE == "Asia/Tokyo"
