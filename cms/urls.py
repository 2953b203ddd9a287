"""Reader-facing URLs of the cms (inside i18n_patterns: /search/, /en/search/ …)."""

from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("search/", views.site_search, name="search"),
    path("notices/banners/", views.notice_banners, name="notice_banners"),
    path("notices/alerts/", views.notice_alerts, name="notice_alerts"),
    path("shelters/", views.shelter_index, name="shelter_index"),
    path("shelters/<slug:municipality>/", views.shelter_area, name="shelter_area"),
    path("push/subscribe/", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe/", views.push_unsubscribe, name="push_unsubscribe"),
]
