"""Anonymous reader pages come from the page cache; nobody ever gets someone else's page."""

from __future__ import annotations

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from core import pagecache
from learning import booking as rules
from tests.cms.conftest import ensure_home, publish
from tests.cms.factories import ArticlePageFactory
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return ensure_home()


def cache_state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def test_the_second_anonymous_visit_is_served_from_the_cache(home):
    first = Client().get("/")
    second = Client().get("/")
    assert first.status_code == second.status_code == 200
    assert (cache_state(first), cache_state(second)) == ("miss", "hit")


def test_publishing_a_page_invalidates_cached_pages(home, django_capture_on_commit_callbacks):
    Client().get("/")
    with django_capture_on_commit_callbacks(execute=True):
        publish(ArticlePageFactory(parent=home, title="あたらしい おしらせ"))
    assert cache_state(Client().get("/")) == "miss"


def test_a_booking_invalidates_the_cached_session_page(learner, django_capture_on_commit_callbacks):
    ensure_home()
    session = SessionFactory(capacity=5)
    path = f"/learning/sessions/{session.pk}/"
    before = Client().get(path)
    assert cache_state(Client().get(path)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        rules.book(learner, session)
    after = Client().get(path)
    assert cache_state(after) == "miss"
    assert after.content != before.content  # the seat count moved


def test_a_logged_in_reader_never_gets_the_cached_anonymous_page(home, learner):
    Client().get("/")
    assert cache_state(Client().get("/")) == "hit"
    client = Client()
    client.force_login(learner)
    response = client.get("/")
    assert cache_state(response) is None
    assert "Log out" in response.text or "ログアウト" in response.text


def test_a_logged_in_readers_page_is_never_stored_for_others(home, learner):
    client = Client()
    client.force_login(learner)
    client.get("/")
    anonymous = Client().get("/")
    assert cache_state(anonymous) == "miss"
    assert learner.email not in anonymous.text


def test_languages_and_furigana_modes_are_cached_separately(home):
    Client().get("/")
    assert cache_state(Client().get("/en/")) == "miss"
    furigana_off = Client()
    furigana_off.cookies["furigana"] = "off"
    response = furigana_off.get("/")
    assert cache_state(response) == "miss"
    assert 'class="furigana-off"' in response.text


def test_a_cached_page_carries_the_visitors_own_csrf_token(home):
    Client().get("/")
    client = Client()
    response = client.get("/")
    assert cache_state(response) == "hit"
    token = response.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value


def test_a_cached_pages_forms_still_post(home):
    Client().get("/")
    client = Client(enforce_csrf_checks=True)
    page = client.get("/")
    token = page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = client.post(
        "/prefs/furigana/", {"furigana": "off", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_pages_vary_on_cookie(home):
    assert "Cookie" in Client().get("/").headers["Vary"]


def test_a_dead_cache_serves_computed_pages(home, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    responses = [Client().get("/") for _ in range(2)]
    assert [r.status_code for r in responses] == [200, 200]
    assert [cache_state(r) for r in responses] == [None, None]


def test_the_page_cache_can_be_switched_off(home, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    Client().get("/")
    assert cache_state(Client().get("/")) is None


def test_a_fresh_version_never_reuses_an_old_number(home):
    from django.core.cache import cache

    before = pagecache.versions()
    cache.delete(pagecache.VERSION_KEY.format(kind=pagecache.CONTENT))
    after = pagecache.versions()
    assert int(after.split(".")[0]) > int(before.split(".")[0])


def test_a_page_carrying_a_csp_nonce_is_never_stored():
    """A nonce is one response's secret: a cached copy would hand it to every visitor."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from core.pagecache import PageCacheMiddleware

    request = RequestFactory().get("/")
    plain = HttpResponse(b"<p>ok</p>", content_type="text/html; charset=utf-8")
    assert PageCacheMiddleware._storable(request, plain) is not None
    request._csp_nonce = "abc"
    with_nonce = HttpResponse(b'<script nonce="abc"></script>', content_type="text/html")
    assert PageCacheMiddleware._storable(request, with_nonce) is None
