"""A booking burst: the session's lock is held only for the seat decision, and no more work
than that decision needs is done per booking."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ReferenceIndex

from learning import booking as rules
from learning import visibility
from learning.models import Booking
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def statements(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="row locks need PostgreSQL; SQLite locks the whole file on the first write",
)
def test_under_the_session_lock_a_booking_counts_once_and_inserts(learner):
    session = SessionFactory(capacity=5)
    with CaptureQueriesContext(connection) as captured:
        rules.book(learner, session)
    sql = statements(captured)
    lock = next(i for i, q in enumerate(sql) if "learning_session" in q and "FOR UPDATE" in q)
    person_lock = next(i for i, q in enumerate(sql) if "accounts_user" in q and "FOR UPDATE" in q)
    assert person_lock < lock
    # after the lock: one count (which also reads the learner's own rows) and the insert
    after = [q.split()[0] for q in sql[lock + 1 :] if not q.startswith(("RELEASE", "SAVEPOINT"))]
    assert [q for q in after if q != "COMMIT"] == ["SELECT", "INSERT"]


def test_one_booking_costs_a_fixed_number_of_statements(learner):
    """Pinned so the hot path cannot creep back: the role check, the person lock, the session
    lock, the count, the insert (plus BEGIN and COMMIT, or the test's savepoints)."""
    session = visibility.visible_session(learner, SessionFactory(capacity=5).pk)
    learner = type(learner).objects.get(pk=learner.pk)  # no roles read yet
    with CaptureQueriesContext(connection) as captured:
        rules.book(learner, session)
    sql = statements(captured)
    kept = [q for q in sql if not q.startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))]
    assert len(kept) == 5, "\n".join(kept)


def test_a_booking_adds_nothing_to_wagtails_reference_index(learner):
    rules.book(learner, SessionFactory(capacity=5))
    assert not ReferenceIndex.objects.filter(
        content_type__app_label="learning", content_type__model="booking"
    ).exists()


def test_a_session_looked_up_for_a_person_is_not_checked_again(learner, django_assert_num_queries):
    session = visibility.visible_session(learner, SessionFactory().pk)
    with django_assert_num_queries(0):
        assert visibility.is_visible(session, learner)


def test_the_mark_is_for_that_person_only(learner, make_learner):
    session = visibility.visible_session(learner, SessionFactory().pk)
    other = make_learner()
    with CaptureQueriesContext(connection) as captured:
        visibility.is_visible(session, other)
    assert len(captured) >= 1


def test_an_unpublished_course_is_still_refused(learner):
    session = SessionFactory()
    session.course.live = False
    session.course.save()
    with pytest.raises(Booking.session.field.related_model.DoesNotExist):
        visibility.visible_session(learner, session.pk)


def test_an_overdue_offer_still_lapses_when_someone_books(learner, make_learner):
    """The overdue count rides on the seat count; a lapsed offer's seat goes down the queue."""
    from datetime import timedelta

    from django.utils import timezone

    session = SessionFactory(capacity=1)
    holder = make_learner()
    Booking.objects.create(
        session=session,
        learner=holder,
        status=Booking.Status.OFFERED,
        offered_at=timezone.now() - timedelta(hours=2),
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )
    result = rules.book(learner, session)
    assert result.status == Booking.Status.CONFIRMED
    assert Booking.objects.get(learner=holder).status == Booking.Status.CANCELLED


def test_a_booking_request_costs_a_fixed_number_of_queries(client, learner):
    """The whole POST (JSON), pinned: the user with their roles (accounts.signin), the
    visible session (view restrictions checked in the same statement, its course's audience
    alongside), person lock, session lock, the count, the insert. Session-store reads (a table or a cache, by engine)
    and the test's savepoints are left out."""
    session = SessionFactory(capacity=5)
    client.force_login(learner)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/learning/sessions/{session.pk}/book/", HTTP_ACCEPT="application/json"
        )
    assert response.status_code == 200, response.content
    sql = [
        q
        for q in statements(captured)
        if not q.startswith(("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT"))
        and "django_session" not in q
    ]
    assert len(sql) == 6, "\n".join(sql)


def test_a_booking_invalidates_cached_pages_once(
    learner, monkeypatch, django_capture_on_commit_callbacks
):
    """The booking row's signal stands down: the broadcast after commit invalidates, once."""
    from core import pagecache

    session = SessionFactory(capacity=5)
    calls = []
    monkeypatch.setattr(pagecache, "invalidate", lambda kind=pagecache.CONTENT: calls.append(kind))
    with django_capture_on_commit_callbacks(execute=True):
        rules.book(learner, session)
    assert calls == [pagecache.BOOKINGS]
