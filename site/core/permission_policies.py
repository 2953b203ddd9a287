"""Admin permission policies and coordinator-only admin areas shared by the feature apps."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.roles import is_coordinator


class ChangeOnlyThroughServicesPolicy(ModelPermissionPolicy):
    """Listing, inspecting and export yes; the denied actions no.

    Bookings, claims and assignments change state only through their service modules
    (learning/booking.py, matching/workflow.py), which lock rows and log who did what; the
    generic admin forms would bypass both.
    """

    def __init__(self, model, denied: Iterable[str] = ("add", "change", "delete")):
        super().__init__(model)
        self.denied = frozenset(denied)

    def user_has_permission(self, user, action):
        return action not in self.denied and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


class CoordinatorMenuItem(MenuItem):
    """A menu entry only coordinators (and superusers) see."""

    def is_shown(self, request):
        return is_coordinator(request.user)


class CoordinatorViewSet(ViewSet):
    """An admin area of plain views for coordinators: its menu entry opens the "index" view."""

    menu_item_class = CoordinatorMenuItem

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))
