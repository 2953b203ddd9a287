"""Matching demo data after `load_demo`, and matching in the site menu for the right people."""

from __future__ import annotations

import pytest

from core.demo import load_all
from matching.models import LearnerProfile, SupportRequest, VolunteerProfile

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return (
        VolunteerProfile.objects.count(),
        LearnerProfile.objects.count(),
        SupportRequest.objects.count(),
    )


def test_the_demo_gives_matching_profiles_and_a_childs_request_once():
    load_all()
    first = counts()
    load_all()
    assert first == counts() == (3, 2, 1)  # the third volunteer is the training newcomer


def test_the_demo_volunteers_have_languages_and_free_times():
    load_all()
    profile = VolunteerProfile.objects.get(user__email="volunteer@example.com")
    assert profile.languages.count() == 3 and profile.availability.count() == 2


def test_coordinators_find_matching_in_the_site_menu(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/learning/my/").content.decode()
    assert 'href="/admin/matching_suggest/"' in html


def test_volunteers_find_their_matching_page_in_the_site_menu(client, volunteer):
    client.force_login(volunteer)
    html = client.get("/learning/my/").content.decode()
    assert 'href="/matching/"' in html


def test_learners_have_no_matching_entry_in_the_site_menu(client, learner):
    client.force_login(learner)
    html = client.get("/learning/my/").content.decode()
    assert 'href="/matching/"' not in html and "matching_suggest" not in html
