"""Under real concurrency (threads, one PostgreSQL connection each) seats and slots never overflow.

100 attempts start together behind a barrier; at most 40 hold a connection at once because
PostgreSQL allows 100 connections and the test database needs some. All of them contend for
the same session row lock, which is what these tests are about.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection

from learning import booking as rules
from learning.models import Booking, TeachingClaim
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = [requires_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ATTEMPTS = 100
CONNECTIONS = 40


def run_together(jobs) -> list[str]:
    """Run the callables at once; return each one's outcome (a status or an error code)."""
    barrier = threading.Barrier(len(jobs))
    gate = threading.BoundedSemaphore(CONNECTIONS)

    def attempt(job):
        barrier.wait()
        with gate:
            try:
                return job().status
            except rules.BookingError as error:
                return error.code
            finally:
                connection.close()  # each thread's own connection

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(attempt, jobs))


def test_100_concurrent_bookings_on_10_seats_give_10_confirmed_and_90_waitlisted():
    session = SessionFactory(capacity=10)
    learners = [UserFactory(roles=["learner"]) for _ in range(ATTEMPTS)]
    outcomes = Counter(
        run_together([lambda person=person: rules.book(person, session) for person in learners])
    )
    assert outcomes == {"confirmed": 10, "waitlisted": 90}
    statuses = Counter(Booking.objects.filter(session=session).values_list("status", flat=True))
    assert statuses == {"confirmed": 10, "waitlisted": 90}
    # The queue order is the order in which the lock was granted: no two share a moment.
    waited = list(
        Booking.objects.filter(session=session, status="waitlisted").values_list(
            "waitlisted_at", flat=True
        )
    )
    assert len(set(waited)) == 90


def test_100_concurrent_claims_on_10_teacher_slots_give_exactly_10():
    session = SessionFactory(teacher_slots=10)
    volunteers = [UserFactory(roles=["volunteer"]) for _ in range(ATTEMPTS)]
    outcomes = Counter(
        run_together([lambda person=person: rules.claim(person, session) for person in volunteers])
    )
    assert outcomes == {"claimed": 10, "no_teacher_slot": 90}
    assert TeachingClaim.objects.filter(session=session, status="claimed").count() == 10


def test_the_last_seat_goes_to_exactly_one_of_two_concurrent_learners():
    session = SessionFactory(capacity=1)
    first, second = UserFactory(roles=["learner"]), UserFactory(roles=["learner"])
    outcomes = run_together(
        [lambda: rules.book(first, session), lambda: rules.book(second, session)]
    )
    assert sorted(outcomes) == ["confirmed", "waitlisted"]


def test_double_submits_in_parallel_make_one_booking():
    session = SessionFactory(capacity=5)
    learner = UserFactory(roles=["learner"])
    outcomes = run_together([lambda: rules.book(learner, session) for _ in range(20)])
    assert set(outcomes) == {"confirmed"}
    assert Booking.objects.filter(session=session, learner=learner).count() == 1


def test_one_learner_racing_for_two_overlapping_sessions_gets_one():
    first = SessionFactory()
    second = SessionFactory(starts_at=first.starts_at + timedelta(minutes=30))
    learner = UserFactory(roles=["learner"])
    jobs = [lambda s=s: rules.book(learner, s) for s in (first, second) * 10]
    outcomes = Counter(run_together(jobs))
    assert outcomes["clash"] == 10 and outcomes["confirmed"] == 10
    assert (
        Booking.objects.filter(learner=learner, status="confirmed")
        .values("session")
        .distinct()
        .count()
        == 1
    )


def test_cancellations_racing_new_bookings_never_overbook():
    session = SessionFactory(capacity=10)
    seated = [rules.book(UserFactory(roles=["learner"]), session) for _ in range(10)]
    newcomers = [UserFactory(roles=["learner"]) for _ in range(30)]
    jobs = [lambda b=b: rules.cancel_booking(b.learner, b) for b in seated]
    jobs += [lambda person=person: rules.book(person, session) for person in newcomers]
    run_together(jobs)
    holding = Booking.objects.filter(session=session, status__in=Booking.HOLDS_SEAT).count()
    assert holding <= 10
    # Every freed seat went somewhere: offered to the queue or taken by a newcomer.
    assert holding == 10
