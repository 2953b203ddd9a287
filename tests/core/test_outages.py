"""Outages degrade: a dead Redis costs cache misses, a dead database a 503 page, never a 500."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def dead_redis(settings):
    """Point the cache and the channel layer at a closed port."""
    from channels.layers import channel_layers

    from config import env

    settings.CACHES = env.caches_from_url(DEAD_REDIS)
    settings.CHANNEL_LAYERS = env.channel_layers_from_url(DEAD_REDIS)
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
    caches["default"].close()


@pytest.fixture
def dead_database(transactional_db):
    """Make the default connection point at a database that cannot be opened.

    SQLite's test database lives in memory and would be lost if closed, so its open handle
    is set aside and given back afterwards; PostgreSQL is pointed at a closed port.
    """
    saved = dict(connection.settings_dict)
    handle = connection.connection if connection.vendor == "sqlite" else None
    if handle is None:
        connection.close()
    connection.connection = None
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-dir/nl.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"
        options = {k: v for k, v in saved.get("OPTIONS", {}).items() if k != "pool"}
        connection.settings_dict["OPTIONS"] = options | {"connect_timeout": 1}
    yield
    if connection.connection is not None and connection.connection is not handle:
        connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)
    connection.connection = handle
    if handle is None:
        connection.close()


def test_a_dead_cache_reads_as_a_miss_and_writes_store_nothing(dead_redis):
    assert cache.get("anything", "fallback") == "fallback"
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    cache.set("k", 1)  # no exception
    cache.delete("k")


def test_after_a_cache_failure_the_breaker_skips_redis(dead_redis):
    cache.get("first")  # fails and opens the breaker
    assert caches["default"].breaker.is_open


@pytest.mark.django_db
def test_pages_render_while_redis_is_down(dead_redis, client):
    response = client.get("/search/", {"q": "じしん"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_channel_layer_when_redis_is_down(dead_redis, client):
    started = time.monotonic()
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body == {"status": "error", "down": ["channel_layer"]}  # no detail for anonymous
    assert time.monotonic() - started < 5, "a dead Redis must not hold /healthz for seconds"


def test_healthz_is_503_and_names_the_database_when_it_is_down(dead_database):
    response = Client(raise_request_exception=False).get("/healthz")
    assert response.status_code == 503
    assert "database" in response.json()["down"]


def test_a_page_is_a_503_in_easy_japanese_when_the_database_is_down(dead_database):
    response = Client(raise_request_exception=False).get("/search/", {"q": "じしん"})
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "すこし まって ください" in response.content.decode()


def test_an_api_call_gets_a_json_503_when_the_database_is_down(dead_database):
    response = Client(raise_request_exception=False).get(
        "/notices/banners/", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 503
    assert response.json()["error"]
