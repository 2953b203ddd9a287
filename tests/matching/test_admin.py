"""The coordinators' admin: suggestions with explanations and weights, proposing, acting."""

from __future__ import annotations

import pytest
from django.urls import reverse

from matching.models import Assignment, SupportRequest, VolunteerProfile
from tests.matching.factories import (
    LearnerProfileFactory,
    SupportRequestFactory,
    VolunteerProfileFactory,
    language,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def test_global_suggestions_list_pairs_with_explained_components_and_weights(as_coordinator):
    request = SupportRequestFactory()
    volunteer = VolunteerProfileFactory(children_experience=True)
    response = as_coordinator.get(reverse("matching_suggest:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="request-{request.pk}:{volunteer.pk}"' in body
    for label in ("言語の適合", "負担の分散"):  # component labels (the admin speaks Japanese)
        assert label in body or "Language fit" in body
    assert 'class="matching-weights"' in body and "MATCHING_WEIGHTS" not in body


def test_coverage_first_switch_is_offered(as_coordinator):
    response = as_coordinator.get(reverse("matching_suggest:index") + "?coverage=1")
    assert response.status_code == 200
    assert response.context["coverage_first"] is True


def test_per_request_suggestions_rank_at_most_five_best_first(as_coordinator):
    request = SupportRequestFactory()
    for i in range(7):
        VolunteerProfileFactory(children_experience=i % 2 == 0)
    VolunteerProfileFactory(uncleared=True)  # never suggested for a child
    response = as_coordinator.get(
        reverse("matching_suggest:for_need", args=["request", request.pk])
    )
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 5
    totals = [r["total"] for r in rows]
    assert totals == sorted(totals, reverse=True)
    assert all(r["volunteer"].safeguarding_valid() for r in rows)
    assert all(len(r["components"]) == 7 and r["components"][0]["explanation"] for r in rows)


def test_proposing_from_the_suggestions_creates_the_assignment(as_coordinator, coordinator):
    request = SupportRequestFactory()
    volunteer = VolunteerProfileFactory()
    learner = LearnerProfileFactory()
    response = as_coordinator.post(
        reverse("matching_suggest:propose"),
        {"pair": [f"request-{request.pk}:{volunteer.pk}", f"learner-{learner.pk}:{volunteer.pk}"]},
    )
    assert response.status_code == 302
    created = Assignment.objects.order_by("pk")
    assert [(a.request_id, a.learner_id, a.status) for a in created] == [
        (request.pk, None, "proposed"),
        (None, learner.pk, "proposed"),
    ]
    assert all(a.proposed_by == coordinator for a in created)
    assert created[0].score_breakdown["en"]["components"][0]["explanation"]


def test_a_refused_proposal_shows_the_reason_and_creates_nothing(as_coordinator):
    request = SupportRequestFactory()
    uncleared = VolunteerProfileFactory(uncleared=True)
    response = as_coordinator.post(
        reverse("matching_suggest:propose"),
        {"pair": f"request-{request.pk}:{uncleared.pk}"},
        follow=True,
    )
    assert not Assignment.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_coordinator_approves_activates_and_ends_from_the_assignment_page(
    as_coordinator, coordinator
):
    from matching import workflow

    volunteer = VolunteerProfileFactory()
    a = workflow.propose(coordinator, volunteer, request=SupportRequestFactory())
    workflow.accept(volunteer.user, a)
    page = as_coordinator.get(reverse("matching_assignment:inspect", args=[a.pk]))
    assert page.status_code == 200
    assert reverse("matching_suggest:act", args=[a.pk, "approve"]) in page.content.decode()
    for action in ("approve", "activate"):
        as_coordinator.post(reverse("matching_suggest:act", args=[a.pk, action]))
    as_coordinator.post(reverse("matching_suggest:act", args=[a.pk, "end"]), {"close_need": "on"})
    a.refresh_from_db()
    assert a.status == "ended"
    assert a.request.status == SupportRequest.Status.CLOSED
    history = as_coordinator.get(
        reverse("matching_assignment:inspect", args=[a.pk])
    ).content.decode()
    assert coordinator.email in history or str(coordinator) in history


def test_assignments_cannot_be_edited_or_deleted_in_the_admin(as_coordinator):
    from tests.matching.factories import AssignmentFactory

    a = AssignmentFactory()
    for name in ("edit", "delete"):
        response = as_coordinator.get(reverse(f"matching_assignment:{name}", args=[a.pk]))
        assert response.status_code in (302, 403)
    assert as_coordinator.get(reverse("matching_assignment:index")).status_code == 200


@pytest.mark.parametrize("name", ["matching_request", "matching_learner", "matching_volunteer"])
def test_coordinator_forms_render(as_coordinator, name):
    assert as_coordinator.get(reverse(f"{name}:add")).status_code == 200
    assert as_coordinator.get(reverse(f"{name}:index")).status_code == 200


def test_volunteer_profile_pages_show_safeguarding_and_load(as_coordinator):
    volunteer = VolunteerProfileFactory(uncleared=True)
    response = as_coordinator.get(reverse("matching_volunteer:inspect", args=[volunteer.pk]))
    assert response.status_code == 200
    assert response.context["safeguarding_valid"] is False
    edit = as_coordinator.get(reverse("matching_volunteer:edit", args=[volunteer.pk]))
    assert edit.status_code == 200


def test_coordinator_creates_a_volunteer_profile_with_languages_and_times(as_coordinator):
    from tests.factories import UserFactory

    user = UserFactory(roles=["volunteer"])
    vi = language("vi")
    ja = language("ja")
    data = {
        "user": user.pk,
        "home_municipality": "hanamaki",
        "reachable_municipalities": ["morioka", "kitakami"],
        "max_active_assignments": 2,
        "accepting_matches": "on",
        "goals": ["work"],
        "languages-TOTAL_FORMS": 2,
        "languages-INITIAL_FORMS": 0,
        "languages-MIN_NUM_FORMS": 1,
        "languages-MAX_NUM_FORMS": 1000,
        "languages-0-language": ja.pk,
        "languages-0-level": 6,
        "languages-0-ORDER": 1,
        "languages-1-language": vi.pk,
        "languages-1-level": 5,
        "languages-1-offers_support": "on",
        "languages-1-ORDER": 2,
        "availability-TOTAL_FORMS": 1,
        "availability-INITIAL_FORMS": 0,
        "availability-MIN_NUM_FORMS": 1,
        "availability-MAX_NUM_FORMS": 1000,
        "availability-0-weekday": 1,
        "availability-0-starts_at": "13:00",
        "availability-0-ends_at": "16:00",
        "availability-0-ORDER": 1,
    }
    response = as_coordinator.post(reverse("matching_volunteer:add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    profile = VolunteerProfile.objects.get(user=user)
    assert profile.reachable_municipalities == ["morioka", "kitakami"]
    assert {(x.language.code, x.level, x.offers_support) for x in profile.languages.all()} == {
        ("ja", 6, False),
        ("vi", 5, True),
    }
    assert [t.as_slot() for t in profile.availability.all()] == [(1, 13 * 60, 16 * 60)]


def test_unknown_municipality_in_a_choice_list_is_refused(as_coordinator):
    from django.core.exceptions import ValidationError

    profile = VolunteerProfileFactory()
    profile.reachable_municipalities = ["atlantis"]
    with pytest.raises(ValidationError):
        profile.full_clean()


def _listing_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["matching_request", "matching_learner", "matching_volunteer"])
def test_listings_show_live_status_and_load_without_a_query_per_row(as_coordinator, name):
    from tests.matching.factories import AssignmentFactory

    make = {
        "matching_request": lambda: AssignmentFactory(),
        "matching_learner": lambda: AssignmentFactory(
            request=None, learner=LearnerProfileFactory()
        ),
        "matching_volunteer": lambda: AssignmentFactory(),
    }[name]
    url = reverse(f"{name}:index")
    make()
    as_coordinator.get(url)  # warm per-request caches (site, permissions)
    few = _listing_queries(as_coordinator, url)
    for _ in range(5):
        make()
    response = as_coordinator.get(url)
    assert _listing_queries(as_coordinator, url) == few
    html = response.content.decode()
    if name == "matching_volunteer":
        assert "<td" in html and "1</td>" in html.replace(" ", "").replace("\n", "")
    else:
        assert str(Assignment.Status.PROPOSED.label) in html
