"""The home page is the site root, renders its welcome text, and the admin login is reachable."""

import re

import pytest
from wagtail.models import Site

from cms.models import HomePage
from core.demo import load_all

pytestmark = pytest.mark.django_db


def test_site_root_is_a_home_page():
    assert isinstance(Site.objects.get(is_default_site=True).root_page.specific, HomePage)


def test_home_page_and_admin_login_answer(client):
    assert client.get("/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


def test_demo_data_is_idempotent():
    from django.contrib.auth import get_user_model

    from learning.models import Venue

    load_all()
    users, venues = get_user_model().objects.count(), Venue.objects.count()
    load_all()
    assert (get_user_model().objects.count(), Venue.objects.count()) == (users, venues)
    municipalities = set(Venue.objects.values_list("municipality", flat=True))
    assert {
        "morioka",
        "hanamaki",
        "kitakami",
        "oshu",
        "ichinoseki",
        "miyako",
        "kamaishi",
    } <= municipalities
    assert Venue.objects.filter(is_online=True).exists()


def test_demo_home_page_shows_the_welcome_with_furigana(client):
    load_all()
    html = client.get("/").content.decode()
    assert "ようこそ" in html
    assert re.search(r"<ruby>岩手県?<rt>いわて(けん)?</rt></ruby>", html)
    assert "<ruby>勉強<rt>べんきょう</rt></ruby>" in html


def test_demo_accounts_can_log_in(client):
    accounts = {account.email: account for account in load_all()}
    password = accounts["learner@example.com"].password
    response = client.post(
        "/accounts/login/", {"login": "learner@example.com", "password": password}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_furigana_preference_is_remembered_in_a_cookie(client):
    response = client.post("/prefs/furigana/", {"furigana": "off", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert 'class="furigana-off"' in client.get("/").content.decode()
    client.post("/prefs/furigana/", {"furigana": "on", "next": "/"})
    assert 'class="furigana-off"' not in client.get("/").content.decode()


def test_furigana_preference_never_redirects_off_site(client):
    response = client.post("/prefs/furigana/", {"furigana": "off", "next": "https://evil.example/"})
    assert response["Location"] == "/"
