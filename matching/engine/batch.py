"""All eligible (need, volunteer) pairs of a problem and their component values, vectorised.

The cheap filters (capacity, safeguarding, mother tongue, place) run as dense boolean blocks
of needs x volunteers; only the pairs that pass them get the exact availability overlap and
the component values. The result is a sparse edge list, small next to needs x volunteers.
It must agree with `scoring.hard_filter_reasons` and `scoring.score` (the tests check this).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from . import availability as avail
from .model import COMPONENTS, Candidate, Need, SupportKind, Weights
from .scoring import (
    JAPANESE,
    availability_value,
    continuity_value,
    experience_value,
    language_fit_value,
    level_fit_value,
    travel_value,
)

BASE_COMPONENTS = tuple(name for name in COMPONENTS if name != "load_balance")
NEED_BLOCK = 1024  # needs per dense filter block


@dataclass(frozen=True)
class Edges:
    """Eligible pairs: need_index[e], volunteer_index[e], component values[e] (no load)."""

    need_index: np.ndarray
    volunteer_index: np.ndarray
    values: np.ndarray  # (E, len(BASE_COMPONENTS))

    def __len__(self) -> int:
        return len(self.need_index)

    def base_scores(self, weights: Weights) -> np.ndarray:
        w = np.array([getattr(weights, name) for name in BASE_COMPONENTS], dtype=np.float64)
        return self.values @ w


def _index(values: set[str]) -> dict[str, int]:
    return {value: i for i, value in enumerate(sorted(values))}


def _pair_keys(
    needs: Sequence[Need], vol_pos: dict[Hashable, int], attr: str, n_volunteers: int
) -> np.ndarray:
    keys = [
        i * n_volunteers + vol_pos[vid]
        for i, need in enumerate(needs)
        for vid in getattr(need, attr)
        if vid in vol_pos
    ]
    return np.unique(np.array(keys, dtype=np.int64))


def eligible_edges(needs: Sequence[Need], volunteers: Sequence[Candidate]) -> Edges:
    n, v = len(needs), len(volunteers)
    if n == 0 or v == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Edges(empty, empty, np.zeros((0, len(BASE_COMPONENTS))))

    for kind, items in (("need", needs), ("volunteer", volunteers)):
        if len({x.id for x in items}) != len(items):
            raise ValueError(f"{kind} ids must be unique")

    # --- encode -------------------------------------------------------------------------
    lang = _index(
        {x.mother_tongue for x in needs}
        | {c for x in needs for c in x.other_languages}
        | {c for x in volunteers for c in x.languages}
        | {c for x in volunteers for c in x.support_languages}
        | {JAPANESE}
    )
    place = _index(
        {x.municipality for x in needs if x.municipality}
        | {m for x in volunteers for m in x.reachable_municipalities}
    )
    nowhere = len(place)  # the column for "no municipality" (online-only needs)
    goal = _index({g for x in needs for g in x.goals} | {g for x in volunteers for g in x.goals})
    if len(goal) > 62:
        raise ValueError("at most 62 distinct goals are supported")

    vol_level = np.zeros((v, len(lang)), dtype=np.int8)
    vol_support = np.zeros((v, len(lang)), dtype=bool)
    vol_reach = np.zeros((v, nowhere + 1), dtype=bool)
    vol_home = np.full(v, -1, dtype=np.int64)
    vol_goals = np.zeros(v, dtype=np.int64)
    for j, x in enumerate(volunteers):
        for code, level in x.languages.items():
            vol_level[j, lang[code]] = level
        for code in x.support_languages:
            vol_support[j, lang[code]] = True
        for m in x.reachable_municipalities:
            vol_reach[j, place[m]] = True
        if x.home_municipality:
            vol_home[j] = place[x.home_municipality]
        for g in x.goals:
            vol_goals[j] |= 1 << goal[g]
    vol_has_room = np.array([x.capacity_left > 0 for x in volunteers])
    vol_cleared = np.array([x.safeguarding_cleared for x in volunteers])
    vol_online = np.array([x.online for x in volunteers])
    vol_children = np.array([x.children_experience for x in volunteers], dtype=np.float64)
    vol_teaching = np.array([x.teaching_experience for x in volunteers], dtype=np.float64)
    vol_qualified = np.array([x.qualified for x in volunteers], dtype=np.float64)

    need_mt = np.array([lang[x.mother_tongue] for x in needs])
    need_other = np.zeros((n, len(lang)), dtype=bool)
    need_goals = np.zeros(n, dtype=np.int64)
    for i, need in enumerate(needs):
        for code in need.other_languages - {JAPANESE}:
            need_other[i, lang[code]] = True
        for g in need.goals:
            need_goals[i] |= 1 << goal[g]
    need_place = np.array([place[x.municipality] if x.municipality else nowhere for x in needs])
    need_child = np.array([x.is_child for x in needs])
    need_mt_required = np.array([x.needs_mother_tongue_support for x in needs])
    need_online = np.array([x.online_ok for x in needs])
    need_teaches_japanese = np.array([x.kind == SupportKind.JAPANESE for x in needs])
    need_level = np.array([x.level for x in needs])
    need_minutes = np.array([x.minutes_per_session for x in needs])
    need_sessions = np.array([x.sessions_per_week for x in needs])
    need_available = np.array([x.minutes_available for x in needs])

    # Weekdays with a slot long enough for a session, per distinct session length: a pair can
    # only fit `sessions_per_week` sessions if both sides have that many such weekdays in common.
    lengths, need_length = np.unique(need_minutes, return_inverse=True)
    need_days = np.zeros(n, dtype=np.int64)
    vol_days = np.zeros((len(lengths), v), dtype=np.int64)
    for u, minutes in enumerate(lengths):
        of_length = np.flatnonzero(need_length == u)
        need_days[of_length] = avail.day_masks(
            [needs[i].availability for i in of_length.tolist()], minutes
        )
        vol_days[u] = avail.day_masks([x.availability for x in volunteers], minutes)

    vol_pos = {x.id: j for j, x in enumerate(volunteers)}
    excluded = _pair_keys(needs, vol_pos, "excluded_volunteer_ids", v)
    previous = _pair_keys(needs, vol_pos, "previous_volunteer_ids", v)

    # --- cheap filters, a block of needs at a time ----------------------------------------
    ni_parts, vi_parts = [], []
    for lo in range(0, n, NEED_BLOCK):
        hi = min(n, lo + NEED_BLOCK)
        ok = np.broadcast_to(vol_has_room, (hi - lo, v)).copy()
        ok &= ~need_child[lo:hi, None] | vol_cleared[None, :]
        ok &= ~need_mt_required[lo:hi, None] | vol_support[:, need_mt[lo:hi]].T
        ok &= vol_reach[:, need_place[lo:hi]].T | (need_online[lo:hi, None] & vol_online[None, :])
        common_days = np.bitwise_count(need_days[lo:hi, None] & vol_days[need_length[lo:hi]])
        ok &= common_days >= need_sessions[lo:hi, None]
        rows, cols = np.nonzero(ok)
        ni_parts.append(rows + lo)
        vi_parts.append(cols)
    ni = np.concatenate(ni_parts).astype(np.int64)
    vi = np.concatenate(vi_parts).astype(np.int64)
    if len(excluded):
        keep = ~np.isin(ni * v + vi, excluded)
        ni, vi = ni[keep], vi[keep]

    # --- availability: exact overlap on the pairs left ------------------------------------
    need_av = avail.encode([x.availability for x in needs])
    vol_av = avail.encode([x.availability for x in volunteers])
    overlap, longest = avail.pair_overlaps(need_av, vol_av, ni, vi)
    fits = (longest >= need_minutes[ni, None]).sum(axis=1)
    keep = fits >= need_sessions[ni]
    ni, vi, overlap = ni[keep], vi[keep], overlap[keep]

    # --- component values -----------------------------------------------------------------
    mt = need_mt[ni]
    mt_level = vol_level[vi, mt]
    shared_level = np.zeros(len(ni), dtype=np.int8)
    for code_index in np.flatnonzero(need_other.any(axis=0)):
        speaks = np.where(need_other[ni, code_index], vol_level[vi, code_index], 0)
        np.maximum(shared_level, speaks, out=shared_level)
    japanese_level = vol_level[vi, lang[JAPANESE]]
    places = need_place[ni]
    same_place = (vol_home[vi] == places) & (places != nowhere)
    reachable = vol_reach[vi, places]
    online = need_online[ni] & vol_online[vi]
    need_goal_count = np.bitwise_count(need_goals[ni])
    goal_share = np.where(
        need_goal_count > 0,
        np.bitwise_count(need_goals[ni] & vol_goals[vi]) / np.maximum(need_goal_count, 1),
        0.0,
    )
    supported_before = np.isin(ni * v + vi, previous) if len(previous) else np.zeros(len(ni), bool)

    columns = {
        "language_fit": language_fit_value(vol_support[vi, mt], mt_level, shared_level),
        "level_fit": level_fit_value(
            need_teaches_japanese[ni], japanese_level, mt_level, need_level[ni]
        ),
        "availability": availability_value(overlap, need_available[ni]),
        "travel": travel_value(same_place, reachable, online),
        "experience": experience_value(
            need_child[ni], vol_children[vi], vol_teaching[vi], vol_qualified[vi], goal_share
        ),
        "continuity": continuity_value(supported_before),
    }
    values = np.column_stack(
        [np.asarray(columns[name], dtype=np.float64) for name in BASE_COMPONENTS]
    )
    return Edges(ni, vi, values)
