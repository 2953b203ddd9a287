"""Admin permission policies shared by the apps whose rows change only through service code."""

from __future__ import annotations

from collections.abc import Iterable

from wagtail.permission_policies import ModelPermissionPolicy


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
