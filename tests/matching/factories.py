"""Factories for matching: volunteers, learners and children's requests ready to match.

By default a volunteer, a request and a learner in Morioka fit each other: the volunteer is
a native Japanese speaker with a valid safeguarding check, free Monday and Wednesday
mornings; the request wants one 45-minute session on Monday morning.
"""

from __future__ import annotations

from datetime import time, timedelta

import factory
from django.utils import timezone

from core.models import Language
from matching.models import (
    Assignment,
    LearnerAvailability,
    LearnerProfile,
    RequestTime,
    SupportRequest,
    VolunteerAvailability,
    VolunteerLanguage,
    VolunteerProfile,
)
from tests.factories import UserFactory

MORNINGS = [(0, "09:00", "12:00"), (2, "09:00", "12:00")]


def language(code: str) -> Language:
    return Language.objects.get_or_create(code=code, defaults={"name_ja": code, "name_en": code})[0]


def _times(model, parent_field: str, parent, slots) -> None:
    for i, (weekday, start, end) in enumerate(slots):
        model.objects.create(
            **{parent_field: parent},
            sort_order=i,
            weekday=weekday,
            starts_at=time.fromisoformat(start),
            ends_at=time.fromisoformat(end),
        )


class VolunteerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VolunteerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=["volunteer"])
    home_municipality = "morioka"
    online = False
    max_active_assignments = 2
    background_check_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    safeguarding_training_on = factory.LazyFunction(
        lambda: timezone.localdate() - timedelta(days=30)
    )

    class Params:
        uncleared = factory.Trait(background_check_on=None, safeguarding_training_on=None)

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        """languages={"ja": 6, "vi": 5}; support=["vi"] offers mother-tongue support."""
        if not create:
            return
        support = set(kwargs.get("support", []))
        for i, (code, level) in enumerate((extracted or {"ja": 6}).items()):
            VolunteerLanguage.objects.create(
                profile=self,
                sort_order=i,
                language=language(code),
                level=level,
                offers_support=code in support,
            )

    @factory.post_generation
    def times(self, create, extracted, **kwargs):
        if create:
            _times(VolunteerAvailability, "profile", self, extracted or MORNINGS)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    school_name = factory.Sequence(lambda n: f"盛岡市立テスト小学校{n}")
    municipality = "morioka"
    child_identifier = factory.Sequence(lambda n: f"CHILD-{n:04d}")
    grade = 3
    mother_tongue = factory.LazyFunction(lambda: language("vi"))
    japanese_stage = 2
    kind = "japanese"
    sessions_per_week = 1
    minutes_per_session = 45
    period_start = factory.LazyFunction(timezone.localdate)
    requested_by_name = "担当 花子"
    requested_by_organisation = "盛岡市教育委員会"
    requested_by_email = "board@example.jp"
    requested_by_phone = "019-000-0000"
    consent_recorded = True
    consent_recorded_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def times(self, create, extracted, **kwargs):
        if create:
            _times(RequestTime, "request", self, extracted or [(0, "09:30", "10:30")])


class LearnerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=["learner"])
    mother_tongue = factory.LazyFunction(lambda: language("vi"))
    level = 2
    goals = factory.LazyFunction(lambda: ["daily_life"])
    municipality = "morioka"
    online_ok = True
    sessions_per_week = 1
    minutes_per_session = 60

    @factory.post_generation
    def times(self, create, extracted, **kwargs):
        if create:
            _times(LearnerAvailability, "profile", self, extracted or [(2, "10:00", "11:30")])


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment in any state, made directly (tests of the workflow use workflow.py)."""

    class Meta:
        model = Assignment

    request = factory.SubFactory(SupportRequestFactory)
    volunteer = factory.SubFactory(VolunteerProfileFactory)
    status = Assignment.Status.PROPOSED
