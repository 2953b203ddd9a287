"""Classes: venues, sessions, bookings, waitlists, teaching claims, recurrence rules, feeds.

The rules that change bookings and claims live in learning/booking.py; the models only hold
state and answer questions about a single row (deadlines, durations). The schedule and course
pages are in learning/pages.py; learning/models.py gathers both for Django.
"""

from __future__ import annotations

import functools
import secrets
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import Weekday
from core.iwate import MUNICIPALITY_CHOICES, municipality_name

from .recurrence import parse_dates

# CoursePage.Audience.VOLUNTEERS: a course that trains volunteer teachers (learning/pages.py).
TRAINING_AUDIENCE = "volunteers"

# Defaults a coordinator can override per session (see Session.*_at fields).
DEFAULT_CANCEL_BEFORE = timedelta(hours=2)  # learners cancel until 2 h before start
DEFAULT_DROP_BEFORE = timedelta(hours=48)  # volunteers drop until 2 days before start

ASSISTANT_SLOTS_HELP = _(
    "Co-teaching places beside the teachers, for volunteers still in training. 0: none."
)


class Venue(models.Model):
    """A place where classes meet, or the online 'venue' (a meeting service)."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    municipality = models.CharField(
        _("municipality"), max_length=32, choices=MUNICIPALITY_CHOICES, blank=True
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    access_notes = models.TextField(_("how to get there"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["is_online", "municipality", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "municipality"], name="unique_venue_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def map_url(self) -> str:
        """An OpenStreetMap search for the address (no API key, no tracking script)."""
        if self.is_online or not self.address:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address})

    @property
    def municipality_ja(self) -> str:
        return municipality_name(self.municipality) if self.municipality else ""


class RecurrenceRule(models.Model):
    """'Every Tuesday 18:30–20:00 from April to July, except holidays' for one course.

    A rule only generates Session rows (learning/sessions.py); each row stays editable
    and is never regenerated over a coordinator's change.
    """

    Weekday = Weekday  # RecurrenceRule.Weekday, as callers and forms name it

    course = models.ForeignKey(
        "learning.CoursePage",
        on_delete=models.CASCADE,
        related_name="recurrence_rules",
        verbose_name=_("class"),
    )
    weekday = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    first_date = models.DateField(_("from"))
    last_date = models.DateField(_("until"))
    skip_holidays = models.BooleanField(_("skip public holidays"), default=True)
    skip_dates = models.TextField(
        _("other dates to skip"), blank=True, help_text=_("One date per line, e.g. 2026-05-12.")
    )
    venue = models.ForeignKey(
        Venue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("venue"),
        help_text=_("Empty: the class's venue."),
    )
    capacity = models.PositiveIntegerField(_("seats"), default=10)
    teacher_slots = models.PositiveIntegerField(_("teachers needed"), default=2)
    assistant_slots = models.PositiveIntegerField(
        _("assistant places"), default=1, help_text=ASSISTANT_SLOTS_HELP
    )

    class Meta:
        verbose_name = _("repeating schedule")
        verbose_name_plural = _("repeating schedules")
        ordering = ["course_id", "weekday", "start_time"]

    def __str__(self) -> str:
        return f"{self.course} · {self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end must be after the start.")
        if self.first_date and self.last_date and self.last_date < self.first_date:
            errors["last_date"] = _("The last date must not be before the first.")
        if self.first_date and self.last_date and (self.last_date - self.first_date).days > 366:
            errors["last_date"] = _("A schedule may cover one year at most.")
        try:
            self.parsed_skip_dates()
        except ValueError as exc:
            errors["skip_dates"] = str(exc)
        if errors:
            raise ValidationError(errors)

    def parsed_skip_dates(self) -> set:
        return parse_dates(self.skip_dates)


class SessionQuerySet(models.QuerySet):
    def with_counts(self) -> SessionQuerySet:
        """Annotate seats taken, waitlist length and teachers claimed, one subquery each.

        Subqueries (not joins with Count) so the counts cannot multiply each other and the
        schedule stays one query however many sessions it shows.
        """

        def count_of(model, statuses):
            return models.Subquery(
                model.objects.filter(session=models.OuterRef("pk"), status__in=statuses)
                .order_by()
                .values("session")
                .annotate(n=models.Count("pk"))
                .values("n"),
                output_field=models.IntegerField(),
            )

        def claims_of(role):
            return models.Subquery(
                TeachingClaim.objects.filter(
                    session=models.OuterRef("pk"), status__in=TeachingClaim.HOLDS_SLOT, role=role
                )
                .order_by()
                .values("session")
                .annotate(n=models.Count("pk"))
                .values("n"),
                output_field=models.IntegerField(),
            )

        return self.annotate(
            seats_taken=Coalesce(count_of(Booking, Booking.HOLDS_SEAT), 0),
            waitlist_length=Coalesce(count_of(Booking, [Booking.Status.WAITLISTED]), 0),
            teachers_claimed=Coalesce(claims_of(TeachingClaim.Role.LEAD), 0),
            assistants_claimed=Coalesce(claims_of(TeachingClaim.Role.ASSISTANT), 0),
        )

    def upcoming(self, now=None) -> SessionQuerySet:
        return self.filter(status=Session.Status.SCHEDULED, starts_at__gte=now or timezone.now())

    def understaffed(self) -> SessionQuerySet:
        """Sessions with fewer teachers than slots (call after with_counts())."""
        return self.filter(teachers_claimed__lt=models.F("teacher_slots"))


class Session(models.Model):
    """One dated meeting of a course, with its own seats and teacher slots."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    course = models.ForeignKey(
        "learning.CoursePage",
        on_delete=models.CASCADE,
        related_name="sessions",
        verbose_name=_("class"),
    )
    rule = models.ForeignKey(
        RecurrenceRule,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        verbose_name=_("made by schedule"),
        editable=False,
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        verbose_name=_("venue"),
    )
    is_online = models.BooleanField(_("online"), default=False)
    meeting_link = models.URLField(
        _("online meeting link"),
        blank=True,
        help_text=_("Empty: the class's link. Shown only to learners with a booking."),
    )
    capacity = models.PositiveIntegerField(_("seats"), default=10)
    teacher_slots = models.PositiveIntegerField(_("teachers needed"), default=2)
    assistant_slots = models.PositiveIntegerField(
        _("assistant places"), default=1, help_text=ASSISTANT_SLOTS_HELP
    )
    booking_opens_at = models.DateTimeField(
        _("booking opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    booking_closes_at = models.DateTimeField(
        _("booking closes"), null=True, blank=True, help_text=_("Empty: when the class starts.")
    )
    cancellation_deadline = models.DateTimeField(
        _("learners may cancel until"),
        null=True,
        blank=True,
        help_text=_("Empty: 2 hours before the start."),
    )
    drop_deadline = models.DateTimeField(
        _("teachers may drop until"),
        null=True,
        blank=True,
        help_text=_("Empty: 2 days before the start."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    notes = models.TextField(_("notes for teachers"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"], name="learning_session_upcoming")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.course.title} {local:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if (
            self.booking_opens_at
            and self.booking_closes_at
            and self.booking_closes_at <= self.booking_opens_at
        ):
            errors["booking_closes_at"] = _("Booking must close after it opens.")
        if errors:
            raise ValidationError(errors)

    # Effective deadlines: the field when set, the association's default otherwise.
    @property
    def booking_closes(self):
        return self.booking_closes_at or self.starts_at

    @property
    def cancel_until(self):
        return self.cancellation_deadline or self.starts_at - DEFAULT_CANCEL_BEFORE

    @property
    def drop_until(self):
        return self.drop_deadline or self.starts_at - DEFAULT_DROP_BEFORE

    @property
    def duration_hours(self) -> Decimal:
        return (Decimal((self.ends_at - self.starts_at).total_seconds()) / Decimal(3600)).quantize(
            Decimal("0.01")
        )

    @property
    def online(self) -> bool:
        return self.is_online or bool(self.venue and self.venue.is_online)

    @property
    def effective_meeting_link(self) -> str:
        return self.meeting_link or getattr(self.course, "meeting_link", "")

    @property
    def seats_left(self) -> int:
        """Needs with_counts(); the schedule and the board always use it."""
        return max(self.capacity - self.seats_taken, 0)

    @property
    def teachers_needed(self) -> int:
        return max(self.teacher_slots - self.teachers_claimed, 0)

    @property
    def assistants_needed(self) -> int:
        """Needs with_counts(): assistant (co-teaching) places still free."""
        return max(self.assistant_slots - self.assistants_claimed, 0)

    @property
    def is_training(self) -> bool:
        """A session of a training course for volunteer teachers (volunteers book it).

        Reads the course's audience annotated on the row when there is one (a booking's
        lookup, learning.visibility.visible_session): loading the course page costs a query.
        """
        audience = self.__dict__.get("course_audience")
        if audience is None:
            audience = getattr(self.course, "audience", "")
        return audience == TRAINING_AUDIENCE

    def booking_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        opened = self.booking_opens_at is None or self.booking_opens_at <= now
        return self.status == self.Status.SCHEDULED and opened and now < self.booking_closes


class Booking(models.Model):
    """A learner's seat (or place in the queue) in one session; one row per learner and session."""

    # Not content: Wagtail's reference index ("usage") would add four queries to every booking,
    # inside the transaction that holds the session's lock.
    wagtail_reference_index_ignore = True

    class Status(models.TextChoices):
        # Translators: ja: 予約しています
        CONFIRMED = "confirmed", _("Booked")
        # Translators: ja: キャンセル待ち
        WAITLISTED = "waitlisted", _("On the waiting list")
        # Translators: ja: 席が あります（予約してください）
        OFFERED = "offered", _("Seat offered")
        # Translators: ja: キャンセル
        CANCELLED = "cancelled", _("Cancelled")
        # Translators: ja: 出席
        ATTENDED = "attended", _("Attended")
        # Translators: ja: 欠席
        NO_SHOW = "no_show", _("Did not come")

    class CancelReason(models.TextChoices):
        # Translators: ja: あなたが キャンセルしました
        LEARNER = "learner", _("cancelled by the learner")
        # Translators: ja: 協会が キャンセルしました
        COORDINATOR = "coordinator", _("cancelled by a coordinator")
        # Translators: ja: クラスが 中止に なりました
        SESSION = "session", _("the class was cancelled")
        # Translators: ja: 席の 案内の 期限が 過ぎました
        OFFER_EXPIRED = "offer_expired", _("the offer expired")
        # Translators: ja: アカウントが 消されました
        ACCOUNT_DELETED = "account_deleted", _("the account was deleted")

    HOLDS_SEAT = ("confirmed", "offered", "attended", "no_show")
    ACTIVE = ("confirmed", "offered", "waitlisted")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("session")
    )
    # NULL once the learner deleted their account: the row stays for seat counts and statistics
    # (learning.booking.forget_person). NULLs never collide in the unique constraint below.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("learner"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    waitlisted_at = models.DateTimeField(_("joined the waiting list"), null=True, blank=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("reason"), max_length=16, choices=CancelReason.choices, blank=True
    )
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("attendance marked by"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"], name="one_booking_per_learner_and_session"
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="offer_has_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status"], name="learning_booking_by_status"),
            models.Index(fields=["status", "offer_expires_at"], name="learning_booking_offers"),
        ]

    def __str__(self) -> str:
        learner = self.learner if self.learner_id else _("Deleted account")
        return f"{learner} · {self.session} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    # For exports: '' once the learner deleted their account (the row stays, unnamed).
    @property
    def learner_name(self) -> str:
        return self.learner.display_name if self.learner_id else str(_("Deleted account"))

    @property
    def learner_email(self) -> str:
        return self.learner.email if self.learner_id else ""


class TeachingClaim(models.Model):
    """A volunteer teacher's slot in one session; hours are logged once it is taught."""

    wagtail_reference_index_ignore = True  # not content (see Booking)

    class Status(models.TextChoices):
        CLAIMED = "claimed", _("Teaching")
        DROPPED = "dropped", _("Dropped")
        TAUGHT = "taught", _("Taught")

    class Role(models.TextChoices):
        # Translators: ja: 先生
        LEAD = "lead", pgettext_lazy("teaching role", "Teacher")
        # Translators: ja: アシスタント（いっしょに 教える）
        ASSISTANT = "assistant", pgettext_lazy("teaching role", "Assistant")

    HOLDS_SLOT = ("claimed", "taught")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="claims", verbose_name=_("session")
    )
    # NULL once the volunteer deleted their account: taught hours still count.
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teaching_claims",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CLAIMED
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.LEAD)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, default=Decimal("0"))
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    dropped_at = models.DateTimeField(_("dropped at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("teaching claim")
        verbose_name_plural = _("teaching claims")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer"], name="one_claim_per_volunteer_and_session"
            ),
        ]
        indexes = [models.Index(fields=["session", "status"], name="learning_claim_by_status")]

    def __str__(self) -> str:
        volunteer = self.volunteer if self.volunteer_id else _("Deleted account")
        return f"{volunteer} · {self.session} · {self.get_status_display()}"

    @property
    def volunteer_name(self) -> str:
        return self.volunteer.display_name if self.volunteer_id else str(_("Deleted account"))

    @property
    def volunteer_email(self) -> str:
        return self.volunteer.email if self.volunteer_id else ""


class OnboardingChecklist(models.Model):
    """A new volunteer teacher's way to teaching alone, kept by coordinators.

    Holds only the facts that have no other home: the safeguarding training date stays on the
    volunteer's matching profile (read through matching.selectors), training hours from our own
    sessions and observed sessions are counted from bookings and assistant claims
    (learning/training.py sums them); coordinators add what happened elsewhere.
    """

    volunteer = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="onboarding",
        verbose_name=_("volunteer"),
    )
    orientation_on = models.DateField(_("orientation attended on"), null=True, blank=True)
    outside_training_hours = models.DecimalField(
        _("teacher-training hours elsewhere"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Courses outside the association. Our own training sessions count by themselves."
        ),
    )
    observed_sessions_extra = models.PositiveSmallIntegerField(
        _("observed sessions elsewhere"),
        default=0,
        help_text=_(
            "Classes observed outside the board. Completed assistant places count by themselves."
        ),
    )
    signed_off_on = models.DateField(_("may teach alone since"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signed off by"),
    )
    notes = models.TextField(_("notes for coordinators"), blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("onboarding checklist")
        verbose_name_plural = _("onboarding checklists")
        ordering = ["signed_off_on", "volunteer__email"]

    def __str__(self) -> str:
        return str(self.volunteer)

    @property
    def signed_off(self) -> bool:
        return self.signed_off_on is not None


# A partial of the standard library, not a function of ours, so migrations name `secrets` only.
_FEED_TOKEN = functools.partial(secrets.token_urlsafe, 24)


def new_feed_token() -> str:
    """A fresh secret for a calendar feed URL (32 URL-safe characters)."""
    return _FEED_TOKEN()


class CalendarFeed(models.Model):
    """The secret in a person's private iCalendar URL; replacing it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_FEED_TOKEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
