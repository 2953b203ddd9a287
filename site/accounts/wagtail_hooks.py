"""The coordinators' list of volunteer teacher applications, with accept / decline.

Thin: the decision is accounts.volunteering.accept / decline (role, e-mail); only coordinators
(and superusers) see the menu item, the list or may post a decision.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from core.permission_policies import CoordinatorViewSet

from . import volunteering
from .models import VolunteerApplication
from .roles import is_coordinator


def _require_coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def applications_view(request: HttpRequest) -> HttpResponse:
    """Waiting applications first, oldest first; then the decided ones."""
    _require_coordinator(request)
    applications = list(volunteering.applications_for_coordinators()[:300])
    return render(
        request,
        "accounts/admin/volunteer_applications.html",
        {
            "pending": [a for a in applications if a.status == VolunteerApplication.Status.PENDING],
            "decided": [a for a in applications if a.status != VolunteerApplication.Status.PENDING],
        },
    )


@require_POST
def decide_view(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    """POST: accept or decline one application."""
    _require_coordinator(request)
    application = get_object_or_404(VolunteerApplication.objects.select_related("user"), pk=pk)
    try:
        if decision == "accept":
            volunteering.accept(request.user, application)
            # Translators: ja: %(name)s さんを ボランティアの 先生に しました。
            text = _("%(name)s is now a volunteer teacher (in training).")
        else:
            volunteering.decline(request.user, application)
            # Translators: ja: %(name)s さんの 申し込みを 受け付けませんでした。
            text = _("The application of %(name)s is declined.")
        messages.success(request, text % {"name": application.user})
    except volunteering.VolunteerApplicationError as exc:
        messages.error(request, str(exc))
    return redirect("accounts_volunteer_applications:index")


class VolunteerApplicationsViewSet(CoordinatorViewSet):
    """'Volunteer applications' in the admin menu, for coordinators."""

    # Translators: ja: ボランティアの 申し込み
    menu_label = _("Volunteer applications")
    menu_icon = "user"
    icon = "user"
    menu_order = 260
    add_to_admin_menu = True

    def get_urlpatterns(self):
        return [
            path("", applications_view, name="index"),
            path("<int:pk>/accept/", decide_view, {"decision": "accept"}, name="accept"),
            path("<int:pk>/decline/", decide_view, {"decision": "decline"}, name="decline"),
        ]


@hooks.register("register_admin_viewset")
def register_volunteer_applications_admin():
    return VolunteerApplicationsViewSet(
        "accounts_volunteer_applications", url_prefix="volunteer-applications"
    )
