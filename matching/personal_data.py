"""What matching holds about a person, for the data export and for account deletion.

Registered with accounts.personal_data in MatchingConfig.ready(). The export holds the
person's own profiles and the assignments where they are the volunteer or the learner, as
anonymised summaries (a child's details never leave the site this way). Erasing
is matching.workflow.forget_person.
"""

from __future__ import annotations

from typing import Any

from . import privacy
from .models import Assignment, LearnerProfile, VolunteerProfile
from .workflow import forget_person


def _times(rows) -> list[dict[str, Any]]:
    return [{"weekday": r.weekday, "from": r.starts_at, "until": r.ends_at} for r in rows]


def _volunteer(profile: VolunteerProfile) -> dict[str, Any]:
    return {
        "home_municipality": profile.home_municipality,
        "reachable_municipalities": profile.reachable_municipalities,
        "online": profile.online,
        "max_active_assignments": profile.max_active_assignments,
        "teaching_experience": profile.teaching_experience,
        "children_experience": profile.children_experience,
        "qualification": profile.qualification,
        "experience_notes": profile.experience_notes,
        "goals": profile.goals,
        "background_check_on": profile.background_check_on,
        "safeguarding_training_on": profile.safeguarding_training_on,
        "accepting_matches": profile.accepting_matches,
        "languages": [
            {"language": x.language.code, "level": x.level, "offers_support": x.offers_support}
            for x in profile.languages.select_related("language")
        ],
        "availability": _times(profile.availability.all()),
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _learner(profile: LearnerProfile) -> dict[str, Any]:
    return {
        "mother_tongue": profile.mother_tongue.code,
        "other_languages": [x.code for x in profile.other_languages.all()],
        "level": profile.level,
        "level_listening": profile.level_listening,
        "level_reading": profile.level_reading,
        "level_spoken_interaction": profile.level_spoken_interaction,
        "level_spoken_production": profile.level_spoken_production,
        "level_writing": profile.level_writing,
        "goals": profile.goals,
        "needs": profile.needs,
        "municipality": profile.municipality,
        "online_ok": profile.online_ok,
        "sessions_per_week": profile.sessions_per_week,
        "minutes_per_session": profile.minutes_per_session,
        "seeking_partner": profile.seeking_partner,
        "availability": _times(profile.availability.all()),
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
    }


def _assignment(user, assignment: Assignment, role: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": assignment.pk,
        "as": role,
        "status": assignment.status,
        "started_on": assignment.started_on,
        "ended_on": assignment.ended_on,
        "created_at": assignment.created_at,
        "events": [
            {"action": e.action, "from": e.from_status, "to": e.to_status, "at": e.at}
            for e in assignment.events.all()
        ],
    }
    # The other side is not the person's own data: a child's request or another learner
    # appears only as the anonymised summary everyone may see, and session notes (which may
    # speak of a child) stay with the association.
    need = assignment.need
    data["need"] = privacy.summary(need) if need is not None and role == "volunteer" else None
    data["sessions"] = [
        {"held_on": s.held_on, "minutes": s.minutes} for s in assignment.sessions.all()
    ]
    return data


def export_person(user) -> dict[str, Any]:
    volunteer = VolunteerProfile.objects.filter(user=user).first()
    learner = LearnerProfile.objects.filter(user=user).first()
    assignments: list[dict[str, Any]] = []
    if volunteer is not None:
        assignments += [
            _assignment(user, a, "volunteer")
            for a in Assignment.objects.filter(volunteer=volunteer).select_related(
                "request", "learner__user", "volunteer__user"
            )
        ]
    if learner is not None:
        assignments += [
            _assignment(user, a, "learner") for a in Assignment.objects.filter(learner=learner)
        ]
    return {
        "volunteer_profile": _volunteer(volunteer) if volunteer else None,
        "learner_profile": _learner(learner) if learner else None,
        "assignments": assignments,
    }


def erase_person(user) -> None:
    forget_person(user)
