"""The training track: training sessions booked by volunteers, assistant places, the
onboarding checklist's counts, sign-off, and who may see and change it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from learning import booking as rules
from learning import training
from learning.models import Booking, OnboardingChecklist, TeachingClaim
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory, VenueFactory, make_course
from tests.matching.factories import VolunteerProfileFactory

pytestmark = pytest.mark.django_db


def new_volunteer(**kwargs):
    """A volunteer who has just joined: not signed off to teach alone."""
    return UserFactory(roles=["volunteer"], teacher_sign_off=False, **kwargs)


def training_session(**kwargs):
    course = make_course("ボランティア 先生の 研修", venue=VenueFactory(), audience="volunteers")
    kwargs.setdefault("teacher_slots", 0)
    kwargs.setdefault("assistant_slots", 0)
    return SessionFactory(course=course, venue=course.venue, **kwargs)


def complete_checklist(volunteer, **extra):
    """Orientation, safeguarding (on the matching profile) and the counts recorded by hand."""
    VolunteerProfileFactory(user=volunteer)
    OnboardingChecklist.objects.update_or_create(
        volunteer=volunteer,
        defaults={
            "orientation_on": timezone.localdate(),
            "outside_training_hours": Decimal("10"),
            "observed_sessions_extra": 2,
            **extra,
        },
    )


# --- claims ----------------------------------------------------------------------------------


def test_a_volunteer_in_training_cannot_take_a_teacher_place():
    session = SessionFactory(teacher_slots=2, assistant_slots=1)
    with pytest.raises(rules.BookingError) as refused:
        rules.claim(new_volunteer(), session)
    assert refused.value.code == "assistant_only"
    assert not TeachingClaim.objects.filter(session=session).exists()


def test_a_volunteer_in_training_takes_an_assistant_place():
    session = SessionFactory(teacher_slots=2, assistant_slots=1)
    claim = rules.claim(new_volunteer(), session, role=TeachingClaim.Role.ASSISTANT)
    assert claim.role == TeachingClaim.Role.ASSISTANT and claim.status == "claimed"


def test_the_claim_view_refuses_a_teacher_place_with_the_rules_message(client):
    session = SessionFactory(teacher_slots=2, assistant_slots=1)
    client.force_login(new_volunteer())
    response = client.post(
        f"/learning/sessions/{session.pk}/claim/", {"role": "lead"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json()["error"] == "assistant_only"
    assert response.json()["message"] == str(rules.MESSAGES["assistant_only"])


def test_the_claim_view_takes_an_assistant_place(client):
    session = SessionFactory(teacher_slots=2, assistant_slots=1)
    client.force_login(new_volunteer())
    response = client.post(
        f"/learning/sessions/{session.pk}/claim/",
        {"role": "assistant"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and response.json()["role"] == "assistant"


def test_with_the_rule_off_a_volunteer_in_training_may_lead(settings):
    settings.TRAINING_ASSISTANT_ONLY = False
    claim = rules.claim(new_volunteer(), SessionFactory(teacher_slots=1))
    assert claim.role == TeachingClaim.Role.LEAD


def test_assistant_places_are_counted_apart_from_teacher_places(make_volunteer):
    session = SessionFactory(teacher_slots=1, assistant_slots=1)
    rules.claim(new_volunteer(), session, role=TeachingClaim.Role.ASSISTANT)
    with pytest.raises(rules.BookingError) as full:
        rules.claim(new_volunteer(), session, role=TeachingClaim.Role.ASSISTANT)
    assert full.value.code == "no_assistant_slot"
    lead = rules.claim(make_volunteer(), session)  # the teacher place is still free
    assert lead.role == TeachingClaim.Role.LEAD


def test_a_signed_off_volunteer_takes_a_teacher_place(make_volunteer):
    claim = rules.claim(make_volunteer(), SessionFactory(teacher_slots=1))
    assert claim.role == TeachingClaim.Role.LEAD


def test_a_completed_assistant_place_counts_as_an_observed_session(coordinator):
    volunteer = new_volunteer()
    session = SessionFactory(
        starts_at=timezone.now() + timedelta(days=3), teacher_slots=1, assistant_slots=1
    )
    rules.claim(volunteer, session, role=TeachingClaim.Role.ASSISTANT)
    rules.complete_session(coordinator, session, now=session.starts_at + timedelta(hours=2))
    progress = training.progress(volunteer)
    assert progress.observed_assisted == 1 and progress.observed == 1


def test_a_dropped_assistant_place_counts_for_nothing():
    volunteer = new_volunteer()
    session = SessionFactory(assistant_slots=1)
    claim = rules.claim(volunteer, session, role=TeachingClaim.Role.ASSISTANT)
    rules.drop_claim(volunteer, claim)
    assert training.progress(volunteer).observed == 0


# --- training sessions -----------------------------------------------------------------------


def test_volunteers_book_training_sessions_and_learners_cannot(make_learner):
    session = training_session()
    booking = rules.book(new_volunteer(), session)
    assert booking.status == Booking.Status.CONFIRMED
    with pytest.raises(rules.BookingError) as refused:
        rules.book(make_learner(), session)
    assert refused.value.code == "training_for_volunteers"


def test_a_full_training_session_has_a_waiting_list_and_a_cancellation_offers_the_seat():
    session = training_session(capacity=1)
    first, second = new_volunteer(), new_volunteer()
    seat = rules.book(first, session)
    waiting = rules.book(second, session)
    assert waiting.status == Booking.Status.WAITLISTED
    rules.cancel_booking(first, seat)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.OFFERED


def test_attending_a_training_session_counts_as_teacher_training_hours(coordinator):
    volunteer = new_volunteer()
    session = training_session()  # 90 minutes
    booking = rules.book(volunteer, session)
    rules.mark_attendance(coordinator, booking, True, now=session.starts_at + timedelta(hours=1))
    progress = training.progress(volunteer)
    assert progress.hours_attended == Decimal("1.5")


def test_attending_an_ordinary_class_is_not_training(coordinator, make_learner):
    session = SessionFactory()
    learner = make_learner()
    booking = rules.book(learner, session)
    rules.mark_attendance(coordinator, booking, True, now=session.starts_at + timedelta(hours=1))
    assert training.progress(learner).hours_attended == 0


def test_training_hours_add_the_coordinators_outside_hours(coordinator):
    volunteer = new_volunteer()
    OnboardingChecklist.objects.create(volunteer=volunteer, outside_training_hours=Decimal("3"))
    session = training_session()
    booking = rules.book(volunteer, session)
    rules.mark_attendance(coordinator, booking, True, now=session.starts_at + timedelta(hours=1))
    assert training.progress(volunteer).hours == Decimal("4.5")


# --- the checklist and sign-off --------------------------------------------------------------


def test_the_checklist_reads_the_safeguarding_date_from_the_matching_profile():
    volunteer = new_volunteer()
    profile = VolunteerProfileFactory(user=volunteer, safeguarding_training_on=None)
    assert "safeguarding" in training.progress(volunteer).missing
    profile.safeguarding_training_on = timezone.localdate()
    profile.save()
    assert "safeguarding" not in training.progress(volunteer).missing


def test_a_new_volunteer_misses_every_item():
    progress = training.progress(new_volunteer())
    assert progress.missing == ["orientation", "safeguarding", "hours", "observed"]
    assert progress.status == training.TrainingStatus.IN_TRAINING


def test_thresholds_come_from_settings(settings):
    settings.TRAINING_HOURS_REQUIRED = 0
    settings.TRAINING_OBSERVED_SESSIONS_REQUIRED = 0
    volunteer = new_volunteer()
    complete_checklist(volunteer, outside_training_hours=0, observed_sessions_extra=0)
    assert training.progress(volunteer).status == training.TrainingStatus.READY


def test_sign_off_waits_for_a_complete_checklist(coordinator):
    volunteer = new_volunteer()
    with pytest.raises(training.TrainingError) as refused:
        training.sign_off(coordinator, volunteer)
    assert refused.value.code == "not_ready"
    assert not training.is_signed_off(volunteer)


def test_after_sign_off_the_volunteer_may_lead(coordinator):
    volunteer = new_volunteer()
    complete_checklist(volunteer)
    checklist = training.sign_off(coordinator, volunteer)
    assert checklist.signed_off_by == coordinator
    assert rules.claim(volunteer, SessionFactory()).role == TeachingClaim.Role.LEAD


def test_only_coordinators_sign_off(make_volunteer):
    volunteer = new_volunteer()
    complete_checklist(volunteer)
    with pytest.raises(training.TrainingError) as refused:
        training.sign_off(make_volunteer(), volunteer)
    assert refused.value.code == "forbidden"


def test_withdrawing_the_sign_off_limits_to_assistant_places_again(coordinator, make_volunteer):
    volunteer = make_volunteer()
    training.withdraw_sign_off(coordinator, volunteer)
    with pytest.raises(rules.BookingError):
        rules.claim(volunteer, SessionFactory())


# --- pages and permissions -------------------------------------------------------------------


def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_ready_view_lists_volunteers_with_what_is_missing(client, coordinator):
    ready = new_volunteer(email="ready@example.com")
    complete_checklist(ready)
    new_volunteer(email="newbie@example.com")
    html = coordinator_client(client, coordinator).get("/admin/learning_training/").content
    html = html.decode()
    assert 'data-volunteer="ready@example.com" data-status="ready"' in html
    assert 'data-volunteer="newbie@example.com" data-status="in_training"' in html


def test_the_ready_view_filters_by_training_status(client, coordinator):
    complete_checklist(new_volunteer(email="ready@example.com"))
    new_volunteer(email="newbie@example.com")
    html = (
        coordinator_client(client, coordinator)
        .get("/admin/learning_training/?status=ready")
        .content.decode()
    )
    assert "ready@example.com" in html and "newbie@example.com" not in html


def test_a_coordinator_signs_off_from_the_ready_view(client, coordinator):
    volunteer = new_volunteer()
    complete_checklist(volunteer)
    response = coordinator_client(client, coordinator).post(
        f"/admin/learning_training/{volunteer.pk}/sign-off/"
    )
    assert response.status_code == 302
    assert training.is_signed_off(volunteer)


def test_a_coordinator_records_checklist_items(client, coordinator):
    volunteer = new_volunteer()
    client = coordinator_client(client, coordinator)
    opened = client.get(f"/admin/learning_training/{volunteer.pk}/checklist/")
    edit_url = opened["Location"]
    assert client.get(edit_url).status_code == 200
    response = client.post(
        edit_url,
        {
            "orientation_on": timezone.localdate().isoformat(),
            "outside_training_hours": "4",
            "observed_sessions_extra": "1",
            "notes": "",
        },
    )
    assert response.status_code == 302
    checklist = OnboardingChecklist.objects.get(volunteer=volunteer)
    assert checklist.orientation_on == timezone.localdate()
    assert checklist.outside_training_hours == Decimal("4")


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/admin/learning_training/"),
        ("get", "/admin/learning_training/{pk}/checklist/"),
        ("post", "/admin/learning_training/{pk}/sign-off/"),
        ("get", "/admin/learning_onboarding/"),
    ],
)
def test_volunteers_cannot_see_or_change_checklists(client, method, url):
    volunteer = new_volunteer()
    complete_checklist(volunteer)
    client.force_login(volunteer)
    response = getattr(client, method)(url.format(pk=volunteer.pk))
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")
    assert not training.is_signed_off(volunteer)


def test_a_volunteer_sees_their_own_training_progress(client):
    volunteer = new_volunteer()
    OnboardingChecklist.objects.create(volunteer=volunteer, orientation_on=timezone.localdate())
    client.force_login(volunteer)
    html = client.get("/learning/teaching/").content.decode()
    assert 'data-training-status="in_training"' in html
    assert 'data-item="orientation" data-done="1"' in html
    assert 'data-item="safeguarding" data-done="0"' in html


def test_the_board_shows_assistant_places_and_explains_the_locked_teacher_place(client):
    session = SessionFactory(teacher_slots=2, assistant_slots=1)
    client.force_login(new_volunteer())
    html = client.get("/learning/board/").content.decode()
    assert f'data-session-id="{session.pk}"' in html
    assert "data-assist-button" in html and "data-lead-locked" in html
    assert "data-claim-button" not in html


def test_the_board_offers_a_signed_off_volunteer_both_places(client, make_volunteer):
    SessionFactory(teacher_slots=2, assistant_slots=1)
    client.force_login(make_volunteer())
    html = client.get("/learning/board/").content.decode()
    assert "data-claim-button" in html and "data-lead-locked" not in html


@pytest.mark.parametrize(
    "places, expected",
    [("training", {"training"}), ("assistant", {"assisted"}), ("lead", {"taught"}), ("", None)],
)
def test_the_board_filters_by_training_status(client, make_volunteer, places, expected):
    sessions = {
        "training": training_session(),
        "assisted": SessionFactory(teacher_slots=0, assistant_slots=1),
        "taught": SessionFactory(teacher_slots=1, assistant_slots=0),
    }
    client.force_login(make_volunteer())
    response = client.get(f"/learning/board/?places={places}")
    cards = response.context["rows"]
    shown = {name for name, s in sessions.items() if any(r.session.pk == s.pk for r in cards)}
    if expected is None:  # unfiltered: classes in the list, training above it
        assert shown == {"assisted", "taught"}
        assert [r.session.pk for r in response.context["training_rows"]] == [
            sessions["training"].pk
        ]
    else:
        assert shown == expected


def test_training_sessions_stay_off_the_learners_schedule(client):
    ordinary = SessionFactory()
    hidden = training_session()
    html = client.get(ordinary.course.get_parent().url).content.decode()
    assert f'data-session-id="{ordinary.pk}"' in html
    assert f'data-session-id="{hidden.pk}"' not in html


def test_a_learner_sees_no_book_button_on_a_training_session(client, make_learner):
    session = training_session()
    client.force_login(make_learner())
    html = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert "data-book-button" not in html


def test_a_volunteer_books_a_training_session_from_its_page(client):
    session = training_session()
    volunteer = new_volunteer()
    client.force_login(volunteer)
    html = client.get(f"/learning/sessions/{session.pk}/").content.decode()
    assert "data-book-button" in html
    client.post(f"/learning/sessions/{session.pk}/book/")
    assert Booking.objects.get(session=session, learner=volunteer).status == "confirmed"


# --- demo ------------------------------------------------------------------------------------


def test_the_demo_has_a_training_course_a_newcomer_and_signed_off_volunteers():
    from core.demo import load_all

    load_all()
    newcomer = training.progress(
        UserFactory._meta.model.objects.get(email="volunteer3@example.com")
    )
    assert newcomer.status == training.TrainingStatus.IN_TRAINING
    assert newcomer.orientation_on is not None and "safeguarding" in newcomer.missing
    assert TeachingClaim.objects.filter(
        volunteer=newcomer.volunteer, role=TeachingClaim.Role.ASSISTANT
    ).exists()
    assert Booking.objects.filter(
        learner=newcomer.volunteer, session__course__audience="volunteers"
    ).exists()
    veteran = UserFactory._meta.model.objects.get(email="volunteer@example.com")
    assert training.is_signed_off(veteran)
