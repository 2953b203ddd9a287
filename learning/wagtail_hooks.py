"""The coordinators' admin: sessions with rosters and waitlists, claims, attendance, schedules.

Bookings and claims are read-only here: seats change only through learning/booking.py (the
roster buttons, the cancel view), so the admin can never overbook. Sessions are cancelled with
the "Cancel session" view, which e-mails everyone, and never deleted.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log
from wagtail.permissions import register_permission_policy

from accounts.roles import is_coordinator
from core.csvexport import SafeCsvExportMixin
from core.inspect import BlankAsDashMixin
from core.permission_policies import ChangeOnlyThroughServicesPolicy, CoordinatorViewSet
from matching import selectors as matching_selectors

from . import booking as rules
from . import dates, training
from .forms import (
    BookOnBehalfForm,
    CancelSessionForm,
    MoveBookingForm,
    SessionAdminFormMixin,
)
from .models import Booking, OnboardingChecklist, RecurrenceRule, Session, TeachingClaim, Venue
from .sessions import generate_sessions

register_permission_policy(Booking, ChangeOnlyThroughServicesPolicy(Booking))
register_permission_policy(TeachingClaim, ChangeOnlyThroughServicesPolicy(TeachingClaim))
register_permission_policy(Session, ChangeOnlyThroughServicesPolicy(Session, denied=("delete",)))


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- sessions ------------------------------------------------------------------------------------


class SessionFilterSet(WagtailFilterSet):
    understaffed = django_filters.BooleanFilter(
        label=_("Needs teachers"), method="filter_understaffed"
    )
    upcoming = django_filters.BooleanFilter(label=_("Upcoming"), method="filter_upcoming")

    class Meta:
        model = Session
        fields = ["status", "course", "venue"]

    def filter_understaffed(self, queryset, name, value):
        condition = {"teachers_claimed__lt": F("teacher_slots")}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)

    def filter_upcoming(self, queryset, name, value):
        now = timezone.now()
        return queryset.filter(starts_at__gte=now) if value else queryset.filter(starts_at__lt=now)


class SessionAdminForm(SessionAdminFormMixin, WagtailAdminModelForm):
    pass


def staffing_label(session) -> str:
    return _("%(claimed)s of %(slots)s teachers") % {
        "claimed": session.teachers_claimed,
        "slots": session.teacher_slots,
    }


def seats_label(session) -> str:
    return f"{session.seats_taken} / {session.capacity}"


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_counts().select_related("course", "venue")


class SessionInspectView(BlankAsDashMixin, generic.InspectView):
    """The roster: who has a seat, who waits (in order), who teaches; buttons to act."""

    template_name = "learning/admin/session_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        bookings = list(
            session.bookings.select_related("learner").order_by("waitlisted_at", "created_at", "id")
        )
        context.update(
            session=session,
            when=dates.ja_span(session.starts_at, session.ends_at),
            seated=[b for b in bookings if b.status in Booking.HOLDS_SEAT],
            waiting=[b for b in bookings if b.status == Booking.Status.WAITLISTED],
            cancelled=[b for b in bookings if b.status == Booking.Status.CANCELLED],
            claims=list(session.claims.select_related("volunteer").order_by("created_at")),
            attendance_csv_url=reverse("learning_booking:index")
            + f"?session={session.pk}&export=csv",
            attendance_xlsx_url=reverse("learning_booking:index")
            + f"?session={session.pk}&export=xlsx",
            cancel_url=reverse("learning_session:cancel", args=[session.pk]),
            roster_url=reverse("learning:roster", args=[session.pk]),
        )
        return context

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button(
                _("Attendance CSV"),
                url=reverse("learning_booking:index") + f"?session={self.object.pk}&export=csv",
                icon_name="download",
                priority=30,
            )
        )
        buttons.append(
            Button(
                _("Attendance (Excel)"),
                url=reverse("learning_booking:index") + f"?session={self.object.pk}&export=xlsx",
                icon_name="download",
                priority=31,
            )
        )
        if self.object.status == Session.Status.SCHEDULED:
            buttons.append(
                Button(
                    _("Book a learner"),
                    url=reverse("learning_session:book_for", args=[self.object.pk]),
                    icon_name="plus",
                    priority=35,
                )
            )
            buttons.append(
                Button(
                    _("Cancel session"),
                    url=reverse("learning_session:cancel", args=[self.object.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class SessionEditView(generic.EditView):
    """Saving goes through booking.change_session: people on the session hear what moved."""

    def save_instance(self):
        changes = {name: self.form.cleaned_data[name] for name in self.form.changed_data}
        try:
            result = rules.change_session(self.request.user, self.object, changes)
        except rules.BookingError as exc:
            raise PermissionDenied(exc.message) from exc
        log(instance=result.session, action="wagtail.edit", user=self.request.user)
        if result.told:
            messages.info(
                self.request,
                ngettext(
                    "%(n)s person on this session has been told about the change.",
                    "%(n)s people on this session have been told about the change.",
                    result.told,
                )
                % {"n": result.told},
            )
        if result.offered:
            messages.info(
                self.request,
                _("%(n)s seats offered to the waiting list.") % {"n": len(result.offered)},
            )
        return result.session


def cancel_session_view(request, pk: int):
    """Cancel a session: everyone booked or teaching gets an e-mail (booking.cancel_session)."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    if not rules.is_coordinator(request.user):
        raise PermissionDenied
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rules.cancel_session(request.user, session, reason=form.cleaned_data["reason"])
        except rules.BookingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("The session is cancelled and everyone on it has been told.")
            )
        return redirect("learning_session:inspect", session.pk)
    affected = (
        session.bookings.filter(status__in=Booking.ACTIVE).count()
        + session.claims.filter(status=TeachingClaim.Status.CLAIMED).count()
    )
    return render(
        request,
        "learning/admin/cancel_session.html",
        {
            "session": session,
            "form": form,
            "affected": affected,
            "when": dates.ja_span(session.starts_at, session.ends_at),
        },
    )


def _on_behalf_page(request, session, form, *, title: str, submit: str, learner=None):
    return render(
        request,
        "learning/admin/on_behalf.html",
        {
            "session": session,
            "form": form,
            "title": title,
            "submit": submit,
            "learner": learner,
            "when": dates.ja_span(session.starts_at, session.ends_at),
        },
    )


def book_on_behalf_view(request, pk: int):
    """Book a learner who phoned or walked in (booking.book_on_behalf); they get an e-mail."""
    session = get_object_or_404(Session.objects.select_related("course"), pk=pk)
    if not rules.is_coordinator(request.user):
        raise PermissionDenied
    form = BookOnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        learner = form.cleaned_data["learner"]
        try:
            result = rules.book_on_behalf(request.user, session, learner)
        except rules.BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(learner)s: %(status)s. They have been told by e-mail.")
                % {"learner": learner, "status": result.get_status_display()},
            )
            return redirect("learning_session:inspect", session.pk)
    return _on_behalf_page(
        request, session, form, title=_("Book a learner"), submit=_("Book and tell the learner")
    )


def _booking_for_coordinator(request, booking_pk: int) -> Booking:
    if not rules.is_coordinator(request.user):
        raise PermissionDenied
    return get_object_or_404(
        Booking.objects.select_related("learner", "session__course"), pk=booking_pk
    )


def move_booking_view(request, booking_pk: int):
    """Move a learner to another session in one step (booking.move_booking)."""
    booking = _booking_for_coordinator(request, booking_pk)
    form = MoveBookingForm(request.POST or None, exclude_session=booking.session_id)
    if request.method == "POST" and form.is_valid():
        try:
            moved = rules.move_booking(request.user, booking, form.cleaned_data["to_session"])
        except rules.BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("%(learner)s has been moved and told by e-mail.") % {"learner": booking.learner},
            )
            return redirect("learning_session:inspect", moved.session_id)
    return _on_behalf_page(
        request,
        booking.session,
        form,
        title=_("Move a booking"),
        submit=_("Move and tell the learner"),
        learner=booking.learner,
    )


def cancel_booking_view(request, booking_pk: int):
    """Cancel a learner's booking for them (booking.cancel_on_behalf), after a confirm page."""
    booking = _booking_for_coordinator(request, booking_pk)
    form = forms.Form(request.POST or None)
    if request.method == "POST":
        try:
            rules.cancel_on_behalf(request.user, booking)
        except rules.BookingError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("The booking of %(learner)s is cancelled and they have been told by e-mail.")
                % {"learner": booking.learner},
            )
        return redirect("learning_session:inspect", booking.session_id)
    return _on_behalf_page(
        request,
        booking.session,
        form,
        title=_("Cancel a booking"),
        submit=_("Cancel and tell the learner"),
        learner=booking.learner,
    )


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    add_to_admin_menu = False
    index_view_class = SessionIndexView
    edit_view_class = SessionEditView
    inspect_view_class = SessionInspectView
    inspect_view_enabled = True
    copy_view_enabled = True
    ordering = ["starts_at"]
    list_per_page = 50
    filterset_class = SessionFilterSet
    list_display = [
        "course",
        Column(
            "starts", label=_("Starts"), accessor=lambda s: local(s.starts_at), sort_key="starts_at"
        ),
        "venue",
        Column("seats", label=_("Seats taken"), accessor=seats_label),
        Column("waitlist", label=_("Waiting"), accessor="waitlist_length"),
        StatusTagColumn(
            "staffing",
            label=_("Teachers"),
            accessor=staffing_label,
            primary=lambda s: s.teachers_claimed < s.teacher_slots,
        ),
        "status",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldRowPanel([FieldPanel("venue"), FieldPanel("is_online")]),
            FieldPanel("meeting_link"),
            FieldRowPanel(
                [FieldPanel("capacity"), FieldPanel("teacher_slots"), FieldPanel("assistant_slots")]
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [FieldPanel("booking_opens_at"), FieldPanel("booking_closes_at")]
                    ),
                    FieldRowPanel(
                        [FieldPanel("cancellation_deadline"), FieldPanel("drop_deadline")]
                    ),
                ],
                heading=_("Deadlines"),
            ),
            FieldPanel("status"),
            FieldPanel("notes"),
        ],
        base_form_class=SessionAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("cancel/<int:pk>/", cancel_session_view, name="cancel"),
            path("book/<int:pk>/", book_on_behalf_view, name="book_for"),
            path("bookings/<int:booking_pk>/move/", move_booking_view, name="move_booking"),
            path("bookings/<int:booking_pk>/cancel/", cancel_booking_view, name="cancel_booking"),
        ]


# --- bookings and attendance -----------------------------------------------------------------


class BookingFilterSet(WagtailFilterSet):
    session = django_filters.ModelChoiceFilter(queryset=Session.objects.select_related("course"))

    class Meta:
        model = Booking
        fields = ["session", "status"]


class AttendanceIndexView(SafeCsvExportMixin, generic.IndexView):
    """The listing doubles as the attendance export: ?session=42&export=csv."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("session__course", "session__venue", "learner")
        )

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["session.starts_at"] = local(item.session.starts_at)
        row["status"] = item.get_status_display()
        return row


class BookingViewSet(ModelViewSet):
    model = Booking
    icon = "user"
    menu_label = _("Bookings and attendance")
    index_view_class = AttendanceIndexView
    filterset_class = BookingFilterSet
    form_fields = ["status"]  # never shown: the policy denies add and change
    ordering = ["-session__starts_at", "status"]
    list_per_page = 50
    list_display = [
        "learner",
        "session",
        "status",
        Column("marked", label=_("Marked by"), accessor="attendance_marked_by"),
    ]
    list_export = [
        "session.course.title",
        "session.starts_at",
        "learner_name",
        "learner_email",
        "status",
    ]
    export_headings = {
        "session.course.title": _("Class"),
        "session.starts_at": _("Starts"),
        "learner_name": _("Name"),
        "learner_email": _("E-mail"),
        "status": _("Attendance"),
    }
    export_filename = "attendance"


class ClaimFilterSet(WagtailFilterSet):
    class Meta:
        model = TeachingClaim
        fields = ["status", "role", "volunteer"]


class ClaimIndexView(SafeCsvExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("session__course", "volunteer")

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        row["session.starts_at"] = local(item.session.starts_at)
        row["status"] = item.get_status_display()
        row["role"] = item.get_role_display()
        return row


class TeachingClaimViewSet(ModelViewSet):
    model = TeachingClaim
    icon = "group"
    menu_label = _("Teaching claims and hours")
    index_view_class = ClaimIndexView
    filterset_class = ClaimFilterSet
    form_fields = ["status"]
    ordering = ["-session__starts_at"]
    list_display = ["volunteer", "session", "role", "status", "hours"]
    list_export = [
        "session.course.title",
        "session.starts_at",
        "volunteer_name",
        "volunteer_email",
        "role",
        "status",
        "hours",
    ]
    export_filename = "teaching-hours"


# --- repeating schedules and venues ------------------------------------------------------------


class RecurrenceRuleForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        skip = cleaned.get("skip_dates", "")
        from .recurrence import parse_dates

        try:
            parse_dates(skip or "")
        except ValueError as exc:
            self.add_error("skip_dates", str(exc))
        return cleaned


class GeneratingSaveMixin:
    """Saving a repeating schedule creates its missing sessions (never touching existing ones)."""

    def save_instance(self):
        rule = super().save_instance()
        created = generate_sessions(rule)
        messages.info(self.request, _("%(n)s sessions created.") % {"n": len(created)})
        return rule


class RecurrenceCreateView(GeneratingSaveMixin, generic.CreateView):
    pass


class RecurrenceEditView(GeneratingSaveMixin, generic.EditView):
    pass


class RecurrenceRuleViewSet(ModelViewSet):
    model = RecurrenceRule
    icon = "repeat"
    menu_label = _("Repeating schedules")
    add_view_class = RecurrenceCreateView
    edit_view_class = RecurrenceEditView
    list_display = ["course", "weekday", "start_time", "end_time", "first_date", "last_date"]
    edit_handler = ObjectList(
        [
            FieldPanel("course"),
            FieldRowPanel(
                [FieldPanel("weekday"), FieldPanel("start_time"), FieldPanel("end_time")]
            ),
            FieldRowPanel([FieldPanel("first_date"), FieldPanel("last_date")]),
            FieldPanel("skip_holidays"),
            FieldPanel("skip_dates", widget=forms.Textarea(attrs={"rows": 3})),
            FieldRowPanel(
                [
                    FieldPanel("venue"),
                    FieldPanel("capacity"),
                    FieldPanel("teacher_slots"),
                    FieldPanel("assistant_slots"),
                ]
            ),
        ],
        base_form_class=RecurrenceRuleForm,
    )


class VenueViewSet(ModelViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "municipality", "is_online"]
    list_filter = ["municipality", "is_online"]
    search_fields = ["name", "name_en", "address"]
    form_fields = [
        "name",
        "name_en",
        "municipality",
        "address",
        "is_online",
        "access_notes",
        "accessibility_notes",
    ]


# --- the training track: checklists and "ready to teach alone" --------------------------------


def _volunteers():
    from django.contrib.auth import get_user_model

    from accounts.roles import VOLUNTEER

    return (
        get_user_model()
        .objects.filter(groups__name=VOLUNTEER, is_active=True)
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


class TrainingStatusForm(forms.Form):
    """The ready view's filter: by training status, and a name or e-mail."""

    status = forms.ChoiceField(
        label=_("Training status"),
        required=False,
        choices=[("", _("All"))] + list(training.TrainingStatus.choices),
    )
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)


def _require_coordinator(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


def ready_to_teach_view(request):
    """Who is ready to teach alone: every volunteer's checklist progress and what is missing."""
    _require_coordinator(request)
    form = TrainingStatusForm(request.GET or None)
    volunteers = _volunteers()
    status = ""
    if form.is_valid():
        status = form.cleaned_data["status"]
        if q := form.cleaned_data["q"].strip():
            volunteers = volunteers.filter(
                Q(email__icontains=q)
                | Q(display_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(first_name__icontains=q)
                | Q(family_name_kana__icontains=q)
                | Q(given_name_kana__icontains=q)
            )
    rows = training.progress_for(volunteers)
    if status:
        rows = [row for row in rows if row.status == status]
    # Ready for sign-off first, then those still in training, then the signed off.
    order = {
        training.TrainingStatus.READY: 0,
        training.TrainingStatus.IN_TRAINING: 1,
        training.TrainingStatus.SIGNED_OFF: 2,
    }
    rows.sort(key=lambda row: order[row.status])
    return render(
        request,
        "learning/admin/ready_to_teach.html",
        {"rows": rows, "form": form, "required": training.requirements()},
    )


def open_checklist_view(request, user_pk: int):
    """The checklist of one volunteer, made on first use, in its edit form."""
    _require_coordinator(request)
    volunteer = get_object_or_404(_volunteers(), pk=user_pk)
    checklist = training.checklist_for(volunteer)
    return redirect("learning_onboarding:edit", checklist.pk)


def sign_off_view(request, user_pk: int):
    """POST: sign the volunteer off to teach alone (or, with withdraw=1, take it back)."""
    _require_coordinator(request)
    if request.method != "POST":
        return redirect("learning_training:index")
    volunteer = get_object_or_404(_volunteers(), pk=user_pk)
    try:
        if request.POST.get("withdraw") == "1":
            training.withdraw_sign_off(request.user, volunteer)
            messages.success(
                request, _("%(name)s takes assistant places only again.") % {"name": volunteer}
            )
        else:
            training.sign_off(request.user, volunteer)
            messages.success(request, _("%(name)s may now teach alone.") % {"name": volunteer})
    except training.TrainingError as exc:
        messages.error(request, str(exc.message))
    return redirect("learning_training:index")


class ReadyToTeachViewSet(CoordinatorViewSet):
    """'Ready to teach alone' in the Classes menu."""

    # Translators: ja: ひとりで 教える 準備
    menu_label = _("Ready to teach alone")
    menu_icon = "success"
    icon = "success"

    def get_urlpatterns(self):
        return [
            path("", ready_to_teach_view, name="index"),
            path("<int:user_pk>/checklist/", open_checklist_view, name="checklist"),
            path("<int:user_pk>/sign-off/", sign_off_view, name="sign_off"),
        ]


class ChecklistEditView(generic.EditView):
    """The checklist form, with the counted progress and the safeguarding date beside it."""

    template_name = "learning/admin/checklist_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["progress"] = training.progress(self.object.volunteer)
        context["profile_pk"] = matching_selectors.volunteer_profile_pk(self.object.volunteer_id)
        return context

    def get_success_url(self):
        return reverse("learning_training:index")


class OnboardingChecklistViewSet(ModelViewSet):
    model = OnboardingChecklist
    icon = "tasks"
    menu_label = _("Onboarding checklists")
    add_to_admin_menu = False
    add_view_enabled = False  # opened from "Ready to teach alone", one per volunteer
    edit_view_class = ChecklistEditView
    list_display = ["volunteer", "orientation_on", "signed_off_on"]
    form_fields = ["orientation_on", "outside_training_hours", "observed_sessions_extra", "notes"]


class ClassesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Classes")
    menu_icon = "date"
    menu_order = 250
    items = (
        SessionViewSet("learning_session"),
        BookingViewSet("learning_booking"),
        TeachingClaimViewSet("learning_claim"),
        RecurrenceRuleViewSet("learning_recurrence"),
        VenueViewSet("learning_venue"),
        ReadyToTeachViewSet("learning_training"),
        OnboardingChecklistViewSet("learning_onboarding"),
    )


@hooks.register("register_admin_viewset")
def register_classes_admin():
    return ClassesViewSetGroup()


def understaffed_soon():
    """For the dashboard panel: the next fortnight's sessions still missing teachers."""
    soon = timezone.now() + timedelta(days=14)
    return (
        Session.objects.upcoming()
        .filter(starts_at__lte=soon)
        .with_counts()
        .understaffed()
        .select_related("course", "venue")[:10]
    )


class UnderstaffedPanel(Component):
    """Dashboard panel: sessions in the next two weeks that still need teachers."""

    name = "understaffed_sessions"
    order = 90
    template_name = "learning/admin/understaffed_panel.html"

    def get_context_data(self, parent_context=None):
        return {"sessions": list(understaffed_soon())}


@hooks.register("construct_homepage_panels")
def add_understaffed_panel(request, panels):
    if rules.is_coordinator(request.user):
        panels.append(UnderstaffedPanel())
