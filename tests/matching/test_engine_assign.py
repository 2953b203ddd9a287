"""Global assignment: worked examples, and property tests on random instances (hypothesis).

Properties: the assignment never breaks a hard filter or a capacity; its total is at least the
first-come greedy total; on tiny instances it equals the brute-force optimum; the vectorised
filters and scores agree with the one-pair functions.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.engine import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    SupportKind,
    Weights,
    assign,
    greedy_assign,
    hard_filter_reasons,
    score,
    total_score,
)
from matching.engine.batch import BASE_COMPONENTS, eligible_edges

MON, TUE = 0, 1
EVENING = [(MON, 18 * 60, 20 * 60), (TUE, 18 * 60, 20 * 60)]


def need(id, **kw) -> Need:
    base = Need(
        id=id,
        mother_tongue="vi",
        availability=EVENING,
        municipality="盛岡市",
        minutes_per_session=60,
    )
    return replace(base, **kw)


def vol(id, **kw) -> Candidate:
    base = Candidate(id=id, languages={"ja": 6}, home_municipality="盛岡市", availability=EVENING)
    return replace(base, **kw)


# --- worked examples ------------------------------------------------------------------------
def test_optimum_beats_first_come_when_the_first_need_takes_the_only_option_of_the_second():
    # n1 slightly prefers a, but a is n2's only option: greedy gives a to n1 and n2 waits.
    a = vol("a", languages={"ja": 6, "vi": 6}, support_languages=frozenset({"vi"}))
    b = vol("b", languages={"ja": 6, "vi": 4})
    n1 = need("n1")
    n2 = need("n2", kind=SupportKind.SUBJECT)
    greedy = greedy_assign([n1, n2], [a, b])
    optimal = assign([n1, n2], [a, b])
    assert [(m.need_id, m.volunteer_id) for m in greedy] == [("n1", "a")]
    assert {(m.need_id, m.volunteer_id) for m in optimal} == {("n1", "b"), ("n2", "a")}
    assert total_score(optimal) > total_score(greedy)


def test_child_is_never_matched_with_an_uncleared_volunteer_even_if_they_are_the_only_one():
    star = vol(
        "star",
        languages={"ja": 6, "vi": 6},
        support_languages=frozenset({"vi"}),
        children_experience=True,
        teaching_experience=True,
        qualified=True,
    )
    assert assign([need("child", is_child=True)], [star]) == []
    assert greedy_assign([need("child", is_child=True)], [star]) == []


def test_capacity_is_respected_and_load_is_spread():
    # Two identical needs; "a" has two places, "b" one. Spreading earns the load bonus.
    a = vol("a", capacity=2)
    b = vol("b", capacity=1)
    matches = assign([need("n1"), need("n2")], [a, b])
    assert sorted(m.volunteer_id for m in matches) == ["a", "b"]


def test_a_volunteer_with_more_room_still_takes_several_when_nobody_else_can():
    a = vol("a", capacity=3, active_assignments=1)
    matches = assign([need(f"n{i}") for i in range(4)], [a])
    assert len(matches) == 2  # three places, one already taken
    assert sorted(m.score for m in matches) == pytest.approx(
        sorted(score(need("n0"), a, extra_load=k).total for k in (0, 1))
    )


def test_matches_come_back_in_the_order_of_the_needs():
    vols = [vol(i) for i in range(5)]
    needs = [need(f"n{i}") for i in range(5)]
    assert [m.need_id for m in assign(needs, vols)] == [f"n{i}" for i in range(5)]


def test_coverage_first_serves_more_needs_at_some_cost_in_score():
    # "a" fits n1 far better than "b" does, and n2 can only have "a".
    a = vol(
        "a",
        languages={"ja": 6, "vi": 6},
        support_languages=frozenset({"vi"}),
        teaching_experience=True,
        qualified=True,
    )
    n1 = need("n1", previous_volunteer_ids=frozenset({"a"}), goals=frozenset({"work"}))
    n2 = need("n2", kind=SupportKind.SUBJECT, municipality="宮古市", online_ok=True)
    b = vol("b", availability=[(MON, 18 * 60, 19 * 60)])
    a = replace(a, online=True)
    weights = Weights(continuity=200.0)
    best_score = assign([n1, n2], [a, b], weights)
    most_served = assign([n1, n2], [a, b], weights, coverage_first=True)
    assert [(m.need_id, m.volunteer_id) for m in best_score] == [("n1", "a")]
    assert {(m.need_id, m.volunteer_id) for m in most_served} == {("n1", "b"), ("n2", "a")}


def test_empty_inputs_give_no_matches():
    assert assign([], [vol("a")]) == []
    assert assign([need("n")], []) == []
    assert greedy_assign([], []) == []


def test_realistic_instances_are_valid_and_at_least_greedy():
    from bench.matching import check, make_instance

    for seed in range(3):
        needs, vols = make_instance(300, 120, seed=seed)
        optimal = assign(needs, vols)
        greedy = greedy_assign(needs, vols)
        check(optimal, needs, vols)
        check(greedy, needs, vols)
        assert total_score(optimal) >= total_score(greedy) - 1e-6


# --- random instances -----------------------------------------------------------------------
PLACES = ["盛岡市", "花巻市"]
LANGS = ["vi", "zh", "en"]
GOALS = ["work", "jlpt", "daily_life"]
mostly = st.sampled_from([True, True, True, False])
rarely = st.sampled_from([False, False, False, True])


# Coarse times on two weekdays, so that random needs and volunteers often overlap (and often
# only partly, or in pieces too short for a session).
def slots(lengths: list[int]) -> st.SearchStrategy:
    return st.lists(
        st.tuples(
            st.integers(0, 1),
            st.sampled_from([8 * 60, 9 * 60, 9 * 60 + 30, 10 * 60]),
            st.sampled_from(lengths),
        ).map(lambda t: (t[0], t[1], t[1] + t[2])),
        min_size=1,
        max_size=3,
    )


@st.composite
def needs_st(draw, id):
    municipality = draw(st.sampled_from([*PLACES, None]))
    return Need(
        id=id,
        mother_tongue=draw(st.sampled_from(LANGS)),
        kind=draw(st.sampled_from([SupportKind.JAPANESE] * 2 + list(SupportKind))),
        is_child=draw(st.booleans()),
        level=draw(st.integers(0, 6)),
        other_languages=draw(st.frozensets(st.sampled_from([*LANGS, "ja"]))),
        goals=draw(st.frozensets(st.sampled_from(GOALS))),
        availability=draw(slots([60, 90, 120])),
        sessions_per_week=draw(st.sampled_from([1, 1, 2])),
        minutes_per_session=draw(st.sampled_from([30, 45, 60])),
        municipality=municipality,
        online_ok=municipality is None or draw(st.booleans()),
        previous_volunteer_ids=draw(st.frozensets(st.integers(0, 5), max_size=2)),
        excluded_volunteer_ids=draw(st.frozensets(st.integers(0, 5), max_size=1)),
    )


@st.composite
def volunteers_st(draw, id):
    capacity = draw(st.sampled_from([0, 1, 1, 2, 2, 3]))
    languages = {"ja": draw(st.integers(0, 6))}
    for code in draw(st.frozensets(st.sampled_from(LANGS))):
        languages[code] = draw(st.integers(1, 6))
    return Candidate(
        id=id,
        languages=languages,
        support_languages=draw(st.frozensets(st.sampled_from(LANGS))),
        home_municipality=draw(st.sampled_from([*PLACES, None])),
        municipalities=draw(st.frozensets(st.sampled_from(PLACES))),
        online=draw(mostly),
        availability=draw(slots([30, 60, 120, 180, 300])),
        capacity=capacity,
        active_assignments=draw(st.integers(0, capacity)) if draw(rarely) else 0,
        safeguarding_cleared=draw(mostly),
        children_experience=draw(st.booleans()),
        teaching_experience=draw(st.booleans()),
        qualified=draw(rarely),
        goals=draw(st.frozensets(st.sampled_from(GOALS))),
    )


weights_st = st.builds(
    Weights,
    **{name: st.sampled_from([0.0, 1.0, 5.0, 10.0, 25.0, 40.0]) for name in COMPONENTS},
)


@st.composite
def instances(draw, max_needs, max_volunteers, min_needs=0, min_volunteers=0):
    n = draw(st.integers(min_needs, max_needs))
    v = draw(st.integers(min_volunteers, max_volunteers))
    needs = [draw(needs_st(f"n{i}")) for i in range(n)]
    vols = [draw(volunteers_st(j)) for j in range(v)]
    return needs, vols


def base_score(n: Need, v: Candidate, w: Weights) -> float:
    b = score(n, v, w)
    return b.total - b.component("load_balance").points


def load_points(v: Candidate, taken: int, w: Weights) -> float:
    return sum(w.load_balance * (1 - (v.active_assignments + k) / v.capacity) for k in range(taken))


def assert_valid(matches, needs, vols):
    by_need = {n.id: n for n in needs}
    by_vol = {v.id: v for v in vols}
    assert len({m.need_id for m in matches}) == len(matches)
    for vid, count in Counter(m.volunteer_id for m in matches).items():
        assert count <= by_vol[vid].capacity_left
    for m in matches:
        assert hard_filter_reasons(by_need[m.need_id], by_vol[m.volunteer_id]) == []


def brute_force(needs, vols, w):
    """Best (served, total) over every valid assignment, by enumeration."""
    base = {
        (i, j): base_score(n, v, w)
        for i, n in enumerate(needs)
        for j, v in enumerate(vols)
        if not hard_filter_reasons(n, v)
    }
    options = [[None] + [j for j in range(len(vols)) if (i, j) in base] for i in range(len(needs))]
    best_total, best_cover = 0.0, (0, 0.0)
    for choice in itertools.product(*options):
        taken = Counter(j for j in choice if j is not None)
        if any(count > vols[j].capacity_left for j, count in taken.items()):
            continue
        total = sum(base[i, j] for i, j in enumerate(choice) if j is not None)
        total += sum(load_points(vols[j], count, w) for j, count in taken.items())
        best_total = max(best_total, total)
        best_cover = max(best_cover, (sum(taken.values()), total))
    return best_total, best_cover


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(instances(max_needs=12, max_volunteers=8), weights_st, st.booleans())
def test_assignment_never_violates_a_hard_filter_or_capacity(instance, weights, coverage_first):
    needs, vols = instance
    matches = assign(needs, vols, weights, coverage_first=coverage_first)
    assert_valid(matches, needs, vols)


@PROPERTY
@given(instances(max_needs=12, max_volunteers=8), weights_st)
def test_greedy_baseline_is_valid_and_never_beats_the_optimum(instance, weights):
    needs, vols = instance
    greedy = greedy_assign(needs, vols, weights)
    optimal = assign(needs, vols, weights)
    assert_valid(greedy, needs, vols)
    assert total_score(optimal) >= total_score(greedy) - 1e-7


@settings(PROPERTY, max_examples=400)
@given(instances(max_needs=5, max_volunteers=3, min_needs=2, min_volunteers=1), weights_st)
def test_optimum_equals_brute_force_on_tiny_instances(instance, weights):
    needs, vols = instance
    best_total, (best_served, best_total_at_best_served) = brute_force(needs, vols, weights)
    optimal = assign(needs, vols, weights)
    assert total_score(optimal) == pytest.approx(best_total, abs=1e-7)
    covering = assign(needs, vols, weights, coverage_first=True)
    assert len(covering) == best_served
    assert total_score(covering) == pytest.approx(best_total_at_best_served, abs=1e-7)


@PROPERTY
@given(instances(max_needs=12, max_volunteers=8), weights_st)
def test_match_scores_are_the_pair_scores_with_each_volunteers_load(instance, weights):
    needs, vols = instance
    by_need = {n.id: n for n in needs}
    by_vol = {v.id: v for v in vols}
    matches = assign(needs, vols, weights)
    expected = sum(base_score(by_need[m.need_id], by_vol[m.volunteer_id], weights) for m in matches)
    expected += sum(
        load_points(by_vol[vid], count, weights)
        for vid, count in Counter(m.volunteer_id for m in matches).items()
    )
    assert total_score(matches) == pytest.approx(expected, abs=1e-7)


@PROPERTY
@given(instances(max_needs=10, max_volunteers=8))
def test_vectorised_filters_and_scores_agree_with_the_one_pair_functions(instance):
    needs, vols = instance
    edges = eligible_edges(needs, vols)
    got = {
        (int(i), int(j)): row
        for i, j, row in zip(edges.need_index, edges.volunteer_index, edges.values, strict=True)
    }
    expected = {
        (i, j)
        for i, n in enumerate(needs)
        for j, v in enumerate(vols)
        if not hard_filter_reasons(n, v)
    }
    assert set(got) == expected
    for (i, j), row in got.items():
        b = score(needs[i], vols[j])
        scalar = [b.component(name).value for name in BASE_COMPONENTS]
        np.testing.assert_allclose(row, scalar, atol=1e-12)


def test_weights_shift_the_optimum():
    # "near" lives where the learner is; "fluent" speaks the mother tongue but travels online.
    near = vol("near")
    fluent = vol(
        "fluent",
        home_municipality="宮古市",
        online=True,
        languages={"ja": 6, "vi": 6},
        support_languages=frozenset({"vi"}),
    )
    n = need("n", online_ok=True)
    travel_heavy = Weights(language_fit=5, travel=50)
    language_heavy = Weights(language_fit=50, travel=5)
    assert assign([n], [near, fluent], travel_heavy)[0].volunteer_id == "near"
    assert assign([n], [near, fluent], language_heavy)[0].volunteer_id == "fluent"
    assert DEFAULT_WEIGHTS.maximum == 100
