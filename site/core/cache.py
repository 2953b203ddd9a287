"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Everything the site caches can be computed again, so a dead cache must cost a page a little
time, never its answer. Django's RedisCache raises on a refused connection (every request
then a 500) and, without socket timeouts, waits as long as the kernel does on a silent host.
This backend sets short timeouts and opens a circuit breaker on the first connection error:
for `retry_after` seconds every call returns at once as a miss (reads give the default,
writes report nothing stored), then one call tries Redis again.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Django makes a cache object per request context (under ASGI, per request): each would open
# its own Redis connection (connect, HELLO, SELECT: several round trips), keep its own circuit
# breaker (an outage retried by every request) and parse the same settings again. One object,
# with its client (a thread-safe connection pool) and breaker, per process and configuration.
_instances: dict[tuple, Any] = {}
_instances_lock = threading.Lock()


class CircuitBreaker:
    """Closed while calls succeed; open (skip the service) for `retry_after` s after a failure."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self._open_until

    def failed(self, exc: BaseException, what: str) -> None:
        with self._lock:
            was_closed = not self.is_open
            self._open_until = time.monotonic() + self.retry_after
        if was_closed:  # one line per outage, not one per request
            logger.warning("%s unreachable (%s); skipped for %.0f s", what, exc, self.retry_after)


class SharedClientRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one redis.Redis per pool: building one per call (Django's way)
    fills a table of ~170 reply callbacks each time, five times per booking request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose outages read as cache misses (see the module docstring).

    OPTIONS: ``socket_timeout`` / ``socket_connect_timeout`` (seconds, default 0.25) and
    ``retry_after`` (seconds the breaker stays open, default 5); the rest go to redis-py.
    """

    def __new__(cls, server: str, params: dict[str, Any]) -> ResilientRedisCache:
        """One object per process and configuration: Django builds a cache object per request
        context (under ASGI, per request; ~5 % of a booking's worker CPU went on parsing the
        same settings again). The object holds no per-request state, so it is shared."""
        key = (cls, server, repr(sorted(params.items(), key=lambda item: item[0])))
        with _instances_lock:
            instance = _instances.get(key)
            if instance is None:
                instance = _instances[key] = super().__new__(cls)
        return instance

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        if getattr(self, "breaker", None) is not None:
            return  # the shared object, set up already
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        retry_after = float(options.pop("retry_after", 5.0))
        options.setdefault("socket_timeout", 0.25)
        options.setdefault("socket_connect_timeout", 0.25)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
        self.breaker = CircuitBreaker(retry_after)  # last: marks the shared object as set up

    def _guard(self, default: Any, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.breaker.is_open:
            return default
        try:
            return getattr(super(), method)(*args, **kwargs)
        except UNREACHABLE as exc:
            self.breaker.failed(exc, "Redis cache")
            return default

    def get(self, key, default=None, version=None):
        return self._guard(default, "get", key, default, version)

    def get_many(self, keys, version=None):
        return self._guard({}, "get_many", keys, version)

    def has_key(self, key, version=None):
        return self._guard(False, "has_key", key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(None, "set", key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, "add", key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(list(data), "set_many", data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(False, "touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._guard(False, "delete", key, version)

    def delete_many(self, keys, version=None):
        return self._guard(None, "delete_many", keys, version)

    def incr(self, key, delta=1, version=None):
        if self.breaker.is_open:
            raise ValueError(f"Key '{key}' not found (cache unreachable).")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as exc:
            self.breaker.failed(exc, "Redis cache")
            raise ValueError(f"Key '{key}' not found (cache unreachable).") from exc

    def clear(self):
        return self._guard(False, "clear")
