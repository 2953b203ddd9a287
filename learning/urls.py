"""Reader-facing URLs of the classes app, mounted at /learning/ inside i18n_patterns."""

from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("my/", views.my_classes, name="my_classes"),
    path("teaching/", views.my_sessions, name="my_sessions"),
    path("board/", views.board, name="board"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/book/", views.book, name="book"),
    path("sessions/<int:pk>/claim/", views.claim, name="claim"),
    path("sessions/<int:pk>/roster/", views.roster, name="roster"),
    path("sessions/<int:pk>/complete/", views.complete, name="complete"),
    path("bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("bookings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("offers/<int:pk>/", views.offer, name="offer"),
    path("claims/<int:pk>/drop/", views.drop, name="drop"),
    path("api/counts/", views.counts, name="counts"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("calendar/reset/", views.calendar_reset, name="calendar_reset"),
]
