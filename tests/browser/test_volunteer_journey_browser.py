"""In Chromium, a new volunteer teacher's whole way: sign up offering to teach, be accepted by a
coordinator in the admin, book a training session, be marked trained, assist beside a teacher,
be signed off, then teach a session alone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import VolunteerApplication
from accounts.roles import user_has_role
from learning import booking as rules
from learning import training
from learning.models import Booking, OnboardingChecklist, TeachingClaim
from matching.models import VolunteerProfile
from tests.browser.journey_steps import sign_up
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.learning.factories import SessionFactory, VenueFactory, make_course
from tests.matching.factories import language

pytestmark = pytest.mark.django_db(transaction=True)


def card(page, session):
    return page.locator(f"li.session-card[data-session-id='{session.pk}']")


def test_a_new_volunteer_trains_assists_and_then_teaches_alone(
    page, new_page, live_server, mailoutbox
):
    coordinator = UserFactory(roles=["coordinator"], email="coordinator@example.com")
    venue = VenueFactory()
    training_course = make_course("ボランティア 先生の 研修", venue=venue, audience="volunteers")
    training_session = SessionFactory(
        course=training_course, venue=venue, teacher_slots=0, assistant_slots=0
    )
    first_class = SessionFactory(
        starts_at=timezone.now() + timedelta(days=4), teacher_slots=1, assistant_slots=1
    )
    second_class = SessionFactory(
        starts_at=timezone.now() + timedelta(days=6), teacher_slots=1, assistant_slots=1
    )

    # Sign up with names and their reading, offering to teach; confirm from the e-mail (that
    # logs the person in).
    page.goto("/accounts/signup/")
    expect(page.locator("input[name=wish][value=learn]")).to_be_checked()  # the default
    sign_up(
        page,
        mailoutbox,
        "haruka@example.com",
        ("佐々木", "はるか", "ササキ", "ハルカ"),
        "volunteer",
    )
    volunteer = get_user_model().objects.get(email="haruka@example.com")
    assert volunteer.family_name_kana == "ササキ"
    # Until a coordinator decides, the account is a learner's: no volunteer rights by itself.
    assert not user_has_role(volunteer, "volunteer")
    application = VolunteerApplication.objects.get(user=volunteer)
    assert application.status == "pending"

    # A coordinator logs in, finds the application in the admin and accepts it; the new
    # volunteer hears it by e-mail in their language (Japanese here).
    coordinator_page = new_page()
    coordinator_page.goto("/accounts/login/")
    coordinator_page.fill("input[name=login]", coordinator.email)
    coordinator_page.fill("input[name=password]", DEFAULT_PASSWORD)
    coordinator_page.locator("main form button[type=submit]").click()
    coordinator_page.wait_for_load_state()
    coordinator_page.goto("/admin/volunteer-applications/")
    row = coordinator_page.locator(f"tr[data-application='{application.pk}']")
    expect(row).to_contain_text("haruka@example.com")
    row.locator("[data-accept]").click()
    coordinator_page.wait_for_load_state()
    expect(
        coordinator_page.locator("[data-applications=pending] tr[data-application]")
    ).to_have_count(0)
    application.refresh_from_db()
    assert application.status == "accepted" and application.decided_by == coordinator
    volunteer = get_user_model().objects.get(pk=volunteer.pk)
    assert user_has_role(volunteer, "volunteer")
    assert training.progress(volunteer).status == training.TrainingStatus.IN_TRAINING
    assert mailoutbox[-1].to == ["haruka@example.com"]

    # The volunteer fills the profile: a language they support in, home area, two cells of the
    # weekly grid and experience; the page says it was saved and the rows are there.
    page.goto("/matching/me/volunteer/")
    form = page.locator("#volunteer-profile-form")
    form.locator("select[name=home_municipality]").select_option("morioka")
    form.locator("select[name='languages-0-language']").select_option(str(language("vi").pk))
    form.locator("select[name='languages-0-level']").select_option("4")
    form.locator("#id_availability_1-afternoon").check()
    form.locator("#id_availability_5-morning").check()
    form.locator("textarea[name=experience_notes]").fill("大学で 日本語を 教えました")
    form.locator("#save-profile").click()
    page.wait_for_load_state()
    expect(page.locator("#form-errors")).to_have_count(0)
    profile = VolunteerProfile.objects.get(user=volunteer)
    assert profile.home_municipality == "morioka"
    assert profile.availability.count() == 2
    assert profile.languages.get().language.code == "vi"

    # The board shows the training above the classes; the volunteer books a seat.
    page.goto("/learning/board/")
    expect(page.locator("[data-training-notice]")).to_be_visible()
    card(page, training_session).locator("[data-book-button]").click()
    page.wait_for_load_state()
    assert Booking.objects.get(session=training_session, learner=volunteer).status == "confirmed"

    # A coordinator marks them trained: attended the training (its hours count by themselves),
    # orientation and safeguarding training recorded.
    booking = Booking.objects.get(session=training_session, learner=volunteer)
    rules.mark_attendance(
        coordinator, booking, True, now=training_session.starts_at + timedelta(minutes=30)
    )
    # The safeguarding training date is the coordinator's to record on the profile.
    VolunteerProfile.objects.filter(user=volunteer).update(
        safeguarding_training_on=timezone.localdate()
    )
    OnboardingChecklist.objects.update_or_create(
        volunteer=volunteer,
        defaults={"orientation_on": timezone.localdate(), "outside_training_hours": Decimal(9)},
    )
    assert training.progress(volunteer).hours == Decimal("10.5")

    # Not signed off yet: the teacher place is locked and explained; an assistant place is open.
    page.goto("/learning/board/")
    first = card(page, first_class)
    expect(first.locator("[data-lead-locked]")).to_be_disabled()
    first.locator("[data-assist-button]").click()
    page.wait_for_load_state()
    claim = TeachingClaim.objects.get(session=first_class, volunteer=volunteer)
    assert claim.role == TeachingClaim.Role.ASSISTANT
    expect(card(page, first_class).locator(".state--ok")).to_be_visible()

    # The volunteer's own page shows the progress: one observed session still to come.
    page.goto("/learning/teaching/")
    progress = page.locator(".training-progress")
    expect(progress).to_have_attribute("data-training-status", "in_training")
    expect(progress.locator("[data-item='hours']")).to_have_attribute("data-done", "1")
    expect(progress.locator("[data-item='observed']")).to_have_attribute("data-done", "0")

    # The assisted session takes place; with one more observation recorded, the coordinator
    # signs the volunteer off.
    rules.complete_session(coordinator, first_class, now=first_class.starts_at + timedelta(hours=2))
    OnboardingChecklist.objects.filter(volunteer=volunteer).update(observed_sessions_extra=1)
    training.sign_off(coordinator, volunteer)

    # Now the volunteer takes a full teacher place.
    page.goto("/learning/board/")
    expect(page.locator("[data-training-notice]")).to_have_count(0)
    card(page, second_class).locator("[data-claim-button]").click()
    page.wait_for_load_state()
    lead = TeachingClaim.objects.get(session=second_class, volunteer=volunteer)
    assert lead.role == TeachingClaim.Role.LEAD and lead.status == "claimed"
    page.goto("/learning/teaching/")
    expect(page.locator(".training-progress")).to_have_attribute(
        "data-training-status", "signed_off"
    )
