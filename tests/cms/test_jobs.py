"""Scheduled publishing runs as a django-q2 job, scheduled once after migrate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_q.models import Schedule

from cms import jobs

pytestmark = pytest.mark.django_db


def test_the_schedule_exists_once_after_migrate_and_again():
    jobs.ensure_schedule()
    jobs.ensure_schedule()
    assert Schedule.objects.filter(func=jobs.PUBLISH_SCHEDULED).count() == 1


def test_the_job_unpublishes_a_page_past_its_expiry():
    from tests.cms.conftest import ensure_home
    from tests.cms.factories import ArticleIndexPageFactory, ArticlePageFactory

    page = ArticlePageFactory(parent=ArticleIndexPageFactory(parent=ensure_home()))
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live
    type(page).objects.filter(pk=page.pk).update(expire_at=timezone.now() - dt.timedelta(minutes=1))
    jobs.publish_scheduled()
    page.refresh_from_db()
    assert not page.live and page.expired
