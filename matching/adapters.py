"""Models -> engine data, and back: the only place the Django side talks to matching.engine.

A need's engine id is "request-<pk>" or "learner-<pk>"; a volunteer's is the profile's pk.
Loads count every assignment that holds a place (proposed, accepted, approved, active), so
pending proposals reserve capacity too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.iwate import MUNICIPALITIES
from core.models import Language
from learning import selectors as learning_selectors

from . import engine
from .models import (
    Assignment,
    Goal,
    LearnerProfile,
    SupportRequest,
    VolunteerLanguage,
    VolunteerProfile,
)

Need = SupportRequest | LearnerProfile


def weights() -> engine.Weights:
    """The weights in settings.MATCHING_WEIGHTS over the engine's defaults."""
    return engine.Weights.from_mapping(getattr(settings, "MATCHING_WEIGHTS", None))


def names() -> engine.Names:
    languages = {x.code: (x.name_ja, x.name_en) for x in Language.objects.all()}
    places = {slug: (ja, en) for slug, ja, _reading, en in MUNICIPALITIES}
    return engine.Names(languages=languages, places=places)


def need_key(need: Need) -> str:
    return f"{'request' if isinstance(need, SupportRequest) else 'learner'}-{need.pk}"


def need_filter(need: Need) -> Q:
    """Assignments of this need."""
    if isinstance(need, SupportRequest):
        return Q(request=need)
    return Q(learner=need)


# --- querysets ------------------------------------------------------------------------------
def open_requests():
    """Requests that can be matched now: open, consent recorded, no live assignment."""
    return (
        SupportRequest.objects.filter(status=SupportRequest.Status.OPEN, consent_recorded=True)
        .exclude(assignments__status__in=Assignment.HOLDS_PLACE)
        .select_related("mother_tongue")
        .prefetch_related("times")
    )


def open_learners():
    return (
        LearnerProfile.objects.filter(seeking_partner=True)
        .exclude(assignments__status__in=Assignment.HOLDS_PLACE)
        .select_related("mother_tongue", "user")
        .prefetch_related("other_languages", "availability")
    )


def matchable_volunteers():
    """Volunteers who may be proposed: open to matches, active, and allowed to teach alone
    (the training track's sign-off, learning.selectors)."""
    volunteers = VolunteerProfile.objects.filter(accepting_matches=True, user__is_active=True)
    solo = learning_selectors.solo_teaching_filter()
    if solo is not None:
        volunteers = volunteers.filter(user_id__in=solo)
    return (
        volunteers.select_related("user")
        .prefetch_related(
            Prefetch("languages", queryset=VolunteerLanguage.objects.select_related("language")),
            "availability",
        )
        .annotate(
            load=Count("assignments", filter=Q(assignments__status__in=Assignment.HOLDS_PLACE))
        )
        .order_by("pk")
    )


# --- conversion -----------------------------------------------------------------------------
def _history(needs: Sequence[Need]) -> tuple[dict[str, set[int]], dict[str, set[int]]]:
    """For each need: volunteers who supported it before, and volunteers not to propose again.

    A child keeps continuity across requests: an earlier request of the same school and
    identifier counts as the same child.
    """
    previous: dict[str, set[int]] = defaultdict(set)
    excluded: dict[str, set[int]] = defaultdict(set)
    requests = [n for n in needs if isinstance(n, SupportRequest)]
    learners = [n for n in needs if isinstance(n, LearnerProfile)]
    closed = (Assignment.Status.DECLINED, Assignment.Status.WITHDRAWN)
    served = (Assignment.Status.ENDED, Assignment.Status.ACTIVE, Assignment.Status.APPROVED)
    if requests:
        child_of = {(r.school_name, r.municipality, r.child_identifier): r for r in requests}
        rows = Assignment.objects.filter(
            Q(request__in=requests)
            | Q(
                request__child_identifier__in={r.child_identifier for r in requests},
                status__in=served,
            )
        ).values_list(
            "request_id",
            "request__school_name",
            "request__municipality",
            "request__child_identifier",
            "volunteer_id",
            "status",
        )
        by_pk = {r.pk: r for r in requests}
        for request_id, school, place, identifier, volunteer_id, status in rows:
            if status in closed and request_id in by_pk:
                excluded[need_key(by_pk[request_id])].add(volunteer_id)
            same_child = child_of.get((school, place, identifier))
            if status in served and same_child is not None:
                previous[need_key(same_child)].add(volunteer_id)
    if learners:
        rows = Assignment.objects.filter(learner__in=learners).values_list(
            "learner_id", "volunteer_id", "status"
        )
        for learner_id, volunteer_id, status in rows:
            key = f"learner-{learner_id}"
            if status in closed:
                excluded[key].add(volunteer_id)
            elif status in served:
                previous[key].add(volunteer_id)
    return previous, excluded


def to_need(need: Need, previous: Iterable[int] = (), excluded: Iterable[int] = ()) -> engine.Need:
    if isinstance(need, SupportRequest):
        return engine.Need(
            id=need_key(need),
            mother_tongue=need.mother_tongue.code,
            kind=engine.SupportKind(need.kind),
            is_child=True,
            level=need.japanese_stage,
            goals=frozenset({Goal.SCHOOL.value}),
            availability=[t.as_slot() for t in need.times.all()],
            sessions_per_week=need.sessions_per_week,
            minutes_per_session=need.minutes_per_session,
            municipality=need.municipality,
            online_ok=need.online_ok,
            previous_volunteer_ids=frozenset(previous),
            excluded_volunteer_ids=frozenset(excluded),
        )
    return engine.Need(
        id=need_key(need),
        mother_tongue=need.mother_tongue.code,
        kind=engine.SupportKind.JAPANESE,
        is_child=False,
        level=need.level or engine.UNKNOWN_LEVEL,
        other_languages=frozenset(x.code for x in need.other_languages.all()),
        goals=frozenset(need.goals),
        availability=[t.as_slot() for t in need.availability.all()],
        sessions_per_week=need.sessions_per_week,
        minutes_per_session=need.minutes_per_session,
        municipality=need.municipality or None,
        online_ok=need.online_ok or not need.municipality,
        previous_volunteer_ids=frozenset(previous),
        excluded_volunteer_ids=frozenset(excluded),
    )


def to_candidate(volunteer: VolunteerProfile, load: int, today: date) -> engine.Candidate:
    languages = list(volunteer.languages.all())
    return engine.Candidate(
        id=volunteer.pk,
        languages={x.language.code: x.level for x in languages},
        support_languages=frozenset(x.language.code for x in languages if x.offers_support),
        home_municipality=volunteer.home_municipality or None,
        municipalities=frozenset(volunteer.reachable_municipalities),
        online=volunteer.online,
        availability=[t.as_slot() for t in volunteer.availability.all()],
        capacity=volunteer.max_active_assignments,
        active_assignments=load,
        safeguarding_cleared=volunteer.safeguarding_valid(today),
        children_experience=volunteer.children_experience,
        teaching_experience=volunteer.teaching_experience,
        qualified=bool(volunteer.qualification),
        goals=frozenset(volunteer.goals),
    )


def volunteer_load(volunteer: VolunteerProfile) -> int:
    return volunteer.assignments.filter(status__in=Assignment.HOLDS_PLACE).count()


# --- suggestions ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Suggestion:
    need: Need
    volunteer: VolunteerProfile
    breakdown: engine.ScoreBreakdown

    @property
    def score(self) -> float:
        return self.breakdown.total


def _needs_and_candidates(
    needs: Sequence[Need], today: date
) -> tuple[list[engine.Need], list[engine.Candidate], dict[int, VolunteerProfile]]:
    previous, excluded = _history(needs)
    engine_needs = [
        to_need(n, previous.get(need_key(n), ()), excluded.get(need_key(n), ())) for n in needs
    ]
    volunteers = list(matchable_volunteers())
    candidates = [to_candidate(v, v.load, today) for v in volunteers]
    return engine_needs, candidates, {v.pk: v for v in volunteers}


def suggest_for(need: Need, k: int = 5, *, today: date | None = None) -> list[Suggestion]:
    """The k best eligible volunteers for one need, with per-component explanations."""
    today = today or timezone.localdate()
    (engine_need,), candidates, volunteers = _needs_and_candidates([need], today)
    ranked = engine.rank(engine_need, candidates, weights(), k=k, names=names())
    return [Suggestion(need, volunteers[b.volunteer_id], b) for b in ranked]


def suggest_all(*, coverage_first: bool = False, today: date | None = None) -> list[Suggestion]:
    """The best assignment across every open request and learner (global optimum)."""
    today = today or timezone.localdate()
    needs: list[Need] = [*open_requests(), *open_learners()]
    engine_needs, candidates, volunteers = _needs_and_candidates(needs, today)
    w = weights()
    matches = engine.assign(engine_needs, candidates, w, coverage_first=coverage_first)
    by_key = {need_key(n): (n, e) for n, e in zip(needs, engine_needs, strict=True)}
    by_id = {c.id: c for c in candidates}
    load: dict[int, int] = defaultdict(int)
    display_names = names()
    suggestions = []
    # Explain each pair as the solver scored it: the volunteer's k-th new match carries the
    # k-th load value (matches of one volunteer come best first, as the engine orders them).
    for match in sorted(matches, key=lambda m: -m.score):
        need, engine_need = by_key[match.need_id]
        breakdown = engine.score(
            engine_need,
            by_id[match.volunteer_id],
            w,
            extra_load=load[match.volunteer_id],
            names=display_names,
        )
        load[match.volunteer_id] += 1
        suggestions.append(Suggestion(need, volunteers[match.volunteer_id], breakdown))
    return suggestions


def eligibility(need: Need, volunteer: VolunteerProfile, *, today: date | None = None):
    """(reasons the pair is not allowed, its score breakdown) as of today, from the database."""
    today = today or timezone.localdate()
    previous, excluded = _history([need])
    engine_need = to_need(need, previous.get(need_key(need), ()), excluded.get(need_key(need), ()))
    candidate = to_candidate(volunteer, volunteer_load(volunteer), today)
    reasons = engine.hard_filter_reasons(engine_need, candidate)
    return reasons, engine.score(engine_need, candidate, weights(), names=names())
