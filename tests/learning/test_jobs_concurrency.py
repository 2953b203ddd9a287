"""Two job workers running the offer-expiry job at the same moment (PostgreSQL row locks).

Each worker is a thread with its own database connection, started together behind a barrier,
as two `qcluster` processes picking up the same schedule would run the job.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from learning import booking as rules
from learning import jobs
from learning.models import Booking
from tests.conftest import requires_postgres
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = [requires_postgres, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
SESSIONS = 8
WORKERS = 2


def lapsed_offers() -> list[tuple[Booking, Booking]]:
    """Per session: an offer whose hold has run out and the next learner waiting."""
    pairs = []
    for _ in range(SESSIONS):
        session = SessionFactory(capacity=1)
        seated, offered, nxt = (UserFactory(roles=["learner"]) for _ in range(3))
        seat = rules.book(seated, session)
        offer, waiting = rules.book(offered, session), rules.book(nxt, session)
        rules.cancel_booking(seated, seat)
        pairs.append((offer, waiting))
    Booking.objects.filter(status=Booking.Status.OFFERED).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    return pairs


def run_workers_together(job, workers: int) -> list[int]:
    barrier = threading.Barrier(workers)

    def worker(_n):
        barrier.wait()
        try:
            return job()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(worker, range(workers)))


def test_two_workers_expire_each_offer_once_and_offer_each_next_learner_once(mailoutbox):
    pairs = lapsed_offers()
    mailoutbox.clear()
    results = run_workers_together(jobs.expire_offers, WORKERS)
    assert sum(results) == SESSIONS
    offers = {b.pk for b, _ in pairs}
    nexts = {b.pk for _, b in pairs}
    assert Counter(
        Booking.objects.filter(pk__in=offers).values_list("status", "cancel_reason")
    ) == {("cancelled", "offer_expired"): SESSIONS}
    assert Counter(Booking.objects.filter(pk__in=nexts).values_list("status", flat=True)) == {
        "offered": SESSIONS
    }
    sent = Counter((m.to[0], m.subject) for m in mailoutbox)
    for offer, waiting in pairs:
        assert sent[(offer.learner.email, "席の 案内の 期限が 過ぎました")] == 1
        assert sent[(waiting.learner.email, "席が あきました / A seat is free for you")] == 1
    assert len(mailoutbox) == 2 * SESSIONS
