"""Queries behind the class schedule, the volunteers' board and the live counts.

The page must stay under 20 queries however many sessions there are: sessions come with
their counts as subqueries (SessionQuerySet.with_counts), course, venue and locale joined,
support languages prefetched, and the reader's own bookings and claims fetched once for all
rows. Furigana for a course title are computed once per course, not once per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Substr
from django.utils import timezone

from accounts.roles import VOLUNTEER, is_coordinator, user_has_role
from core.localdates import local_date
from core.models import Language

from . import training, visibility
from .records import TRAINING_AUDIENCE, Booking, Session, TeachingClaim

PER_PAGE = 20  # a phone screen's worth of days; more is a tap on "Later"


def base_sessions(now: datetime | None = None, user=None) -> QuerySet:
    """Upcoming, scheduled sessions the reader may see, with counts and what rows display."""
    return (
        visibility.visible_sessions(user, Session.objects.upcoming(now))
        .with_counts()
        .select_related("course", "course__locale", "venue")
        .prefetch_related(
            Prefetch("course__support_languages", queryset=Language.objects.order_by("code"))
        )
    )


def apply_filters(sessions: QuerySet, filters: dict) -> QuerySet:
    """Filters from ScheduleFilterForm.filters(); unknown keys are ignored."""
    if municipality := filters.get("municipality"):
        sessions = sessions.filter(venue__municipality=municipality)
    if venue := filters.get("venue"):
        sessions = sessions.filter(venue=venue)
    if level := filters.get("level"):
        # CEFR codes sort as strings in level order (A1 < A2 < B1 ... < C2).
        sessions = sessions.filter(course__level_min__lte=level, course__level_max__gte=level)
    if weekday := filters.get("weekday"):
        sessions = sessions.filter(starts_at__iso_week_day=weekday)  # in Asia/Tokyo (TIME_ZONE)
    if language := filters.get("language"):
        sessions = sessions.filter(course__support_languages=language)
    online = Q(is_online=True) | Q(venue__is_online=True)
    if filters.get("format") == "online":
        sessions = sessions.filter(online)
    elif filters.get("format") == "in_person":
        sessions = sessions.exclude(online)
    places = filters.get("places")  # the board's training filter (needs with_counts())
    if places == PLACES_TRAINING:
        sessions = sessions.filter(course__audience=TRAINING_AUDIENCE)
    elif places == PLACES_ASSISTANT:
        sessions = sessions.filter(assistants_claimed__lt=F("assistant_slots"))
    elif places == PLACES_LEAD:
        sessions = sessions.filter(teachers_claimed__lt=F("teacher_slots"))
    return sessions


# The board's "training" filter: sessions to attend, or places by the training they need.
PLACES_TRAINING = "training"
PLACES_ASSISTANT = "assistant"
PLACES_LEAD = "lead"


def without_training(sessions: QuerySet) -> QuerySet:
    """Learners' schedules and the teaching board leave training courses out."""
    return sessions.exclude(course__audience=TRAINING_AUDIENCE)


def training_sessions(now: datetime | None = None, user=None) -> QuerySet:
    """Upcoming sessions of training courses for volunteer teachers, soonest first."""
    return base_sessions(now, user).filter(course__audience=TRAINING_AUDIENCE)


def under_page(sessions: QuerySet, page) -> QuerySet:
    """Sessions of courses below this schedule page or below one of its translations.

    Translations of a page sit at the same depth of their locale's tree, so "below one of
    them" is "the course path starts with the path of a page sharing this translation key",
    one EXISTS inside the sessions query rather than a query of its own.
    """
    from wagtail.models import Page

    prefix_of_course = Substr(OuterRef("course__path"), 1, len(page.path))
    return sessions.filter(
        Exists(Page.objects.filter(translation_key=page.translation_key, path=prefix_of_course))
    )


@dataclass
class Row:
    """One session as a page shows it, with the reader's own booking or claim."""

    session: Session
    day: str
    now: datetime
    booking: Booking | None = None
    teaching: TeachingClaim | None = None
    title_html: str = ""
    may_lead: bool = True  # the reader may take a teacher place (learning/training.py)
    may_book: bool = True  # False: a training session and the reader is no volunteer

    @property
    def seats_left(self) -> int:
        return self.session.seats_left

    @property
    def teachers_needed(self) -> int:
        return self.session.teachers_needed

    @property
    def booking_status(self) -> str:
        """The reader's state: '' (none), confirmed, waitlisted, offered, attended, ..."""
        if self.booking is None or self.booking.status == Booking.Status.CANCELLED:
            return ""
        return self.booking.status

    @property
    def assistants_needed(self) -> int:
        return self.session.assistants_needed

    @property
    def can_book(self) -> bool:
        return (
            self.may_book and self.booking_status == "" and self.session.booking_is_open(self.now)
        )

    @property
    def can_cancel(self) -> bool:
        status = self.booking_status
        if status in (Booking.Status.WAITLISTED, Booking.Status.OFFERED):
            return True
        return status == Booking.Status.CONFIRMED and self.now <= self.session.cancel_until

    @property
    def show_meeting_link(self) -> bool:
        """Only a learner holding a confirmed seat (or a teacher) sees the online link."""
        teaching = self.teaching is not None and self.teaching.status in TeachingClaim.HOLDS_SLOT
        return self.session.online and (self.booking_status == Booking.Status.CONFIRMED or teaching)

    @property
    def claim_status(self) -> str:
        if self.teaching is None or self.teaching.status == TeachingClaim.Status.DROPPED:
            return ""
        return self.teaching.status

    @property
    def claim_role(self) -> str:
        return self.teaching.role if self.claim_status else ""

    def _claimable(self) -> bool:
        session = self.session
        return (
            self.claim_status == ""
            and session.status == Session.Status.SCHEDULED
            and self.now < session.starts_at
        )

    @property
    def can_claim(self) -> bool:
        """A teacher (lead) place is free and the reader may take it."""
        return self.may_lead and self._claimable() and self.teachers_needed > 0

    @property
    def lead_locked(self) -> bool:
        """A teacher place is free, but the reader is still in training (assistant places only)."""
        return not self.may_lead and self._claimable() and self.teachers_needed > 0

    @property
    def can_assist(self) -> bool:
        return self._claimable() and self.assistants_needed > 0

    @property
    def can_drop(self) -> bool:
        return (
            self.claim_status == TeachingClaim.Status.CLAIMED
            and self.now <= self.session.drop_until
        )


def rows_for(sessions, user, language: str | None, *, now: datetime | None = None) -> list[Row]:
    """Attach the reader's bookings and claims (two queries for all rows), day labels, titles."""
    now = now or timezone.now()
    sessions = list(sessions)
    ids = [s.pk for s in sessions]
    bookings: dict[int, Booking] = {}
    claims: dict[int, TeachingClaim] = {}
    may_lead, may_book_training = False, True  # anonymous readers see "log in to book"
    if getattr(user, "is_authenticated", False):
        is_volunteer = user_has_role(user, VOLUNTEER)
        may_book_training = is_volunteer or is_coordinator(user)
        may_lead = is_volunteer and training.may_teach_alone(user)
    if getattr(user, "is_authenticated", False) and ids:
        bookings = {
            b.session_id: b for b in Booking.objects.filter(learner=user, session_id__in=ids)
        }
        claims = {
            c.session_id: c
            for c in TeachingClaim.objects.filter(volunteer=user, session_id__in=ids)
        }
    rows = [
        Row(
            session=s,
            day=local_date(s.starts_at, language or "ja"),
            now=now,
            booking=bookings.get(s.pk),
            teaching=claims.get(s.pk),
            may_lead=may_lead,
            may_book=may_book_training or not s.is_training,
        )
        for s in sessions
    ]
    _add_titles(rows)
    return rows


@dataclass
class Slice:
    """One page of sessions without a COUNT: fetch one row more than shown to know if more follow."""

    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def page_of(sessions: QuerySet, page_number, per_page: int = PER_PAGE) -> Slice:
    try:
        number = max(int(page_number or 1), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    fetched = list(sessions[start : start + per_page + 1])
    return Slice(rows=fetched[:per_page], number=number, has_next=len(fetched) > per_page)


def board_sessions(now: datetime | None = None, user=None) -> QuerySet:
    """The volunteers' board: understaffed sessions first, then the soonest."""
    return (
        without_training(base_sessions(now, user))
        .annotate(
            staffed=Case(
                When(teachers_claimed__lt=F("teacher_slots"), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("staffed", "starts_at", "id")
    )


def live_counts(session_ids: list[int], user=None) -> dict[str, dict]:
    """Seats left, waiting list and teachers needed for the visible ones of these sessions."""
    counts = {}
    rows = (
        visibility.visible_sessions(user, Session.objects.filter(pk__in=session_ids))
        .with_counts()
        .values(
            "pk",
            "capacity",
            "teacher_slots",
            "status",
            "seats_taken",
            "waitlist_length",
            "teachers_claimed",
            "assistant_slots",
            "assistants_claimed",
            "starts_at",
            "booking_opens_at",
            "booking_closes_at",
        )
    )
    now = timezone.now()
    for row in rows:
        counts[str(row["pk"])] = {
            "seats_left": max(row["capacity"] - row["seats_taken"], 0),
            "capacity": row["capacity"],
            "waitlist": row["waitlist_length"],
            "teachers_needed": max(row["teacher_slots"] - row["teachers_claimed"], 0),
            "teacher_slots": row["teacher_slots"],
            "assistants_needed": max(row["assistant_slots"] - row["assistants_claimed"], 0),
            "status": row["status"],
            "state": booking_state(row, now),
        }
    return counts


def booking_state(row: dict, now) -> str:
    """What a reader can do now: 'open', 'full' (waiting list), 'closed', 'started', 'cancelled'.

    The live script shows and hides buttons by it, so a page left open never offers a seat in
    a class that was cancelled, has started or stopped taking bookings.
    """
    if row["status"] == Session.Status.CANCELLED:
        return "cancelled"
    if row["status"] == Session.Status.COMPLETED or now >= row["starts_at"]:
        return "started"
    closes = row["booking_closes_at"] or row["starts_at"]
    if now >= closes or (row["booking_opens_at"] and now < row["booking_opens_at"]):
        return "closed"
    return "full" if row["capacity"] - row["seats_taken"] <= 0 else "open"


def _add_titles(rows: list[Row]) -> None:
    """Each course title with ruby, computed once per course however many rows show it."""
    from core.templatetags.furigana import furigana_text

    titles: dict[int, str] = {}
    for row in rows:
        course = row.session.course
        if course.pk not in titles:
            titles[course.pk] = furigana_text(course.title)
        row.title_html = titles[course.pk]


def live_config(session_id: int | None = None) -> dict:
    """Where a page's script gets live counts: a WebSocket for nudges, an HTTP URL for numbers."""
    from django.conf import settings
    from django.urls import reverse

    ws_path = f"/ws/learning/sessions/{session_id}/" if session_id else "/ws/learning/schedule/"
    return {
        "counts_url": reverse("learning:counts"),
        "ws_path": ws_path,
        # Without a WebSocket (a proxy that drops them) the page polls this often instead.
        "poll_seconds": getattr(settings, "LEARNING_LIVE_POLL_SECONDS", 30),
    }
