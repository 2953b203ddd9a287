"""WebSocket routes of the classes app (listed in config/routing.py)."""

from django.urls import path

from .consumers import ScheduleConsumer, SessionConsumer

websocket_urlpatterns = [
    path("ws/learning/schedule/", ScheduleConsumer.as_asgi()),
    path("ws/learning/sessions/<int:session_id>/", SessionConsumer.as_asgi()),
]
