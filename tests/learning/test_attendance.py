"""Attendance: the teacher or a coordinator marks it after the start; teaching hours are logged."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking, Session, TeachingClaim
from tests.learning.factories import BookingFactory, ClaimFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def started():
    """A 90-minute session that began ten minutes ago, one teacher, two learners."""
    session = SessionFactory(starts_at=timezone.now() - timedelta(minutes=10))
    teacher = ClaimFactory(session=session)
    bookings = [BookingFactory(session=session), BookingFactory(session=session)]
    return session, teacher, bookings


def test_the_teacher_marks_attended_and_no_show(started):
    session, teacher, (came, stayed_home) = started
    assert rules.mark_attendance(teacher.volunteer, came, True).status == Booking.Status.ATTENDED
    assert (
        rules.mark_attendance(teacher.volunteer, stayed_home, False).status
        == Booking.Status.NO_SHOW
    )
    came.refresh_from_db()
    assert came.attendance_marked_by == teacher.volunteer


def test_marking_attendance_logs_the_teachers_hours(started):
    session, teacher, (came, _other) = started
    rules.mark_attendance(teacher.volunteer, came, True)
    teacher.refresh_from_db()
    assert teacher.status == TeachingClaim.Status.TAUGHT
    assert teacher.hours == Decimal("1.50")


def test_attendance_cannot_be_marked_before_the_start(volunteer):
    session = SessionFactory()
    ClaimFactory(session=session, volunteer=volunteer)
    booking = BookingFactory(session=session)
    with pytest.raises(rules.BookingError) as error:
        rules.mark_attendance(volunteer, booking, True)
    assert error.value.code == "not_started"


def test_other_volunteers_and_learners_cannot_mark_attendance(started, make_volunteer):
    session, _teacher, (came, other) = started
    for outsider in (make_volunteer(), other.learner):
        with pytest.raises(rules.BookingError) as error:
            rules.mark_attendance(outsider, came, True)
        assert error.value.code == "forbidden"


def test_a_coordinator_marks_attendance_without_teaching(started, coordinator):
    _session, teacher, (came, _other) = started
    assert rules.mark_attendance(coordinator, came, True).status == Booking.Status.ATTENDED
    teacher.refresh_from_db()
    assert teacher.status == TeachingClaim.Status.CLAIMED  # the coordinator did not teach


def test_waitlisted_learners_cannot_be_marked(started):
    session, teacher, _bookings = started
    waiting = BookingFactory(session=session, status=Booking.Status.WAITLISTED)
    with pytest.raises(rules.BookingError) as error:
        rules.mark_attendance(teacher.volunteer, waiting, True)
    assert error.value.code == "not_booked"


def test_closing_a_session_logs_every_teachers_hours(started, coordinator):
    session, teacher, _bookings = started
    second = ClaimFactory(session=session)
    rules.complete_session(coordinator, session)
    session.refresh_from_db()
    assert session.status == Session.Status.COMPLETED
    assert set(
        TeachingClaim.objects.filter(pk__in=[teacher.pk, second.pk]).values_list("status", "hours")
    ) == {(TeachingClaim.Status.TAUGHT, Decimal("1.50"))}


def test_hours_total_on_my_teaching_page(started, client):
    session, teacher, (came, _other) = started
    rules.mark_attendance(teacher.volunteer, came, True)
    earlier = SessionFactory(starts_at=timezone.now() - timedelta(days=7))
    old = ClaimFactory(session=earlier, volunteer=teacher.volunteer)
    rules.complete_session(teacher.volunteer, earlier)
    old.refresh_from_db()
    client.force_login(teacher.volunteer)
    html = client.get("/learning/teaching/").content.decode()
    assert "data-hours-total>3.0<" in html


def test_the_roster_page_marks_attendance(started, client):
    session, teacher, (came, _other) = started
    client.force_login(teacher.volunteer)
    page = client.get(f"/learning/sessions/{session.pk}/roster/")
    assert page.status_code == 200 and came.learner.display_name in page.content.decode()
    response = client.post(f"/learning/bookings/{came.pk}/attendance/", {"attended": "0"})
    assert response.status_code == 302
    came.refresh_from_db()
    assert came.status == Booking.Status.NO_SHOW


def test_attendance_with_a_bad_value_is_a_400_for_json(started, client):
    session, teacher, (came, _other) = started
    client.force_login(teacher.volunteer)
    response = client.post(
        f"/learning/bookings/{came.pk}/attendance/",
        {"attended": "maybe"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and response.json()["error"] == "bad_value"
