"""Data export and account deletion: the person's own data out, then erased; counts kept."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from accounts import personal_data
from cms.models import NoticeEmailSubscription, PushSubscription
from learning.models import Booking, CalendarFeed, Session, TeachingClaim
from matching.models import (
    Assignment,
    AssignmentEvent,
    LearnerProfile,
    SupportRequest,
    SupportSession,
    VolunteerProfile,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.learning.factories import BookingFactory, ClaimFactory, SessionFactory
from tests.matching.factories import (
    AssignmentFactory,
    LearnerProfileFactory,
    VolunteerProfileFactory,
)

pytestmark = pytest.mark.django_db


def _past_session(**fields):
    start = timezone.now() - timedelta(days=7)
    return SessionFactory(starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def _export(client, user) -> dict:
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def _delete(client, user, password=DEFAULT_PASSWORD):
    client.force_login(user)
    return client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})


def test_export_and_delete_need_a_login(client):
    for name in ("accounts:export", "accounts:delete", "accounts:my-account"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_every_app_registers_an_exporter():
    names = {source.name for source in personal_data.sources()}
    assert {"account", "learning", "matching", "notices"} <= names


def test_export_holds_the_persons_data(client):
    profile = LearnerProfileFactory(needs="仕事の 日本語")
    user = profile.user
    booking = BookingFactory(learner=user)
    CalendarFeed.objects.create(user=user)
    NoticeEmailSubscription.objects.create(user=user, areas=["morioka"], language="vi")
    PushSubscription.objects.create(
        endpoint="https://push.example/abc", p256dh="k", auth="a", user=user
    )
    data = _export(client, user)
    assert data["account"]["email"] == user.email
    assert data["account"]["notification_settings"]["reminders_by_email"] is True
    assert data["matching"]["learner_profile"]["needs"] == "仕事の 日本語"
    assert [b["session"]["id"] for b in data["learning"]["bookings"]] == [booking.session_id]
    assert data["learning"]["calendar_feed"]["token"]
    assert data["notices"]["notice_email_subscription"]["areas"] == ["morioka"]
    assert data["notices"]["push_subscriptions"][0]["endpoint"] == "https://push.example/abc"


def test_export_holds_teaching_hours_and_assignments(client):
    volunteer = VolunteerProfileFactory()
    ClaimFactory(volunteer=volunteer.user, status="taught", hours=Decimal("1.5"))
    assignment = AssignmentFactory(volunteer=volunteer, status="active")
    data = _export(client, volunteer.user)
    assert data["learning"]["teaching_hours_total"] == "1.50"
    assert [a["id"] for a in data["matching"]["assignments"]] == [assignment.pk]
    # A child's request appears only as the anonymised summary.
    assert "child_identifier" not in json.dumps(data["matching"]["assignments"])
    assert assignment.request.school_name not in json.dumps(data, ensure_ascii=False)


def test_export_holds_nothing_of_other_users(client):
    me = LearnerProfileFactory().user
    other = LearnerProfileFactory(needs="ほかの 人の こと").user
    BookingFactory(learner=other)
    ClaimFactory(volunteer=other)
    NoticeEmailSubscription.objects.create(user=other)
    data = _export(client, me)
    text = json.dumps(data, ensure_ascii=False)
    assert other.email not in text
    assert "ほかの 人の こと" not in text
    assert data["learning"]["bookings"] == [] and data["learning"]["teaching_claims"] == []
    assert data["notices"]["notice_email_subscription"] is None


def test_delete_page_asks_for_the_password(client, learner):
    client.force_login(learner)
    assert 'id="delete-account-form"' in client.get(reverse("accounts:delete")).content.decode()
    response = _delete(client, learner, password="wrong")
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    learner.refresh_from_db()
    assert learner.is_active and learner.erased_at is None


def test_delete_needs_the_confirmation_tick(client, learner):
    client.force_login(learner)
    response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert get_user_model().objects.get(pk=learner.pk).erased_at is None


def test_deletion_erases_the_person_and_logs_out(client):
    profile = LearnerProfileFactory()
    user = profile.user
    email = user.email
    CalendarFeed.objects.create(user=user)
    PushSubscription.objects.create(
        endpoint="https://push.example/x", p256dh="k", auth="a", user=user
    )
    response = _delete(client, user)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email != email and user.email.endswith("@deleted.invalid")
    assert (user.first_name, user.last_name, user.display_name, user.phone) == ("", "", "", "")
    assert not user.is_active and not user.has_usable_password()
    assert not user.groups.exists()
    assert not LearnerProfile.objects.filter(pk=profile.pk).exists()
    assert not CalendarFeed.objects.filter(user=user).exists()
    assert not PushSubscription.objects.exists()
    # logged out
    assert client.get(reverse("accounts:my-account")).status_code == 302


def test_deletion_message_is_in_the_pages_language(client, learner):
    client.force_login(learner)
    response = client.post(
        "/en" + reverse("accounts:delete"),
        {"password": DEFAULT_PASSWORD, "confirm": "on"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/en/"
    assert "Your account is deleted." in response.content.decode()


def test_deleted_user_cannot_log_in(client, learner):
    email = learner.email
    _delete(client, learner)
    response = client.post(reverse("account_login"), {"login": email, "password": DEFAULT_PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)
    assert client.get(reverse("learning:my_classes")).status_code == 302


def test_deletion_keeps_seat_counts_and_unlinks_bookings(client, learner):
    past = _past_session(capacity=5)
    BookingFactory(session=past, learner=learner, status="attended")
    BookingFactory(session=past, status="attended")
    before = Session.objects.with_counts().get(pk=past.pk).seats_taken
    _delete(client, learner)
    assert Session.objects.with_counts().get(pk=past.pk).seats_taken == before == 2
    assert Booking.objects.filter(session=past, learner__isnull=True).count() == 1
    assert not Booking.objects.filter(learner=learner).exists()


def test_deletion_frees_upcoming_seats_for_the_waiting_list(client, learner):
    upcoming = SessionFactory(capacity=1)
    BookingFactory(session=upcoming, learner=learner, status="confirmed")
    waiting = BookingFactory(session=upcoming, status="waitlisted", waitlisted_at=timezone.now())
    _delete(client, learner)
    mine = Booking.objects.get(session=upcoming, learner__isnull=True)
    assert (mine.status, mine.cancel_reason) == ("cancelled", "account_deleted")
    waiting.refresh_from_db()
    assert waiting.status == "offered"


def test_two_deleted_learners_of_one_session_keep_both_rows(client):
    past = _past_session()
    first, second = UserFactory(roles=["learner"]), UserFactory(roles=["learner"])
    BookingFactory(session=past, learner=first, status="attended")
    BookingFactory(session=past, learner=second, status="no_show")
    _delete(client, first)
    _delete(client, second)
    assert Booking.objects.filter(session=past, learner__isnull=True).count() == 2


def test_deletion_keeps_teaching_hours(client, volunteer):
    past = _past_session()
    ClaimFactory(session=past, volunteer=volunteer, status="taught", hours=Decimal("2"))
    ClaimFactory(session=past, status="taught", hours=Decimal("2"))
    upcoming = ClaimFactory(volunteer=volunteer)
    _delete(client, volunteer)
    total = TeachingClaim.objects.filter(status="taught").aggregate(t=Sum("hours"))["t"]
    assert total == Decimal("4")
    assert TeachingClaim.objects.filter(volunteer__isnull=True, status="taught").count() == 1
    upcoming.refresh_from_db()
    assert upcoming.status == "dropped" and upcoming.volunteer_id is None


def test_volunteer_deletion_keeps_assignment_history_without_identity(client):
    volunteer = VolunteerProfileFactory()
    request_obj_count = SupportRequest.objects.count()
    past = AssignmentFactory(volunteer=volunteer, status="ended")
    SupportSession.objects.create(
        assignment=past, held_on=timezone.localdate(), minutes=45, logged_by=volunteer.user
    )
    live = AssignmentFactory(volunteer=volunteer, status="active")
    AssignmentEvent.objects.create(
        assignment=past,
        action="end",
        to_status="ended",
        actor=volunteer.user,
        actor_label=volunteer.user.email,
    )
    email = volunteer.user.email
    hours_before = past.minutes_logged
    _delete(client, volunteer.user)
    past.refresh_from_db()
    live.refresh_from_db()
    assert past.volunteer_id is None and past.minutes_logged == hours_before == 45
    assert live.status == "ended" and live.volunteer_id is None
    assert not AssignmentEvent.objects.filter(actor_label=email).exists()
    assert not VolunteerProfile.objects.filter(pk=volunteer.pk).exists()
    # The children's requests themselves are untouched.
    assert SupportRequest.objects.count() == request_obj_count + 2
    assert live.request.child_identifier.startswith("CHILD-")


def test_learner_deletion_ends_the_match_and_tells_the_volunteer(client, mailoutbox):
    learner_profile = LearnerProfileFactory()
    volunteer = VolunteerProfileFactory()
    assignment = AssignmentFactory(
        request=None, learner=learner_profile, volunteer=volunteer, status="active"
    )
    _delete(client, learner_profile.user)
    assignment.refresh_from_db()
    assert assignment.status == "ended" and assignment.learner_id is None
    assert assignment.volunteer_id == volunteer.pk
    assert Assignment.objects.filter(pk=assignment.pk).exists()
    client.force_login(volunteer.user)
    page = client.get(reverse("matching:assignment", args=[assignment.pk]))
    assert page.status_code == 200


def test_account_page_saves_settings(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:my-account"),
        {
            "family_name": "佐藤",
            "given_name": "一郎",
            "contact_preference": "none",
            "notify_changes_email": "on",
        },
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.contact_preference == "none"
    assert coordinator.notify_reminders is False and coordinator.notify_changes_email is True


def test_roster_and_exports_show_a_deleted_learner_without_identity(client, coordinator):
    past = _past_session()
    gone = UserFactory(roles=["learner"], display_name="Gone Person")
    BookingFactory(session=past, learner=gone, status="attended")
    ClaimFactory(session=past, volunteer=gone, status="taught", hours=Decimal("1"))
    email = gone.email
    _delete(client, gone)
    client.force_login(coordinator)
    roster = client.get(reverse("learning:roster", args=[past.pk]))
    assert roster.status_code == 200 and "Gone Person" not in roster.content.decode()
    for url in (
        f"/admin/learning_booking/?session={past.pk}&export=csv",
        "/admin/learning_claim/?export=csv",
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        assert email not in body and "Gone Person" not in body
