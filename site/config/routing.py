"""WebSocket routes of the whole site; each app lists its own in its routing module."""

from django.urls import path

from cms.routing import websocket_urlpatterns as cms_websocket_urlpatterns
from core.consumers import EchoConsumer
from learning.routing import websocket_urlpatterns as learning_websocket_urlpatterns
from matching.routing import websocket_urlpatterns as matching_websocket_urlpatterns

websocket_urlpatterns = [
    path("ws/echo/", EchoConsumer.as_asgi()),
    *learning_websocket_urlpatterns,
    *matching_websocket_urlpatterns,
    *cms_websocket_urlpatterns,
]
