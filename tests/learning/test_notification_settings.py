"""The person's notification settings (accounts.User, edited on the profile) are honoured."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.notify import wants
from learning import booking as rules
from learning.notifications import send_reminders
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 4, 6, 9, 0, tzinfo=TOKYO)
PUSHED: list[int] = []


def record_push(user, *, title, body, url):
    PUSHED.append(user.pk)


def test_reminders_skip_a_person_who_turned_them_off(mailoutbox):
    session = SessionFactory(starts_at=datetime(2026, 4, 7, 18, 30, tzinfo=TOKYO))
    wanted = UserFactory(roles=["learner"])
    quiet = UserFactory(roles=["learner"], notify_reminders=False)
    rules.book(wanted, session, now=NOW)
    rules.book(quiet, session, now=NOW)
    assert send_reminders(now=NOW + timedelta(hours=9)) == 1
    assert [m.to for m in mailoutbox] == [[wanted.email]]


def test_change_notices_follow_the_email_and_push_settings(
    settings, session, coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    settings.WEB_PUSH_SENDER = "tests.learning.test_notification_settings.record_push"
    PUSHED.clear()
    no_mail = UserFactory(roles=["learner"], notify_changes_email=False)
    no_push = UserFactory(roles=["learner"], notify_changes_push=False)
    rules.book(no_mail, session)
    rules.book(no_push, session)
    with django_capture_on_commit_callbacks(execute=True):
        rules.change_session(
            coordinator, session, {"starts_at": session.starts_at + timedelta(hours=1)}
        )
    assert [m.to for m in mailoutbox] == [[no_push.email]]
    assert PUSHED == [no_mail.pk]


def test_a_deleted_or_inactive_account_wants_nothing():
    assert not wants(UserFactory(is_active=False), "change")
    assert not wants(None, "reminder")
    with pytest.raises(ValueError):
        wants(UserFactory(), "unknown")
