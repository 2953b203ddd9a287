"""Learners and volunteers edit their own profiles: save, re-render on errors, only their own."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from matching.models import LearnerAvailability, LearnerProfile, VolunteerProfile
from tests.factories import UserFactory
from tests.matching.factories import LearnerProfileFactory, VolunteerProfileFactory, language
from tests.profiles import fill_learner_profile, fill_volunteer_profile, learner_profile_data

pytestmark = pytest.mark.django_db

LEARNER_URL = "matching:my-learner-profile"
VOLUNTEER_URL = "matching:my-volunteer-profile"


def test_anonymous_visitor_is_sent_to_log_in(client):
    for name in (LEARNER_URL, VOLUNTEER_URL):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_learner_profile_page_renders_the_weekly_grid_as_a_table(client, learner):
    client.force_login(learner)
    response = client.get(reverse(LEARNER_URL))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="learner-profile-form"' in html
    assert '<table class="availability-grid"' in html
    assert '<th scope="row" id="day-0">' in html
    assert 'name="availability" value="6-evening" id="id_availability_6-evening"' in html
    assert '<label for="id_family_name">' in html


def test_learner_saves_a_new_profile_with_names_grid_and_settings(client, learner):
    client.force_login(learner)
    response = fill_learner_profile(client, contact_preference="phone", phone="019-123-4567")
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user=learner)
    assert profile.mother_tongue.code == "vi"
    assert [x.code for x in profile.other_languages.all()] == ["en"]
    assert profile.level == 2 and profile.goals == ["daily_life", "work"]
    assert profile.needs == "病院で 話したい"
    slots = sorted(a.as_slot() for a in profile.availability.all())
    assert slots == [(0, 9 * 60, 12 * 60), (2, 18 * 60, 21 * 60)]
    learner.refresh_from_db()
    assert (learner.last_name, learner.first_name) == ("グエン", "アン")
    assert learner.display_name == "グエン アン"
    assert learner.contact_preference == "phone" and learner.phone == "019-123-4567"


def test_learner_turns_notifications_off(client, learner):
    client.force_login(learner)
    fill_learner_profile(client, notify_reminders=None, notify_changes_push=None)
    learner.refresh_from_db()
    assert learner.notify_reminders is False
    assert learner.notify_changes_push is False
    assert learner.notify_changes_email is True


def test_learner_edits_existing_profile_and_grid_replaces_rows(client):
    profile = LearnerProfileFactory()
    client.force_login(profile.user)
    fill_learner_profile(client, availability=["4-afternoon"], level="3")
    profile.refresh_from_db()
    assert profile.level == 3
    assert [a.as_slot() for a in profile.availability.all()] == [(4, 13 * 60, 17 * 60)]


def test_unchanged_grid_keeps_coordinator_times(client):
    profile = LearnerProfileFactory(times=[(2, "10:00", "11:30")])
    client.force_login(profile.user)
    page = client.get(reverse(LEARNER_URL)).content.decode()
    assert 'value="2-morning" id="id_availability_2-morning" checked' in page
    fill_learner_profile(client, availability=["2-morning"])
    row = LearnerAvailability.objects.get(profile=profile)
    assert (row.starts_at, row.ends_at) == (time(10), time(11, 30))


def test_learner_errors_re_render_the_form_with_messages(client, learner):
    client.force_login(learner)
    response = fill_learner_profile(
        client,
        municipality="",
        online_ok=None,
        family_name_kana="Nguyen",
        availability=["0-morning"],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in html
    assert 'role="alert"' in html
    assert 'value="0-morning" id="id_availability_0-morning" checked' in html  # ticks kept
    assert response.context["form"].errors["municipality"]
    assert response.context["person_form"].errors["family_name_kana"]
    assert not LearnerProfile.objects.filter(user=learner).exists()


def test_phone_preference_needs_a_number(client, learner):
    client.force_login(learner)
    response = fill_learner_profile(client, contact_preference="phone", phone="")
    assert response.status_code == 200
    assert response.context["person_form"].errors["phone"]


def test_a_learner_cannot_write_into_another_learners_profile(client, learner):
    other = LearnerProfileFactory(level=1)
    client.force_login(learner)
    fill_learner_profile(client, user=other.user.pk, profile=other.pk, id=other.pk, level="5")
    other.refresh_from_db()
    assert other.level == 1
    assert LearnerProfile.objects.get(user=learner).level == 5


def test_the_page_shows_only_the_own_profile(client, learner):
    other = LearnerProfileFactory(needs="他の人の ひみつ")
    client.force_login(learner)
    response = client.get(reverse(LEARNER_URL), {"user": other.user.pk, "pk": other.pk})
    assert "他の人の ひみつ" not in response.content.decode()


def test_there_is_no_profile_url_with_an_id(client, learner):
    other = LearnerProfileFactory()
    client.force_login(learner)
    assert client.get(f"/matching/me/learner/{other.pk}/").status_code == 404


def test_learner_page_is_for_learners_only(client, editor):
    client.force_login(editor)
    assert client.get(reverse(LEARNER_URL)).status_code == 403
    assert client.get(reverse(VOLUNTEER_URL)).status_code == 403


def test_volunteer_saves_profile_with_languages(client, volunteer):
    language("ja"), language("vi")
    client.force_login(volunteer)
    response = fill_volunteer_profile(client)
    assert response.status_code == 302
    profile = VolunteerProfile.objects.get(user=volunteer)
    rows = [(x.language.code, x.level, x.offers_support) for x in profile.languages.all()]
    assert rows == [("ja", 6, False), ("vi", 4, True)]
    assert profile.reachable_municipalities == ["morioka", "takizawa"]
    assert profile.qualification == "course" and profile.teaching_experience
    assert sorted(a.as_slot()[:1] for a in profile.availability.all()) == [(1,), (5,)]


def test_volunteer_cannot_set_the_coordinators_checks(client):
    profile = VolunteerProfileFactory(uncleared=True)
    client.force_login(profile.user)
    fill_volunteer_profile(
        client,
        **{"languages-TOTAL_FORMS": "0"},
        background_check_on="2020-01-01",
        safeguarding_training_on="2020-01-01",
    )
    profile.refresh_from_db()
    assert profile.background_check_on is None
    assert profile.safeguarding_training_on is None


def test_volunteer_sees_the_checks_read_only(client):
    checked = timezone.localdate() - timedelta(days=30)
    profile = VolunteerProfileFactory(background_check_on=checked)
    client.force_login(profile.user)
    html = client.get(reverse(VOLUNTEER_URL)).content.decode()
    assert f'<dd id="background-check-on">{checked:%Y-%m-%d}</dd>' in html
    assert 'name="background_check_on"' not in html


def test_volunteer_removes_a_language(client):
    profile = VolunteerProfileFactory(languages={"ja": 6, "en": 4})
    rows = list(profile.languages.all())
    client.force_login(profile.user)
    data = {
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "2",
        "languages-0-id": rows[0].pk,
        "languages-0-language": rows[0].language_id,
        "languages-0-level": "6",
        "languages-1-id": rows[1].pk,
        "languages-1-language": rows[1].language_id,
        "languages-1-level": "4",
        "languages-1-DELETE": "on",
    }
    response = fill_volunteer_profile(client, **data)
    assert response.status_code == 302
    assert [x.language.code for x in profile.languages.all()] == ["ja"]


def test_volunteer_duplicate_language_re_renders(client, volunteer):
    client.force_login(volunteer)
    response = fill_volunteer_profile(client, **{"languages-1-language": language("ja").pk})
    assert response.status_code == 200
    # The message in the reader's language (Japanese here), read without its furigana.
    text = re.sub(r"<rt>.*?</rt>|<[^>]+>", "", response.content.decode())
    with translation.override("ja"):
        assert gettext("This language is already in the list.") in text
    assert not VolunteerProfile.objects.filter(user=volunteer).exists()


def test_profile_links_in_menu_and_pages(client, learner, volunteer):
    client.force_login(learner)
    html = client.get(reverse("learning:my_classes")).content.decode()
    assert reverse(LEARNER_URL) in html
    assert reverse("accounts:my-account") in html
    client.force_login(volunteer)
    html = client.get(reverse("matching:dashboard")).content.decode()
    assert reverse(VOLUNTEER_URL) in html


def test_profile_page_in_english(client, learner):
    client.force_login(learner)
    response = client.get("/en" + reverse(LEARNER_URL))
    assert response.status_code == 200
    assert "Your first language" in response.content.decode()


def test_learner_without_names_is_asked_for_them(client):
    user = UserFactory(roles=["learner"], last_name="", first_name="")
    client.force_login(user)
    response = fill_learner_profile(client, family_name="", given_name="")
    assert response.status_code == 200
    assert response.context["person_form"].errors["family_name"]


def test_helper_data_is_valid(client, learner):
    client.force_login(learner)
    assert fill_learner_profile(client).status_code == 302
    assert learner_profile_data(needs=None).get("needs") is None
