"""The site-wide notices socket: every open page listens for emergency notice changes."""

from __future__ import annotations

from asgiref.sync import sync_to_async

from cms import shelters
from cms.emergency import GROUP, notices_version
from core.wsguard import GuardedJsonWebsocketConsumer


class NoticesConsumer(GuardedJsonWebsocketConsumer):
    """Anyone may listen (readers are mostly anonymous); the socket carries no content.

    The message only says "changed"; the page fetches the banners over HTTP in its own
    language, so the database stays the source of truth and a missed message is harmless.
    """

    async def connect(self) -> None:
        await self.channel_layer.group_add(GROUP, self.channel_name)
        await self.accept()
        # The page compares this with the version it was rendered with and re-fetches if they
        # differ: that covers a notice published while the page loaded or was offline.
        await self.send_json(
            {"type": "notices.hello", "version": await sync_to_async(notices_version)()}
        )

    async def disconnect(self, code) -> None:
        await self.channel_layer.group_discard(GROUP, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def notices_changed(self, event) -> None:
        await self.send_json({"type": "notices.changed", "version": event.get("version")})


class SheltersConsumer(GuardedJsonWebsocketConsumer):
    """An area's shelter page listens here; a message carries one shelter's open/closed status,
    all the page needs to update in place (no fetch per message)."""

    async def connect(self) -> None:
        from core.iwate import MUNICIPALITIES

        municipality = self.scope["url_route"]["kwargs"]["municipality"]
        if municipality not in {slug for slug, _ja, _reading, _en in MUNICIPALITIES}:
            await self.close(code=4404)
            return
        self.group = shelters.group_name(municipality)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()

    async def disconnect(self, code) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def shelter_status(self, event) -> None:
        await self.send_json(
            {
                "type": "shelter.status",
                "shelter_id": event["shelter_id"],
                "is_open": event["is_open"],
                "changed_at": event.get("changed_at", ""),
            }
        )
