"""The site-wide notices socket: every open page listens for emergency notice changes."""

from __future__ import annotations

from urllib.parse import parse_qs

from asgiref.sync import sync_to_async

from cms import shelters
from cms.emergency import language_group, notices_version
from core.consumers import GroupsMixin
from core.wsguard import GuardedJsonWebsocketConsumer


class NoticesConsumer(GroupsMixin, GuardedJsonWebsocketConsumer):
    """Anyone may listen (readers are mostly anonymous); one group per reader language.

    The page opens `/ws/notices/?lang=<code>`. A change arrives with the banners already
    rendered in that language (cms.emergency.banner_payload), so the page needs no HTTP
    request; on (re)connect the hello carries the current version and the page fetches the
    banners only if it is behind.
    """

    async def connect(self) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        language = (query.get("lang") or [""])[0]
        if not await self.join_groups([language_group(language)]):
            return
        await self.accept()
        # The page compares this with the version it was rendered with and re-fetches if they
        # differ: that covers a notice published while the page loaded or was offline.
        await self.send_json(
            {"type": "notices.hello", "version": await sync_to_async(notices_version)()}
        )

    async def receive_json(self, content, **kwargs) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def notices_changed(self, event) -> None:
        await self.send_json(event | {"type": "notices.changed"})


class SheltersConsumer(GroupsMixin, GuardedJsonWebsocketConsumer):
    """An area's shelter page listens here; a message carries one shelter's open/closed status,
    all the page needs to update in place (no fetch per message)."""

    async def connect(self) -> None:
        from core.iwate import MUNICIPALITIES

        municipality = self.scope["url_route"]["kwargs"]["municipality"]
        if municipality not in {slug for slug, _ja, _reading, _en in MUNICIPALITIES}:
            await self.close(code=4404)
            return
        if not await self.join_groups([shelters.group_name(municipality)]):
            return
        await self.accept()

    async def shelter_status(self, event) -> None:
        await self.send_json(
            {
                "type": "shelter.status",
                "shelter_id": event["shelter_id"],
                "is_open": event["is_open"],
                "changed_at": event.get("changed_at", ""),
            }
        )
