"""Who sees a child's details: every boundary (rules, pages, JSON API, Wagtail admin).

Details are the school, the school's identifier for the child, the exact grade and the
contact. Only coordinators and the supporter of an approved or active assignment of that
request see them; everyone else sees grade band, language, area and times.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from matching import privacy, workflow
from matching.models import Assignment
from tests.factories import UserFactory
from tests.matching.factories import (
    LearnerProfileFactory,
    SupportRequestFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db

SCHOOL = "盛岡市立ひみつ小学校"
IDENTIFIER = "IWATE-7731"
CONTACT = "contact-teacher@example.jp"
SECRETS = (SCHOOL, IDENTIFIER, CONTACT)


@pytest.fixture
def child_request():
    return SupportRequestFactory(
        school_name=SCHOOL, child_identifier=IDENTIFIER, requested_by_email=CONTACT
    )


@pytest.fixture
def supporter():
    return VolunteerProfileFactory()


def advance(coordinator, supporter, child_request, to: str) -> Assignment:
    a = workflow.propose(coordinator, supporter, request=child_request)
    steps = {
        "proposed": [],
        "accepted": ["accept"],
        "approved": ["accept", "approve"],
        "active": ["accept", "approve", "activate"],
        "ended": ["accept", "approve", "activate", "end"],
        "declined": ["decline"],
    }[to]
    for step in steps:
        actor = supporter.user if step in ("accept", "decline") else coordinator
        workflow.ACTIONS[step](actor, a)
    return a


def text_of(response_or_text) -> str:
    """The text a client gets: JSON decoded (so escaped Japanese cannot hide a leak)."""
    if isinstance(response_or_text, str):
        return response_or_text
    response = response_or_text
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def assert_no_secrets(response_or_text) -> None:
    text = text_of(response_or_text)
    for secret in SECRETS:
        assert secret not in text


def assert_all_secrets(response_or_text) -> None:
    text = text_of(response_or_text)
    for secret in SECRETS:
        assert secret in text


# --- the rule -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "state, sees",
    [
        ("proposed", False),
        ("accepted", False),
        ("approved", True),
        ("active", True),
        ("ended", False),
        ("declined", False),
    ],
)
def test_supporter_sees_details_only_while_approved_or_active(
    coordinator, supporter, child_request, state, sees
):
    advance(coordinator, supporter, child_request, state)
    assert privacy.can_view_details(supporter.user, child_request) is sees


def test_coordinator_sees_details(coordinator, child_request):
    assert privacy.can_view_details(coordinator, child_request)


def test_nobody_else_sees_details(coordinator, supporter, child_request, learner, editor):
    advance(coordinator, supporter, child_request, "active")
    other_volunteer = VolunteerProfileFactory().user
    from django.contrib.auth.models import AnonymousUser

    for user in (other_volunteer, learner, editor, AnonymousUser()):
        assert not privacy.can_view_details(user, child_request)


def test_approval_for_one_request_does_not_open_another(coordinator, supporter, child_request):
    advance(coordinator, supporter, child_request, "active")
    other_request = SupportRequestFactory()
    assert not privacy.can_view_details(supporter.user, other_request)


def test_summary_carries_nothing_identifying(child_request):
    data = privacy.summary(child_request)
    assert_no_secrets(str(data))
    assert {"grade_band", "language", "area", "times"} <= set(data)
    assert "grade" not in data and "school" not in data and "contact" not in data


def test_learner_details_follow_the_same_rule(coordinator):
    learner = LearnerProfileFactory()
    volunteer = VolunteerProfileFactory()
    a = workflow.propose(coordinator, volunteer, learner=learner)
    assert learner.user.email not in str(privacy.for_user(volunteer.user, learner))
    workflow.accept(volunteer.user, a)
    workflow.approve(coordinator, a)
    assert privacy.for_user(volunteer.user, learner)["email"] == learner.user.email


# --- volunteer pages ------------------------------------------------------------------------
def test_proposed_volunteer_sees_only_the_summary_on_the_dashboard(
    client, coordinator, supporter, child_request
):
    advance(coordinator, supporter, child_request, "proposed")
    client.force_login(supporter.user)
    response = client.get(reverse("matching:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert_no_secrets(body)
    assert "data-assignment-id" in body  # the proposal is there, anonymised


def test_approved_supporter_sees_the_details_on_the_dashboard(
    client, coordinator, supporter, child_request
):
    advance(coordinator, supporter, child_request, "approved")
    client.force_login(supporter.user)
    body = client.get(reverse("matching:dashboard")).content.decode()
    assert_all_secrets(body)


def test_other_volunteers_see_open_requests_anonymised(client, child_request):
    other = VolunteerProfileFactory().user
    client.force_login(other)
    response = client.get(reverse("matching:dashboard"))
    assert response.status_code == 200
    body = response.content.decode()
    assert_no_secrets(body)
    assert "ベトナム語" in body or "Vietnamese" in body  # the summary is shown


def test_learners_and_anonymous_people_do_not_get_the_dashboard(client, learner):
    response = client.get(reverse("matching:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(learner)
    assert client.get(reverse("matching:dashboard")).status_code == 403


def test_assignment_page_is_404_for_other_volunteers(client, coordinator, supporter, child_request):
    a = advance(coordinator, supporter, child_request, "active")
    client.force_login(VolunteerProfileFactory().user)
    response = client.get(reverse("matching:assignment", args=[a.pk]))
    assert response.status_code == 404
    assert_no_secrets(response)


def test_assignment_page_shows_details_only_after_approval(
    client, coordinator, supporter, child_request
):
    a = advance(coordinator, supporter, child_request, "accepted")
    client.force_login(supporter.user)
    url = reverse("matching:assignment", args=[a.pk])
    assert_no_secrets(client.get(url))
    workflow.approve(coordinator, a)
    assert_all_secrets(client.get(url))


# --- JSON API -------------------------------------------------------------------------------
def test_api_needs_login(client, child_request):
    for url in (
        reverse("matching:api_open"),
        reverse("matching:api_need", args=["request", child_request.pk]),
        reverse("matching:api_assignments"),
    ):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["error"] == "login_required"


def test_api_open_list_is_anonymised_even_for_the_supporter(
    client, coordinator, supporter, child_request
):
    other_open = SupportRequestFactory(school_name="ほかの学校", child_identifier="OTHER-1")
    client.force_login(VolunteerProfileFactory().user)
    response = client.get(reverse("matching:api_open"))
    assert response.status_code == 200
    ids = [r["id"] for r in response.json()["results"] if r["type"] == "request"]
    assert {child_request.pk, other_open.pk} <= set(ids)
    assert_no_secrets(response)
    assert "OTHER-1" not in response.content.decode()


def test_api_open_list_is_refused_to_learners(client, learner):
    client.force_login(learner)
    assert client.get(reverse("matching:api_open")).status_code == 403


@pytest.mark.parametrize("state", ["proposed", "accepted", "ended"])
def test_api_need_gives_a_not_yet_approved_volunteer_the_summary(
    client, coordinator, supporter, child_request, state
):
    advance(coordinator, supporter, child_request, state)
    client.force_login(supporter.user)
    response = client.get(reverse("matching:api_need", args=["request", child_request.pk]))
    assert response.status_code == 200
    assert response.json()["details"] is False
    assert_no_secrets(response)


def test_api_need_gives_the_approved_supporter_and_coordinators_the_details(
    client, coordinator, supporter, child_request
):
    advance(coordinator, supporter, child_request, "approved")
    url = reverse("matching:api_need", args=["request", child_request.pk])
    for user in (supporter.user, coordinator):
        client.force_login(user)
        response = client.get(url)
        assert response.json()["details"] is True
        assert_all_secrets(response)


def test_api_need_is_refused_to_learners(client, learner, child_request):
    client.force_login(learner)
    response = client.get(reverse("matching:api_need", args=["request", child_request.pk]))
    assert response.status_code == 403
    assert_no_secrets(response)


def test_api_my_assignments_hides_details_until_approval(
    client, coordinator, supporter, child_request
):
    a = advance(coordinator, supporter, child_request, "proposed")
    client.force_login(supporter.user)
    url = reverse("matching:api_assignments")
    data = client.get(url).json()
    assert [r["id"] for r in data["results"]] == [a.pk]
    assert_no_secrets(client.get(url))
    workflow.accept(supporter.user, a)
    workflow.approve(coordinator, a)
    assert_all_secrets(client.get(url))


def test_api_my_assignments_lists_only_ones_own(client, coordinator, supporter, child_request):
    advance(coordinator, supporter, child_request, "active")
    client.force_login(VolunteerProfileFactory().user)
    assert client.get(reverse("matching:api_assignments")).json() == {"results": []}


# --- Wagtail admin --------------------------------------------------------------------------
def admin_urls(child_request, assignment) -> list[str]:
    return [
        reverse("matching_request:index"),
        reverse("matching_request:inspect", args=[child_request.pk]),
        reverse("matching_request:edit", args=[child_request.pk]),
        reverse("matching_assignment:inspect", args=[assignment.pk]),
        reverse("matching_suggest:index"),
        reverse("matching_suggest:for_need", args=["request", child_request.pk]),
    ]


def test_admin_redirects_volunteers_without_admin_access(
    client, coordinator, supporter, child_request
):
    a = advance(coordinator, supporter, child_request, "active")  # even the supporter
    client.force_login(supporter.user)
    for url in admin_urls(child_request, a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
        assert_no_secrets(response)


def test_admin_refuses_editors(client, coordinator, supporter, child_request, editor):
    a = advance(coordinator, supporter, child_request, "proposed")
    client.force_login(editor)
    for url in admin_urls(child_request, a):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert_no_secrets(response)


def test_admin_actions_are_refused_to_editors_and_volunteers(
    client, coordinator, supporter, child_request, editor
):
    a = advance(coordinator, supporter, child_request, "accepted")
    for user in (editor, supporter.user):
        client.force_login(user)
        response = client.post(reverse("matching_suggest:act", args=[a.pk, "approve"]))
        assert response.status_code in (302, 403)
        response = client.post(
            reverse("matching_suggest:propose"),
            {"pair": f"request-{SupportRequestFactory().pk}:{supporter.pk}"},
        )
        assert response.status_code in (302, 403)
    assert Assignment.objects.get(pk=a.pk).status == Assignment.Status.ACCEPTED
    assert Assignment.objects.count() == 1


def test_admin_shows_coordinators_the_details(client, coordinator, child_request):
    client.force_login(coordinator)
    response = client.get(reverse("matching_request:inspect", args=[child_request.pk]))
    assert response.status_code == 200
    assert_all_secrets(response)


def test_suggestion_pages_show_coordinators_no_school_beyond_the_request_link(
    client, coordinator, child_request
):
    VolunteerProfileFactory()
    client.force_login(coordinator)
    response = client.get(reverse("matching_suggest:index"))
    assert response.status_code == 200
    # Suggestions list needs by number and summary; details stay on the request's own page.
    assert_no_secrets(response)


def test_matching_menu_is_hidden_from_editors(client, editor):
    client.force_login(editor)
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("matching_suggest:index") not in body
    assert reverse("matching_request:index") not in body


def test_superuser_is_a_coordinator_for_matching(client, child_request):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert (
        client.get(reverse("matching_request:inspect", args=[child_request.pk])).status_code == 200
    )
