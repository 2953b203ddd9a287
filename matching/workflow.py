"""The matching workflow: propose, accept, decline, approve, activate, end, withdraw, log.

Every change to an assignment goes through a function here: the volunteer's dashboard, the
JSON API and the coordinators' admin all call these, so the rules have one home. Each function
takes the acting user, checks permission and rules inside `transaction.atomic()` with the rows
it changes locked, logs the change as an AssignmentEvent (who, when, from, to), and raises
`MatchingError(code, message)` that callers turn into a message, an HTTP 4xx or an exit code.

Locking order, always the same so two transactions never wait on each other in a cycle:
the volunteer's profile (serialises their capacity), then the request or learner (serialises
"one live assignment per need", which a partial unique constraint also guarantees), then the
assignment.

The volunteer hears about every change that concerns them by e-mail and live over Channels
(group `user-<id>`), after the transaction commits. E-mails never carry a child's details:
they point to the dashboard, which checks who may see what.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.notify import wants
from accounts.roles import VOLUNTEER, is_coordinator, user_has_role
from core import live
from core.errors import ServiceError
from core.mail import send_templated_mail

from . import adapters, engine
from .models import (
    Assignment,
    AssignmentEvent,
    LearnerProfile,
    SupportRequest,
    SupportSession,
    VolunteerProfile,
)

logger = logging.getLogger(__name__)

Status = Assignment.Status

MESSAGES = {
    "forbidden": _("You may not do this."),
    "not_coordinator": _("Only coordinators can do this."),
    "not_your_proposal": _("This proposal is not addressed to you."),
    "bad_state": _("This assignment cannot do that in its current state."),
    "need_closed": _("This request is closed or no longer looking for a partner."),
    "no_consent": _("The parents' consent has not been recorded for this request."),
    "need_taken": _("This request already has a volunteer proposed or assigned."),
    "not_accepting": _("This volunteer is not open to new matches."),
    "not_eligible": _("This volunteer cannot be matched with this request."),
    "safeguarding": _(
        "The volunteer's background check or safeguarding training is not valid for work "
        "with children."
    ),
    "self": _("A volunteer cannot be matched with themselves."),
    "not_volunteer": _("This person does not hold the volunteer role."),
    "bad_minutes": _("A session lasts between 1 and 600 minutes."),
}

TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    # action: (allowed from, to)
    "accept": ((Status.PROPOSED,), Status.ACCEPTED),
    "decline": ((Status.PROPOSED, Status.ACCEPTED), Status.DECLINED),
    "approve": ((Status.ACCEPTED,), Status.APPROVED),
    "activate": ((Status.APPROVED,), Status.ACTIVE),
    "end": ((Status.APPROVED, Status.ACTIVE), Status.ENDED),
    "withdraw": ((Status.PROPOSED, Status.ACCEPTED), Status.WITHDRAWN),
}


class MatchingError(ServiceError):
    """A rule said no. `code` is stable (tests, JSON, admin); `message` is for people."""

    messages = MESSAGES
    forbidden_codes = frozenset({"forbidden", "not_coordinator", "not_your_proposal"})


def user_group(user_id: int) -> str:
    """The channel-layer group of one person's live notifications."""
    return f"user-{user_id}"


# --- helpers --------------------------------------------------------------------------------
def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise MatchingError("not_coordinator")


def _volunteer(assignment: Assignment) -> VolunteerProfile:
    """The volunteer of an open assignment (a constraint says it has one while open)."""
    volunteer = assignment.volunteer
    if volunteer is None:
        raise MatchingError("bad_state")
    return volunteer


def _lock(assignment: Assignment) -> Assignment:
    """Lock volunteer, need, assignment (in that order) and return the fresh assignment."""
    VolunteerProfile.objects.select_for_update(of=("self",)).get(pk=assignment.volunteer_id)
    if assignment.request_id:
        SupportRequest.objects.select_for_update(of=("self",)).get(pk=assignment.request_id)
    else:
        LearnerProfile.objects.select_for_update(of=("self",)).get(pk=assignment.learner_id)
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("volunteer__user", "request", "learner__user", "proposed_by")
        .get(pk=assignment.pk)
    )


def _log(assignment: Assignment, actor, action: str, from_status: str, note: str = "") -> None:
    AssignmentEvent.objects.create(
        assignment=assignment,
        action=action,
        from_status=from_status,
        to_status=assignment.status,
        actor=actor,
        actor_label=(getattr(actor, "email", "") or str(actor)) if actor else _deleted_label(),
        at=timezone.now(),
        note=note,
    )


def _move(assignment: Assignment, actor, action: str, note: str = "", **fields) -> Assignment:
    allowed_from, to = TRANSITIONS[action]
    if assignment.status not in allowed_from:
        raise MatchingError("bad_state")
    from_status = assignment.status
    assignment.status = to
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.save(update_fields=["status", "updated_at", *fields])
    _log(assignment, actor, action, from_status, note)
    return assignment


def _check_safeguarding(assignment: Assignment, today: date) -> None:
    if assignment.request_id and not _volunteer(assignment).safeguarding_valid(today):
        raise MatchingError("safeguarding")


# --- the workflow ---------------------------------------------------------------------------
def propose(
    actor,
    volunteer: VolunteerProfile,
    *,
    request: SupportRequest | None = None,
    learner: LearnerProfile | None = None,
    note: str = "",
    today: date | None = None,
) -> Assignment:
    """A coordinator proposes a volunteer for a child's request or an adult learner.

    The engine's hard filters are checked again here, against the database as it is now
    (safeguarding, mother tongue, place, times, capacity, an earlier decline).
    """
    _require_coordinator(actor)
    if (request is None) == (learner is None):
        raise ValueError("propose needs exactly one of request= or learner=")
    today = today or timezone.localdate()
    with transaction.atomic():
        volunteer = (
            VolunteerProfile.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=volunteer.pk)
        )
        if request is not None:
            need: SupportRequest | LearnerProfile = SupportRequest.objects.select_for_update(
                of=("self",)
            ).get(pk=request.pk)
            if need.status != SupportRequest.Status.OPEN:
                raise MatchingError("need_closed")
            if not need.consent_recorded:
                raise MatchingError("no_consent")
        else:
            assert learner is not None  # exactly one of request/learner, checked above
            need = LearnerProfile.objects.select_for_update(of=("self",)).get(pk=learner.pk)
            if not need.seeking_partner:
                raise MatchingError("need_closed")
            if need.user_id == volunteer.user_id:
                raise MatchingError("self")
        if Assignment.objects.filter(
            adapters.need_filter(need), status__in=Assignment.HOLDS_PLACE
        ).exists():
            raise MatchingError("need_taken")
        if not volunteer.accepting_matches or not volunteer.user.is_active:
            raise MatchingError("not_accepting")
        if not user_has_role(volunteer.user, VOLUNTEER):
            raise MatchingError("not_volunteer")  # they could not answer from the dashboard
        reasons, breakdown = adapters.eligibility(need, volunteer, today=today)
        if reasons:
            if engine.Reason.SAFEGUARDING in reasons:
                raise MatchingError("safeguarding")
            lang = translation.get_language() or settings.LANGUAGE_CODE
            details = " ".join(engine.reason_text(r, lang) for r in reasons)
            raise MatchingError("not_eligible", f"{MESSAGES['not_eligible']} {details}")
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    request=need if request is not None else None,
                    learner=need if learner is not None else None,
                    volunteer=volunteer,
                    status=Status.PROPOSED,
                    score=round(breakdown.total, 3),
                    score_breakdown={
                        "ja": breakdown.as_dict("ja"),
                        "en": breakdown.as_dict("en"),
                    },
                    proposed_by=actor,
                )
        except IntegrityError as exc:  # a concurrent proposal won the partial unique index
            raise MatchingError("need_taken") from exc
        _log(assignment, actor, "propose", "", note)
        _notify_after_commit(assignment, "proposed", volunteer.user)
    return assignment


def accept(actor, assignment: Assignment) -> Assignment:
    """The volunteer accepts a proposal addressed to them."""
    with transaction.atomic():
        assignment = _lock(assignment)
        if _volunteer(assignment).user_id != actor.pk:
            raise MatchingError("not_your_proposal")
        _move(assignment, actor, "accept")
        _notify_after_commit(assignment, "accepted", assignment.proposed_by)
    return assignment


def decline(actor, assignment: Assignment, reason: str = "") -> Assignment:
    """The volunteer says no; they are not proposed for this need again."""
    with transaction.atomic():
        assignment = _lock(assignment)
        if _volunteer(assignment).user_id != actor.pk:
            raise MatchingError("not_your_proposal")
        _move(assignment, actor, "decline", reason)
        _notify_after_commit(assignment, "declined", assignment.proposed_by)
    return assignment


def approve(actor, assignment: Assignment, *, today: date | None = None) -> Assignment:
    """A coordinator approves an accepted match; the supporter may now see the details."""
    _require_coordinator(actor)
    today = today or timezone.localdate()
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.status in TRANSITIONS["approve"][0]:
            _check_safeguarding(assignment, today)  # a check may have expired since
        _move(assignment, actor, "approve")
        _notify_after_commit(assignment, "approved", _volunteer(assignment).user)
    return assignment


def activate(
    actor, assignment: Assignment, *, started_on: date | None = None, today: date | None = None
) -> Assignment:
    """A coordinator marks the match as running (the first session is arranged)."""
    _require_coordinator(actor)
    today = today or timezone.localdate()
    with transaction.atomic():
        assignment = _lock(assignment)
        if assignment.status in TRANSITIONS["activate"][0]:
            _check_safeguarding(assignment, today)
        _move(assignment, actor, "activate", started_on=started_on or today)
        _notify_after_commit(assignment, "activated", _volunteer(assignment).user)
    return assignment


def end(
    actor,
    assignment: Assignment,
    *,
    reason: str = "",
    close_need: bool = False,
    ended_on: date | None = None,
) -> Assignment:
    """A coordinator ends a match; with close_need the request or learner stops looking too."""
    _require_coordinator(actor)
    with transaction.atomic():
        assignment = _lock(assignment)
        _move(assignment, actor, "end", reason, ended_on=ended_on or timezone.localdate())
        if close_need:
            if assignment.request_id:
                SupportRequest.objects.filter(pk=assignment.request_id).update(
                    status=SupportRequest.Status.CLOSED, updated_at=timezone.now()
                )
            else:
                LearnerProfile.objects.filter(pk=assignment.learner_id).update(
                    seeking_partner=False, updated_at=timezone.now()
                )
        _notify_after_commit(assignment, "ended", _volunteer(assignment).user)
    return assignment


def withdraw(actor, assignment: Assignment, *, reason: str = "") -> Assignment:
    """A coordinator takes back a proposal before it is approved."""
    _require_coordinator(actor)
    with transaction.atomic():
        assignment = _lock(assignment)
        _move(assignment, actor, "withdraw", reason)
        _notify_after_commit(assignment, "withdrawn", _volunteer(assignment).user)
    return assignment


def log_session(
    actor, assignment: Assignment, *, held_on: date, minutes: int, notes: str = ""
) -> SupportSession:
    """The supporter (or a coordinator) records a session of an active assignment."""
    with transaction.atomic():
        assignment = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("volunteer")
            .get(pk=assignment.pk)
        )
        if _volunteer(assignment).user_id != actor.pk and not is_coordinator(actor):
            raise MatchingError("forbidden")
        if assignment.status != Status.ACTIVE:
            raise MatchingError("bad_state")
        if not 1 <= int(minutes) <= 600:
            raise MatchingError("bad_minutes")
        return SupportSession.objects.create(
            assignment=assignment, held_on=held_on, minutes=minutes, notes=notes, logged_by=actor
        )


def forget_person(user) -> None:
    """Account deletion: close the person's live matches, keep the history without them.

    Live assignments end (approved, active) or are withdrawn (proposed, accepted), logged
    like any change; the other side (a volunteer whose learner left) is told. Then every
    assignment, event and logged session loses its link to the person, and their profiles go.
    A child's request stays as it is: it only loses its supporter.
    """
    label = _deleted_label()
    with transaction.atomic():
        volunteer = VolunteerProfile.objects.filter(user=user).first()
        learner = LearnerProfile.objects.filter(user=user).first()
        mine = Assignment.objects.none()
        if volunteer is not None:
            mine = mine | Assignment.objects.filter(volunteer=volunteer)
        if learner is not None:
            mine = mine | Assignment.objects.filter(learner=learner)
        for assignment in mine.filter(status__in=Assignment.HOLDS_PLACE).order_by("pk"):
            assignment = _lock(assignment)
            action = "end" if assignment.status in TRANSITIONS["end"][0] else "withdraw"
            fields = {"ended_on": timezone.localdate()} if action == "end" else {}
            _move(assignment, None, action, "account deleted", **fields)
            if volunteer is None or assignment.volunteer_id != volunteer.pk:
                event = "ended" if action == "end" else "withdrawn"
                _notify_after_commit(assignment, event, _volunteer(assignment).user)
        AssignmentEvent.objects.filter(actor=user).update(actor=None, actor_label=label)
        AssignmentEvent.objects.filter(actor_label=user.email).update(actor_label=label)
        SupportSession.objects.filter(logged_by=user).update(logged_by=None)
        Assignment.objects.filter(proposed_by=user).update(proposed_by=None)
        SupportRequest.objects.filter(created_by=user).update(created_by=None)
        if volunteer is not None:
            Assignment.objects.filter(volunteer=volunteer).update(volunteer=None)
            volunteer.delete()
        if learner is not None:
            Assignment.objects.filter(learner=learner).update(learner=None)
            learner.delete()


def _deleted_label() -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(_("Deleted account"))


ACTIONS = {
    "accept": accept,
    "decline": decline,
    "approve": approve,
    "activate": activate,
    "end": end,
    "withdraw": withdraw,
}


# --- notifications --------------------------------------------------------------------------
# (subject ja, subject en); the bodies are matching/templates/matching/email/notice_body.txt and
# never name the child, the school or the learner: the link leads to the dashboard, which
# checks who may see what.
NOTICE_SUBJECTS: dict[str, tuple[str, str]] = {
    "proposed": ("支援の依頼があります", "A new match is proposed to you"),
    "accepted": ("提案が引き受けられました", "A proposal was accepted"),
    "declined": ("提案が辞退されました", "A proposal was declined"),
    "approved": ("マッチングが承認されました", "Your match is approved"),
    "activated": ("支援が始まりました", "Your support has started"),
    "ended": ("支援が終了しました", "Your support has ended"),
    "withdrawn": ("提案が取り下げられました", "A proposal was withdrawn"),
}


def _notify_after_commit(assignment: Assignment, event: str, recipient) -> None:
    if recipient is None:
        return
    assignment_id, status, user_id, email = (
        assignment.pk,
        assignment.status,
        recipient.pk,
        # Live messages always go; the e-mail only if the person wants matching news by e-mail.
        recipient.email if wants(recipient, "matching") else "",
    )
    transaction.on_commit(lambda: notify(user_id, email, event, assignment_id, status))


def notify(user_id: int, email: str, event: str, assignment_id: int, status: str) -> None:
    """E-mail and live message to one person. Failures are logged: the change has committed."""
    subject_ja, subject_en = NOTICE_SUBJECTS[event]
    with translation.override(settings.LANGUAGE_CODE):
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("matching:dashboard")
    try:
        if email:
            send_templated_mail(
                f"{subject_ja} / {subject_en}",
                "matching/email/assignment_notice",
                {"event": event, "link": link},
                [email],
            )
    except Exception:
        logger.warning(
            "matching e-mail %s for assignment %s failed", event, assignment_id, exc_info=True
        )
    message = {
        "type": "notify",
        "topic": "matching.assignment",
        "event": event,
        "assignment": assignment_id,
        "status": status,
    }
    live.broadcast(user_group(user_id), message)
