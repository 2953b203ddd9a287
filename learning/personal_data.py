"""What learning holds about a person, for the data export and for account deletion.

Registered with accounts.personal_data in LearningConfig.ready(). The export lists the
person's own bookings, teaching claims with hours, and the private calendar feed;
erasing frees upcoming seats and slots and unlinks the rest (learning.booking.forget_person).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Sum

from .booking import forget_person
from .models import Booking, CalendarFeed, TeachingClaim


def _session(session) -> dict[str, Any]:
    return {
        "id": session.pk,
        "course": session.course.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "venue": session.venue.name if session.venue_id else "",
        "online": session.online,
    }


def export_person(user) -> dict[str, Any]:
    bookings = Booking.objects.filter(learner=user).select_related(
        "session__course", "session__venue"
    )
    claims = TeachingClaim.objects.filter(volunteer=user).select_related(
        "session__course", "session__venue"
    )
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "bookings": [
            {
                "session": _session(b.session),
                "status": b.status,
                "booked_at": b.created_at,
                "waitlisted_at": b.waitlisted_at,
                "offered_at": b.offered_at,
                "cancelled_at": b.cancelled_at,
                "cancel_reason": b.cancel_reason,
            }
            for b in bookings
        ],
        "teaching_claims": [
            {
                "session": _session(c.session),
                "status": c.status,
                "hours": c.hours,
                "claimed_at": c.created_at,
                "dropped_at": c.dropped_at,
            }
            for c in claims
        ],
        "teaching_hours_total": claims.filter(status=TeachingClaim.Status.TAUGHT).aggregate(
            total=Sum("hours")
        )["total"]
        or 0,
        # The person's own secret: whoever holds it can read their calendar, so it is theirs.
        "calendar_feed": (
            {"token": feed.token, "created_at": feed.created_at} if feed is not None else None
        ),
    }


def erase_person(user) -> None:
    forget_person(user)
    CalendarFeed.objects.filter(user=user).delete()
