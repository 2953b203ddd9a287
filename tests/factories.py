"""factory_boy factories for the foundation; apps keep theirs in tests/<app>/factories.py."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from accounts.roles import grant_role

DEFAULT_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        self.save()
        if create:
            # A verified address, as after email confirmation: allauth lets them log in.
            EmailAddress.objects.get_or_create(
                user=self, email=self.email, defaults={"verified": True, "primary": True}
            )
        for role in extracted or []:
            grant_role(self, role)

    @factory.post_generation
    def teacher_sign_off(self, create, extracted, **kwargs):
        """Volunteers come signed off to teach alone, as before the training track existed;
        `teacher_sign_off=False` makes a new volunteer still in training."""
        if not create or extracted is False or not self.groups.filter(name="volunteer").exists():
            return
        from django.utils import timezone

        from learning.models import OnboardingChecklist

        OnboardingChecklist.objects.get_or_create(
            volunteer=self, defaults={"signed_off_on": timezone.localdate()}
        )
