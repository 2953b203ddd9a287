"""Factories for classes: a schedule page with courses, sessions, bookings and claims."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from wagtail.models import Site

from learning.models import Booking, Session, TeachingClaim, Venue
from tests.factories import UserFactory


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("name", "municipality")

    name = factory.Sequence(lambda n: f"会場{n}")
    name_en = factory.Sequence(lambda n: f"Venue {n}")
    municipality = "morioka"
    address = "盛岡市内丸1-1"


def class_index():
    """The schedule page below the home page (created once per test database)."""
    from learning.models import ClassIndexPage

    index = ClassIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(instance=ClassIndexPage(title="日本語クラス", slug="classes"))
    return index


def make_course(title: str = "はじめての 日本語", *, venue=None, languages=(), **fields):
    """A live CoursePage below the schedule page."""
    from core.models import Language
    from learning.models import CoursePage

    index = class_index()
    slug = fields.pop("slug", None) or f"course-{CoursePage.objects.count() + 1}"
    course = index.add_child(instance=CoursePage(title=title, slug=slug, venue=venue, **fields))
    if languages:
        course.support_languages.set(Language.objects.filter(code__in=languages))
        course.save()
    return course


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    course = factory.LazyFunction(lambda: make_course(venue=VenueFactory()))
    venue = factory.LazyAttribute(lambda o: o.course.venue)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=90))
    capacity = 10
    teacher_slots = 2


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(SessionFactory)
    learner = factory.LazyFunction(lambda: UserFactory(roles=["learner"]))
    status = Booking.Status.CONFIRMED


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingClaim

    session = factory.SubFactory(SessionFactory)
    volunteer = factory.LazyFunction(lambda: UserFactory(roles=["volunteer"]))
    status = TeachingClaim.Status.CLAIMED
