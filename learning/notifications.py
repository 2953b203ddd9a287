"""E-mails to learners and teachers, each in easy Japanese first and English below.

Learners come from many countries and may not read the interface language they signed up
with, so every e-mail carries both texts rather than one picked by a preference. Dates use the
easy-Japanese form (2026年4月7日（火） 午後6時30分から) and the Asia/Tokyo clock. The bodies are
templates: learning/templates/learning/email/*.txt (and .html).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from core.mail import send_templated_mail

from . import dates
from .models import Booking, Session, TeachingClaim


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _url(name: str, *args) -> str:
    # Links in e-mails carry no language prefix: the site opens in Japanese and the reader
    # switches if they like.
    with translation.override(settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, args=args))


def session_url(session_id: int) -> str:
    return _url("learning:session", session_id)


def _place_ja(session: Session) -> str:
    if session.online:
        return "オンライン（予約した 人に リンクを 見せます）"
    venue = session.venue
    return (
        f"{venue.name}（{venue.address}）"
        if venue and venue.address
        else (venue.name if venue else "")
    )


def _place_en(session: Session) -> str:
    if session.online:
        return "Online (the link is shown to people with a booking)"
    venue = session.venue
    if not venue:
        return ""
    name = venue.name_en or venue.name
    return f"{name} ({venue.address})" if venue.address else name


def _name(user) -> str:
    return user.display_name or user.email


def _send(user, subject_ja: str, subject_en: str, template: str, context: dict) -> None:
    send_templated_mail(
        f"{subject_ja} / {subject_en}",
        f"learning/email/{template}",
        {"name": _name(user), **context},
        [user.email],
    )


def _session_context(session: Session) -> dict:
    return {
        "title": session.course.title,
        "when_ja": dates.ja_span(session.starts_at, session.ends_at),
        "when_en": dates.en_span(session.starts_at, session.ends_at),
        "place_ja": _place_ja(session),
        "place_en": _place_en(session),
    }


def send_offer(booking: Booking) -> None:
    """A seat is free for a waiting learner: confirm it before the offer expires."""
    expires = booking.offer_expires_at
    context = {
        **_session_context(booking.session),
        "link": _url("learning:offer", booking.pk),
        "expires_ja": f"{dates.ja_date(expires)} {dates.ja_time(expires)}",
        "expires_en": f"{dates.en_date(expires)}, {dates.en_time(expires)}",
    }
    _send(booking.learner, "席が あきました", "A seat is free for you", "offer", context)


def _send_cancelled(session: Session, user, *, teacher: bool) -> None:
    context = {
        **_session_context(session),
        "reason": session.cancel_reason,
        "link": _url("learning:my_sessions" if teacher else "learning:my_classes"),
    }
    _send(user, "クラスは 中止です", "Class cancelled", "cancelled", context)


def send_session_cancelled(
    session: Session, bookings: list[Booking], claims: list[TeachingClaim]
) -> None:
    for booking in bookings:
        _send_cancelled(session, booking.learner, teacher=False)
    for teaching in claims:
        _send_cancelled(session, teaching.volunteer, teacher=True)


def _send_reminder(session: Session, user, *, teacher: bool) -> None:
    context = {
        **_session_context(session),
        "teacher": teacher,
        "meeting_link": session.effective_meeting_link if session.online else "",
        "link": _url("learning:session", session.pk),
    }
    _send(user, "あしたは クラスです", "Your class is tomorrow", "reminder", context)


def tomorrow_range(now: datetime) -> tuple[datetime, datetime]:
    """Midnight to midnight of tomorrow on the Iwate clock."""
    local = timezone.localtime(now, dates.TOKYO)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return start, start + timedelta(days=1)


def send_reminders(*, now: datetime | None = None) -> int:
    """E-mail everyone booked or teaching tomorrow; returns how many e-mails went out.

    Safe to run twice (or on two machines at once): a row is claimed with a conditional
    UPDATE (`reminder_sent_at IS NULL`) before its e-mail is sent, so only one run sends it.
    """
    now = now or timezone.now()
    start, end = tomorrow_range(now)
    sent = 0
    bookings = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).select_related("learner", "session__course", "session__venue")
    for booking in bookings:
        if Booking.objects.filter(Q(pk=booking.pk) & Q(reminder_sent_at__isnull=True)).update(
            reminder_sent_at=now
        ):
            _send_reminder(booking.session, booking.learner, teacher=False)
            sent += 1
    claims = TeachingClaim.objects.filter(
        status=TeachingClaim.Status.CLAIMED,
        reminder_sent_at__isnull=True,
        session__status=Session.Status.SCHEDULED,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    ).select_related("volunteer", "session__course", "session__venue")
    for teaching in claims:
        if TeachingClaim.objects.filter(pk=teaching.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        ):
            _send_reminder(teaching.session, teaching.volunteer, teacher=True)
            sent += 1
    return sent
