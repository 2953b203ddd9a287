"""WebSocket routes of the whole site; each app lists its own in its routing module."""

from django.urls import path

from core.consumers import EchoConsumer

websocket_urlpatterns = [
    path("ws/echo/", EchoConsumer.as_asgi()),
]
