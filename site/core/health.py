"""Health checks: the database answers and a message makes a round trip through the channel layer."""

from __future__ import annotations

import asyncio
import threading
import time

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # report, never raise: this is what a load balancer polls
        return {"ok": False, "error": str(exc), "vendor": connection.vendor}
    return {
        "ok": True,
        "vendor": connection.vendor,
        "ms": round((time.perf_counter() - started) * 1000, 2),
    }


async def check_channel_layer(timeout: float = 1.0) -> dict:
    layer = get_channel_layer()
    backend = f"{type(layer).__module__}.{type(layer).__name__}" if layer else None
    if layer is None:
        return {"ok": False, "error": "no channel layer configured", "backend": backend}
    started = time.perf_counter()
    try:
        message = await asyncio.wait_for(_round_trip(layer), timeout)
        ok = message.get("type") == "healthz.ping"
    except TimeoutError:
        return {"ok": False, "error": "no answer in time", "backend": backend}
    except Exception as exc:
        return {"ok": False, "error": str(exc) or type(exc).__name__, "backend": backend}
    return {"ok": ok, "backend": backend, "ms": round((time.perf_counter() - started) * 1000, 2)}


async def _round_trip(layer) -> dict:
    channel = await layer.new_channel("healthz.")
    try:
        await layer.send(channel, {"type": "healthz.ping"})
        return await layer.receive(channel)
    finally:
        await _forget(layer, channel)


async def _forget(layer, channel: str) -> None:
    """Unsubscribe the probe channel: RedisPubSubChannelLayer keeps a channel subscribed after
    a successful receive (only a cancelled one cleans up), so each check would leak one."""
    inner = layer._get_layer() if hasattr(layer, "_get_layer") else None
    if inner is None or channel not in getattr(inner, "channels", {}):
        return
    del inner.channels[channel]
    try:
        await inner._get_shard(channel).unsubscribe(channel)
    except Exception:  # the check has its answer; a dead Redis drops the subscription anyway
        pass


_memo: dict = {"at": -1.0, "result": None}
_memo_lock = threading.Lock()


def checks() -> tuple[dict, dict]:
    """(database, channel_layer) results, shared by a worker's requests for
    HEALTH_CHECK_CACHE_SECONDS: a crowd (or an attacker) polling /healthz costs one check per
    second per worker, not a database query and three Redis round trips per request."""
    ttl = getattr(settings, "HEALTH_CHECK_CACHE_SECONDS", 0)
    now = time.monotonic()
    if ttl > 0 and now - _memo["at"] < ttl:
        return _memo["result"]
    with _memo_lock:
        if ttl > 0 and time.monotonic() - _memo["at"] < ttl:
            return _memo["result"]
        result = (check_database(), async_to_sync(check_channel_layer)())
        _memo["result"], _memo["at"] = result, time.monotonic()
        return result
