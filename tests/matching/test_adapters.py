"""Models -> engine: needs, candidates, history (continuity, declines), weights, suggestions."""

from __future__ import annotations

from datetime import date

import pytest

from matching import adapters, engine, workflow
from tests.matching.factories import (
    LearnerProfileFactory,
    SupportRequestFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db


def test_request_becomes_a_child_need_with_its_times_in_minutes():
    request = SupportRequestFactory(
        kind="subject", japanese_stage=3, times=[(1, "10:40", "11:25"), (3, "13:30", "14:15")]
    )
    need = adapters.to_need(request)
    assert need.id == f"request-{request.pk}"
    assert need.is_child and need.needs_mother_tongue_support
    assert need.level == 3
    assert need.availability == ((1, 640, 685), (3, 810, 855))
    assert need.municipality == "morioka"


def test_learner_without_municipality_is_online_only():
    learner = LearnerProfileFactory(municipality="", online_ok=True, level=None)
    need = adapters.to_need(learner)
    assert need.municipality is None and need.online_ok
    assert need.level == engine.UNKNOWN_LEVEL


def test_volunteer_becomes_a_candidate_with_support_languages_and_load():
    profile = VolunteerProfileFactory(
        languages={"ja": 6, "vi": 5, "en": 3},
        languages__support=["vi"],
        reachable_municipalities=["hanamaki"],
        qualification="kentei",
    )
    candidate = adapters.to_candidate(profile, load=1, today=date.today())
    assert candidate.languages == {"ja": 6, "vi": 5, "en": 3}
    assert candidate.support_languages == {"vi"}
    assert candidate.reachable_municipalities == {"morioka", "hanamaki"}
    assert candidate.active_assignments == 1
    assert candidate.qualified and candidate.safeguarding_cleared


def test_a_new_request_for_the_same_child_remembers_the_previous_supporter(coordinator):
    first = SupportRequestFactory(child_identifier="K-1", school_name="A小学校")
    supporter = VolunteerProfileFactory()
    a = workflow.propose(coordinator, supporter, request=first)
    workflow.accept(supporter.user, a)
    workflow.approve(coordinator, a)
    workflow.end(coordinator, a, close_need=True)
    next_year = SupportRequestFactory(child_identifier="K-1", school_name="A小学校")
    other_child = SupportRequestFactory(child_identifier="K-2", school_name="A小学校")
    previous, _ = adapters._history([next_year, other_child])
    assert previous[adapters.need_key(next_year)] == {supporter.pk}
    assert adapters.need_key(other_child) not in previous
    top = adapters.suggest_for(next_year)
    assert top[0].volunteer == supporter
    assert top[0].breakdown.component("continuity").value == 1.0


def test_weights_come_from_settings(settings):
    settings.MATCHING_WEIGHTS = {"travel": 40, "continuity": 0}
    w = adapters.weights()
    assert (w.travel, w.continuity) == (40.0, 0.0)
    assert w.language_fit == engine.DEFAULT_WEIGHTS.language_fit
    settings.MATCHING_WEIGHTS = {"charm": 1}
    with pytest.raises(ValueError):
        adapters.weights()


def test_global_suggestions_respect_capacity_and_pending_proposals(coordinator):
    one_place = VolunteerProfileFactory(max_active_assignments=1)
    requests = [SupportRequestFactory() for _ in range(3)]
    suggestions = adapters.suggest_all()
    assert len(suggestions) == 1
    assert suggestions[0].volunteer == one_place
    workflow.propose(coordinator, one_place, request=requests[0])
    assert adapters.suggest_all() == []  # the proposal holds the only place


def test_global_suggestions_serve_both_where_first_come_would_serve_one():
    # The first request could take either volunteer; the second only the Vietnamese speaker.
    first = SupportRequestFactory()
    second = SupportRequestFactory(kind="subject")
    speaker = VolunteerProfileFactory(
        languages={"ja": 6, "vi": 6}, languages__support=["vi"], max_active_assignments=1
    )
    plain = VolunteerProfileFactory(max_active_assignments=1)
    pairs = {(s.need, s.volunteer) for s in adapters.suggest_all()}
    assert pairs == {(first, plain), (second, speaker)}


def test_explanations_name_places_and_languages_in_both_languages():
    request = SupportRequestFactory()
    VolunteerProfileFactory()
    (suggestion,) = adapters.suggest_for(request)
    travel = suggestion.breakdown.component("travel")
    assert "盛岡市" in travel.explanation("ja")
    assert "Morioka" in travel.explanation("en")
