"""The booking's seat count is hand-written SQL (the hot path of a burst): it must give the
same answers as the ORM's version of the query, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking, Session
from tests.learning.factories import BookingFactory, SessionFactory

pytestmark = pytest.mark.django_db

S = Booking.Status


def both(session, learner, now=None):
    now = now or timezone.now()
    raw = rules._seat_counts(session, now, learner)
    orm = rules._seat_counts_orm(session, now, learner)
    assert raw == orm
    return raw


def test_an_empty_session(learner):
    assert both(SessionFactory(), learner) == {
        "taken": 0,
        "waiting": 0,
        "overdue": 0,
        "mine": None,
        "clash": 0,
    }


def test_every_status_is_counted_where_it_belongs(learner, make_learner):
    session = SessionFactory(capacity=20)
    now = timezone.now()
    for status in (S.CONFIRMED, S.ATTENDED, S.NO_SHOW, S.WAITLISTED, S.WAITLISTED, S.CANCELLED):
        BookingFactory(session=session, learner=make_learner(), status=status)
    for expires in (now - timedelta(minutes=1), now + timedelta(hours=1)):
        BookingFactory(
            session=session,
            learner=make_learner(),
            status=S.OFFERED,
            offered_at=now - timedelta(hours=1),
            offer_expires_at=expires,
        )
    counts = both(session, learner, now)
    assert (counts["taken"], counts["waiting"], counts["overdue"]) == (5, 2, 1)
    assert counts["mine"] is None and counts["clash"] == 0


@pytest.mark.parametrize("status", [S.CONFIRMED, S.WAITLISTED, S.CANCELLED, S.ATTENDED])
def test_the_learners_own_booking_here(learner, status):
    session = SessionFactory()
    mine = BookingFactory(session=session, learner=learner, status=status)
    assert both(session, learner)["mine"] == mine.pk


@pytest.mark.parametrize(
    ("shift", "status", "session_status", "clash"),
    [
        (timedelta(minutes=30), S.CONFIRMED, Session.Status.SCHEDULED, 1),  # overlaps
        (timedelta(minutes=30), S.WAITLISTED, Session.Status.SCHEDULED, 1),
        (timedelta(minutes=30), S.CANCELLED, Session.Status.SCHEDULED, 0),  # not active
        (timedelta(minutes=30), S.CONFIRMED, Session.Status.CANCELLED, 0),  # not scheduled
        (timedelta(minutes=90), S.CONFIRMED, Session.Status.SCHEDULED, 0),  # starts as it ends
        (timedelta(hours=5), S.CONFIRMED, Session.Status.SCHEDULED, 0),  # another time
    ],
)
def test_a_clash_is_an_active_booking_at_the_same_time(
    learner, make_learner, shift, status, session_status, clash
):
    session = SessionFactory()
    other = SessionFactory(
        starts_at=session.starts_at + shift,
        ends_at=session.ends_at + shift,
        status=session_status,
    )
    BookingFactory(session=other, learner=learner, status=status)
    BookingFactory(session=other, learner=make_learner(), status=S.CONFIRMED)  # not theirs
    counts = both(session, learner)
    assert counts["clash"] == clash
    assert counts["taken"] == 0
