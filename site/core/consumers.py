"""A WebSocket echo used by health checks and by clients testing their connection."""

from .wsguard import GuardedJsonWebsocketConsumer


class EchoConsumer(GuardedJsonWebsocketConsumer):
    async def connect(self) -> None:
        await self.accept()
        await self.send_json({"type": "hello"})

    async def receive_json(self, content, **kwargs) -> None:
        await self.send_json({"type": "echo", "data": content})
