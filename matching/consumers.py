"""Live notifications for one signed-in person, on ws/notifications/.

Thin: an authenticated socket joins the group `user-<id>` and forwards what
matching.workflow.notify sends there. Messages carry only ids and a status; the page then
re-fetches over HTTP (and on every reconnect), so nothing private travels this way and a
lost message costs only a moment's staleness.
"""

from __future__ import annotations

from core.consumers import GroupsMixin
from core.wsguard import GuardedJsonWebsocketConsumer

from .workflow import user_group


class NotificationConsumer(GroupsMixin, GuardedJsonWebsocketConsumer):
    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        # joined with retries, left on disconnect (core.consumers.GroupsMixin)
        if await self.join_groups([user_group(user.pk)]):
            await self.accept()

    async def receive_json(self, content, **kwargs) -> None:
        # Nothing to do over the socket: actions go through HTTP (and workflow.py).
        await self.send_json({"type": "error", "error": "read_only"})

    async def notify(self, event: dict) -> None:
        await self.send_json(
            {k: v for k, v in event.items() if k != "type"} | {"type": event["topic"]}
        )
