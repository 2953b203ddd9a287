"""WebSocket abuse guards: a per-address connection cap and consumers that close on bad input.

- `ConnectionCapMiddleware` (in config/asgi.py's websocket stack) counts open sockets per
  client address in the shared cache, so the cap holds across workers; a socket over
  WS_MAX_CONNECTIONS_PER_IP is refused at the handshake. Counters expire (CONNECTION_TTL)
  so a killed worker cannot leave an address blocked for long.
- `GuardedJsonWebsocketConsumer`: a message over WS_MAX_MESSAGE_BYTES, a binary frame or text
  that is not JSON closes the socket with one warning line, never a traceback in the log.
"""

from __future__ import annotations

import json
import logging

from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("core.security")

CONNECTION_TTL = 3600  # seconds; refreshed by every new socket from the address

# Close codes (RFC 6455 §7.4.1 and the 4000–4999 range applications may use).
CLOSE_UNSUPPORTED = 1003  # a binary frame
CLOSE_INVALID = 1007  # not JSON
CLOSE_TOO_BIG = 1009
CLOSE_NOT_FOUND = 4404  # no such object, or not visible to this person
CLOSE_TOO_MANY = 4429


def scope_ip(scope) -> str:
    client = scope.get("client") or ("unknown", 0)
    return str(client[0])


def _key(ip: str) -> str:
    return f"ws:open:{ip}"


class ConnectionCapMiddleware:
    """Refuse a WebSocket when its address already holds WS_MAX_CONNECTIONS_PER_IP sockets.

    A socket stops counting the moment its disconnect arrives (not when its consumer has
    finished leaving its groups, which takes a while when 1,000 pages reconnect at once: the
    closing sockets would otherwise count against the reconnecting ones), and exactly once.
    A counter found below one (the cache was flushed or the key expired under open sockets)
    restarts at one instead of letting an address open sockets without limit.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.inner(scope, receive, send)
        cap = getattr(settings, "WS_MAX_CONNECTIONS_PER_IP", 0)
        if not cap:
            return await self.inner(scope, receive, send)
        ip = scope_ip(scope)
        key = _key(ip)
        try:
            await cache.aadd(key, 0, CONNECTION_TTL)
            count = await cache.aincr(key)
            if count < 1:
                await cache.aset(key, 1, CONNECTION_TTL)
                count = 1
            await cache.atouch(key, CONNECTION_TTL)
        except Exception:  # the cache is down: no cap rather than no sockets
            logger.warning("websocket cap: cache unavailable, socket allowed")
            return await self.inner(scope, receive, send)
        released = False

        async def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            try:
                await cache.adecr(key)
            except Exception:  # expired or the cache is down: the TTL settles it
                pass

        async def receive_and_release():
            message = await receive()
            if message["type"] == "websocket.disconnect":
                await release()
            return message

        try:
            if count > cap:
                logger.warning("websocket refused: %s already holds %s sockets", ip, cap)
                message = await receive()
                if message["type"] == "websocket.connect":
                    await send({"type": "websocket.close", "code": CLOSE_TOO_MANY})
                return None
            return await self.inner(scope, receive_and_release, send)
        finally:
            await release()


class GuardedJsonWebsocketConsumer(AsyncJsonWebsocketConsumer):
    """AsyncJsonWebsocketConsumer that closes cleanly on oversized, binary or malformed input."""

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        limit = getattr(settings, "WS_MAX_MESSAGE_BYTES", 4096)
        if bytes_data is not None and text_data is None:
            return await self._refuse("binary frame", CLOSE_UNSUPPORTED)
        size = len((text_data or "").encode("utf-8"))
        if size > limit:
            return await self._refuse(f"message of {size} bytes (limit {limit})", CLOSE_TOO_BIG)
        try:
            content = await self.decode_json(text_data or "")
        except (ValueError, RecursionError):
            return await self._refuse("message that is not JSON", CLOSE_INVALID)
        await self.receive_json(content, **kwargs)

    async def _refuse(self, what: str, code: int) -> None:
        logger.warning(
            "websocket %s closed (%s): %s from %s",
            self.scope.get("path", "?"),
            code,
            what,
            scope_ip(self.scope),
        )
        await self.close(code=code)

    @classmethod
    async def decode_json(cls, text_data):
        return json.loads(text_data)
