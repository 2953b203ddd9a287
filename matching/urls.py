"""URLs of the volunteer's side of matching, mounted at /matching/ inside i18n_patterns."""

from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/learner/", views.my_learner_profile, name="my-learner-profile"),
    path("me/volunteer/", views.my_volunteer_profile, name="my-volunteer-profile"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/accept/", views.accept, name="accept"),
    path("assignments/<int:pk>/decline/", views.decline, name="decline"),
    path("assignments/<int:pk>/sessions/", views.log_session, name="log_session"),
    path("api/open/", views.api_open, name="api_open"),
    path("api/needs/<str:kind>/<int:pk>/", views.api_need, name="api_need"),
    path("api/assignments/", views.api_my_assignments, name="api_assignments"),
]
