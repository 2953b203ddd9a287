"""Matching: volunteer and learner profiles, children's support requests, assignments.

The models hold state and answer questions about one row. Who may change an assignment,
and how, lives in matching/workflow.py; who may see a child's details in matching/privacy.py;
the scoring and assignment in matching/engine (pure Python).

A child's data is kept minimal on purpose: no name, only the identifier the school gives.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from core.iwate import MUNICIPALITY_CHOICES, municipality_name
from core.models import Language, Weekday

from .engine import is_safeguarding_valid


class ChoiceListField(models.JSONField):
    """A list of choice values stored as JSON and edited as checkboxes.

    `item_choices` is a form and validation concern only, so it stays out of migrations.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        """Migrations see a plain JSONField: the choices are Python-side only, and a migration
        that named this class would import live code (and break when it moved or changed)."""
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs

    def validate(self, value, model_instance) -> None:
        super().validate(value, model_instance)
        allowed = {str(v) for v, _label in self.item_choices}
        if not isinstance(value, list) or any(str(v) not in allowed for v in value):
            raise ValidationError(_("Choose from the list."), code="invalid_choice")

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices,
            required=not self.blank,
            label=capfirst(self.verbose_name),
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


# --- shared choices -------------------------------------------------------------------------
class Level(models.IntegerChoices):
    """日本語教育の参照枠 (the Japanese framework built on the CEFR)."""

    A1 = 1, _("A1 (basic)")
    A2 = 2, _("A2 (basic)")
    B1 = 3, _("B1 (independent)")
    B2 = 4, _("B2 (independent)")
    C1 = 5, _("C1 (proficient)")
    C2 = 6, _("C2 (proficient / native)")


class Goal(models.TextChoices):
    DAILY_LIFE = "daily_life", _("Daily life")
    WORK = "work", _("Work")
    JLPT = "jlpt", _("JLPT")
    SCHOOL = "school", _("Children's school")


class SupportKind(models.TextChoices):
    # Values are the engine's (matching.engine.SupportKind).
    JAPANESE = "japanese", _("Japanese instruction")
    SUBJECT = "subject", _("Subject support in the mother tongue")
    INTERPRETING = "interpreting", _("Interpreting for parents")


class Qualification(models.TextChoices):
    NONE = "", _("None")
    KENTEI = (
        "kentei",
        _("Passed the Japanese Language Teaching Competency Test (日本語教育能力検定試験)"),
    )
    REGISTERED = "registered", _("Registered Japanese language teacher (登録日本語教員)")
    COURSE = "course", _("Completed a 420-hour teacher training course")


class AvailabilityBase(Orderable):
    """A weekly time range: every <weekday> from <starts_at> to <ends_at> (Asia/Tokyo)."""

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    def as_slot(self) -> tuple[int, int, int]:
        """(weekday, start minute, end minute) as the engine wants it."""
        return (
            self.weekday,
            self.starts_at.hour * 60 + self.starts_at.minute,
            self.ends_at.hour * 60 + self.ends_at.minute,
        )

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


# --- volunteers -----------------------------------------------------------------------------
class VolunteerProfile(ClusterableModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="volunteer_profile",
        verbose_name=_("user"),
    )
    home_municipality = models.CharField(
        _("lives in"), max_length=32, choices=MUNICIPALITY_CHOICES, blank=True
    )
    reachable_municipalities = ChoiceListField(
        _("can travel to"), item_choices=MUNICIPALITY_CHOICES
    )
    online = models.BooleanField(_("can support online"), default=False)
    max_active_assignments = models.PositiveSmallIntegerField(
        _("maximum assignments at a time"),
        default=1,
        validators=[MaxValueValidator(10)],
    )
    teaching_experience = models.BooleanField(_("has taught Japanese"), default=False)
    children_experience = models.BooleanField(_("has worked with children"), default=False)
    qualification = models.CharField(
        _("Japanese teaching qualification"),
        max_length=20,
        choices=Qualification.choices,
        blank=True,
    )
    experience_notes = models.TextField(_("experience"), blank=True)
    goals = ChoiceListField(_("happy to help with"), item_choices=Goal.choices)
    background_check_on = models.DateField(
        _("background check done on"),
        null=True,
        blank=True,
        help_text=_("Needed, with the training, before any work with children."),
    )
    safeguarding_training_on = models.DateField(
        _("safeguarding training done on"), null=True, blank=True
    )
    accepting_matches = models.BooleanField(_("open to new matches"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("volunteer profile")
        verbose_name_plural = _("volunteer profiles")
        ordering = ["user__email"]

    def __str__(self) -> str:
        return str(self.user)

    def safeguarding_valid(self, today: date | None = None) -> bool:
        return is_safeguarding_valid(
            self.background_check_on,
            self.safeguarding_training_on is not None,
            today or timezone.localdate(),
        )

    safeguarding_valid.boolean = True  # type: ignore[attr-defined]
    safeguarding_valid.short_description = _("may work with children")  # type: ignore[attr-defined]

    @property
    def home_municipality_ja(self) -> str:
        return municipality_name(self.home_municipality) if self.home_municipality else ""


class VolunteerLanguage(Orderable):
    profile = ParentalKey(VolunteerProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    offers_support = models.BooleanField(
        _("can support learners in this language"),
        default=False,
        help_text=_("Subject support or interpreting in this language (usually a mother tongue)."),
    )

    class Meta(Orderable.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "language"], name="matching_one_row_per_volunteer_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language} {self.get_level_display()}"


class VolunteerAvailability(AvailabilityBase):
    profile = ParentalKey(VolunteerProfile, on_delete=models.CASCADE, related_name="availability")

    class Meta(AvailabilityBase.Meta):
        verbose_name = _("free time")
        verbose_name_plural = _("free times")


# --- adult learners -------------------------------------------------------------------------
class LearnerProfile(ClusterableModel):
    """An adult who wants a 1:1 partner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
        verbose_name=_("user"),
    )
    mother_tongue = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("mother tongue")
    )
    other_languages = ParentalManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("other languages")
    )
    level = models.PositiveSmallIntegerField(
        _("Japanese level (overall)"), choices=Level.choices, null=True, blank=True
    )
    level_listening = models.PositiveSmallIntegerField(
        _("listening"), choices=Level.choices, null=True, blank=True
    )
    level_reading = models.PositiveSmallIntegerField(
        _("reading"), choices=Level.choices, null=True, blank=True
    )
    level_spoken_interaction = models.PositiveSmallIntegerField(
        _("speaking (interaction)"), choices=Level.choices, null=True, blank=True
    )
    level_spoken_production = models.PositiveSmallIntegerField(
        _("speaking (production)"), choices=Level.choices, null=True, blank=True
    )
    level_writing = models.PositiveSmallIntegerField(
        _("writing"), choices=Level.choices, null=True, blank=True
    )
    goals = ChoiceListField(_("goals"), item_choices=Goal.choices)
    municipality = models.CharField(
        _("lives in"), max_length=32, choices=MUNICIPALITY_CHOICES, blank=True
    )
    online_ok = models.BooleanField(_("online is fine"), default=False)
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions a week"), default=1, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    minutes_per_session = models.PositiveSmallIntegerField(
        _("minutes a session"), default=60, validators=[MinValueValidator(15)]
    )
    seeking_partner = models.BooleanField(_("looking for a partner"), default=True)
    needs = models.TextField(
        _("what you need help with"),
        blank=True,
        max_length=2000,
        help_text=_("For example: talking with the doctor, forms from the city office, the JLPT."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(municipality="") | Q(online_ok=True),
                name="matching_learner_has_place_or_online",
                violation_error_message=_("Give a municipality or allow online sessions."),
            )
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def level_label(self) -> str:
        return self.get_level_display() if self.level else str(_("not known"))


class LearnerAvailability(AvailabilityBase):
    profile = ParentalKey(LearnerProfile, on_delete=models.CASCADE, related_name="availability")

    class Meta(AvailabilityBase.Meta):
        verbose_name = _("free time")
        verbose_name_plural = _("free times")


# --- children's support requests ------------------------------------------------------------
class Grade(models.IntegerChoices):
    E1 = 1, _("Elementary 1")
    E2 = 2, _("Elementary 2")
    E3 = 3, _("Elementary 3")
    E4 = 4, _("Elementary 4")
    E5 = 5, _("Elementary 5")
    E6 = 6, _("Elementary 6")
    J1 = 7, _("Junior high 1")
    J2 = 8, _("Junior high 2")
    J3 = 9, _("Junior high 3")
    H1 = 10, _("High school 1")
    H2 = 11, _("High school 2")
    H3 = 12, _("High school 3")


GRADE_BANDS = (
    (range(1, 4), _("Elementary, lower grades")),
    (range(4, 7), _("Elementary, upper grades")),
    (range(7, 10), _("Junior high school")),
    (range(10, 13), _("High school")),
)


def grade_band(grade: int) -> str:
    for grades, label in GRADE_BANDS:
        if grade in grades:
            return str(label)
    return ""


class SupportRequest(ClusterableModel):
    """A school's or board of education's request for a child who needs Japanese support
    (日本語指導が必要な児童生徒)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class StageScale(models.TextChoices):
        DLA = "dla", _("DLA stage (1–6)")
        SIMPLE = "simple", _("Simple scale (1–6)")

    school_name = models.CharField(_("school"), max_length=200)
    municipality = models.CharField(_("municipality"), max_length=32, choices=MUNICIPALITY_CHOICES)
    child_identifier = models.CharField(
        _("child's identifier"),
        max_length=40,
        help_text=_("The identifier the school uses. Never the child's name."),
    )
    grade = models.PositiveSmallIntegerField(_("grade"), choices=Grade.choices)
    mother_tongue = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("mother tongue")
    )
    japanese_stage = models.PositiveSmallIntegerField(
        _("Japanese stage"),
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("1 (just arrived) to 6 (can follow lessons)."),
    )
    stage_scale = models.CharField(
        _("stage scale"), max_length=10, choices=StageScale.choices, default=StageScale.SIMPLE
    )
    kind = models.CharField(
        _("kind of support"),
        max_length=20,
        choices=SupportKind.choices,
        default=SupportKind.JAPANESE,
    )
    sessions_per_week = models.PositiveSmallIntegerField(
        _("sessions a week"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    minutes_per_session = models.PositiveSmallIntegerField(
        _("minutes a session"), default=45, validators=[MinValueValidator(15)]
    )
    online_ok = models.BooleanField(_("online support is possible"), default=False)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"), null=True, blank=True)
    requested_by_name = models.CharField(_("requested by"), max_length=100)
    requested_by_organisation = models.CharField(_("school or board of education"), max_length=200)
    requested_by_email = models.EmailField(_("contact e-mail"), blank=True)
    requested_by_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    consent_recorded = models.BooleanField(
        _("parents' consent recorded"),
        default=False,
        help_text=_("Requests are matched only once consent is recorded."),
    )
    consent_recorded_on = models.DateField(_("consent recorded on"), null=True, blank=True)
    notes = models.TextField(_("coordinator's notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("support request for a child")
        verbose_name_plural = _("support requests for children")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__gte=models.F("period_start")),
                name="matching_request_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        # Deliberately without the school or the identifier: this shows up in lists and logs.
        return _("Request #%(pk)s") % {"pk": self.pk}

    def clean(self) -> None:
        if self.consent_recorded and not self.consent_recorded_on:
            raise ValidationError({"consent_recorded_on": _("When was consent recorded?")})

    @property
    def grade_band(self) -> str:
        return grade_band(self.grade)

    @property
    def municipality_ja(self) -> str:
        return municipality_name(self.municipality)


class RequestTime(AvailabilityBase):
    request = ParentalKey(SupportRequest, on_delete=models.CASCADE, related_name="times")

    class Meta(AvailabilityBase.Meta):
        verbose_name = _("time available at school")
        verbose_name_plural = _("times available at school")


# --- assignments ----------------------------------------------------------------------------
class Assignment(models.Model):
    """A volunteer matched with a child's request or with an adult learner.

    proposed -> accepted (by the volunteer) -> approved (by a coordinator) -> active -> ended;
    a proposal may be declined by the volunteer or withdrawn by a coordinator. Only
    matching/workflow.py changes the status, and it logs every change as an AssignmentEvent.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted by the volunteer")
        APPROVED = "approved", _("Approved by a coordinator")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")
        DECLINED = "declined", _("Declined by the volunteer")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # States that take one of the volunteer's places and keep the need from other matches.
    HOLDS_PLACE = (Status.PROPOSED, Status.ACCEPTED, Status.APPROVED, Status.ACTIVE)
    # States in which the supporter may see the child's or learner's details.
    SHOWS_DETAILS = (Status.APPROVED, Status.ACTIVE)

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("request"),
    )
    # Either side becomes NULL when that person deletes their account (matching.personal_data):
    # the history and the hours stay, without the person. Only closed assignments may lose them.
    learner = models.ForeignKey(
        LearnerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("learner"),
    )
    volunteer = models.ForeignKey(
        VolunteerProfile,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    score = models.FloatField(_("score when proposed"), null=True, blank=True)
    score_breakdown = models.JSONField(_("score breakdown"), default=dict, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(request__isnull=False, learner__isnull=True)
                    | Q(request__isnull=True, learner__isnull=False)
                    # a closed adult match whose learner deleted their account
                    | Q(
                        request__isnull=True,
                        learner__isnull=True,
                        status__in=["ended", "declined", "withdrawn"],
                    )
                ),
                name="matching_assignment_for_request_or_learner",
            ),
            models.CheckConstraint(
                condition=Q(volunteer__isnull=False)
                | Q(status__in=["ended", "declined", "withdrawn"]),
                name="matching_open_assignment_has_volunteer",
            ),
            # At most one live assignment per need, even under concurrent proposals.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "accepted", "approved", "active"]),
                name="matching_one_live_assignment_per_request",
            ),
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(status__in=["proposed", "accepted", "approved", "active"]),
                name="matching_one_live_assignment_per_learner",
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="matching_assignment_load")]

    def __str__(self) -> str:
        return _("Assignment #%(pk)s") % {"pk": self.pk}

    @property
    def need(self) -> SupportRequest | LearnerProfile | None:
        """The child's request or the learner; None once the learner deleted their account."""
        if self.request_id:
            return self.request
        return self.learner if self.learner_id else None

    @property
    def for_child(self) -> bool:
        return self.request_id is not None

    @property
    def minutes_logged(self) -> int:
        return self.sessions.aggregate(total=Sum("minutes"))["total"] or 0

    @property
    def hours_logged(self) -> float:
        return round(self.minutes_logged / 60, 2)


class AssignmentEvent(models.Model):
    """One state change of an assignment: who, when, from what to what."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="events", verbose_name=_("assignment")
    )
    action = models.CharField(_("action"), max_length=20)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # Kept when the account is deleted, so the log still says who it was.
    actor_label = models.CharField(_("by (as recorded)"), max_length=254)
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("assignment event")
        verbose_name_plural = _("assignment events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.change_label} ({self.actor_label})"

    @staticmethod
    def status_label(status: str) -> str:
        """The status's label (a code the choices no longer know shows as it was stored)."""
        return str(Assignment.Status(status).label) if status in Assignment.Status else status

    @property
    def change_label(self) -> str:
        """The step in words, never two codes joined by an arrow."""
        new = self.status_label(self.to_status)
        if not self.from_status:
            return gettext("Started as “%(new)s”") % {"new": new}
        return gettext("From “%(old)s” to “%(new)s”") % {
            "old": self.status_label(self.from_status),
            "new": new,
        }


class SupportSession(models.Model):
    """One session given within an active assignment (for the hours report)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("assignment")
    )
    held_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notes = models.TextField(_("notes"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} ({self.minutes} min)"
