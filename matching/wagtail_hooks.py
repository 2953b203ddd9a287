"""The coordinators' admin for matching: profiles, requests, assignments, suggestions.

Profiles and requests are edited here (coordinators hold the `matching.*` permissions; editors
and volunteers do not, so they never reach a child's details). Assignments are read-only
listings: their status changes only through matching/workflow.py, from the buttons on an
assignment's page and on the suggestion pages. "Suggest matches" runs the engine over every
open request and learner (the global optimum) or ranks the top five for one, with each
component of the score explained and the weights in force shown.
"""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from accounts.roles import is_coordinator
from core.csvexport import SafeCsvExportMixin
from core.inspect import BlankAsDashMixin
from core.permission_policies import ChangeOnlyThroughServicesPolicy, CoordinatorViewSet

from . import adapters, engine, privacy, workflow
from .models import (
    Assignment,
    LearnerProfile,
    SupportRequest,
    VolunteerProfile,
)

Need = SupportRequest | LearnerProfile


register_permission_policy(Assignment, ChangeOnlyThroughServicesPolicy(Assignment))


def _lang() -> str:
    return (get_language() or "ja").split("-")[0]


def _require_coordinator(request: HttpRequest) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def _need_from(kind: str, pk: int) -> Need:
    model = {"request": SupportRequest, "learner": LearnerProfile}.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)


def _need_url(need: Need | None) -> str:
    if need is None:
        return ""
    if isinstance(need, SupportRequest):
        return reverse("matching_request:inspect", args=[need.pk])
    return reverse("matching_learner:inspect", args=[need.pk])


def _need_kind(need: Need) -> str:
    return "request" if isinstance(need, SupportRequest) else "learner"


def _weights_rows() -> list[dict]:
    lang = _lang()
    w = adapters.weights()
    return [
        {
            "name": name,
            "label": engine.COMPONENT_LABELS[name][0 if lang == "ja" else 1],
            "weight": getattr(w, name),
        }
        for name in engine.COMPONENTS
    ]


def _suggestion_rows(suggestions: list[adapters.Suggestion]) -> list[dict]:
    lang = _lang()
    return [
        {
            "need": s.need,
            "kind": _need_kind(s.need),
            "need_url": _need_url(s.need),
            "summary": privacy.summary(s.need),
            "volunteer": s.volunteer,
            "volunteer_url": reverse("matching_volunteer:inspect", args=[s.volunteer.pk]),
            "total": s.score,
            "components": [
                {
                    "label": c.label(lang),
                    "points": c.points,
                    "weight": c.weight,
                    "explanation": c.explanation(lang),
                }
                for c in s.breakdown.components
            ],
        }
        for s in suggestions
    ]


# --- suggestion and workflow views ----------------------------------------------------------
def suggest_all_view(request: HttpRequest) -> HttpResponse:
    """Best assignment across all open requests and learners, with explanations."""
    _require_coordinator(request)
    coverage_first = request.GET.get("coverage") == "1"
    suggestions = adapters.suggest_all(coverage_first=coverage_first)
    open_count = adapters.open_requests().count() + adapters.open_learners().count()
    return render(
        request,
        "matching/admin/suggest_all.html",
        {
            "rows": _suggestion_rows(suggestions),
            "total": sum(s.score for s in suggestions),
            "open_count": open_count,
            "coverage_first": coverage_first,
            "weights": _weights_rows(),
        },
    )


def suggest_for_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The top five volunteers for one request or learner."""
    _require_coordinator(request)
    need = _need_from(kind, pk)
    suggestions = adapters.suggest_for(need, k=5)
    return render(
        request,
        "matching/admin/suggest_for.html",
        {
            "need": need,
            "kind": kind,
            "need_url": _need_url(need),
            "summary": privacy.summary(need),
            "rows": _suggestion_rows(suggestions),
            "weights": _weights_rows(),
            "live": Assignment.objects.filter(
                adapters.need_filter(need), status__in=Assignment.HOLDS_PLACE
            ).first(),
        },
    )


@require_POST
def propose_view(request: HttpRequest) -> HttpResponse:
    """Propose one or several (need, volunteer) pairs: values "request-12:7", "learner-3:9"."""
    _require_coordinator(request)
    pairs = request.POST.getlist("pair")
    done = 0
    for pair in pairs:
        try:
            need_part, volunteer_id = pair.split(":")
            kind, need_id = need_part.split("-")
            need = _need_from(kind, int(need_id))
            volunteer = get_object_or_404(VolunteerProfile, pk=int(volunteer_id))
        except (ValueError, Http404):
            messages.error(request, _("Unknown suggestion: %(pair)s") % {"pair": pair})
            continue
        try:
            workflow.propose(
                request.user,
                volunteer,
                request=need if kind == "request" else None,
                learner=need if kind == "learner" else None,
            )
        except workflow.MatchingError as exc:
            messages.error(request, f"{need} / {volunteer}: {exc.message}")
        else:
            done += 1
    if done:
        messages.success(
            request, _("%(n)s proposals sent; the volunteers have been told.") % {"n": done}
        )
    back = request.POST.get("next") or reverse("matching_suggest:index")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/")


class EndForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    close_need = forms.BooleanField(
        label=_("The request or learner needs no more support (close it)"), required=False
    )


@require_POST
def assignment_action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """approve / activate / end / withdraw, from the assignment's page."""
    _require_coordinator(request)
    if action not in ("approve", "activate", "end", "withdraw"):
        raise Http404
    assignment = get_object_or_404(Assignment, pk=pk)
    reason = request.POST.get("reason", "")[:2000]
    try:
        if action == "approve":
            workflow.approve(request.user, assignment)
        elif action == "activate":
            started = request.POST.get("started_on")
            workflow.activate(
                request.user,
                assignment,
                started_on=date.fromisoformat(started) if started else None,
            )
        elif action == "end":
            workflow.end(
                request.user,
                assignment,
                reason=reason,
                close_need=request.POST.get("close_need") in ("on", "1", "true"),
            )
        else:
            workflow.withdraw(request.user, assignment, reason=reason)
    except workflow.MatchingError as exc:
        messages.error(request, exc.message)
    except ValueError:
        messages.error(request, _("Give a valid date."))
    else:
        assignment.refresh_from_db()
        messages.success(
            request,
            _("%(assignment)s is now: %(status)s")
            % {"assignment": assignment, "status": assignment.get_status_display()},
        )
    return redirect("matching_assignment:inspect", pk)


class SuggestionsViewSet(CoordinatorViewSet):
    """'Suggest matches' in the Matching menu, and the workflow's admin endpoints."""

    menu_label = _("Suggest matches")
    menu_icon = "resubmit"
    icon = "resubmit"

    def get_urlpatterns(self):
        return [
            path("", suggest_all_view, name="index"),
            path("<str:kind>/<int:pk>/", suggest_for_view, name="for_need"),
            path("propose/", propose_view, name="propose"),
            path("assignments/<int:pk>/<str:action>/", assignment_action_view, name="act"),
        ]


# --- requests, learners, volunteers ---------------------------------------------------------
class SuggestButtonMixin:
    """An inspect view header button to the top-five suggestions for this need."""

    need_kind = "request"

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Suggest volunteers"),
                url=reverse("matching_suggest:for_need", args=[self.need_kind, self.object.pk]),
                icon_name="resubmit",
                priority=20,
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignments"] = list(
            self.object.assignments.select_related("volunteer__user").order_by("-created_at")
        )
        return context


class RequestInspectView(BlankAsDashMixin, SuggestButtonMixin, generic.InspectView):
    need_kind = "request"
    template_name = "matching/admin/need_inspect.html"


class RequestCreateView(generic.CreateView):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        self.form.save_m2m()
        return instance


class RequestFilterSet(WagtailFilterSet):
    class Meta:
        model = SupportRequest
        fields = ["status", "municipality", "kind", "mother_tongue", "consent_recorded"]


def live_status(need: Need) -> str:
    """The list column: read from the index view's annotation (one query for the whole page)."""
    status = need.live_assignment_status
    return Assignment.Status(status).label if status else "—"


class _NeedIndexView(generic.IndexView):
    """Listing of requests or learners, with each row's live assignment status annotated."""

    need_field = "request"
    related = ("mother_tongue",)

    def get_base_queryset(self):
        live = Assignment.objects.filter(
            **{self.need_field: OuterRef("pk")}, status__in=Assignment.HOLDS_PLACE
        ).order_by("pk")
        return (
            super()
            .get_base_queryset()
            .select_related(*self.related)
            .annotate(live_assignment_status=Subquery(live.values("status")[:1]))
        )


class RequestIndexView(_NeedIndexView):
    need_field = "request"


class LearnerIndexView(_NeedIndexView):
    need_field = "learner"
    related = ("mother_tongue", "user")


class VolunteerIndexView(generic.IndexView):
    """Volunteers with the places they hold counted in the same query."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("user")
            .annotate(
                places_in_use=Count(
                    "assignments", filter=Q(assignments__status__in=Assignment.HOLDS_PLACE)
                )
            )
        )


class SupportRequestViewSet(ModelViewSet):
    model = SupportRequest
    icon = "group"
    menu_label = _("Children's requests")
    inspect_view_enabled = True
    inspect_view_class = RequestInspectView
    index_view_class = RequestIndexView
    add_view_class = RequestCreateView
    filterset_class = RequestFilterSet
    search_fields = ["school_name", "child_identifier", "requested_by_name"]
    ordering = ["-created_at"]
    list_display = [
        "__str__",
        Column("grade_band", label=_("Grade band"), accessor="grade_band"),
        "mother_tongue",
        "municipality",
        "kind",
        "status",
        Column("assignment", label=_("Assignment"), accessor=live_status),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("school_name"),
                    FieldRowPanel([FieldPanel("municipality"), FieldPanel("grade")]),
                    FieldPanel("child_identifier"),
                ],
                heading=_("School and child"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("mother_tongue"), FieldPanel("kind")]),
                    FieldRowPanel([FieldPanel("japanese_stage"), FieldPanel("stage_scale")]),
                    FieldRowPanel(
                        [FieldPanel("sessions_per_week"), FieldPanel("minutes_per_session")]
                    ),
                    FieldPanel("online_ok"),
                    FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
                ],
                heading=_("Support needed"),
            ),
            InlinePanel("times", label=_("Times available at school"), min_num=1),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("requested_by_name"), FieldPanel("requested_by_organisation")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("requested_by_email"), FieldPanel("requested_by_phone")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("consent_recorded"), FieldPanel("consent_recorded_on")]
                    ),
                ],
                heading=_("Requested by"),
            ),
            FieldPanel("status"),
            FieldPanel("notes"),
        ]
    )


class LearnerInspectView(BlankAsDashMixin, SuggestButtonMixin, generic.InspectView):
    need_kind = "learner"
    template_name = "matching/admin/need_inspect.html"


class LearnerProfileViewSet(ModelViewSet):
    model = LearnerProfile
    icon = "user"
    menu_label = _("Adult learners")
    inspect_view_enabled = True
    inspect_view_class = LearnerInspectView
    index_view_class = LearnerIndexView
    list_filter = ["seeking_partner", "municipality", "mother_tongue", "online_ok"]
    search_fields = ["user__email", "user__display_name"]
    list_display = [
        "user",
        "mother_tongue",
        "level",
        "municipality",
        "seeking_partner",
        Column("assignment", label=_("Assignment"), accessor=live_status),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldRowPanel([FieldPanel("mother_tongue"), FieldPanel("level")]),
            FieldPanel("other_languages", widget=forms.CheckboxSelectMultiple),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("level_listening"), FieldPanel("level_reading")]),
                    FieldRowPanel(
                        [
                            FieldPanel("level_spoken_interaction"),
                            FieldPanel("level_spoken_production"),
                        ]
                    ),
                    FieldPanel("level_writing"),
                ],
                heading=_("Level per skill (if known)"),
            ),
            FieldPanel("goals"),
            FieldPanel("needs"),
            FieldRowPanel([FieldPanel("municipality"), FieldPanel("online_ok")]),
            FieldRowPanel([FieldPanel("sessions_per_week"), FieldPanel("minutes_per_session")]),
            InlinePanel("availability", label=_("Free times"), min_num=1),
            FieldPanel("seeking_partner"),
        ]
    )


class VolunteerInspectView(BlankAsDashMixin, generic.InspectView):
    template_name = "matching/admin/volunteer_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = self.object
        context["assignments"] = list(profile.assignments.order_by("-created_at"))
        context["load"] = adapters.volunteer_load(profile)
        context["safeguarding_valid"] = profile.safeguarding_valid()
        return context


class VolunteerProfileViewSet(ModelViewSet):
    model = VolunteerProfile
    icon = "user"
    menu_label = _("Volunteers")
    inspect_view_enabled = True
    inspect_view_class = VolunteerInspectView
    index_view_class = VolunteerIndexView
    list_filter = ["accepting_matches", "home_municipality", "online", "children_experience"]
    search_fields = ["user__email", "user__display_name"]
    list_display = [
        "user",
        "home_municipality",
        "max_active_assignments",
        Column("load", label=_("Places in use"), accessor="places_in_use"),
        Column(
            "safeguarding",
            label=_("May work with children"),
            accessor=lambda p: _("yes") if p.safeguarding_valid() else _("no"),
        ),
        "accepting_matches",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            InlinePanel("languages", label=_("Languages"), min_num=1),
            FieldRowPanel([FieldPanel("home_municipality"), FieldPanel("online")]),
            FieldPanel("reachable_municipalities"),
            InlinePanel("availability", label=_("Free times"), min_num=1),
            FieldRowPanel([FieldPanel("max_active_assignments"), FieldPanel("accepting_matches")]),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("teaching_experience"), FieldPanel("children_experience")]
                    ),
                    FieldPanel("qualification"),
                    FieldPanel("goals"),
                    FieldPanel("experience_notes"),
                ],
                heading=_("Experience"),
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("background_check_on"), FieldPanel("safeguarding_training_on")]
                    ),
                ],
                heading=_("Safeguarding (needed for work with children)"),
            ),
        ]
    )


# --- assignments ----------------------------------------------------------------------------
class AssignmentFilterSet(WagtailFilterSet):
    for_child = django_filters.BooleanFilter(
        label=_("For a child"), field_name="request", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Assignment
        fields = ["status", "volunteer"]


class AssignmentIndexView(SafeCsvExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("volunteer__user", "request", "learner__user")
        )


class AssignmentInspectView(BlankAsDashMixin, generic.InspectView):
    template_name = "matching/admin/assignment_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        a = self.object
        lang = _lang()
        context.update(
            assignment=a,
            need=a.need,
            need_url=_need_url(a.need),
            events=list(a.events.select_related("actor")),
            sessions=list(a.sessions.all()),
            breakdown=(a.score_breakdown or {}).get(lang) or (a.score_breakdown or {}).get("en"),
            actions=_available_actions(a),
            end_form=EndForm(),
        )
        return context


def _available_actions(a: Assignment) -> list[tuple[str, str]]:
    labels = {
        "approve": _("Approve"),
        "activate": _("Mark as started"),
        "end": _("End"),
        "withdraw": _("Withdraw the proposal"),
    }
    return [
        (action, labels[action])
        for action in ("approve", "activate", "withdraw", "end")
        if a.status in workflow.TRANSITIONS[action][0]
    ]


def need_label(a: Assignment) -> str:
    need = a.need
    if isinstance(need, SupportRequest):
        return f"{need} · {need.grade_band}"
    return str(need) if need is not None else str(_("Deleted account"))


class AssignmentViewSet(ModelViewSet):
    model = Assignment
    icon = "link"
    menu_label = _("Assignments")
    index_view_class = AssignmentIndexView
    inspect_view_enabled = True
    inspect_view_class = AssignmentInspectView
    inspect_view_fields_exclude = ["score_breakdown"]  # shown explained above the fields
    filterset_class = AssignmentFilterSet
    form_fields = ["status"]  # never shown: the policy denies add and change
    ordering = ["-updated_at"]
    list_display = [
        "__str__",
        Column(
            "need",
            label=pgettext_lazy("the learner or child an assignment supports", "For"),
            accessor=need_label,
        ),
        "volunteer",
        "status",
        Column("hours", label=_("Hours"), accessor="hours_logged"),
        "updated_at",
    ]
    list_export = [
        "id",
        "status",
        "volunteer",
        "request_id",
        "learner_id",
        "hours_logged",
        "started_on",
        "ended_on",
    ]
    export_filename = "assignments"


class MatchingViewSetGroup(ModelViewSetGroup):
    menu_label = _("Matching")
    menu_icon = "link"
    menu_order = 260
    items = (
        SuggestionsViewSet("matching_suggest"),
        SupportRequestViewSet("matching_request"),
        LearnerProfileViewSet("matching_learner"),
        VolunteerProfileViewSet("matching_volunteer"),
        AssignmentViewSet("matching_assignment"),
    )


@hooks.register("register_admin_viewset")
def register_matching_admin():
    return MatchingViewSetGroup()
