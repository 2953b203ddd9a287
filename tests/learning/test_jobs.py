"""The periodic jobs: their schedules in django-q2, and what running them does."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import Schedule, Task
from django_q.scheduler import scheduler

from learning import booking as rules
from learning import jobs
from learning.models import Booking

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def test_migrating_creates_one_schedule_per_job():
    funcs = sorted(
        Schedule.objects.filter(func__startswith="learning.").values_list("func", flat=True)
    )
    assert funcs == sorted([jobs.EXPIRE_OFFERS, jobs.SEND_REMINDERS])


def test_ensuring_the_schedules_again_changes_nothing_and_keeps_the_next_run():
    before = dict(Schedule.objects.values_list("func", "next_run"))
    assert jobs.ensure_schedules() == 0
    assert dict(Schedule.objects.values_list("func", "next_run")) == before


def test_a_duplicated_schedule_is_reduced_to_one():
    original = Schedule.objects.get(func=jobs.EXPIRE_OFFERS)
    Schedule.objects.create(func=jobs.EXPIRE_OFFERS, schedule_type=Schedule.MINUTES, minutes=5)
    jobs.ensure_schedules()
    assert list(Schedule.objects.filter(func=jobs.EXPIRE_OFFERS)) == [original]


def test_an_edited_schedule_type_is_put_back():
    Schedule.objects.filter(func=jobs.EXPIRE_OFFERS).update(schedule_type=Schedule.HOURLY)
    assert jobs.ensure_schedules() == 1
    assert Schedule.objects.get(func=jobs.EXPIRE_OFFERS).schedule_type == Schedule.MINUTES


def test_the_reminders_first_run_at_six_in_the_evening_in_iwate():
    job = next(j for j in jobs._schedules() if j.func == jobs.SEND_REMINDERS)
    morning = datetime(2026, 4, 7, 9, 0, tzinfo=TOKYO)
    evening = datetime(2026, 4, 7, 19, 0, tzinfo=TOKYO)
    assert jobs.first_run(job, morning) == datetime(2026, 4, 7, 18, 0, tzinfo=TOKYO)
    assert jobs.first_run(job, evening) == datetime(2026, 4, 8, 18, 0, tzinfo=TOKYO)


@pytest.fixture
def lapsed_offer(session, make_learner):
    """A seat offered an hour ago whose hold has run out, and the next person waiting."""
    seated = [rules.book(make_learner(), session) for _ in range(2)]
    offered, nxt = rules.book(make_learner(), session), rules.book(make_learner(), session)
    rules.cancel_booking(seated[0].learner, seated[0])
    Booking.objects.filter(pk=offered.pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    return offered, nxt


def test_the_scheduler_runs_the_due_offer_expiry_job_through_the_task_queue(
    lapsed_offer, monkeypatch, django_capture_on_commit_callbacks
):
    offered, nxt = lapsed_offer
    monkeypatch.setattr(Conf, "SYNC", True)  # the worker runs in this process, not a cluster
    Schedule.objects.exclude(func=jobs.EXPIRE_OFFERS).delete()
    Schedule.objects.update(next_run=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        scheduler()
    offered.refresh_from_db()
    nxt.refresh_from_db()
    assert (offered.status, nxt.status) == (Booking.Status.CANCELLED, Booking.Status.OFFERED)
    task = Task.objects.get(func=jobs.EXPIRE_OFFERS)
    assert task.success and task.result == 1
    assert Schedule.objects.get(func=jobs.EXPIRE_OFFERS).next_run > timezone.now()


def test_running_the_expiry_job_twice_expires_each_offer_once(
    lapsed_offer, django_capture_on_commit_callbacks, mailoutbox
):
    offered, _nxt = lapsed_offer
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        results = [jobs.expire_offers(), jobs.expire_offers()]
    assert results == [1, 0]
    assert [m.to for m in mailoutbox].count([offered.learner.email]) == 1
