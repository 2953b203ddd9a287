"""E-mails (and Web Push, where wired) to learners and teachers.

Offers, cancellations and reminders carry easy Japanese first and English below. Notices that
something moved (a session's time or place changed, an offer expired) are written in the
reader's own language (`language_for`: their preferred language when the site has it, else easy
Japanese), because they must be understood at once. Dates use the Asia/Tokyo clock. The bodies
are templates: learning/templates/learning/email/*.txt (and .html).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext, pgettext

from accounts.notify import wants
from core.mail import send_templated_mail

from . import dates
from .models import Booking, Session, TeachingClaim

logger = logging.getLogger(__name__)


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


def _send(
    user, subject_ja: str, subject_en: str, template: str, context: dict, *, kind: str = ""
) -> None:
    """One bilingual e-mail; `kind` ("reminder", "change") lets the person switch it off."""
    if user is None or (kind and not wants(user, kind, "email")) or not user.email:
        return
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
    _send(user, "クラスは 中止です", "Class cancelled", "cancelled", context, kind="change")


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
    _send(
        user, "あしたは クラスです", "Your class is tomorrow", "reminder", context, kind="reminder"
    )


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
            if wants(booking.learner, "reminder"):  # claimed either way: asked once
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
            if wants(teaching.volunteer, "reminder"):
                _send_reminder(teaching.session, teaching.volunteer, teacher=True)
                sent += 1
    return sent


# --- notices in the reader's language -----------------------------------------------------------


def language_for(user) -> str:
    """The language a person reads notices in: their preferred one if the site offers it."""
    wanted = (getattr(user, "preferred_language", "") or "").strip().lower().replace("_", "-")
    offered = {code for code, _name in settings.LANGUAGES}
    if wanted in offered:
        return wanted
    base = wanted.split("-")[0]
    return base if base in offered else settings.LANGUAGE_CODE


def push_to(user, *, title: str, body: str, url: str) -> None:
    """Web Push to a person's subscribed devices through the sender named in WEB_PUSH_SENDER.

    The push feature provides the sender (`send(user, title=, body=, url=)`); without one the
    e-mail is the whole notice. A failed push is logged: the e-mail has gone out already.
    """
    dotted = getattr(settings, "WEB_PUSH_SENDER", "")
    if not dotted or not wants(user, "change", "push"):
        return
    sender: Callable[..., None] = import_string(dotted)
    try:
        sender(user, title=title, body=body, url=url)
    except Exception:
        logger.exception("Web Push to user %s failed", user.pk)


def _local_session_context(session: Session, language: str) -> dict:
    japanese = language == "ja"
    return {
        "title": session.course.title,
        "when": dates.span(session.starts_at, session.ends_at, language),
        "place": _place_ja(session) if japanese else _place_en(session),
    }


def _send_notice(user, subject: Callable[[], str], template: str, context: dict) -> None:
    """Render and send one notice in the reader's language, then push it where subscribed.

    Every notice here says a class changed for the person ("change" in accounts.notify): the
    e-mail and the push each follow the person's own setting.
    """
    if user is None:
        return
    language = language_for(user)
    with translation.override(language):
        local = {
            "name": _name(user),
            **context,
            **_local_session_context(context["session"], language),
        }
        title = subject()
        if wants(user, "change", "email"):
            send_templated_mail(title, f"learning/email/{template}", local, [user.email])
        push_to(user, title=title, body=f"{local['title']} · {local['when']}", url=context["link"])


def send_offer_expired(booking: Booking) -> None:
    """The learner did not confirm an offered seat in time: it has gone to the next person."""
    _send_notice(
        booking.learner,
        # Translators: ja: 席の 案内の 期限が 過ぎました
        lambda: gettext("Your seat offer has expired"),
        "offer_expired",
        {"session": booking.session, "link": _url("learning:session", booking.session_id)},
    )


def changed_labels(changed: list[str]) -> list[str]:
    """Human names for what moved ('time', 'place', 'online link'), once each, in order."""
    labels: list[str] = []
    for name in changed:
        if name in ("starts_at", "ends_at"):
            # Translators: ja: 時間 (what changed in a class)
            label = pgettext("what changed in a class", "time")
        elif name in ("venue", "is_online"):
            # Translators: ja: 場所 (what changed in a class)
            label = pgettext("what changed in a class", "place")
        else:
            # Translators: ja: オンラインの リンク (what changed in a class)
            label = pgettext("what changed in a class", "online link")
        if label not in labels:
            labels.append(label)
    return labels


def _send_changed(session: Session, changed: list[str], user, *, teacher: bool, seat: bool):
    def labels() -> list[str]:  # called by the template, inside the reader's language
        return changed_labels(changed)

    _send_notice(
        user,
        # Translators: ja: クラスの 時間や 場所が 変わりました
        lambda: gettext("Your class has changed"),
        "session_changed",
        {
            "session": session,
            "changed": labels,
            "teacher": teacher,
            # The meeting link is for people with a seat or a slot, as on the session page.
            "meeting_link": session.effective_meeting_link if session.online and seat else "",
            "link": _url("learning:session", session.pk),
        },
    )


def send_session_changed(
    session: Session, changed: list[str], bookings: list[Booking], claims: list[TeachingClaim]
) -> None:
    """Tell everyone booked, offered, waiting or teaching that the time or place moved."""
    for booking in bookings:
        seat = booking.status in (Booking.Status.CONFIRMED, Booking.Status.OFFERED)
        _send_changed(session, changed, booking.learner, teacher=False, seat=seat)
    for teaching in claims:
        _send_changed(session, changed, teaching.volunteer, teacher=True, seat=True)


def send_on_behalf(kind: str, booking: Booking, previous: Booking | None = None) -> None:
    """Tell a learner what a coordinator did for them: booked, cancelled or moved a class.

    `kind` is "booked", "cancelled" or "moved"; for a move `previous` is the old booking.
    """
    subjects = {
        # Translators: ja: 協会が あなたの クラスを 予約しました
        "booked": lambda: gettext("The association booked a class for you"),
        # Translators: ja: 協会が あなたの 予約を キャンセルしました
        "cancelled": lambda: gettext("The association cancelled your booking"),
        # Translators: ja: 協会が あなたの クラスを 変えました
        "moved": lambda: gettext("The association moved your booking"),
    }
    session = booking.session
    language = language_for(booking.learner)

    def previous_when() -> str:
        if previous is None:
            return ""
        old = previous.session
        return f"{old.course.title} · {dates.span(old.starts_at, old.ends_at, language)}"

    _send_notice(
        booking.learner,
        subjects[kind],
        "on_behalf",
        {
            "session": session,
            "kind": kind,
            "waitlisted": booking.status == Booking.Status.WAITLISTED,
            "previous": previous_when,
            "link": _url("learning:my_classes"),
        },
    )
