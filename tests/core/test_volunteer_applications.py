"""Becoming a volunteer teacher: apply at sign-up or later, a coordinator accepts or declines."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts import personal_data, volunteering
from accounts.models import VolunteerApplication
from accounts.roles import user_has_role
from learning import booking as rules
from learning import training
from learning.models import TeachingClaim
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Passw0rd!"
Status = VolunteerApplication.Status


def _signup(client, email: str, **extra):
    return client.post(
        "/en/accounts/signup/",
        {
            "email": email,
            "family_name": "Tran",
            "given_name": "Mai",
            "password1": PASSWORD,
            "password2": PASSWORD,
            **extra,
        },
    )


@pytest.fixture
def coordinator():
    return UserFactory(roles=["coordinator"])


@pytest.fixture
def application():
    return volunteering.apply(UserFactory(roles=["learner"], preferred_language="vi"))


# --- sign-up and the "Become a volunteer teacher" page ---------------------------------------


def test_sign_up_choosing_volunteer_records_an_application_and_stays_a_learner(client):
    _signup(client, "mai@example.com", wish="volunteer")
    user = get_user_model().objects.get(email="mai@example.com")
    assert VolunteerApplication.objects.get(user=user).status == Status.PENDING
    assert user_has_role(user, "learner")
    assert not user_has_role(user, "volunteer")


def test_sign_up_choosing_volunteer_says_a_coordinator_will_contact(client):
    response = _signup(client, "mai@example.com", wish="volunteer")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "A coordinator will contact you" in page.content.decode()


def test_sign_up_defaults_to_learning_without_an_application(client):
    _signup(client, "learner@example.com")
    user = get_user_model().objects.get(email="learner@example.com")
    assert not VolunteerApplication.objects.filter(user=user).exists()


def test_sign_up_page_offers_the_choice_with_learning_checked(client):
    html = client.get("/en/accounts/signup/").content.decode()
    assert re.search(r'<input[^>]*name="wish" value="learn"[^>]*checked', html)
    assert 'name="wish" value="volunteer"' in html
    assert "I want to teach Japanese as a volunteer" in html


def test_an_unknown_wish_re_renders_the_form(client):
    response = _signup(client, "odd@example.com", wish="coordinator")
    assert response.status_code == 200
    assert "wish" in response.context["form"].errors
    assert not get_user_model().objects.filter(email="odd@example.com").exists()


def test_my_account_links_a_learner_to_becoming_a_volunteer(client):
    client.force_login(UserFactory(roles=["learner"]))
    html = client.get(reverse("accounts:my-account")).content.decode()
    assert reverse("accounts:become-volunteer") in html


def test_my_account_has_no_such_link_for_a_volunteer(client):
    client.force_login(UserFactory(roles=["volunteer"]))
    html = client.get(reverse("accounts:my-account")).content.decode()
    assert reverse("accounts:become-volunteer") not in html


def test_a_learner_applies_from_the_page_and_sees_it_is_waiting(client):
    learner = UserFactory(roles=["learner"])
    client.force_login(learner)
    response = client.post(reverse("accounts:become-volunteer"), follow=True)
    assert VolunteerApplication.objects.get(user=learner).status == Status.PENDING
    assert 'id="volunteer-application-pending"' in response.content.decode()
    assert not user_has_role(learner, "volunteer")


def test_the_become_volunteer_page_needs_a_login(client):
    response = client.post(reverse("accounts:become-volunteer"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not VolunteerApplication.objects.exists()


# --- the service --------------------------------------------------------------------------------


def test_applying_twice_keeps_one_waiting_application():
    learner = UserFactory(roles=["learner"])
    first = volunteering.apply(learner)
    assert volunteering.apply(learner) == first
    assert VolunteerApplication.objects.filter(user=learner).count() == 1


def test_a_volunteer_cannot_apply_again():
    with pytest.raises(volunteering.VolunteerApplicationError) as exc:
        volunteering.apply(UserFactory(roles=["volunteer"]))
    assert exc.value.code == "already_volunteer"


def test_accepting_grants_the_volunteer_role_and_records_who(coordinator, application):
    decided = volunteering.accept(coordinator, application)
    assert decided.status == Status.ACCEPTED
    assert decided.decided_by == coordinator and decided.decided_at is not None
    assert (
        get_user_model()
        .objects.get(pk=application.user_id)
        .groups.filter(name="volunteer")
        .exists()
    )


def test_an_accepted_volunteer_starts_in_training_and_may_only_assist(coordinator, application):
    volunteering.accept(coordinator, application)
    volunteer = get_user_model().objects.get(pk=application.user_id)
    progress = training.progress(volunteer)
    assert progress.status == training.TrainingStatus.IN_TRAINING
    assert progress.missing == ["orientation", "safeguarding", "hours", "observed"]
    session = SessionFactory(teacher_slots=1, assistant_slots=1)
    with pytest.raises(rules.BookingError) as exc:
        rules.claim(volunteer, session)
    assert exc.value.code != "not_volunteer"
    claim = rules.claim(volunteer, session, role=TeachingClaim.Role.ASSISTANT)
    assert claim.role == TeachingClaim.Role.ASSISTANT


def test_accepting_twice_changes_nothing_and_sends_one_mail(
    coordinator, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = volunteering.accept(coordinator, application)
    other = UserFactory(roles=["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        second = volunteering.accept(other, application)
    assert second.decided_by == coordinator and second.decided_at == first.decided_at
    assert len(mailoutbox) == 1


def test_declining_records_it_and_grants_nothing(coordinator, application):
    decided = volunteering.decline(coordinator, application)
    assert decided.status == Status.DECLINED and decided.decided_by == coordinator
    assert not user_has_role(get_user_model().objects.get(pk=application.user_id), "volunteer")


def test_a_declined_application_cannot_then_be_accepted(coordinator, application):
    volunteering.decline(coordinator, application)
    with pytest.raises(volunteering.VolunteerApplicationError) as exc:
        volunteering.accept(coordinator, application)
    assert exc.value.code == "already_decided"
    assert not user_has_role(get_user_model().objects.get(pk=application.user_id), "volunteer")


@pytest.mark.parametrize("role", ["learner", "volunteer", "editor"])
def test_only_coordinators_decide(role, application):
    with pytest.raises(volunteering.VolunteerApplicationError) as exc:
        volunteering.accept(UserFactory(roles=[role]), application)
    assert exc.value.code == "forbidden"
    application.refresh_from_db()
    assert application.status == Status.PENDING


def test_the_acceptance_mail_is_in_the_applicants_language(
    coordinator, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        volunteering.accept(coordinator, application)
    (mail,) = mailoutbox
    assert mail.to == [application.user.email]
    assert "/vi/learning/board/" in mail.body
    assert "Dear" not in mail.body  # Vietnamese, not the English msgid


def test_the_decline_mail_falls_back_to_japanese(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    application = volunteering.apply(UserFactory(roles=["learner"], preferred_language="xx"))
    with django_capture_on_commit_callbacks(execute=True):
        volunteering.decline(coordinator, application)
    (mail,) = mailoutbox
    assert "/my-account/" in mail.body and "/en/" not in mail.body


def test_the_decision_mail_is_english_for_an_english_reader(
    coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    application = volunteering.apply(UserFactory(roles=["learner"], preferred_language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        volunteering.decline(coordinator, application)
    (mail,) = mailoutbox
    assert "We cannot accept your application as a volunteer teacher" in mail.body
    assert mail.alternatives and 'lang="en"' in mail.alternatives[0][0]


# --- the admin list -------------------------------------------------------------------------


def test_a_coordinator_sees_waiting_applications(client, coordinator, application):
    client.force_login(coordinator)
    response = client.get(reverse("accounts_volunteer_applications:index"))
    assert response.status_code == 200
    assert f'data-application="{application.pk}"' in response.content.decode()


def test_a_coordinator_accepts_from_the_admin(client, coordinator, application):
    client.force_login(coordinator)
    url = reverse("accounts_volunteer_applications:accept", args=[application.pk])
    response = client.post(url)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.ACCEPTED


def test_a_coordinator_declines_from_the_admin(client, coordinator, application):
    client.force_login(coordinator)
    client.post(reverse("accounts_volunteer_applications:decline", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.DECLINED


def test_a_superuser_may_list_applications(client, application):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("accounts_volunteer_applications:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", [None, "learner", "volunteer", "editor"])
def test_others_cannot_list_applications(client, role):
    if role:
        client.force_login(UserFactory(roles=[role]))
    response = client.get(reverse("accounts_volunteer_applications:index"))
    assert response.status_code in (302, 403)
    assert b"data-applications" not in response.content


@pytest.mark.parametrize("role", [None, "learner", "volunteer", "editor"])
def test_others_cannot_accept(client, role, application):
    if role:
        client.force_login(UserFactory(roles=[role]))
    client.post(reverse("accounts_volunteer_applications:accept", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.PENDING
    assert not user_has_role(get_user_model().objects.get(pk=application.user_id), "volunteer")


def test_an_applicant_cannot_accept_their_own_application(client, application):
    client.force_login(application.user)
    response = client.post(reverse("accounts_volunteer_applications:accept", args=[application.pk]))
    assert response.status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == Status.PENDING


def test_the_menu_item_is_shown_to_coordinators_only(client, coordinator):
    url = reverse("accounts_volunteer_applications:index")
    client.force_login(coordinator)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(UserFactory(roles=["editor"]))
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- personal data ------------------------------------------------------------------------------


def test_the_application_is_in_the_export(application):
    data = personal_data.export_user(application.user)
    assert data["volunteer_applications"][0]["status"] == "pending"


def test_deleting_the_account_removes_the_application(application):
    personal_data.erase_user(application.user)
    assert not VolunteerApplication.objects.filter(pk=application.pk).exists()
