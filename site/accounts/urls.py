"""The signed-in person's own account pages, mounted at /my-account/ inside i18n_patterns."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.my_account, name="my-account"),
    path("volunteer/", views.become_volunteer, name="become-volunteer"),
    path("export/", views.export, name="export"),
    path("delete/", views.delete_account, name="delete"),
]
