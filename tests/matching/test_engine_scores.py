"""Score components, weights and explanations of the matching engine."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matching.engine import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    Candidate,
    Need,
    Weights,
    rank,
    score,
)

MON, WED = 0, 2


def learner(**changes) -> Need:
    need = Need(
        id="learner-1",
        mother_tongue="vi",
        other_languages=frozenset({"en"}),
        level=2,
        goals=frozenset({"work", "jlpt"}),
        availability=[(MON, 18 * 60, 20 * 60), (WED, 18 * 60, 20 * 60)],
        sessions_per_week=1,
        minutes_per_session=60,
        municipality="盛岡市",
        online_ok=True,
    )
    return replace(need, **changes)


def volunteer(**changes) -> Candidate:
    base = Candidate(
        id="v",
        languages={"ja": 6},
        home_municipality="盛岡市",
        availability=[(MON, 18 * 60, 20 * 60), (WED, 18 * 60, 20 * 60)],
        capacity=2,
    )
    return replace(base, **changes)


def value(need: Need, vol: Candidate, name: str) -> float:
    return score(need, vol).component(name).value


class TestLanguageFit:
    def test_support_in_the_mother_tongue_is_best(self):
        v = volunteer(languages={"ja": 6, "vi": 6}, support_languages=frozenset({"vi"}))
        assert value(learner(), v, "language_fit") == 1.0

    def test_speaking_the_mother_tongue_beats_a_shared_other_language(self):
        speaks = volunteer(languages={"ja": 6, "vi": 3})
        shares_english = volunteer(languages={"ja": 6, "en": 5})
        assert (
            value(learner(), speaks, "language_fit")
            > value(learner(), shares_english, "language_fit")
            > 0
        )

    def test_a_few_words_are_not_a_shared_language(self):
        assert value(learner(), volunteer(languages={"ja": 6, "en": 2}), "language_fit") == 0.0

    def test_japanese_does_not_count_as_a_shared_other_language(self):
        need = learner(other_languages=frozenset({"ja"}))
        assert value(need, volunteer(), "language_fit") == 0.0


class TestLevelFit:
    def test_native_speaker_fits_a_beginner_fully(self):
        assert value(learner(level=1), volunteer(), "level_fit") == 1.0

    def test_fit_shrinks_as_the_learner_catches_up(self):
        v = volunteer(languages={"ja": 5})  # C1
        fits = [value(learner(level=lv), v, "level_fit") for lv in (1, 2, 3, 4, 5)]
        assert fits == sorted(fits, reverse=True)
        assert fits[-1] == 0.0

    def test_unknown_level_counts_as_beginner(self):
        v = volunteer(languages={"ja": 3})
        assert value(learner(level=0), v, "level_fit") == value(learner(level=1), v, "level_fit")

    def test_mother_tongue_support_needs_both_languages(self):
        need = learner(kind="subject")
        both = volunteer(languages={"ja": 6, "vi": 6}, support_languages=frozenset({"vi"}))
        weak_ja = volunteer(languages={"ja": 3, "vi": 6}, support_languages=frozenset({"vi"}))
        assert value(need, both, "level_fit") == 1.0
        assert 0 < value(need, weak_ja, "level_fit") < 1.0


class TestAvailabilityTravelExperience:
    def test_availability_is_the_share_of_requested_time_covered(self):
        half = volunteer(availability=[(MON, 18 * 60, 20 * 60)])
        assert value(learner(), volunteer(), "availability") == 1.0
        assert value(learner(), half, "availability") == 0.5

    def test_travel_prefers_home_then_reachable_then_online(self):
        home = volunteer()
        commuter = volunteer(home_municipality="滝沢市", municipalities=frozenset({"盛岡市"}))
        online = volunteer(home_municipality="宮古市", online=True)
        values = [value(learner(), v, "travel") for v in (home, commuter, online)]
        assert values[0] > values[1] > values[2] > 0

    def test_children_value_experience_with_children(self):
        child = learner(is_child=True)
        with_children = volunteer(children_experience=True)
        teacher = volunteer(teaching_experience=True)
        assert value(child, with_children, "experience") > value(child, teacher, "experience")

    def test_adults_value_teaching_and_shared_goals(self):
        teacher = volunteer(teaching_experience=True, goals=frozenset({"jlpt", "work"}))
        plain = volunteer()
        assert value(learner(), teacher, "experience") == 0.75
        assert value(learner(), plain, "experience") == 0.0

    def test_previous_supporter_gets_continuity(self):
        need = learner(previous_volunteer_ids=frozenset({"v"}))
        assert value(need, volunteer(), "continuity") == 1.0
        assert value(learner(), volunteer(), "continuity") == 0.0


class TestLoadBalance:
    def test_each_extra_assignment_is_worth_less(self):
        v = volunteer(capacity=3)
        values = [
            score(learner(), v, extra_load=k).component("load_balance").value for k in range(3)
        ]
        assert values == pytest.approx([1.0, 2 / 3, 1 / 3])

    def test_current_assignments_count(self):
        busy = volunteer(capacity=2, active_assignments=1)
        assert value(learner(), busy, "load_balance") == 0.5


class TestBreakdown:
    def test_total_is_the_sum_of_weighted_components(self):
        b = score(learner(), volunteer(teaching_experience=True))
        assert b.total == pytest.approx(sum(c.value * c.weight for c in b.components))
        assert [c.name for c in b.components] == list(COMPONENTS)

    def test_an_ideal_pair_scores_the_maximum(self):
        ideal = volunteer(
            languages={"ja": 6, "vi": 6},
            support_languages=frozenset({"vi"}),
            teaching_experience=True,
            qualified=True,
            goals=frozenset({"work", "jlpt"}),
        )
        need = learner(level=1, previous_volunteer_ids=frozenset({"v"}))
        assert score(need, ideal).total == pytest.approx(DEFAULT_WEIGHTS.maximum) == 100

    def test_every_component_is_explained_in_japanese_and_english(self):
        b = score(learner(), volunteer())
        for c in b.components:
            assert c.explanation("ja") and c.explanation("en")
            assert c.explanation("ja") != c.explanation("en")
            assert c.label("ja") != c.label("en")
        assert "ベトナム語" not in b.component("language_fit").explanation("en")

    def test_explanation_names_the_mother_tongue(self):
        v = volunteer(languages={"ja": 6, "vi": 6}, support_languages=frozenset({"vi"}))
        c = score(learner(), v).component("language_fit")
        assert "Vietnamese" in c.explanation("en")
        assert "ベトナム語" in c.explanation("ja")

    def test_child_level_reads_as_a_stage_not_cefr(self):
        c = score(learner(is_child=True, level=2), volunteer()).component("level_fit")
        assert "stage 2" in c.explanation("en")
        assert "ステージ2" in c.explanation("ja")

    def test_as_dict_carries_points_and_explanations(self):
        d = score(learner(), volunteer()).as_dict("ja")
        assert {c["name"] for c in d["components"]} == set(COMPONENTS)
        assert all("explanation" in c and "points" in c for c in d["components"])


class TestWeights:
    def test_weights_change_the_total(self):
        v = volunteer()
        heavy_travel = Weights(travel=100.0)
        assert score(learner(), v, heavy_travel).total > score(learner(), v).total

    def test_from_mapping_keeps_defaults_for_missing_names(self):
        w = Weights.from_mapping({"travel": 30})
        assert w.travel == 30.0
        assert w.language_fit == DEFAULT_WEIGHTS.language_fit

    def test_unknown_weight_name_is_refused(self):
        with pytest.raises(ValueError, match="unknown"):
            Weights.from_mapping({"charm": 10})

    @pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
    def test_negative_or_non_finite_weight_is_refused(self, bad):
        with pytest.raises(ValueError):
            Weights(travel=bad)


class TestRank:
    def test_rank_returns_eligible_volunteers_best_first(self):
        need = learner(is_child=True)
        cleared_good = volunteer(id="a", safeguarding_cleared=True, children_experience=True)
        cleared_plain = volunteer(id="b", safeguarding_cleared=True)
        not_cleared = volunteer(id="c", children_experience=True, teaching_experience=True)
        ranked = rank(need, [cleared_plain, not_cleared, cleared_good])
        assert [b.volunteer_id for b in ranked] == ["a", "b"]
        assert ranked[0].total >= ranked[1].total

    def test_rank_keeps_k(self):
        vols = [volunteer(id=i) for i in range(9)]
        assert len(rank(learner(), vols, k=5)) == 5
        assert rank(learner(), vols, k=0) == []

    def test_rank_breaks_ties_by_the_order_given(self):
        vols = [volunteer(id=i) for i in (3, 1, 2)]
        assert [b.volunteer_id for b in rank(learner(), vols, k=3)] == [3, 1, 2]

    def test_rank_of_nobody_is_empty(self):
        assert rank(learner(), []) == []
