"""Helpers for tests that fill the self-service profiles (also for browser journeys).

`learner_profile_data()` / `volunteer_profile_data()` return a complete, valid POST body for
matching:my-learner-profile / matching:my-volunteer-profile; pass keyword overrides (a value
of None drops the field). `fill_learner_profile(client)` / `fill_volunteer_profile(client)`
post it with a logged-in test client and return the response.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tests.matching.factories import language

PERSON = {
    "family_name": "グエン",
    "given_name": "アン",
    "family_name_kana": "グエン",
    "given_name_kana": "アン",
    "contact_preference": "email",
    "phone": "",
    "notify_reminders": "on",
    "notify_changes_email": "on",
    "notify_changes_push": "on",
    "notify_matching_email": "on",
}


def _merge(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    data = {**base, **overrides}
    return {k: v for k, v in data.items() if v is not None}


def learner_profile_data(**overrides: Any) -> dict[str, Any]:
    base = {
        **PERSON,
        "mother_tongue": language("vi").pk,
        "other_languages": [language("en").pk],
        "level": "2",
        "goals": ["daily_life", "work"],
        "needs": "病院で 話したい",
        "municipality": "morioka",
        "online_ok": "on",
        "sessions_per_week": "1",
        "minutes_per_session": "60",
        "seeking_partner": "on",
        "availability": ["0-morning", "2-evening"],
    }
    return _merge(base, overrides)


def volunteer_profile_data(**overrides: Any) -> dict[str, Any]:
    base = {
        **PERSON,
        "family_name": "鈴木",
        "given_name": "花子",
        "family_name_kana": "スズキ",
        "given_name_kana": "ハナコ",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "12",
        "languages-0-language": language("ja").pk,
        "languages-0-level": "6",
        "languages-1-language": language("vi").pk,
        "languages-1-level": "4",
        "languages-1-offers_support": "on",
        "home_municipality": "morioka",
        "reachable_municipalities": ["morioka", "takizawa"],
        "online": "on",
        "max_active_assignments": "2",
        "teaching_experience": "on",
        "qualification": "course",
        "experience_notes": "3年 教えました",
        "goals": ["daily_life", "school"],
        "accepting_matches": "on",
        "availability": ["1-afternoon", "5-morning"],
    }
    return _merge(base, overrides)


def fill_learner_profile(client, **overrides: Any):
    return client.post(reverse("matching:my-learner-profile"), learner_profile_data(**overrides))


def fill_volunteer_profile(client, **overrides: Any):
    return client.post(
        reverse("matching:my-volunteer-profile"), volunteer_profile_data(**overrides)
    )
