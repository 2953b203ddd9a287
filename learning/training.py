"""The training track for new volunteer teachers: checklist progress, readiness, sign-off.

One home for "may this volunteer teach alone?": booking.py asks `may_teach_alone` before a
teacher (lead) claim, matching asks through learning.selectors, and the coordinators' "ready to
teach alone" view and the volunteer's own page show `progress_for`.

Each fact has one home. The safeguarding training date is on the volunteer's matching profile
and is read through matching.selectors (never copied). Training hours are the attended sessions
of training courses (summed here) plus the hours a coordinator records for outside courses;
observed sessions are completed assistant claims (counted here) plus those recorded by hand.

Thresholds come from settings (env, see README "Configuration"): TRAINING_HOURS_REQUIRED,
TRAINING_OBSERVED_SESSIONS_REQUIRED and TRAINING_ASSISTANT_ONLY (the assistant-only rule).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_coordinator
from core.errors import ServiceError
from matching import selectors as matching_selectors

from .records import TRAINING_AUDIENCE, Booking, OnboardingChecklist, TeachingClaim


class TrainingStatus(models.TextChoices):
    # Translators: ja: 研修中
    IN_TRAINING = "in_training", _("In training")
    # Translators: ja: ひとりで 教える 準備が できました（確認を 待っています）
    READY = "ready", _("Ready for sign-off")
    # Translators: ja: ひとりで 教えられます
    SIGNED_OFF = "signed_off", _("May teach alone")


# What each missing item is called (coordinators and the volunteer read these).
MISSING_LABELS = {
    # Translators: ja: オリエンテーション
    "orientation": _("Orientation"),
    # Translators: ja: 子どもを 守る ための 研修
    "safeguarding": _("Safeguarding training"),
    # Translators: ja: 先生の 研修の 時間
    "hours": _("Teacher-training hours"),
    # Translators: ja: 見学した クラス（アシスタント）
    "observed": _("Observed sessions"),
}

MESSAGES = {
    # Translators: ja: この 操作は できません。
    "forbidden": _("You may not do this."),
    # Translators: ja: まだ 足りない ものが あります。
    "not_ready": _("The checklist is not complete yet."),
    # Translators: ja: この 人は ボランティアの 先生では ありません。
    "not_volunteer": _("This person is not a volunteer teacher."),
}


class TrainingError(ServiceError):
    messages = MESSAGES
    forbidden_codes = frozenset({"forbidden"})


@dataclass(frozen=True)
class Requirements:
    hours: Decimal
    observed: int
    assistant_only: bool


def requirements() -> Requirements:
    """The thresholds in force (settings, from the environment)."""
    return Requirements(
        hours=Decimal(str(getattr(settings, "TRAINING_HOURS_REQUIRED", 10))),
        observed=int(getattr(settings, "TRAINING_OBSERVED_SESSIONS_REQUIRED", 2)),
        assistant_only=bool(getattr(settings, "TRAINING_ASSISTANT_ONLY", True)),
    )


@dataclass
class Progress:
    """One volunteer's way to teaching alone, counted and recorded."""

    volunteer: object
    checklist: OnboardingChecklist | None
    safeguarding_on: date | None
    hours_attended: Decimal
    observed_assisted: int
    required: Requirements

    @property
    def orientation_on(self) -> date | None:
        return self.checklist.orientation_on if self.checklist else None

    @property
    def hours_outside(self) -> Decimal:
        return self.checklist.outside_training_hours if self.checklist else Decimal("0")

    @property
    def hours(self) -> Decimal:
        return self.hours_attended + self.hours_outside

    @property
    def observed_extra(self) -> int:
        return self.checklist.observed_sessions_extra if self.checklist else 0

    @property
    def observed(self) -> int:
        return self.observed_assisted + self.observed_extra

    @property
    def signed_off_on(self) -> date | None:
        return self.checklist.signed_off_on if self.checklist else None

    @property
    def missing(self) -> list[str]:
        """Codes of the items not done yet, in checklist order."""
        missing = []
        if self.orientation_on is None:
            missing.append("orientation")
        if self.safeguarding_on is None:
            missing.append("safeguarding")
        if self.hours < self.required.hours:
            missing.append("hours")
        if self.observed < self.required.observed:
            missing.append("observed")
        return missing

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[code]) for code in self.missing]

    @property
    def status(self) -> str:
        if self.signed_off_on is not None:
            return TrainingStatus.SIGNED_OFF
        return TrainingStatus.IN_TRAINING if self.missing else TrainingStatus.READY

    @property
    def status_label(self) -> str:
        return str(TrainingStatus(self.status).label)


def _attended_hours(user_ids: list[int]) -> dict[int, Decimal]:
    """Hours of training sessions each volunteer attended (attendance marked on the roster)."""
    hours: dict[int, Decimal] = defaultdict(Decimal)
    rows = Booking.objects.filter(
        learner_id__in=user_ids,
        status=Booking.Status.ATTENDED,
        session__course__audience=TRAINING_AUDIENCE,
    ).values_list("learner_id", "session__starts_at", "session__ends_at")
    for user_id, starts_at, ends_at in rows:
        seconds = Decimal((ends_at - starts_at).total_seconds())
        hours[user_id] += (seconds / Decimal(3600)).quantize(Decimal("0.01"))
    return hours


def _assisted_sessions(user_ids: list[int]) -> dict[int, int]:
    """Completed assistant claims per volunteer: each is an observed session."""
    rows = (
        TeachingClaim.objects.filter(
            volunteer_id__in=user_ids,
            role=TeachingClaim.Role.ASSISTANT,
            status=TeachingClaim.Status.TAUGHT,
        )
        .values("volunteer_id")
        .annotate(n=models.Count("pk"))
        .values_list("volunteer_id", "n")
    )
    return dict(rows)


def progress_for(volunteers: Iterable) -> list[Progress]:
    """Progress of each volunteer, in the order given; a fixed number of queries for all."""
    volunteers = list(volunteers)
    ids = [v.pk for v in volunteers]
    checklists = {
        c.volunteer_id: c for c in OnboardingChecklist.objects.filter(volunteer_id__in=ids)
    }
    safeguarding = matching_selectors.safeguarding_training_dates(ids)
    hours = _attended_hours(ids)
    assisted = _assisted_sessions(ids)
    required = requirements()
    return [
        Progress(
            volunteer=v,
            checklist=checklists.get(v.pk),
            safeguarding_on=safeguarding.get(v.pk),
            hours_attended=hours.get(v.pk, Decimal("0")),
            observed_assisted=assisted.get(v.pk, 0),
            required=required,
        )
        for v in volunteers
    ]


def progress(volunteer) -> Progress:
    return progress_for([volunteer])[0]


def is_signed_off(volunteer) -> bool:
    """Whether a coordinator has signed this volunteer off to teach alone."""
    return OnboardingChecklist.objects.filter(
        volunteer_id=volunteer.pk, signed_off_on__isnull=False
    ).exists()


def may_teach_alone(volunteer) -> bool:
    """May take a teacher (lead) place: signed off, or the assistant-only rule is off."""
    return not requirements().assistant_only or is_signed_off(volunteer)


def signed_off_user_ids() -> models.QuerySet:
    """The users signed off to teach alone, as a subquery other querysets can filter on."""
    return OnboardingChecklist.objects.filter(signed_off_on__isnull=False).values("volunteer_id")


def checklist_for(volunteer) -> OnboardingChecklist:
    """The volunteer's checklist, made empty on first use (every volunteer has one)."""
    checklist, _created = OnboardingChecklist.objects.get_or_create(volunteer=volunteer)
    return checklist


# --- coordinators ------------------------------------------------------------------------


def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise TrainingError("forbidden")


def sign_off(actor, volunteer, *, today: date | None = None) -> OnboardingChecklist:
    """A coordinator says the volunteer may teach alone; only with the checklist complete."""
    from accounts.roles import VOLUNTEER, user_has_role

    _require_coordinator(actor)
    if not user_has_role(volunteer, VOLUNTEER):
        raise TrainingError("not_volunteer")
    with transaction.atomic():
        checklist = checklist_for(volunteer)
        checklist = OnboardingChecklist.objects.select_for_update().get(pk=checklist.pk)
        if checklist.signed_off_on is not None:
            return checklist
        missing = progress(volunteer).missing
        if missing:
            labels = ", ".join(str(MISSING_LABELS[code]) for code in missing)
            # Translators: ja: まだ 足りない ものが あります: %(missing)s
            message = _("The checklist is not complete yet: %(missing)s.") % {"missing": labels}
            raise TrainingError("not_ready", message)
        checklist.signed_off_on = today or timezone.localdate()
        checklist.signed_off_by = actor
        checklist.save(update_fields=["signed_off_on", "signed_off_by", "updated_at"])
    return checklist


def withdraw_sign_off(actor, volunteer) -> OnboardingChecklist:
    """Back to assistant places only (a coordinator's decision, e.g. after a long break)."""
    _require_coordinator(actor)
    with transaction.atomic():
        checklist = checklist_for(volunteer)
        checklist.signed_off_on = None
        checklist.signed_off_by = None
        checklist.save(update_fields=["signed_off_on", "signed_off_by", "updated_at"])
    return checklist
