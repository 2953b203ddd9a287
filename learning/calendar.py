"""Private iCalendar feeds: a learner's booked classes and a volunteer's teaching sessions.

Each person has one secret URL (CalendarFeed.token); calendar apps poll it. Event UIDs depend
only on the session and the person's role in it, so an app updates an event in place when a
time changes, and a cancelled session shows as cancelled rather than vanishing unexplained.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar, Event

from . import notifications, visibility
from .models import Booking, CalendarFeed, Session, TeachingClaim

UID_DOMAIN = "nihongo-link"
HISTORY = timedelta(days=90)  # past events kept in the feed


def feed_for(user) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


def reset_feed(user) -> CalendarFeed:
    """A new secret: the old URL stops working at once (someone saw it, or a phone was lost)."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(user=user)


def event_uid(session_id: int, role: str) -> str:
    return f"session-{session_id}-{role}@{UID_DOMAIN}"


def _event(
    session: Session, role: str, *, status: str, show_link: bool, base_url: str = ""
) -> Event:
    event = Event()
    event.add("uid", event_uid(session.pk, role))
    title = session.course.title
    event.add("summary", f"{title}（先生 / teaching）" if role == "teacher" else title)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", timezone.now())
    event.add("last-modified", session.updated_at)
    if session.online:
        event.add("location", "オンライン / Online")
    elif session.venue:
        event.add(
            "location", ", ".join(p for p in (session.venue.name, session.venue.address) if p)
        )
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("learning:session", args=[session.pk])
    lines = [base_url.rstrip("/") + path if base_url else notifications.session_url(session.pk)]
    if show_link and session.effective_meeting_link:
        lines.insert(0, session.effective_meeting_link)
    event.add("description", "\n".join(lines))
    event.add("url", lines[-1])
    event.add("status", status)
    return event


def build_calendar(user, *, now=None, base_url: str = "") -> bytes:
    """The person's feed as iCalendar bytes (RFC 5545).

    `base_url` (scheme and host of the request that fetched the feed) makes the event links
    point where the site is actually served; without it, BASE_URL is used.
    """
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.WAGTAIL_SITE_NAME}//Iwate classes//JA")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "にほんご クラス / Japanese classes")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    since = now - HISTORY
    # Sessions of unpublished or private courses leave the feed like they leave the schedule.
    visible = visibility.visible_sessions(user).values("pk")
    bookings = (
        Booking.objects.filter(learner=user, session__starts_at__gte=since, session__in=visible)
        .filter(status__in=(*Booking.HOLDS_SEAT, Booking.Status.CANCELLED))
        .select_related("session__course", "session__venue")
    )
    for booking in bookings:
        if (
            booking.status == Booking.Status.CANCELLED
            and booking.cancel_reason != Booking.CancelReason.SESSION
        ):
            continue  # a seat the learner gave up: not theirs to see any more
        cancelled = booking.status == Booking.Status.CANCELLED
        tentative = booking.status == Booking.Status.OFFERED
        status = "CANCELLED" if cancelled else ("TENTATIVE" if tentative else "CONFIRMED")
        show_link = booking.status == Booking.Status.CONFIRMED
        calendar.add_component(
            _event(
                booking.session,
                "learner",
                status=status,
                show_link=show_link,
                base_url=base_url,
            )
        )
    claims = (
        TeachingClaim.objects.filter(
            volunteer=user, session__starts_at__gte=since, session__in=visible
        )
        .exclude(status=TeachingClaim.Status.DROPPED, session__status=Session.Status.SCHEDULED)
        .select_related("session__course", "session__venue")
    )
    for teaching in claims:
        cancelled = teaching.session.status == Session.Status.CANCELLED
        calendar.add_component(
            _event(
                teaching.session,
                "teacher",
                status="CANCELLED" if cancelled else "CONFIRMED",
                show_link=True,
                base_url=base_url,
            )
        )
    return calendar.to_ical()
