"""The volunteer's side of matching, and a small JSON API. Thin: rules live in workflow.py,
visibility in privacy.py.

HTML: the dashboard (proposals to accept or decline, my assignments, anonymised open
requests) and one assignment's page. JSON under /matching/api/: open requests (always
anonymised), one need (details only for those privacy.py allows), my assignments.
Errors in JSON are {"error": code, "message": text} with a 4xx status.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.personal_forms import PersonalDetailsForm
from accounts.roles import LEARNER, VOLUNTEER, user_has_role
from core.http import json_error, login_required_json, service_error_response, wants_json

from . import adapters, privacy, workflow
from .forms import (
    LearnerProfileForm,
    VolunteerLanguageFormSet,
    VolunteerProfileForm,
    save_languages,
)
from .models import Assignment, LearnerProfile, SupportRequest, VolunteerProfile

OPEN_LIST_LIMIT = 100


api_login_required = login_required_json(always_json=True)


def _assignments_of(user):
    return Assignment.objects.filter(volunteer__user=user).select_related(
        "request__mother_tongue", "learner__mother_tongue", "learner__user", "volunteer__user"
    )


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    """An assignment its volunteer or a coordinator may see; 404 keeps others from probing."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("volunteer__user", "request", "learner__user"), pk=pk
    )
    if not privacy.can_view_assignment(request.user, assignment):
        raise Http404
    return assignment


def _item(user, assignment: Assignment) -> dict:
    return {
        "assignment": assignment,
        "need": privacy.for_user(user, assignment.need),
    }


def _open_needs(limit: int = OPEN_LIST_LIMIT) -> list:
    return [*adapters.open_requests()[:limit], *adapters.open_learners()[:limit]]


# --- HTML -----------------------------------------------------------------------------------
@never_cache
@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not privacy.can_browse_open_requests(request.user):
        raise PermissionDenied
    mine = list(_assignments_of(request.user))
    status = Assignment.Status
    context = {
        "profile": getattr(request.user, "volunteer_profile", None),
        "proposals": [_item(request.user, a) for a in mine if a.status == status.PROPOSED],
        "current": [
            _item(request.user, a)
            for a in mine
            if a.status in (status.ACCEPTED, status.APPROVED, status.ACTIVE)
        ],
        "past": [_item(request.user, a) for a in mine if a.status == status.ENDED][:10],
        "open_needs": [privacy.summary(n) for n in _open_needs()],
    }
    return render(request, "matching/dashboard.html", context)


@never_cache
@login_required
@require_GET
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    is_volunteer = (
        assignment.volunteer_id is not None and assignment.volunteer.user_id == request.user.pk
    )
    context = {
        "assignment": assignment,
        "need": privacy.for_user(request.user, assignment.need),
        "sessions": list(assignment.sessions.all()) if assignment.status != "proposed" else [],
        "can_log": assignment.status == Assignment.Status.ACTIVE and is_volunteer,
        "is_volunteer": is_volunteer,
    }
    return render(request, "matching/assignment_detail.html", context)


def _act(request: HttpRequest, pk: int, action: str, ok_message: str) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    try:
        if action == "accept":
            workflow.accept(request.user, assignment)
        else:
            workflow.decline(request.user, assignment, request.POST.get("reason", "")[:1000])
    except workflow.MatchingError as exc:
        return service_error_response(request, exc, reverse("matching:dashboard"), back=False)
    if wants_json(request):
        assignment.refresh_from_db()
        return JsonResponse({"assignment": assignment.pk, "status": assignment.status})
    messages.success(request, ok_message)
    return redirect("matching:dashboard")


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "accept", _("Thank you: the coordinator will confirm the match."))


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decline", _("You declined the proposal."))


@require_POST
@login_required
def log_session(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _own_assignment(request, pk)
    back = reverse("matching:assignment", args=[pk])
    try:
        held_on = date.fromisoformat(request.POST.get("held_on", ""))
        minutes = int(request.POST.get("minutes", ""))
    except ValueError:
        messages.error(request, _("Give the date and the minutes."))
        return redirect(back)
    try:
        workflow.log_session(
            request.user,
            assignment,
            held_on=held_on,
            minutes=minutes,
            notes=request.POST.get("notes", "")[:2000],
        )
    except workflow.MatchingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Session logged."))
    return redirect(back)


# --- self-service profiles ------------------------------------------------------------------
# Always the signed-in person's own profile: the URLs carry no id, so nobody can reach another's.


def _require_role(request: HttpRequest, role: str) -> None:
    if not user_has_role(request.user, role):
        raise PermissionDenied


def _saved(request: HttpRequest, url_name: str) -> HttpResponse:
    # Translators: ja: 保存しました。
    messages.success(request, _("Your profile is saved."))
    return redirect(url_name)


@never_cache
@login_required
def my_learner_profile(request: HttpRequest) -> HttpResponse:
    """A learner edits their own learner profile (created on the first save)."""
    _require_role(request, LEARNER)
    profile = LearnerProfile.objects.filter(user=request.user).first() or LearnerProfile(
        user=request.user
    )
    data = request.POST if request.method == "POST" else None
    person_form = PersonalDetailsForm(data, instance=request.user)
    form = LearnerProfileForm(data, instance=profile)
    if data is not None and person_form.is_valid() and form.is_valid():
        with transaction.atomic():
            person_form.save()
            profile = form.save(commit=False)
            profile.user = request.user
            profile.save()
            form.save_m2m()
            profile.save()  # modelcluster commits the other languages on save
            form.save_grid(profile)
        return _saved(request, "matching:my-learner-profile")
    context = {"form": form, "person_form": person_form, "profile": profile}
    return render(request, "matching/my_learner_profile.html", context)


@never_cache
@login_required
def my_volunteer_profile(request: HttpRequest) -> HttpResponse:
    """A volunteer edits their own profile; checks kept by coordinators are shown read-only."""
    _require_role(request, VOLUNTEER)
    profile = VolunteerProfile.objects.filter(user=request.user).first() or VolunteerProfile(
        user=request.user
    )
    data = request.POST if request.method == "POST" else None
    person_form = PersonalDetailsForm(data, instance=request.user)
    form = VolunteerProfileForm(data, instance=profile)
    languages = VolunteerLanguageFormSet(data, instance=profile, prefix="languages")
    valid = data is not None and all(
        [person_form.is_valid(), form.is_valid(), languages.is_valid()]
    )
    if valid:
        with transaction.atomic():
            person_form.save()
            profile = form.save(commit=False)
            profile.user = request.user
            profile.save()
            save_languages(languages, profile)
            form.save_grid(profile)
        return _saved(request, "matching:my-volunteer-profile")
    context = {
        "form": form,
        "person_form": person_form,
        "languages": languages,
        "profile": profile,
    }
    return render(request, "matching/my_volunteer_profile.html", context)


# --- JSON API -------------------------------------------------------------------------------
@never_cache
@api_login_required
@require_GET
def api_open(request: HttpRequest) -> JsonResponse:
    """Open requests and learners, anonymised for everyone (coordinators use the admin)."""
    if not privacy.can_browse_open_requests(request.user):
        return json_error("forbidden", _("You may not do this."), 403)
    return JsonResponse({"results": [privacy.summary(n) for n in _open_needs()]})


@never_cache
@api_login_required
@require_GET
def api_need(request: HttpRequest, kind: str, pk: int) -> JsonResponse:
    """One request or learner: details for coordinators and the approved supporter."""
    model = {"request": SupportRequest, "learner": LearnerProfile}.get(kind)
    if model is None:
        raise Http404
    need = get_object_or_404(model, pk=pk)
    if privacy.can_view_details(request.user, need):
        return JsonResponse(privacy.details(need))
    if not privacy.can_browse_open_requests(request.user):
        return json_error("forbidden", _("You may not do this."), 403)
    return JsonResponse({**privacy.summary(need), "details": False})


@never_cache
@api_login_required
@require_GET
def api_my_assignments(request: HttpRequest) -> JsonResponse:
    results = []
    for assignment in _assignments_of(request.user):
        results.append(
            {
                "id": assignment.pk,
                "status": assignment.status,
                "need": privacy.for_user(request.user, assignment.need),
                "url": reverse("matching:assignment", args=[assignment.pk]),
            }
        )
    return JsonResponse({"results": results})
