"""WebSocket routes of the cms, included by config/routing.py."""

from django.urls import path

from cms.consumers import NoticesConsumer, SheltersConsumer

websocket_urlpatterns = [
    path("ws/notices/", NoticesConsumer.as_asgi()),
    path("ws/shelters/<slug:municipality>/", SheltersConsumer.as_asgi()),
]
