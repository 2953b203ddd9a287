"""E-mails to learners and teachers, each in easy Japanese first and English below.

Learners come from many countries and may not read the interface language they signed up
with, so every e-mail carries both texts rather than one picked by a preference. Dates use the
easy-Japanese form (2026年4月7日（火） 午後6時30分から) and the Asia/Tokyo clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from . import dates
from .models import Booking, Session, TeachingClaim

SEPARATOR = "\n\n----- English -----\n\n"


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


def _send(user, subject_ja: str, subject_en: str, body_ja: str, body_en: str) -> None:
    send_mail(
        subject=f"{subject_ja} / {subject_en}",
        message=body_ja + SEPARATOR + body_en + "\n",
        from_email=None,
        recipient_list=[user.email],
    )


def offer_texts(booking: Booking) -> tuple[str, str, str, str]:
    """(subject ja, subject en, body ja, body en) for an offered seat."""
    session = booking.session
    title = session.course.title
    link = _url("learning:offer", booking.pk)
    expires = booking.offer_expires_at
    body_ja = (
        f"{_name(booking.learner)} さん\n\n"
        f"「{title}」の 席が あきました。\n"
        f"日時：{dates.ja_span(session.starts_at, session.ends_at)}\n"
        f"場所：{_place_ja(session)}\n\n"
        f"{dates.ja_date(expires)} {dates.ja_time(expires)}までに 下の リンクを 開いて、"
        f"「予約する」を おしてください。\n{link}\n\n"
        "この 時間を 過ぎると、次に 待っている 人に 席を 案内します。"
    )
    body_en = (
        f"Dear {_name(booking.learner)},\n\n"
        f'A seat has become free in "{title}".\n'
        f"When: {dates.en_span(session.starts_at, session.ends_at)}\n"
        f"Where: {_place_en(session)}\n\n"
        f"Please confirm by {dates.en_date(expires)}, {dates.en_time(expires)} with the link below:\n{link}\n\n"
        "After that, the seat goes to the next person waiting."
    )
    return "席が あきました", "A seat is free for you", body_ja, body_en


def send_offer(booking: Booking) -> None:
    _send(booking.learner, *offer_texts(booking))


def cancellation_texts(session: Session, user, *, teacher: bool) -> tuple[str, str, str, str]:
    title = session.course.title
    when_ja = dates.ja_span(session.starts_at, session.ends_at)
    when_en = dates.en_span(session.starts_at, session.ends_at)
    reason = f"\n{session.cancel_reason}\n" if session.cancel_reason else ""
    link = _url("learning:my_sessions" if teacher else "learning:my_classes")
    body_ja = (
        f"{_name(user)} さん\n\n"
        f"ごめんなさい。「{title}」（{when_ja}）は 中止に なりました。\n{reason}\n"
        "ほかの 日の クラスを 予約することが できます。\n"
        f"{link}"
    )
    body_en = (
        f"Dear {_name(user)},\n\n"
        f'We are sorry: "{title}" ({when_en}) has been cancelled.\n{reason}\n'
        "You can book a class on another day.\n"
        f"{link}"
    )
    return "クラスは 中止です", "Class cancelled", body_ja, body_en


def send_session_cancelled(
    session: Session, bookings: list[Booking], claims: list[TeachingClaim]
) -> None:
    for booking in bookings:
        _send(booking.learner, *cancellation_texts(session, booking.learner, teacher=False))
    for teaching in claims:
        _send(teaching.volunteer, *cancellation_texts(session, teaching.volunteer, teacher=True))


def reminder_texts(session: Session, user, *, teacher: bool) -> tuple[str, str, str, str]:
    title = session.course.title
    link = _url("learning:session", session.pk)
    online_ja = online_en = ""
    if session.online and session.effective_meeting_link:
        online_ja = f"\nオンラインの リンク：{session.effective_meeting_link}"
        online_en = f"\nOnline meeting link: {session.effective_meeting_link}"
    if teacher:
        lead_ja, lead_en = "あした クラスで 教えます。", "You are teaching tomorrow."
    else:
        lead_ja, lead_en = "あしたは 日本語の クラスです。", "Your Japanese class is tomorrow."
    cancel_ja = (
        "" if teacher else "\n行けない ときは キャンセルしてください。ほかの 人が 参加できます。"
    )
    cancel_en = (
        "" if teacher else "\nIf you cannot come, please cancel so someone else can take the seat."
    )
    body_ja = (
        f"{_name(user)} さん\n\n{lead_ja}\n"
        f"「{title}」\n日時：{dates.ja_span(session.starts_at, session.ends_at)}\n"
        f"場所：{_place_ja(session)}{online_ja}\n{cancel_ja}\n{link}"
    )
    body_en = (
        f"Dear {_name(user)},\n\n{lead_en}\n"
        f'"{title}"\nWhen: {dates.en_span(session.starts_at, session.ends_at)}\n'
        f"Where: {_place_en(session)}{online_en}\n{cancel_en}\n{link}"
    )
    return "あしたは クラスです", "Your class is tomorrow", body_ja, body_en


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
            _send(booking.learner, *reminder_texts(booking.session, booking.learner, teacher=False))
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
            _send(
                teaching.volunteer,
                *reminder_texts(teaching.session, teaching.volunteer, teacher=True),
            )
            sent += 1
    return sent
