"""Day-before reminders: to tomorrow's learners and teachers, once, in easy Japanese and English."""

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from learning import booking as rules
from learning.notifications import send_reminders
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2026, 4, 6, 9, 0, tzinfo=TOKYO)  # Monday morning in Iwate


@pytest.fixture
def tomorrow(make_learner, make_volunteer):
    session = SessionFactory(starts_at=datetime(2026, 4, 7, 18, 30, tzinfo=TOKYO), capacity=1)
    seated, waiting, teacher = make_learner(), make_learner(), make_volunteer()
    rules.book(seated, session, now=NOW)
    rules.book(waiting, session, now=NOW)
    rules.claim(teacher, session, now=NOW)
    return session, seated, waiting, teacher


def test_reminders_go_to_booked_learners_and_teachers_not_to_the_waiting_list(tomorrow, mailoutbox):
    session, seated, waiting, teacher = tomorrow
    assert send_reminders(now=NOW) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([seated.email, teacher.email])


def test_the_reminder_uses_the_easy_japanese_date_and_english(tomorrow, mailoutbox):
    send_reminders(now=NOW)
    learner_mail = next(m for m in mailoutbox if "あしたは 日本語の クラスです" in m.body)
    assert "2026年4月7日（火） 午後6時30分から 午後8時まで" in learner_mail.body
    assert "Tue 7 April 2026, 6:30 pm – 8:00 pm" in learner_mail.body
    assert learner_mail.subject == "あしたは クラスです / Your class is tomorrow"


def test_running_twice_sends_nothing_twice(tomorrow, mailoutbox):
    assert send_reminders(now=NOW) == 2
    assert send_reminders(now=NOW + timedelta(hours=1)) == 0
    assert len(mailoutbox) == 2


def test_sessions_the_day_after_tomorrow_get_no_reminder_yet(tomorrow, mailoutbox):
    assert send_reminders(now=NOW - timedelta(days=1)) == 0


def test_the_command_reports_what_it_sent(tomorrow, mailoutbox):
    out = StringIO()
    call_command("send_reminders", f"--now={NOW.isoformat()}", stdout=out)
    call_command("send_reminders", f"--now={NOW.isoformat()}", stdout=out)
    assert out.getvalue().splitlines() == ["2 reminders sent", "0 reminders sent"]
