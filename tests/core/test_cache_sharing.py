"""One Redis client and one circuit breaker per process, not one per request."""

from __future__ import annotations

from core.cache import ResilientRedisCache

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def make(location: str = DEAD, **options) -> ResilientRedisCache:
    return ResilientRedisCache(location, {"OPTIONS": options})


def test_two_cache_objects_share_one_client():
    """Django makes a cache object per request context; each would otherwise connect anew."""
    assert make()._cache is make()._cache


def test_a_failure_seen_by_one_request_spares_the_next():
    first, second = make(retry_after=30), make(retry_after=30)
    assert first.get("anything", "fallback") == "fallback"
    assert second.breaker.is_open


def test_other_settings_get_their_own_client():
    assert make(retry_after=7)._cache is not make(retry_after=8)._cache


def test_the_client_keeps_one_redis_object_per_pool():
    client = make()._cache
    assert client.get_client("a") is client.get_client("b")


def test_django_builds_the_cache_object_once_per_configuration():
    """Under ASGI each request is a new context: the handler's lookup must not rebuild it."""
    from django.core.cache import CacheHandler

    settings = {"default": {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": DEAD}}
    first = CacheHandler(settings).create_connection("default")
    assert CacheHandler(settings).create_connection("default") is first
    assert make(retry_after=9) is not make(retry_after=10)
