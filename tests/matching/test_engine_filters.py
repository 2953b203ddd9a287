"""Hard filters of the matching engine: each one alone, and the exact availability overlap."""

from __future__ import annotations

from dataclasses import replace

import pytest

from matching.engine import (
    Candidate,
    Need,
    Reason,
    hard_filter_reasons,
    is_safeguarding_valid,
    normalise_availability,
    reason_text,
)
from matching.engine.availability import overlap_by_day, sessions_that_fit

MON, TUE, WED = 0, 1, 2


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def child_need(**changes) -> Need:
    need = Need(
        id="req-1",
        mother_tongue="vi",
        kind="japanese",
        is_child=True,
        level=2,
        availability=[(MON, hm("9:00"), hm("10:00")), (WED, hm("9:00"), hm("10:00"))],
        sessions_per_week=2,
        minutes_per_session=45,
        municipality="盛岡市",
    )
    return replace(need, **changes)


def volunteer(**changes) -> Candidate:
    base = Candidate(
        id="vol-1",
        languages={"ja": 6, "vi": 4},
        support_languages=frozenset({"vi"}),
        home_municipality="盛岡市",
        availability=[(MON, hm("8:00"), hm("12:00")), (WED, hm("8:00"), hm("12:00"))],
        capacity=2,
        safeguarding_cleared=True,
    )
    return replace(base, **changes)


def test_a_fitting_pair_has_no_reasons():
    assert hard_filter_reasons(child_need(), volunteer()) == []


def test_volunteer_without_valid_check_is_never_eligible_for_a_child():
    assert hard_filter_reasons(child_need(), volunteer(safeguarding_cleared=False)) == [
        Reason.SAFEGUARDING
    ]


def test_adult_learner_does_not_need_safeguarding_clearance():
    adult = child_need(is_child=False)
    assert hard_filter_reasons(adult, volunteer(safeguarding_cleared=False)) == []


@pytest.mark.parametrize("kind", ["subject", "interpreting"])
def test_mother_tongue_support_needs_a_shared_support_language(kind):
    need = child_need(kind=kind)
    assert hard_filter_reasons(need, volunteer()) == []
    assert hard_filter_reasons(need, volunteer(support_languages=frozenset({"zh"}))) == [
        Reason.MOTHER_TONGUE
    ]


def test_speaking_the_language_without_offering_support_is_not_enough():
    need = child_need(kind="subject")
    assert Reason.MOTHER_TONGUE in hard_filter_reasons(
        need, volunteer(support_languages=frozenset())
    )


def test_japanese_instruction_does_not_need_the_mother_tongue():
    assert hard_filter_reasons(child_need(), volunteer(support_languages=frozenset())) == []


def test_a_need_can_demand_mother_tongue_support_explicitly():
    need = child_need(requires_mother_tongue_support=True)
    assert hard_filter_reasons(need, volunteer(support_languages=frozenset())) == [
        Reason.MOTHER_TONGUE
    ]


def test_unreachable_municipality_is_filtered():
    far = volunteer(home_municipality="宮古市")
    assert hard_filter_reasons(child_need(), far) == [Reason.LOCATION]


def test_reachable_municipality_besides_home_is_accepted():
    commuter = volunteer(home_municipality="滝沢市", municipalities=frozenset({"盛岡市"}))
    assert hard_filter_reasons(child_need(), commuter) == []


def test_online_works_only_when_both_sides_allow_it():
    far_online = volunteer(home_municipality="宮古市", online=True)
    assert hard_filter_reasons(child_need(online_ok=True), far_online) == []
    assert hard_filter_reasons(child_need(online_ok=False), far_online) == [Reason.LOCATION]
    far_offline = volunteer(home_municipality="宮古市", online=False)
    assert hard_filter_reasons(child_need(online_ok=True), far_offline) == [Reason.LOCATION]


def test_online_only_learner_matches_online_volunteer_anywhere():
    learner = child_need(is_child=False, municipality=None, online_ok=True)
    assert hard_filter_reasons(learner, volunteer(online=True)) == []
    assert hard_filter_reasons(learner, volunteer(online=False)) == [Reason.LOCATION]


def test_full_volunteer_is_filtered():
    assert hard_filter_reasons(child_need(), volunteer(capacity=2, active_assignments=2)) == [
        Reason.CAPACITY
    ]
    assert hard_filter_reasons(child_need(), volunteer(capacity=0)) == [Reason.CAPACITY]


def test_excluded_volunteer_is_filtered():
    need = child_need(excluded_volunteer_ids=frozenset({"vol-1"}))
    assert hard_filter_reasons(need, volunteer()) == [Reason.EXCLUDED]


def test_too_little_shared_time_is_filtered():
    only_monday = volunteer(availability=[(MON, hm("8:00"), hm("12:00"))])
    assert hard_filter_reasons(child_need(), only_monday) == [Reason.AVAILABILITY]
    assert hard_filter_reasons(child_need(sessions_per_week=1), only_monday) == []


def test_a_session_needs_one_unbroken_stretch():
    # Monday 9:00-9:30 and 9:40-10:00 overlap for 50 minutes, but no 45 minutes in one go.
    broken = volunteer(availability=[(MON, hm("9:00"), hm("9:30")), (MON, hm("9:40"), hm("10:00"))])
    need = child_need(sessions_per_week=1)
    total, longest = overlap_by_day(need.availability, broken.availability)
    assert total == 50
    assert longest[MON] == 30
    assert hard_filter_reasons(need, broken) == [Reason.AVAILABILITY]


def test_touching_slots_merge_into_one_stretch():
    touching = volunteer(
        availability=[(MON, hm("9:00"), hm("9:30")), (MON, hm("9:30"), hm("10:00"))]
    )
    assert touching.availability == ((MON, hm("9:00"), hm("10:00")),)
    assert hard_filter_reasons(child_need(sessions_per_week=1), touching) == []


def test_sessions_are_counted_once_per_weekday():
    need = child_need(availability=[(MON, hm("9:00"), hm("12:00"))], sessions_per_week=2)
    # Three hours on Monday fit several sessions, but the request wants two different days.
    assert sessions_that_fit(need.availability, volunteer().availability, 45) == 1
    assert hard_filter_reasons(need, volunteer()) == [Reason.AVAILABILITY]


def test_overlap_is_exact_to_the_minute():
    a = normalise_availability([(TUE, 601, 677), (TUE, 700, 760)])
    b = normalise_availability([(TUE, 650, 710), (TUE, 759, 800)])
    total, longest = overlap_by_day(a, b)
    assert total == (677 - 650) + (710 - 700) + (760 - 759)
    assert longest[TUE] == 27


def test_same_hours_on_different_weekdays_do_not_overlap():
    a = [(MON, 600, 700)]
    b = [(TUE, 600, 700)]
    assert overlap_by_day(a, b) == (0, (0,) * 7)


def test_every_failing_filter_is_reported():
    hopeless = volunteer(
        safeguarding_cleared=False,
        support_languages=frozenset(),
        home_municipality="宮古市",
        availability=[],
        active_assignments=2,
    )
    reasons = hard_filter_reasons(child_need(kind="subject"), hopeless)
    assert set(reasons) == {
        Reason.CAPACITY,
        Reason.SAFEGUARDING,
        Reason.MOTHER_TONGUE,
        Reason.LOCATION,
        Reason.AVAILABILITY,
    }


@pytest.mark.parametrize("reason", list(Reason))
def test_every_reason_reads_in_japanese_and_english(reason):
    assert reason_text(reason, "ja") != reason_text(reason, "en")
    assert reason_text(reason, "ja") and reason_text(reason, "en")


@pytest.mark.parametrize(
    "slot",
    [(7, 0, 60), (-1, 0, 60), (0, 60, 60), (0, 100, 50), (0, -5, 10), (0, 0, 1441)],
)
def test_invalid_slots_are_refused(slot):
    with pytest.raises(ValueError):
        normalise_availability([slot])


def test_a_need_must_have_a_place_or_allow_online():
    with pytest.raises(ValueError):
        child_need(municipality=None, online_ok=False)


class TestSafeguardingValidity:
    def test_check_and_training_within_three_years_are_valid(self):
        from datetime import date

        assert is_safeguarding_valid(date(2024, 4, 1), True, today=date(2025, 4, 1))

    def test_missing_training_is_invalid(self):
        from datetime import date

        assert not is_safeguarding_valid(date(2024, 4, 1), False, today=date(2025, 4, 1))

    def test_no_check_is_invalid(self):
        from datetime import date

        assert not is_safeguarding_valid(None, True, today=date(2025, 4, 1))

    def test_expired_check_is_invalid(self):
        from datetime import date

        assert not is_safeguarding_valid(date(2020, 4, 1), True, today=date(2025, 4, 1))

    def test_check_dated_in_the_future_is_invalid(self):
        from datetime import date

        assert not is_safeguarding_valid(date(2026, 1, 1), True, today=date(2025, 4, 1))
