"""Hard filters and the weighted score of one (need, volunteer) pair, with explanations.

The component formulas are written once, on numpy arrays, and used both here (one pair) and
by `batch` (all pairs at once), so a ranking and a global assignment score pairs identically.
Every component is a value in 0..1; a score is the sum of value x weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import availability as avail
from .model import (
    A1,
    A2,
    B1,
    COMPONENTS,
    DEFAULT_NAMES,
    DEFAULT_WEIGHTS,
    LEVEL_LABELS,
    Candidate,
    Component,
    Names,
    Need,
    Reason,
    ScoreBreakdown,
    SupportKind,
    Weights,
)

JAPANESE = "ja"

# --- component formulas (numpy-compatible: scalars or arrays) -------------------------------
LANGUAGE_SUPPORTS_MOTHER_TONGUE = 1.0
LANGUAGE_SPEAKS_MOTHER_TONGUE = 0.7
LANGUAGE_SHARES_OTHER = 0.4

TRAVEL_HOME = 1.0
TRAVEL_REACHABLE = 0.7
TRAVEL_ONLINE = 0.5


def language_fit_value(supports_mother_tongue, mother_tongue_level, shared_level):
    """Mother-tongue support > speaks the mother tongue (B1+) > shares another language (B1+)."""
    return np.where(
        supports_mother_tongue,
        LANGUAGE_SUPPORTS_MOTHER_TONGUE,
        np.where(
            mother_tongue_level >= B1,
            LANGUAGE_SPEAKS_MOTHER_TONGUE,
            np.where(shared_level >= B1, LANGUAGE_SHARES_OTHER, 0.0),
        ),
    )


def level_fit_value(teaches_japanese, japanese_level, mother_tongue_level, learner_level):
    """Teaching Japanese: the supporter's Japanese three levels above the learner's is a full fit
    (an unknown learner level counts as A1). Mother-tongue support and interpreting: the weaker
    of the supporter's Japanese and mother-tongue levels, from A2 (0) to C2 (1)."""
    learner = np.where(learner_level > 0, learner_level, A1)
    teaching = np.clip((japanese_level - learner) / 3.0, 0.0, 1.0)
    bilingual = np.clip((np.minimum(japanese_level, mother_tongue_level) - A2) / 4.0, 0.0, 1.0)
    return np.where(teaches_japanese, teaching, bilingual)


def availability_value(overlap_minutes, available_minutes):
    """Share of the request's free time the volunteer can also make."""
    return np.minimum(1.0, overlap_minutes / np.maximum(available_minutes, 1))


def travel_value(same_municipality, reachable, online):
    return np.where(
        same_municipality,
        TRAVEL_HOME,
        np.where(reachable, TRAVEL_REACHABLE, np.where(online, TRAVEL_ONLINE, 0.0)),
    )


def experience_value(is_child, children, teaching, qualified, goal_share):
    """Children: experience with children first. Adults: teaching, qualification, shared goals."""
    child = 0.6 * children + 0.2 * teaching + 0.2 * qualified
    adult = 0.5 * teaching + 0.25 * qualified + 0.25 * goal_share
    return np.where(is_child, child, adult)


def continuity_value(supported_before):
    return np.where(supported_before, 1.0, 0.0)


def load_balance_value(load_before, capacity):
    """Share of the volunteer's capacity still free before taking this assignment.

    The k-th extra assignment of one volunteer is worth less than the (k-1)-th, so the
    assignment spreads work and treats each capacity slot as its own marginal cost.
    """
    return 1.0 - load_before / np.maximum(capacity, 1)


# --- one pair -------------------------------------------------------------------------------
def hard_filter_reasons(need: Need, volunteer: Candidate) -> list[str]:
    """Why this volunteer may not take this need; an empty list means eligible."""
    reasons: list[str] = []
    if volunteer.capacity_left <= 0:
        reasons.append(Reason.CAPACITY)
    if need.is_child and not volunteer.safeguarding_cleared:
        reasons.append(Reason.SAFEGUARDING)
    if need.needs_mother_tongue_support and need.mother_tongue not in volunteer.support_languages:
        reasons.append(Reason.MOTHER_TONGUE)
    if not (_reachable(need, volunteer) or _online(need, volunteer)):
        reasons.append(Reason.LOCATION)
    fits = avail.sessions_that_fit(
        need.availability, volunteer.availability, need.minutes_per_session
    )
    if fits < need.sessions_per_week:
        reasons.append(Reason.AVAILABILITY)
    if volunteer.id in need.excluded_volunteer_ids:
        reasons.append(Reason.EXCLUDED)
    return reasons


def is_eligible(need: Need, volunteer: Candidate) -> bool:
    return not hard_filter_reasons(need, volunteer)


def _reachable(need: Need, volunteer: Candidate) -> bool:
    return need.municipality is not None and need.municipality in volunteer.reachable_municipalities


def _online(need: Need, volunteer: Candidate) -> bool:
    return need.online_ok and volunteer.online


@dataclass(frozen=True)
class _Facts:
    """What the formulas and the explanations need to know about one pair."""

    supports_mother_tongue: bool
    mother_tongue_level: int
    shared_language: str | None
    shared_level: int
    japanese_level: int
    overlap_minutes: int
    sessions_fit: int
    same_municipality: bool
    reachable: bool
    online: bool
    goal_share: float
    supported_before: bool
    load_before: int


def _facts(need: Need, volunteer: Candidate, extra_load: int) -> _Facts:
    shared_language, shared_level = None, 0
    for code in sorted(need.other_languages - {JAPANESE}):
        if volunteer.level_in(code) > shared_level:
            shared_language, shared_level = code, volunteer.level_in(code)
    overlap, longest = avail.overlap_by_day(need.availability, volunteer.availability)
    goal_share = len(need.goals & volunteer.goals) / len(need.goals) if need.goals else 0.0
    return _Facts(
        supports_mother_tongue=need.mother_tongue in volunteer.support_languages,
        mother_tongue_level=volunteer.level_in(need.mother_tongue),
        shared_language=shared_language,
        shared_level=shared_level,
        japanese_level=volunteer.level_in(JAPANESE),
        overlap_minutes=overlap,
        sessions_fit=sum(1 for m in longest if m >= need.minutes_per_session),
        same_municipality=(
            need.municipality is not None and volunteer.home_municipality == need.municipality
        ),
        reachable=_reachable(need, volunteer),
        online=_online(need, volunteer),
        goal_share=goal_share,
        supported_before=volunteer.id in need.previous_volunteer_ids,
        load_before=volunteer.active_assignments + extra_load,
    )


def score(
    need: Need,
    volunteer: Candidate,
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    extra_load: int = 0,
    names: Names = DEFAULT_NAMES,
) -> ScoreBreakdown:
    """The weighted score of the pair with a reason for every component (ja and en).

    `extra_load` counts assignments the volunteer would take before this one (0 = next one);
    `names` gives the display names of languages and places used in the explanations.
    The score does not check eligibility: call `hard_filter_reasons` for that.
    """
    f = _facts(need, volunteer, extra_load)
    values = {
        "language_fit": language_fit_value(
            f.supports_mother_tongue, f.mother_tongue_level, f.shared_level
        ),
        "level_fit": level_fit_value(
            need.kind == SupportKind.JAPANESE, f.japanese_level, f.mother_tongue_level, need.level
        ),
        "availability": availability_value(f.overlap_minutes, need.minutes_available),
        "travel": travel_value(f.same_municipality, f.reachable, f.online),
        "experience": experience_value(
            need.is_child,
            float(volunteer.children_experience),
            float(volunteer.teaching_experience),
            float(volunteer.qualified),
            f.goal_share,
        ),
        "continuity": continuity_value(f.supported_before),
        "load_balance": load_balance_value(f.load_before, volunteer.capacity),
    }
    texts = _explanations(need, volunteer, f, names)
    components = tuple(
        Component(
            name=name,
            value=float(values[name]),
            weight=getattr(weights, name),
            explanation_ja=texts[name][0],
            explanation_en=texts[name][1],
        )
        for name in COMPONENTS
    )
    return ScoreBreakdown(need_id=need.id, volunteer_id=volunteer.id, components=components)


# --- explanations ---------------------------------------------------------------------------
def _level_label(need: Need, level: int) -> tuple[str, str]:
    if level == 0:
        return "不明", "unknown"
    if need.is_child:  # a child's Japanese stage, not a CEFR level
        return f"ステージ{level}", f"stage {level}"
    return LEVEL_LABELS[level], LEVEL_LABELS[level]


def _hours(minutes: int) -> str:
    hours = minutes / 60
    return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}"


def _explanations(
    need: Need, volunteer: Candidate, f: _Facts, names: Names
) -> dict[str, tuple[str, str]]:
    mt_ja, mt_en = names.language(need.mother_tongue, "ja"), names.language(need.mother_tongue)
    texts: dict[str, tuple[str, str]] = {}

    if f.supports_mother_tongue:
        texts["language_fit"] = (
            f"母語（{mt_ja}）で支援できます。",
            f"Can support in the mother tongue ({mt_en}).",
        )
    elif f.mother_tongue_level >= B1:
        level = LEVEL_LABELS[f.mother_tongue_level]
        texts["language_fit"] = (
            f"{mt_ja}（{level}）を話せますが、母語支援の登録はありません。",
            f"Speaks {mt_en} ({level}) but has not offered mother-tongue support.",
        )
    elif f.shared_language and f.shared_level >= B1:
        level = LEVEL_LABELS[f.shared_level]
        texts["language_fit"] = (
            f"{names.language(f.shared_language, 'ja')}（{level}）で話せます。",
            f"Shares {names.language(f.shared_language)} ({level}).",
        )
    else:
        texts["language_fit"] = (
            "日本語以外に共通の言語がありません。",
            "No shared language besides Japanese.",
        )

    ja_level = LEVEL_LABELS[f.japanese_level]
    if need.kind == SupportKind.JAPANESE:
        learner_ja, learner_en = _level_label(need, need.level)
        texts["level_fit"] = (
            f"支援者の日本語 {ja_level}、学習者 {learner_ja}。",
            f"Volunteer's Japanese {ja_level}; learner {learner_en}.",
        )
    else:
        mt_level = LEVEL_LABELS[f.mother_tongue_level]
        texts["level_fit"] = (
            f"日本語 {ja_level}、{mt_ja} {mt_level}。",
            f"Japanese {ja_level}, {mt_en} {mt_level}.",
        )

    texts["availability"] = (
        f"希望時間 週{_hours(need.minutes_available)}時間のうち{_hours(f.overlap_minutes)}時間"
        f"重なり、{need.minutes_per_session}分の支援が週{f.sessions_fit}日可能"
        f"（必要 {need.sessions_per_week}日）。",
        f"Free for {_hours(f.overlap_minutes)} of the {_hours(need.minutes_available)} requested "
        f"hours a week; a {need.minutes_per_session}-minute session fits on {f.sessions_fit} "
        f"day(s) ({need.sessions_per_week} needed).",
    )

    place_ja = names.place(need.municipality or "", "ja")
    place_en = names.place(need.municipality or "", "en")
    if f.same_municipality:
        texts["travel"] = (f"{place_ja}在住です。", f"Lives in {place_en}.")
    elif f.reachable:
        texts["travel"] = (f"{place_ja}まで通えます。", f"Can travel to {place_en}.")
    elif f.online:
        texts["travel"] = ("オンラインで対応します。", "Online sessions.")
    else:
        texts["travel"] = ("行くことができません。", "Cannot reach the place.")

    facts_ja, facts_en = [], []
    if need.is_child and volunteer.children_experience:
        facts_ja.append("子どもの支援経験あり")
        facts_en.append("experience with children")
    if volunteer.teaching_experience:
        facts_ja.append("日本語指導の経験あり")
        facts_en.append("has taught Japanese")
    if volunteer.qualified:
        facts_ja.append("日本語教育の資格あり")
        facts_en.append("qualified Japanese teacher")
    if not need.is_child and f.goal_share > 0:
        facts_ja.append(f"学習目的の一致 {f.goal_share:.0%}")
        facts_en.append(f"shares {f.goal_share:.0%} of the learner's goals")
    texts["experience"] = (
        "、".join(facts_ja) + "。" if facts_ja else "関連する経験の登録はありません。",
        "; ".join(facts_en).capitalize() + "." if facts_en else "No relevant experience recorded.",
    )

    texts["continuity"] = (
        ("以前この方を支援しました。", "Supported this learner before.")
        if f.supported_before
        else ("新しい組み合わせです。", "A new pairing.")
    )
    texts["load_balance"] = (
        f"現在 {f.load_before}/{volunteer.capacity} 件を担当。",
        f"{f.load_before} of {volunteer.capacity} places in use.",
    )
    return texts
