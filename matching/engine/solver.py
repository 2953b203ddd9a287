"""Global assignment of volunteers to needs, the first-come greedy baseline, and ranking.

The optimum is a maximum-weight b-matching: each need takes at most one volunteer, each
volunteer at most `capacity_left` needs. Each volunteer becomes one column per capacity
slot they could use; the k-th slot carries the load-balance value of a k-th extra assignment,
which falls with k, so slots fill in order and the column model is exact. The bipartite
graph keeps eligible edges only (ineligible pairs are absent, so they can never be chosen),
plus one private "stays open" column per need, which guarantees a full matching; scipy's
sparse LAPJV (`min_weight_full_bipartite_matching`) then solves it exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .batch import Edges, eligible_edges
from .model import (
    DEFAULT_NAMES,
    DEFAULT_WEIGHTS,
    Candidate,
    Match,
    Names,
    Need,
    ScoreBreakdown,
    Weights,
)
from .scoring import load_balance_value, score


def _volunteer_arrays(volunteers: Sequence[Candidate]) -> tuple[np.ndarray, ...]:
    active = np.array([x.active_assignments for x in volunteers], dtype=np.int64)
    capacity = np.array([x.capacity for x in volunteers], dtype=np.int64)
    room = np.array([x.capacity_left for x in volunteers], dtype=np.int64)
    return active, capacity, room


def _matches(
    needs: Sequence[Need],
    volunteers: Sequence[Candidate],
    weights: Weights,
    need_index: np.ndarray,
    volunteer_index: np.ndarray,
    base: np.ndarray,
) -> list[Match]:
    """Matches with scores; each volunteer's k-th new assignment carries the k-th load value."""
    active, capacity, _ = _volunteer_arrays(volunteers)
    order = np.lexsort((-base, volunteer_index))  # by volunteer, best first
    vi, ni, b = volunteer_index[order], need_index[order], base[order]
    first = np.r_[True, vi[1:] != vi[:-1]]
    group_start = np.maximum.accumulate(np.where(first, np.arange(len(vi)), 0))
    k = np.arange(len(vi)) - group_start
    scores = b + weights.load_balance * load_balance_value(active[vi] + k, capacity[vi])
    by_need = np.argsort(ni, kind="stable")
    return [Match(needs[ni[e]].id, volunteers[vi[e]].id, float(scores[e])) for e in by_need]


def assign(
    needs: Sequence[Need],
    volunteers: Sequence[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
    *,
    coverage_first: bool = False,
) -> list[Match]:
    """The assignment with the highest total score that respects every hard filter and capacity.

    With `coverage_first`, it first serves as many needs as possible, then maximises the score
    among those assignments (a lexicographic optimum). Returns matches in the order of `needs`.
    """
    edges = eligible_edges(needs, volunteers)
    if len(edges) == 0:
        return []
    return _solve(needs, volunteers, weights, edges, coverage_first)


def _solve(
    needs: Sequence[Need],
    volunteers: Sequence[Candidate],
    weights: Weights,
    edges: Edges,
    coverage_first: bool,
) -> list[Match]:
    n_vol = len(volunteers)
    active, capacity, room = _volunteer_arrays(volunteers)
    ni, vi = edges.need_index, edges.volunteer_index
    base = edges.base_scores(weights)

    # One column per capacity slot a volunteer could fill (never more than their edges).
    slots = np.minimum(room, np.bincount(vi, minlength=n_vol))
    slot_start = np.cumsum(slots) - slots
    n_slots = int(slots.sum())
    copies = slots[vi]
    edge_of = np.repeat(np.arange(len(edges)), copies)
    k = np.arange(len(edge_of)) - np.repeat(np.cumsum(copies) - copies, copies)
    v_of = vi[edge_of]
    col = slot_start[v_of] + k
    profit = base[edge_of] + weights.load_balance * load_balance_value(
        active[v_of] + k, capacity[v_of]
    )

    need_rows, row = np.unique(ni[edge_of], return_inverse=True)
    n_rows = len(need_rows)
    top = float(profit.max(initial=0.0)) + 1.0
    # Coverage first: one more need served outweighs any possible difference in score.
    bonus = (n_rows + 1) * top if coverage_first else 0.0
    # Costs must be non-zero for the sparse solver: real edges cost >= 1, "stays open" top+bonus.
    real_cost = top - profit  # >= 1
    open_cost = np.full(n_rows, top + bonus)
    graph = csr_array(
        (
            np.concatenate([real_cost, open_cost]),
            (
                np.concatenate([row, np.arange(n_rows)]),
                np.concatenate([col, n_slots + np.arange(n_rows)]),
            ),
        ),
        shape=(n_rows, n_slots + n_rows),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    served = col_ind < n_slots
    chosen_need = need_rows[row_ind[served]]
    slot_owner = np.repeat(np.arange(n_vol), slots)
    chosen_vol = slot_owner[col_ind[served]]

    # Base score of each chosen (need, volunteer) pair, looked up among the edges.
    keys = ni * n_vol + vi
    key_order = np.argsort(keys)
    at = key_order[np.searchsorted(keys, chosen_need * n_vol + chosen_vol, sorter=key_order)]
    return _matches(needs, volunteers, weights, chosen_need, chosen_vol, base[at])


def greedy_assign(
    needs: Sequence[Need],
    volunteers: Sequence[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
) -> list[Match]:
    """First come, first served: each need in turn takes its best volunteer with room left.

    The baseline the optimum is measured against (what a coordinator does by hand).
    """
    edges = eligible_edges(needs, volunteers)
    if len(edges) == 0:
        return []
    active, capacity, room = _volunteer_arrays(volunteers)
    base = edges.base_scores(weights)
    ni, vi = edges.need_index, edges.volunteer_index
    bounds = np.searchsorted(ni, np.arange(len(needs) + 1))  # edges come sorted by need
    used = np.zeros(len(volunteers), dtype=np.int64)
    chosen_need, chosen_vol = [], []
    for i in range(len(needs)):
        lo, hi = bounds[i], bounds[i + 1]
        if lo == hi:
            continue
        cand = vi[lo:hi]
        gain = base[lo:hi] + weights.load_balance * load_balance_value(
            active[cand] + used[cand], capacity[cand]
        )
        gain = np.where(used[cand] < room[cand], gain, -np.inf)
        best = int(np.argmax(gain))
        if gain[best] == -np.inf:
            continue
        used[cand[best]] += 1
        chosen_need.append(i)
        chosen_vol.append(int(cand[best]))
    if not chosen_need:
        return []
    keys = ni * len(volunteers) + vi
    wanted = np.array(chosen_need) * len(volunteers) + np.array(chosen_vol)
    at = np.searchsorted(keys, wanted)  # keys are sorted: by need, then volunteer
    return _matches(
        needs, volunteers, weights, np.array(chosen_need), np.array(chosen_vol), base[at]
    )


def rank(
    need: Need,
    volunteers: Sequence[Candidate],
    weights: Weights = DEFAULT_WEIGHTS,
    k: int = 5,
    *,
    names: Names = DEFAULT_NAMES,
) -> list[ScoreBreakdown]:
    """The k best eligible volunteers for one need, best first, each with its explanation."""
    edges = eligible_edges([need], volunteers)
    if len(edges) == 0 or k <= 0:
        return []
    active, capacity, _ = _volunteer_arrays(volunteers)
    vi = edges.volunteer_index
    totals = edges.base_scores(weights) + weights.load_balance * load_balance_value(
        active[vi], capacity[vi]
    )
    best = np.lexsort((vi, -totals))[:k]  # ties keep the volunteers' order
    return [score(need, volunteers[vi[e]], weights, names=names) for e in best]
