"""The interface speaks Japanese by default and English on request; more languages need only a file."""

import pytest

from core.languages import available_languages
from tests.cms.conftest import ensure_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(db):
    return ensure_home()


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
    assert languages["vi"] == "Tiếng Việt" and languages["zh-hans"] == "中文（简体）"


def test_time_zone_is_tokyo(settings):
    assert settings.TIME_ZONE == "Asia/Tokyo"


def test_all_eight_interface_languages_are_offered(settings):
    assert [code for code, _ in settings.LANGUAGES] == [
        "ja",
        "en",
        "id",
        "ko",
        "ne",
        "tl",
        "vi",
        "zh-hans",
    ]


def test_each_language_is_named_in_itself_in_the_switcher(client, home):
    html = client.get("/").content.decode()
    for code, name in (
        ("ja", "日本語"),
        ("en", "English"),
        ("vi", "Tiếng Việt"),
        ("zh-hans", "中文（简体）"),
        ("tl", "Tagalog"),
        ("ko", "한국어"),
        ("id", "Bahasa Indonesia"),
        ("ne", "नेपाली"),
    ):
        assert f'<option value="{code}" lang="{code}"' in html and f">{name}</option>" in html


def test_the_switcher_sits_outside_the_menu_and_needs_no_button_with_javascript(client, home):
    html = client.get("/").content.decode()
    bar = html[html.index('class="site-header__bar"') : html.index('id="site-nav"')]
    assert 'class="language-switcher"' in bar
    # The submit button is there for readers without JavaScript only.
    assert '<noscript><button type="submit">' in bar


def test_the_switcher_keeps_the_current_page(client, home):
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/search/?q=x"})
    assert response["Location"] == "/vi/search/?q=x"


@pytest.mark.parametrize(("prefix", "language"), [("", "ja"), ("/en", "en"), ("/vi", "vi")])
def test_home_and_site_name_link_to_the_current_languages_home(client, home, prefix, language):
    html = client.get(f"{prefix}/").content.decode()
    assert f'<html lang="{language}"' in html
    assert f'<a class="site-name" href="{prefix}/">' in html
    assert f'<li><a href="{prefix}/">' in html


def test_a_vietnamese_browser_opening_the_root_lands_on_vietnamese(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302 and response["Location"] == "/vi/"
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="vi")
    assert '<html lang="vi"' in page.content.decode()
    assert "Accept-Language" in response["Vary"]


def test_a_browser_asking_for_chinese_in_china_lands_on_simplified_chinese(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    assert response["Location"] == "/zh-hans/"


def test_a_japanese_or_unknown_browser_stays_on_the_japanese_root(client, home):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.8").status_code == 200
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR").status_code == 200


def test_the_readers_choice_in_the_switcher_beats_accept_language(client, home):
    client.post("/i18n/setlang/", {"language": "ja", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert '<html lang="ja"' in response.content.decode()


def test_only_the_root_follows_accept_language(client, home):
    response = client.get("/search/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200


def test_a_signed_in_reader_who_switches_language_gets_e_mails_in_it(client, home):
    from tests.factories import UserFactory

    user = UserFactory(preferred_language="ja")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "vi"
