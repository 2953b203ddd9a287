"""Who may see a child's (or a learner's) details, and what everyone else sees instead.

Details (school, the school's identifier for the child, exact grade, contact, a learner's
name and e-mail) are for coordinators and for the supporter of an approved or active
assignment of that very need. Everyone else, including a volunteer to whom the need is only
proposed, sees an anonymised summary: grade band, language, area, kind of support, times.
Every view, API and admin screen asks this module; none decides on its own.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accounts.roles import VOLUNTEER, is_coordinator, user_has_role

from . import adapters
from .models import Assignment, AvailabilityBase, Goal, LearnerProfile, SupportRequest

Need = SupportRequest | LearnerProfile


def can_view_details(user, need: Need) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    return Assignment.objects.filter(
        adapters.need_filter(need),
        volunteer__user=user,
        status__in=Assignment.SHOWS_DETAILS,
    ).exists()


def can_view_assignment(user, assignment: Assignment) -> bool:
    """The assignment itself (its status and log): coordinators and its volunteer."""
    if not getattr(user, "is_authenticated", False):
        return False
    if is_coordinator(user):
        return True
    volunteer = assignment.volunteer
    return volunteer is not None and volunteer.user_id == user.pk


def can_browse_open_requests(user) -> bool:
    """The anonymised list of open requests: volunteers and coordinators."""
    return is_coordinator(user) or user_has_role(user, VOLUNTEER)


def _times(rows: list[AvailabilityBase]) -> list[dict[str, Any]]:
    return [
        {
            "weekday": t.weekday,
            "weekday_label": str(t.get_weekday_display()),
            "from": t.starts_at.strftime("%H:%M"),
            "until": t.ends_at.strftime("%H:%M"),
        }
        for t in rows
    ]


def _language(language) -> dict[str, str]:
    return {"code": language.code, "name": str(language)}


def summary(need: Need) -> dict[str, Any]:
    """What anyone allowed to browse may see: nothing that identifies a person."""
    if isinstance(need, SupportRequest):
        return {
            "type": "request",
            "id": need.pk,
            "grade_band": need.grade_band,
            "language": _language(need.mother_tongue),
            "area": need.get_municipality_display(),
            "online_ok": need.online_ok,
            "kind": str(need.get_kind_display()),
            "sessions_per_week": need.sessions_per_week,
            "minutes_per_session": need.minutes_per_session,
            "times": _times(list(need.times.all())),
        }
    return {
        "type": "learner",
        "id": need.pk,
        "language": _language(need.mother_tongue),
        "level": need.level_label,
        "goals": [str(Goal(g).label) for g in need.goals if g in Goal.values],
        "area": need.get_municipality_display() if need.municipality else _("Online"),
        "online_ok": need.online_ok,
        "sessions_per_week": need.sessions_per_week,
        "minutes_per_session": need.minutes_per_session,
        "times": _times(list(need.availability.all())),
    }


def details(need: Need) -> dict[str, Any]:
    """Summary plus the identifying details. Only after `can_view_details` said yes."""
    data = summary(need)
    if isinstance(need, SupportRequest):
        data.update(
            school=need.school_name,
            child_identifier=need.child_identifier,
            grade=str(need.get_grade_display()),
            japanese_stage=need.japanese_stage,
            stage_scale=str(need.get_stage_scale_display()),
            period_start=need.period_start.isoformat(),
            period_end=need.period_end.isoformat() if need.period_end else None,
            contact={
                "name": need.requested_by_name,
                "organisation": need.requested_by_organisation,
                "email": need.requested_by_email,
                "phone": need.requested_by_phone,
            },
        )
    else:
        data.update(
            name=str(need.user),
            email=need.user.email,
            # How the learner wants to be reached: "email", "phone" (with the number) or "none".
            contact_preference=need.user.contact_preference,
            phone=need.user.phone if need.user.contact_preference == "phone" else "",
            other_languages=[_language(x) for x in need.other_languages.all()],
        )
    data["details"] = True
    return data


def for_user(user, need: Need | None) -> dict[str, Any]:
    """Details if this user may see them, the anonymised summary otherwise.

    `need` is None for an adult match whose learner deleted their account: nothing to show.
    """
    if need is None:
        return {"type": "deleted", "details": False}
    if can_view_details(user, need):
        return details(need)
    data = summary(need)
    data["details"] = False
    return data
