"""The reading dictionary's version is read from the shared cache once per request."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from core import easyjp
from core.models import ReadingEntry

pytestmark = pytest.mark.django_db


class CountingGets:
    def __init__(self, monkeypatch) -> None:
        self.version_reads = 0
        real = cache.get

        def get(key, *args, **kwargs):
            if key == easyjp.VERSION_KEY:
                self.version_reads += 1
            return real(key, *args, **kwargs)

        monkeypatch.setattr(cache, "get", get)


def test_within_a_request_the_version_is_read_once(monkeypatch):
    counter = CountingGets(monkeypatch)
    with easyjp.request_memo():
        versions = {easyjp.dictionary_version() for _ in range(30)}
    assert len(versions) == 1
    assert counter.version_reads == 1


def test_outside_a_request_every_call_reads_the_shared_cache(monkeypatch):
    counter = CountingGets(monkeypatch)
    easyjp.dictionary_version()
    easyjp.dictionary_version()
    assert counter.version_reads == 2


def test_an_edit_during_the_request_is_seen_by_the_rest_of_it():
    with easyjp.request_memo():
        before = easyjp.dictionary_version()
        ReadingEntry.objects.create(word="盛岡", reading="もりおか")
        assert easyjp.dictionary_version() != before


def test_a_page_reads_the_version_once(monkeypatch, learner):
    from tests.cms.conftest import ensure_home

    ensure_home()
    client = Client()
    client.force_login(learner)  # a signed-in page: never from the page cache
    counter = CountingGets(monkeypatch)
    assert client.get("/").status_code == 200
    assert counter.version_reads <= 1


def test_the_memo_ends_with_the_request():
    with easyjp.request_memo():
        easyjp.dictionary_version()
    assert easyjp._request_memo.get() is None
