"""The matching workflow: every transition, who may make it, the log, and the notifications."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from matching import adapters, workflow
from matching.models import Assignment, AssignmentEvent, SupportRequest
from matching.workflow import MatchingError
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.matching.factories import (
    AssignmentFactory,
    LearnerProfileFactory,
    SupportRequestFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db

Status = Assignment.Status


@pytest.fixture
def volunteer_profile():
    return VolunteerProfileFactory()


@pytest.fixture
def child_request():
    return SupportRequestFactory()


def proposed(coordinator, volunteer_profile, child_request) -> Assignment:
    return workflow.propose(coordinator, volunteer_profile, request=child_request)


def test_whole_workflow_from_proposal_to_end_is_logged_with_who_and_when(
    coordinator, volunteer_profile, child_request, django_capture_on_commit_callbacks
):
    volunteer_user = volunteer_profile.user
    with django_capture_on_commit_callbacks(execute=True):
        a = workflow.propose(coordinator, volunteer_profile, request=child_request, note="good fit")
        workflow.accept(volunteer_user, a)
        workflow.approve(coordinator, a)
        workflow.activate(coordinator, a, started_on=date(2026, 4, 10))
        workflow.log_session(volunteer_user, a, held_on=date(2026, 4, 13), minutes=45)
        workflow.log_session(volunteer_user, a, held_on=date(2026, 4, 20), minutes=45)
        workflow.end(coordinator, a, reason="school year over", close_need=True)

    a.refresh_from_db()
    assert a.status == Status.ENDED
    assert a.started_on == date(2026, 4, 10)
    assert a.ended_on == timezone.localdate()
    assert a.hours_logged == 1.5
    events = list(a.events.order_by("at", "id"))
    assert [(e.action, e.from_status, e.to_status) for e in events] == [
        ("propose", "", "proposed"),
        ("accept", "proposed", "accepted"),
        ("approve", "accepted", "approved"),
        ("activate", "approved", "active"),
        ("end", "active", "ended"),
    ]
    assert [e.actor for e in events] == [
        coordinator,
        volunteer_user,
        coordinator,
        coordinator,
        coordinator,
    ]
    assert all(e.at is not None and e.actor_label for e in events)
    assert events[0].note == "good fit"
    assert events[-1].note == "school year over"
    child_request.refresh_from_db()
    assert child_request.status == SupportRequest.Status.CLOSED
    # Volunteer: proposed, approved, activated, ended; coordinator: accepted.
    to_volunteer = [m for m in mail.outbox if m.to == [volunteer_user.email]]
    to_coordinator = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert len(to_volunteer) == 4
    assert len(to_coordinator) == 1
    assert "A new match is proposed to you" in to_volunteer[0].subject


def test_emails_never_carry_the_childs_details(
    coordinator, volunteer_profile, child_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = proposed(coordinator, volunteer_profile, child_request)
        workflow.accept(volunteer_profile.user, a)
        workflow.approve(coordinator, a)
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body
        assert child_request.school_name not in text
        assert child_request.child_identifier not in text
        assert child_request.requested_by_email not in text


def test_nothing_is_sent_when_the_transaction_rolls_back(
    coordinator, volunteer_profile, child_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                proposed(coordinator, volunteer_profile, child_request)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Assignment.objects.exists()


def test_decline_is_logged_and_the_volunteer_is_not_proposed_again(
    coordinator, volunteer_profile, child_request
):
    a = proposed(coordinator, volunteer_profile, child_request)
    workflow.decline(volunteer_profile.user, a, reason="too far")
    a.refresh_from_db()
    assert a.status == Status.DECLINED
    event = a.events.last()
    assert (event.action, event.actor, event.note) == ("decline", volunteer_profile.user, "too far")
    assert volunteer_profile not in [s.volunteer for s in adapters.suggest_for(child_request)]
    with pytest.raises(MatchingError) as exc:
        proposed(coordinator, volunteer_profile, child_request)
    assert exc.value.code == "not_eligible"


def test_another_volunteer_can_be_proposed_after_a_decline(
    coordinator, volunteer_profile, child_request
):
    a = proposed(coordinator, volunteer_profile, child_request)
    workflow.decline(volunteer_profile.user, a)
    other = VolunteerProfileFactory()
    assert proposed(coordinator, other, child_request).status == Status.PROPOSED


def test_withdraw_frees_the_request(coordinator, volunteer_profile, child_request):
    a = proposed(coordinator, volunteer_profile, child_request)
    workflow.withdraw(coordinator, a, reason="school cancelled")
    assert Assignment.objects.get(pk=a.pk).status == Status.WITHDRAWN
    assert child_request in adapters.open_requests()


@pytest.mark.parametrize(
    "steps, action, code",
    [
        ([], "approve", "bad_state"),  # approve before the volunteer accepted
        ([], "activate", "bad_state"),
        ([], "end", "bad_state"),
        (["accept"], "accept", "bad_state"),  # twice
        (["accept", "approve"], "withdraw", "bad_state"),
        (["accept", "approve"], "decline", "bad_state"),
        (["accept", "approve", "activate", "end"], "activate", "bad_state"),
    ],
)
def test_invalid_transitions_raise_matching_error(
    coordinator, volunteer_profile, child_request, steps, action, code
):
    a = proposed(coordinator, volunteer_profile, child_request)
    actor_of = {
        "accept": volunteer_profile.user,
        "decline": volunteer_profile.user,
        "approve": coordinator,
        "activate": coordinator,
        "end": coordinator,
        "withdraw": coordinator,
    }
    for step in steps:
        workflow.ACTIONS[step](actor_of[step], a)
    before = a.events.count()
    with pytest.raises(MatchingError) as exc:
        workflow.ACTIONS[action](actor_of[action], a)
    assert exc.value.code == code
    assert a.events.count() == before  # nothing logged for a refused change


def test_only_the_addressed_volunteer_may_accept_or_decline(
    coordinator, volunteer_profile, child_request
):
    a = proposed(coordinator, volunteer_profile, child_request)
    stranger = VolunteerProfileFactory().user
    for act in (workflow.accept, workflow.decline):
        with pytest.raises(MatchingError) as exc:
            act(stranger, a)
        assert exc.value.code == "not_your_proposal"
    with pytest.raises(MatchingError):
        workflow.accept(coordinator, a)  # not even a coordinator accepts for them
    assert Assignment.objects.get(pk=a.pk).status == Status.PROPOSED


@pytest.mark.parametrize("action", ["approve", "activate", "end", "withdraw"])
def test_only_coordinators_approve_activate_end_or_withdraw(
    coordinator, volunteer_profile, child_request, editor, action
):
    a = proposed(coordinator, volunteer_profile, child_request)
    for user in (volunteer_profile.user, editor):
        with pytest.raises(MatchingError) as exc:
            workflow.ACTIONS[action](user, a)
        assert exc.value.code == "not_coordinator"


def test_only_coordinators_propose(volunteer_profile, child_request, editor):
    for user in (volunteer_profile.user, editor):
        with pytest.raises(MatchingError) as exc:
            workflow.propose(user, volunteer_profile, request=child_request)
        assert exc.value.code == "not_coordinator"
    assert not Assignment.objects.exists()


def test_volunteer_without_valid_check_is_never_proposed_for_a_child(coordinator, child_request):
    uncleared = VolunteerProfileFactory(uncleared=True)
    with pytest.raises(MatchingError) as exc:
        workflow.propose(coordinator, uncleared, request=child_request)
    assert exc.value.code == "safeguarding"
    expired = VolunteerProfileFactory(background_check_on=date(2015, 1, 1))
    with pytest.raises(MatchingError):
        workflow.propose(coordinator, expired, request=child_request)
    assert not Assignment.objects.exists()


def test_a_check_that_expired_after_the_proposal_blocks_approval(
    coordinator, volunteer_profile, child_request
):
    a = proposed(coordinator, volunteer_profile, child_request)
    workflow.accept(volunteer_profile.user, a)
    later = volunteer_profile.background_check_on + timedelta(days=4 * 365)
    with pytest.raises(MatchingError) as exc:
        workflow.approve(coordinator, a, today=later)
    assert exc.value.code == "safeguarding"
    assert Assignment.objects.get(pk=a.pk).status == Status.ACCEPTED


def test_adult_learners_do_not_need_a_safeguarding_check(coordinator):
    uncleared = VolunteerProfileFactory(uncleared=True)
    learner = LearnerProfileFactory()
    a = workflow.propose(coordinator, uncleared, learner=learner)
    workflow.accept(uncleared.user, a)
    assert workflow.approve(coordinator, a).status == Status.APPROVED


def test_request_without_consent_is_not_matched(coordinator, volunteer_profile):
    no_consent = SupportRequestFactory(consent_recorded=False, consent_recorded_on=None)
    with pytest.raises(MatchingError) as exc:
        workflow.propose(coordinator, volunteer_profile, request=no_consent)
    assert exc.value.code == "no_consent"
    assert no_consent not in adapters.open_requests()


def test_closed_request_is_not_matched(coordinator, volunteer_profile):
    closed = SupportRequestFactory(status=SupportRequest.Status.CLOSED)
    with pytest.raises(MatchingError) as exc:
        workflow.propose(coordinator, volunteer_profile, request=closed)
    assert exc.value.code == "need_closed"


def test_one_live_assignment_per_request(coordinator, volunteer_profile, child_request):
    proposed(coordinator, volunteer_profile, child_request)
    with pytest.raises(MatchingError) as exc:
        proposed(coordinator, VolunteerProfileFactory(), child_request)
    assert exc.value.code == "need_taken"


def test_database_refuses_a_second_live_assignment_even_past_the_workflow(child_request):
    AssignmentFactory(request=child_request)
    with pytest.raises(IntegrityError), transaction.atomic():
        AssignmentFactory(request=child_request)


def test_live_statuses_in_the_constraint_match_holds_place():
    constraint = next(
        c
        for c in Assignment._meta.constraints
        if c.name == "matching_one_live_assignment_per_request"
    )
    assert set(dict(constraint.condition.children)["status__in"]) == {
        str(s) for s in Assignment.HOLDS_PLACE
    }


def test_capacity_counts_pending_proposals(coordinator):
    busy = VolunteerProfileFactory(max_active_assignments=1)
    proposed(coordinator, busy, SupportRequestFactory())
    with pytest.raises(MatchingError) as exc:
        proposed(coordinator, busy, SupportRequestFactory())
    assert exc.value.code == "not_eligible"
    assert "capacity" in exc.value.message or "上限" in exc.value.message


def test_mother_tongue_support_needs_a_volunteer_who_offers_it(coordinator):
    subject = SupportRequestFactory(kind="subject")
    plain = VolunteerProfileFactory()
    with pytest.raises(MatchingError):
        proposed(coordinator, plain, subject)
    speaker = VolunteerProfileFactory(languages={"ja": 5, "vi": 6}, languages__support=["vi"])
    assert proposed(coordinator, speaker, subject).status == Status.PROPOSED


def test_volunteer_is_not_matched_with_themselves(coordinator):
    person = UserFactory(roles=["volunteer", "learner"])
    profile = VolunteerProfileFactory(user=person)
    learner = LearnerProfileFactory(user=person)
    with pytest.raises(MatchingError) as exc:
        workflow.propose(coordinator, profile, learner=learner)
    assert exc.value.code == "self"


def test_sessions_are_logged_only_while_active_and_only_by_the_supporter(
    coordinator, volunteer_profile, child_request
):
    a = proposed(coordinator, volunteer_profile, child_request)
    with pytest.raises(MatchingError) as exc:
        workflow.log_session(volunteer_profile.user, a, held_on=date(2026, 4, 1), minutes=45)
    assert exc.value.code == "bad_state"
    workflow.accept(volunteer_profile.user, a)
    workflow.approve(coordinator, a)
    workflow.activate(coordinator, a)
    stranger = VolunteerProfileFactory().user
    with pytest.raises(MatchingError) as exc:
        workflow.log_session(stranger, a, held_on=date(2026, 4, 1), minutes=45)
    assert exc.value.code == "forbidden"
    with pytest.raises(MatchingError) as exc:
        workflow.log_session(volunteer_profile.user, a, held_on=date(2026, 4, 1), minutes=0)
    assert exc.value.code == "bad_minutes"
    workflow.log_session(coordinator, a, held_on=date(2026, 4, 1), minutes=30)
    assert a.minutes_logged == 30


def test_ending_without_closing_leaves_the_request_open_for_a_new_match(
    coordinator, volunteer_profile, child_request
):
    a = proposed(coordinator, volunteer_profile, child_request)
    workflow.accept(volunteer_profile.user, a)
    workflow.approve(coordinator, a)
    workflow.end(coordinator, a)
    assert child_request in adapters.open_requests()


def test_accept_and_decline_notify_the_proposing_coordinator(
    coordinator, volunteer_profile, child_request, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        a = proposed(coordinator, volunteer_profile, child_request)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.decline(volunteer_profile.user, a)
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "declined" in mail.outbox[0].subject


def test_every_state_change_has_exactly_one_event(coordinator, volunteer_profile, child_request):
    a = proposed(coordinator, volunteer_profile, child_request)
    workflow.accept(volunteer_profile.user, a)
    workflow.approve(coordinator, a)
    assert AssignmentEvent.objects.filter(assignment=a).count() == 3
    statuses = [e.to_status for e in a.events.all()]
    assert statuses == ["proposed", "accepted", "approved"]


def test_only_people_with_the_volunteer_role_are_proposed(coordinator, child_request):
    profile = VolunteerProfileFactory(user=UserFactory(roles=["learner"]))
    with pytest.raises(MatchingError) as exc:
        workflow.propose(coordinator, profile, request=child_request)
    assert exc.value.code == "not_volunteer"


def _in_threads(*calls):
    """Run the calls at once, each in its own thread with its own connection; return results
    (an assignment or the MatchingError code)."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except MatchingError as exc:
            results[i] = exc.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_proposing_for_one_request_at_once_make_one_assignment():
    coordinators = [UserFactory(roles=["coordinator"]) for _ in range(2)]
    request = SupportRequestFactory()
    volunteers = [VolunteerProfileFactory() for _ in range(2)]
    results = _in_threads(
        *[
            (lambda c=c, v=v: workflow.propose(c, v, request=request))
            for c, v in zip(coordinators, volunteers, strict=True)
        ]
    )
    assert sorted(isinstance(r, Assignment) for r in results) == [False, True]
    assert "need_taken" in results
    assert Assignment.objects.filter(request=request).count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_a_volunteer_with_one_place_gets_one_of_two_simultaneous_proposals():
    coordinator = UserFactory(roles=["coordinator"])
    volunteer = VolunteerProfileFactory(max_active_assignments=1)
    requests = [SupportRequestFactory() for _ in range(2)]
    results = _in_threads(
        *[(lambda r=r: workflow.propose(coordinator, volunteer, request=r)) for r in requests]
    )
    assert sorted(isinstance(r, Assignment) for r in results) == [False, True]
    assert Assignment.objects.filter(volunteer=volunteer).count() == 1
