"""403, 404 and 500 pages in the reader's language (easy Japanese by default)."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_a_missing_page_answers_404_in_easy_japanese(client):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    assert "ページが ありません" in response.content.decode()


def test_a_missing_page_under_en_answers_in_english(client):
    response = client.get("/en/no-such-page-here/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_the_403_page_explains_in_easy_japanese(rf, learner):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.core.exceptions import PermissionDenied
    from django.views.defaults import permission_denied

    request = rf.get("/somewhere/")
    request.user = learner
    request.session = {}
    request._messages = FallbackStorage(request)
    with translation.override("ja"):
        response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "この ページは 見ることが できません" in response.content.decode()


def test_the_500_page_renders_without_a_request_in_japanese():
    with translation.override("ja"):
        html = render_to_string("500.html")
    assert "うまく いきませんでした" in html and '<html lang="ja">' in html


def test_pages_link_a_favicon_and_favicon_ico_redirects_to_it(client):
    html = client.get("/no-such-page-here/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
