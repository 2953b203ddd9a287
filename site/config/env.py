"""Parse the environment into Django settings, with clear errors for bad values.

Kept apart from settings.py so the parsing rules are plain functions that tests can call.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
DEFAULT_POOL_MAX_SIZE = 10  # per worker; workers × this must stay below max_connections
# runs of a statement on a connection before psycopg prepares it: the second run, so what a
# connection runs again is parsed once, and a one-off statement costs no extra round trip
PREPARE_THRESHOLD = 1
# Redis connections one worker's channel layer may open. Joins and leaves are also queued per
# worker (core.consumers.REDIS_CONCURRENCY, below this), so a crowd connecting at once waits
# briefly instead of hitting "Too many connections".
DEFAULT_REDIS_MAX_CONNECTIONS = 200
# A channel that died without leaving its group drops out of it after this many seconds;
# open sockets re-join well before (core.consumers.GroupsMixin).
GROUP_EXPIRY = 3600
REDIS_READ_TIMEOUT = 15
REDIS_CONNECT_TIMEOUT = 1.0
FALSE_WORDS = {"0", "false", "no", "off", ""}


# SQLite as the embedded default serves several threads at once (ASGI, previews, autosave,
# the job worker). WAL lets readers run beside the one writer; IMMEDIATE takes the write lock
# when a transaction begins, so two writers queue on the busy timeout instead of one failing
# with "database is locked" when it tries to upgrade a read lock mid-transaction.
SQLITE_OPTIONS: dict[str, Any] = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000",
}


def env_bool(name: str, default: bool, environ: Mapping[str, str] = os.environ) -> bool:
    """Read a yes/no variable; anything else is a configuration error, not a silent False."""
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false).")


def env_list(name: str, default: list[str], environ: Mapping[str, str] = os.environ) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(
    name: str, default: int, environ: Mapping[str, str] = os.environ, *, minimum: int = 0
) -> int:
    """Read a whole number; a word or a number below `minimum` stops the start with a message."""
    value = _whole_number(name, (environ.get(name) or "").strip() or None, default)
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}.")
    return value


def database_from_url(
    url: str | None, *, default_sqlite_path: str, pool_max_size: str | None = None
) -> dict[str, Any]:
    """Return a DATABASES['default'] dict from DATABASE_URL, or a local SQLite file when unset.

    Persistent connections are off (CONN_MAX_AGE=0): under ASGI every request runs in a
    thread pool and persistent connections leak across threads. On PostgreSQL each worker
    instead shares a psycopg pool (Django's OPTIONS["pool"]; DATABASE_POOL_MAX_SIZE, default
    10, 0 turns it off): a request borrows an open connection instead of opening one (a
    few ms of worker CPU and a server fork each time), and a burst waits for a connection
    instead of exceeding the server's max_connections.
    """
    if not url:
        config: dict[str, Any] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": default_sqlite_path,
        }
    else:
        try:
            config = dict(dj_database_url.parse(url, conn_max_age=0))
        except dj_database_url.UnknownSchemeError as exc:
            raise ImproperlyConfigured(
                f"DATABASE_URL has an unknown scheme {urlparse(url).scheme!r}; expected "
                "postgres://user@host:5432/name or sqlite:///path/to/db.sqlite3"
            ) from exc
        except (dj_database_url.ParseError, ValueError) as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
        if config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME"):
            raise ImproperlyConfigured(
                "DATABASE_URL names no database: add it after the host, e.g. "
                "postgres://postgres@127.0.0.1:5432/nihongo_link"
            )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    config["CONN_MAX_AGE"] = 0
    config.setdefault("ATOMIC_REQUESTS", False)
    if config["ENGINE"] == "django.db.backends.postgresql":
        size = _whole_number("DATABASE_POOL_MAX_SIZE", pool_max_size, DEFAULT_POOL_MAX_SIZE)
        if size > 0:
            config.setdefault("OPTIONS", {})["pool"] = {
                "min_size": min(2, size),
                "max_size": size,
                # a request waits this long for a free connection, then fails (503)
                "timeout": 10,
                # close idle connections so a quiet worker gives its slots back to the server
                "max_idle": 300,
            }
        # Server-side parameters and prepared statements: psycopg prepares a statement once a
        # connection has run it PREPARE_THRESHOLD times, so PostgreSQL parses it once per
        # connection and soon plans it once (a generic plan), not on every booking. Django
        # leaves psycopg's preparing off unless OPTIONS sets prepare_threshold; setting it took
        # the booking burst from 314 to 378 bookings/s on warm workers, and a threshold of 1
        # rather than psycopg's 5 from 195 to 217 on fresh ones (interleaved runs).
        # Both off for a pooler in transaction mode (PgBouncer), which cannot keep them.
        if env_bool("DATABASE_SERVER_SIDE_BINDING", True):
            options = config.setdefault("OPTIONS", {})
            options["server_side_binding"] = True
            options["prepare_threshold"] = PREPARE_THRESHOLD
    elif pool_max_size not in (None, "", "0"):
        raise ImproperlyConfigured("DATABASE_POOL_MAX_SIZE works with PostgreSQL only.")
    return config


def _whole_number(name: str, raw: str | None, default: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number.") from exc
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be 0 or more.")
    return value


def _check_redis_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in {"redis", "rediss", "unix"} or not (parsed.hostname or parsed.path):
        raise ImproperlyConfigured(
            f"REDIS_URL={url!r} is not a Redis URL; expected redis://127.0.0.1:6379/0"
        )


def channel_layers_from_url(
    url: str | None, environ: Mapping[str, str] = os.environ
) -> dict[str, Any]:
    """Redis channel layer when REDIS_URL is set (several workers), in-memory otherwise.

    Default: channels_redis' RedisPubSubChannelLayer: a group send is one PUBLISH that each
    worker fans out to its own sockets, and membership lives in the worker, so a dead socket
    can never stay in a group (bench/notices.py: 1,000 pages get a notice about 2x faster than
    with RedisChannelLayer, and 1,000 reconnecting at once are all accepted).
    CHANNEL_LAYER=redis selects RedisChannelLayer (membership in Redis), sized for thousands
    of sockets per worker: a bigger connection pool than the library's 100
    (REDIS_MAX_CONNECTIONS), group membership that expires after an hour instead of a day,
    and room for bursts in each channel's queue.
    """
    if not url:
        return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    _check_redis_url(url)
    max_connections = _whole_number(
        "REDIS_MAX_CONNECTIONS", environ.get("REDIS_MAX_CONNECTIONS"), DEFAULT_REDIS_MAX_CONNECTIONS
    )
    kind = environ.get("CHANNEL_LAYER", "pubsub").strip().lower() or "pubsub"
    if kind == "pubsub":
        return {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {
                    "hosts": [
                        {
                            "address": url,
                            "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                            "socket_timeout": REDIS_READ_TIMEOUT,
                            "max_connections": max(max_connections, 1),
                        }
                    ],
                    "prefix": "nihongo-link",
                },
            }
        }
    if kind != "redis":
        raise ImproperlyConfigured(f"CHANNEL_LAYER={kind!r}: use 'redis' or 'pubsub'.")
    return {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # a silent Redis host fails a connect within 1 s instead of the kernel's timeout
            # (0.25 s was too short on a loaded machine with 1,000 sockets joining at once)
            "CONFIG": {
                "hosts": [
                    {
                        "address": url,
                        "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
                        # Above channels_redis' 5 s blocking BZPOPMIN: redis-py 8 defaults
                        # reads to 5 s, so an idle socket's receive timed out and the
                        # consumer died with a traceback ("Timeout reading from ...").
                        "socket_timeout": REDIS_READ_TIMEOUT,
                        "max_connections": max(max_connections, 1),
                    }
                ],
                "prefix": "nihongo-link",
                "group_expiry": GROUP_EXPIRY,
                "capacity": 500,
                "expiry": 60,
            },
        }
    }


def caches_from_url(url: str | None) -> dict[str, Any]:
    """Redis cache shared by all workers when REDIS_URL is set, a per-process cache otherwise."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _check_redis_url(url)
    return {
        "default": {
            # RedisCache whose outages read as misses, with 0.25 s socket timeouts
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "nihongo-link",
        }
    }


def email_settings(environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Console email by default; SMTP when EMAIL_HOST is set."""
    host = environ.get("EMAIL_HOST")
    if not host:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    try:
        port = int(environ.get("EMAIL_PORT", "587"))
    except ValueError as exc:
        raise ImproperlyConfigured("EMAIL_PORT must be a number.") from exc
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": host,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": environ.get("EMAIL_HOST_USER", ""),
        "EMAIL_HOST_PASSWORD": environ.get("EMAIL_HOST_PASSWORD", ""),
        "EMAIL_USE_TLS": env_bool("EMAIL_USE_TLS", True, environ),
    }


def secret_key(environ: Mapping[str, str], *, debug: bool) -> str:
    """A development key is allowed only with DEBUG on; production must set SECRET_KEY."""
    key = environ.get("SECRET_KEY", "")
    if key:
        return key
    if debug:
        return "django-insecure-dev-only-key-change-me"
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
