"""The coordinators' admin: sessions with counts and flags, rosters, cancel, CSV attendance."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from learning import booking as rules
from learning.models import Booking, RecurrenceRule, Session
from tests.factories import UserFactory
from tests.learning.factories import BookingFactory, SessionFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, coordinator):
    """A coordinator whose admin is in English, so the checks below read the English labels."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(coordinator)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(coordinator)
    return client


def test_sessions_list_flags_understaffed_sessions(admin_client, session, make_volunteer):
    staffed = SessionFactory(teacher_slots=1)
    rules.claim(make_volunteer(), staffed)
    html = admin_client.get("/admin/learning_session/").content.decode()
    assert "0 of 2 teachers" in html and "1 of 1 teachers" in html
    filtered = admin_client.get("/admin/learning_session/?understaffed=true").content.decode()
    assert f"/admin/learning_session/edit/{session.pk}/" in filtered
    assert f"/admin/learning_session/edit/{staffed.pk}/" not in filtered


def test_the_session_inspect_view_shows_roster_waitlist_and_claims(
    admin_client, make_learner, make_volunteer
):
    session = SessionFactory(capacity=1)
    rules.book(make_learner(display_name="Seated Person"), session)
    rules.book(make_learner(display_name="Waiting Person"), session)
    rules.claim(make_volunteer(display_name="Teacher Person"), session)
    html = admin_client.get(f"/admin/learning_session/inspect/{session.pk}/").content.decode()
    for name in ("Seated Person", "Waiting Person", "Teacher Person"):
        assert name in html


def test_attendance_csv_export(admin_client, coordinator):
    session = SessionFactory(starts_at=timezone.now() - timedelta(hours=2))
    came = BookingFactory(
        session=session, learner=UserFactory(roles=["learner"], display_name="Came Person")
    )
    BookingFactory(session=session)
    BookingFactory()  # another session: not in the export
    rules.mark_attendance(coordinator, came, True)
    response = admin_client.get(f"/admin/learning_booking/?session={session.pk}&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    # Wagtail streams the CSV after the view returns, so its headings follow the site language.
    from learning.wagtail_hooks import BookingViewSet

    assert rows[0] == [
        str(BookingViewSet.export_headings[field]) for field in BookingViewSet.list_export
    ]
    assert len(rows) == 3
    came_row = next(r for r in rows if r[2] == "Came Person")
    assert came_row[4] == str(Booking.Status.ATTENDED.label)
    assert came_row[1] == timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")


def test_bookings_cannot_be_added_or_edited_in_the_admin(admin_client):
    booking = BookingFactory()
    assert admin_client.get("/admin/learning_booking/new/").status_code in (302, 403)
    assert admin_client.get(f"/admin/learning_booking/edit/{booking.pk}/").status_code in (302, 403)


def test_cancelling_from_the_admin_tells_everyone(
    admin_client, session, make_learner, mailoutbox, django_capture_on_commit_callbacks
):
    rules.book(make_learner(), session)
    assert (
        "1 person"
        in admin_client.get(f"/admin/learning_session/cancel/{session.pk}/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/learning_session/cancel/{session.pk}/", {"reason": "台風"}
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and len(mailoutbox) == 1


def test_volunteers_cannot_cancel_sessions_in_the_admin(client, session, volunteer):
    client.force_login(volunteer)
    response = client.post(f"/admin/learning_session/cancel/{session.pk}/", {"reason": "x"})
    assert response.status_code in (302, 403)
    session.refresh_from_db()
    assert session.status == Session.Status.SCHEDULED


def test_adding_seats_in_the_admin_offers_them_to_the_waiting_list(admin_client, make_learner):
    session = SessionFactory(capacity=1)
    rules.book(make_learner(), session)
    waiting = rules.book(make_learner(), session)
    edit = admin_client.get(f"/admin/learning_session/edit/{session.pk}/")
    form = edit.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {key: ("" if value is None else value) for key, value in data.items()}
    for key in ("starts_at", "ends_at"):
        data[key] = timezone.localtime(getattr(session, key)).strftime("%Y-%m-%d %H:%M")
    data["capacity"] = 2
    response = admin_client.post(f"/admin/learning_session/edit/{session.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.OFFERED


def test_seats_cannot_be_cut_below_the_people_holding_them(admin_client, make_learner):
    session = SessionFactory(capacity=2)
    rules.book(make_learner(), session)
    rules.book(make_learner(), session)
    edit = admin_client.get(f"/admin/learning_session/edit/{session.pk}/")
    form = edit.context["form"]
    data = {
        name: ("" if form[name].value() is None else form[name].value()) for name in form.fields
    }
    for key in ("starts_at", "ends_at"):
        data[key] = timezone.localtime(getattr(session, key)).strftime("%Y-%m-%d %H:%M")
    data["capacity"] = 1
    response = admin_client.post(f"/admin/learning_session/edit/{session.pk}/", data)
    assert response.status_code == 200
    assert "capacity" in response.context["form"].errors


def test_a_repeating_schedule_made_in_the_admin_creates_sessions(admin_client):
    course = make_course()
    start = timezone.localdate() + timedelta(days=1)
    response = admin_client.post(
        "/admin/learning_recurrence/new/",
        {
            "course": course.pk,
            "weekday": start.weekday(),
            "start_time": "18:30",
            "end_time": "20:00",
            "first_date": start.isoformat(),
            "last_date": (start + timedelta(days=20)).isoformat(),
            "skip_holidays": "",
            "skip_dates": "",
            "venue": "",
            "capacity": 8,
            "teacher_slots": 2,
            "assistant_slots": 1,
        },
    )
    assert response.status_code == 302
    rule = RecurrenceRule.objects.get(course=course)
    assert Session.objects.filter(rule=rule).count() == 3


def test_the_dashboard_lists_sessions_that_need_teachers(admin_client, session):
    html = admin_client.get("/admin/").content.decode()
    assert "Sessions that still need teachers" in html
    assert f"/admin/learning_session/inspect/{session.pk}/" in html


def test_moving_a_session_in_the_admin_emails_the_learner_on_it(
    admin_client, make_learner, django_capture_on_commit_callbacks, mailoutbox
):
    session = SessionFactory()
    learner = make_learner(preferred_language="en")
    rules.book(learner, session)
    form = admin_client.get(f"/admin/learning_session/edit/{session.pk}/").context["form"]
    data = {
        name: ("" if form[name].value() is None else form[name].value()) for name in form.fields
    }
    for key in ("starts_at", "ends_at"):
        moved = getattr(session, key) + timedelta(hours=1)
        data[key] = timezone.localtime(moved).strftime("%Y-%m-%d %H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/learning_session/edit/{session.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert [(m.to, m.subject) for m in mailoutbox] == [([learner.email], "Your class has changed")]


def test_attendance_exports_as_an_excel_workbook(admin_client, make_learner):
    import openpyxl

    session = SessionFactory()
    learner = make_learner(display_name="山田 花子")
    rules.book(learner, session)
    response = admin_client.get(f"/admin/learning_booking/?session={session.pk}&export=xlsx")
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Class", "Starts", "Name"]
    assert rows[1][2] == "山田 花子"
