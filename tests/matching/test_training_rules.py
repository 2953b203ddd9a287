"""Matching and the training track: children only with safeguarding training, and volunteers
not signed off to teach alone are not proposed (one volunteer per need teaches alone)."""

from __future__ import annotations

import pytest

from learning.models import OnboardingChecklist
from matching import adapters
from tests.factories import UserFactory
from tests.matching.factories import (
    LearnerProfileFactory,
    SupportRequestFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db


def suggested(need) -> set[int]:
    return {s.volunteer.pk for s in adapters.suggest_for(need)}


def test_a_volunteer_without_safeguarding_training_never_reaches_a_child():
    untrained = VolunteerProfileFactory(safeguarding_training_on=None)  # background check done
    trained = VolunteerProfileFactory()
    request = SupportRequestFactory()
    assert suggested(request) == {trained.pk}
    assert untrained.pk not in {s.volunteer.pk for s in adapters.suggest_all()}
    reasons, _score = adapters.eligibility(request, untrained)
    assert reasons


def test_a_volunteer_not_signed_off_is_not_proposed_to_teach_alone():
    newcomer = VolunteerProfileFactory(
        user=UserFactory(roles=["volunteer"], teacher_sign_off=False)
    )
    veteran = VolunteerProfileFactory()
    learner = LearnerProfileFactory()
    assert suggested(learner) == {veteran.pk}
    OnboardingChecklist.objects.filter(volunteer=newcomer.user).delete()
    assert newcomer.pk not in suggested(learner)


def test_with_the_training_rule_off_every_volunteer_may_be_proposed(settings):
    settings.TRAINING_ASSISTANT_ONLY = False
    newcomer = VolunteerProfileFactory(
        user=UserFactory(roles=["volunteer"], teacher_sign_off=False)
    )
    assert newcomer.pk in suggested(LearnerProfileFactory())
