"""Demo data for matching (run by `manage.py load_demo`): profiles for the demo volunteers and
learners, their languages and free times, and one school's request for a child, so a
coordinator opening "Suggest matches" after `make run` sees real proposals with reasons.

Runs after the people are loaded; safe to run again (rows are found before they are made).
"""

from __future__ import annotations

from datetime import date, time

from django.contrib.auth import get_user_model

from core.models import Language

from .models import (
    Grade,
    LearnerAvailability,
    LearnerProfile,
    Level,
    RequestTime,
    SupportKind,
    SupportRequest,
    VolunteerAvailability,
    VolunteerLanguage,
    VolunteerProfile,
)

DEMO_ORDER = 50

# e-mail, lives in, can travel to, online, languages (code, level, offers support), free times
VOLUNTEERS = [
    (
        "volunteer@example.com",
        "morioka",
        ["morioka", "takizawa", "shiwa"],
        True,
        [("ja", Level.C2, False), ("vi", Level.B1, True), ("en", Level.B2, False)],
        [(1, time(18, 0), time(21, 0)), (5, time(10, 0), time(15, 0))],
    ),
    (
        "volunteer2@example.com",
        "hanamaki",
        ["hanamaki", "kitakami"],
        False,
        [("ja", Level.C2, False), ("tl", Level.B2, True)],
        [(2, time(16, 0), time(19, 0)), (6, time(9, 0), time(12, 0))],
    ),
    (
        "volunteer3@example.com",
        "morioka",
        ["morioka"],
        False,
        [("ja", Level.C2, False), ("en", Level.B1, False)],
        [(5, time(13, 0), time(17, 0))],
    ),
]
# New volunteers whose safeguarding training is still to come (the training track's demo):
# matching keeps them away from children until a coordinator records it.
SAFEGUARDING_PENDING = {"volunteer3@example.com"}
# e-mail, mother tongue, level, lives in, online, free times
LEARNERS = [
    ("learner@example.com", "vi", Level.A2, "morioka", True, [(1, time(19, 0), time(20, 30))]),
    ("learner2@example.com", "tl", Level.A1, "hanamaki", False, [(2, time(17, 0), time(18, 0))]),
]


def _user(email: str):
    return get_user_model().objects.filter(email=email).first()


def _load_volunteers() -> int:
    made = 0
    languages = {lang.code: lang for lang in Language.objects.all()}
    for email, home, reach, online, langs, times in VOLUNTEERS:
        user = _user(email)
        if user is None or hasattr(user, "volunteer_profile"):
            continue
        profile = VolunteerProfile(
            user=user,
            home_municipality=home,
            reachable_municipalities=reach,
            online=online,
            teaching_experience=email not in SAFEGUARDING_PENDING,
            children_experience=email == "volunteer@example.com",
            safeguarding_training_on=None if email in SAFEGUARDING_PENDING else date.today(),
            background_check_on=date.today(),
        )
        profile.languages = [
            VolunteerLanguage(language=languages[code], level=level, offers_support=support)
            for code, level, support in langs
            if code in languages
        ]
        profile.availability = [
            VolunteerAvailability(weekday=day, starts_at=start, ends_at=end)
            for day, start, end in times
        ]
        profile.save()
        made += 1
    return made


def _load_learners() -> int:
    made = 0
    for email, tongue, level, home, online, times in LEARNERS:
        user = _user(email)
        language = Language.objects.filter(code=tongue).first()
        if user is None or language is None or hasattr(user, "learner_profile"):
            continue
        profile = LearnerProfile(
            user=user, mother_tongue=language, level=level, municipality=home, online_ok=online
        )
        profile.availability = [
            LearnerAvailability(weekday=day, starts_at=start, ends_at=end)
            for day, start, end in times
        ]
        profile.save()
        made += 1
    return made


def _load_request() -> int:
    language = Language.objects.filter(code="vi").first()
    if language is None or SupportRequest.objects.filter(child_identifier="DEMO-1").exists():
        return 0
    request = SupportRequest(
        school_name="盛岡市立 みどり小学校",
        municipality="morioka",
        child_identifier="DEMO-1",
        grade=Grade.E3,
        mother_tongue=language,
        japanese_stage=2,
        kind=SupportKind.JAPANESE,
        sessions_per_week=2,
        minutes_per_session=45,
        period_start=date.today(),
        requested_by_name="山本 先生",
        requested_by_organisation="盛岡市 教育委員会",
        consent_recorded=True,
        consent_recorded_on=date.today(),
    )
    request.times = [
        RequestTime(weekday=1, starts_at=time(15, 0), ends_at=time(16, 0)),
        RequestTime(weekday=5, starts_at=time(14, 0), ends_at=time(15, 0)),
    ]
    request.save()
    return 1


def load(stdout=None) -> None:
    """Profiles for the demo volunteers and learners, and one child's support request."""
    made = _load_volunteers() + _load_learners() + _load_request()
    if stdout is not None:
        stdout.write(f"matching: {made} demo profiles and requests")
