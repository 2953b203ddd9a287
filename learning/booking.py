"""The booking rules: book, waitlist, offer, accept, cancel, expire, claim, drop, attendance.

Every change to seats or teacher slots goes through a function here: the views, the WebSocket
consumer, the Wagtail admin and the management commands all call these, so the rules have
one home. Each function takes the acting user, checks permission and rules inside
`transaction.atomic()`, and raises `BookingError(code, message)` that callers turn into a
form message, an HTTP 4xx or a command's exit status.

Locking: the rows of the people whose bookings or claims change are locked first (by primary
key), then the session row. Always in that order, so two transactions can never wait on each
other in a cycle. The session lock serialises everything that counts seats or slots, which is
what makes "never more confirmed bookings than seats" hold under any concurrency; the person
lock serialises one person's bookings across sessions, which is what makes the clash rule hold.

E-mails and live updates go out only after the transaction commits (`transaction.on_commit`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connection, models, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import LEARNER, VOLUNTEER, is_coordinator, user_has_role
from core import live, pagecache, rows
from core.errors import ServiceError

from . import training, visibility
from .models import Booking, Session, TeachingClaim

logger = logging.getLogger(__name__)

OFFER_HOLD = timedelta(hours=24)  # an offered seat is held this long ...
OFFER_CUTOFF = timedelta(hours=2)  # ... but no later than this before the start ...
OFFER_MIN_HOLD = timedelta(minutes=30)  # ... and never for less than this (bounded by the start).

SCHEDULE_GROUP = "learning-schedule"


def session_group(session_id: int) -> str:
    """The channel-layer group of one session's live counts."""
    return f"session-{session_id}"


# One message per rule; the Japanese is easy Japanese because learners read these.
MESSAGES = {
    # Translators: ja: この 操作は できません。
    "forbidden": _("You may not do this."),
    # Translators: ja: クラスを 予約できるのは 学習者だけです。
    "not_learner": _("Only learners can book classes."),
    # Translators: ja: 先生の 登録を した ボランティアだけが できます。
    "not_volunteer": _("Only volunteer teachers can take a teaching slot."),
    # Translators: ja: まだ 予約は できません。予約が 始まる 日を 見てください。
    "not_open": _("Booking for this class has not opened yet."),
    # Translators: ja: 予約の 期間は 終わりました。
    "closed": _("Booking for this class has closed."),
    # Translators: ja: この クラスは 中止に なりました。
    "cancelled": _("This class has been cancelled."),
    # Translators: ja: この クラスは もう 終わりました。
    "finished": _("This class has already taken place."),
    # Translators: ja: この クラスは いま 予約できません。
    "unavailable": _("This class is not available."),
    # Translators: ja: 同じ 時間に ほかの クラスの 予約が あります。
    "clash": _("You already have another class at this time."),
    # Translators: ja: キャンセルの 期限が 過ぎました。協会に 連絡してください。
    "cancel_deadline_passed": _(
        "The deadline for cancelling has passed. Please contact the association."
    ),
    # Translators: ja: この 予約は もう 使えません。
    "not_active": _("This booking is no longer active."),
    # Translators: ja: あなたに 案内している 席は ありません。
    "no_offer": _("There is no seat offered to you for this class."),
    # Translators: ja: 席の 案内の 期限が 過ぎました。ほかの 人に 案内します。
    "offer_expired": _("The offer has expired; the seat goes to the next person waiting."),
    # Translators: ja: 先生の 枠は もう いっぱいです。
    "no_teacher_slot": _("All teaching slots for this session are taken."),
    # Translators: ja: 同じ 時間に ほかの クラスを 教える 予定が あります。
    "teacher_clash": _("You already teach another session at this time."),
    # Translators: ja: やめる 期限が 過ぎました。コーディネーターに 連絡してください。
    "drop_deadline_passed": _(
        "The deadline for dropping has passed. Please contact the coordinator."
    ),
    # Translators: ja: この クラスは もう 教えました。
    "already_taught": _("This session has already been taught."),
    # Translators: ja: 出席は クラスが 始まってから 記録できます。
    "not_started": _("Attendance can be marked once the session has started."),
    # Translators: ja: この 人は この クラスを 予約していません。
    "not_booked": _("This person has no seat in this session."),
    # Translators: ja: 終わる 時間は 始まる 時間より あとに してください。
    "ends_before_start": _("The end must be after the start."),
    # Translators: ja: この クラスは 出席が 記録されています。
    "already_attended": _("Your attendance for this class is already recorded."),
    # Translators: ja: この 研修は ボランティアの 先生の ためです。
    "training_for_volunteers": _("This training is for volunteer teachers."),
    # Translators: ja: コーディネーターが 確認するまで、アシスタントの 枠だけ えらべます。
    "assistant_only": _("Until a coordinator signs you off, you can take only assistant places."),
    # Translators: ja: アシスタントの 枠は もう いっぱいです。
    "no_assistant_slot": _("All assistant places for this session are taken."),
    # Translators: ja: この 役割は えらべません。
    "bad_role": _("There is no such place."),
}


class BookingError(ServiceError):
    """A rule said no. `code` is stable (for tests, JSON and the admin); `message` is for people."""

    messages = MESSAGES
    forbidden_codes = frozenset(
        {"forbidden", "not_learner", "not_volunteer", "training_for_volunteers"}
    )


@dataclass
class _Outbox:
    """What to tell whom once the transaction has committed."""

    session_ids: set[int] = field(default_factory=set)
    offers: list[Booking] = field(default_factory=list)
    expired: list[Booking] = field(default_factory=list)
    cancelled: list[tuple[Session, list[Booking], list[TeachingClaim]]] = field(
        default_factory=list
    )
    changed: list[tuple[Session, list[str], list[Booking], list[TeachingClaim]]] = field(
        default_factory=list
    )
    on_behalf: list[tuple[str, Booking, Booking | None]] = field(default_factory=list)

    def deliver_after_commit(self) -> None:
        transaction.on_commit(self._deliver)

    def _deliver(self) -> None:
        from . import notifications

        # Each notice is sent on its own: one bad address must not silence the rest, and the
        # change has committed whatever the mail server says.
        for booking in self.expired:
            _safely(notifications.send_offer_expired, booking)
        for booking in self.offers:
            _safely(notifications.send_offer, booking)
        for session, bookings, claims in self.cancelled:
            _safely(notifications.send_session_cancelled, session, bookings, claims)
        for session, changed, bookings, claims in self.changed:
            _safely(notifications.send_session_changed, session, changed, bookings, claims)
        for kind, booking, previous in self.on_behalf:
            _safely(notifications.send_on_behalf, kind, booking, previous)
        broadcast(self.session_ids)


def _safely(send, *args) -> None:
    try:
        send(*args)
    except Exception:
        logger.exception("A notice could not be sent (%s)", getattr(send, "__name__", send))


def broadcast(session_ids) -> None:
    """Tell live pages that these sessions changed; they re-fetch counts over HTTP.

    Called after commit. The page cache is invalidated at once (one Redis INCR, before the
    answer goes out); the live messages leave from the worker's event loop without the request
    waiting, merged per session over a few milliseconds (core.live.broadcast_soon), so a burst
    of bookings on one session sends one message, not one per booking. A failed broadcast is
    logged, not raised: the change has committed and the database is the source of truth
    (clients re-fetch on reconnect).
    """
    if not session_ids:
        return
    # cached schedule and session pages show counts (row signals miss queryset updates)
    pagecache.invalidate(pagecache.BOOKINGS)
    live.broadcast_soon(
        (group, {"type": "session.changed", "session": session_id})
        for session_id in sorted(session_ids)
        for group in (session_group(session_id), SCHEDULE_GROUP)
    )


# --- locking ---------------------------------------------------------------------------------


def _lock_people(*user_ids: int | None) -> None:
    """First lock: the people whose bookings or claims change, in primary-key order."""
    ids = sorted({uid for uid in user_ids if uid is not None})
    if ids:
        meta = get_user_model()._meta
        key = meta.pk.column
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:  # SQL: the ORM's version cost twice the CPU
            cursor.execute(
                f"SELECT {key} FROM {meta.db_table} WHERE {key} IN ({marks}) "
                f"ORDER BY {key}{_for_update()}",
                ids,
            )
            cursor.fetchall()


def _lock_session(session_id: int) -> Session:
    """Second lock: the session row. Fetched again so its fields are the committed ones."""
    sql = (
        f"SELECT {rows.columns(Session, 's')} FROM {Session._meta.db_table} s"
        f" WHERE s.id = %s{_for_update()}"
    )
    session = rows.fetch_one(Session, sql, [session_id], using=DEFAULT_DB_ALIAS)
    if session is None:
        raise Session.DoesNotExist(f"No session {session_id}.")
    return session


def _for_update() -> str:  # noqa: N802 - reads as the SQL it adds
    """Row locks where the database has them (PostgreSQL); SQLite locks the whole file on the
    first write of the transaction, so the clause is left out there, as the ORM does."""
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def _seats_taken(session: Session) -> int:
    return Booking.objects.filter(session=session, status__in=Booking.HOLDS_SEAT).count()


def _slots_taken(session: Session, role: str = TeachingClaim.Role.LEAD) -> int:
    return TeachingClaim.objects.filter(
        session=session, status__in=TeachingClaim.HOLDS_SLOT, role=role
    ).count()


def _require_visible(actor, person, session: Session) -> None:
    """Unpublished or private courses cannot be booked or claimed (learning/visibility.py).

    Coordinators act on any session: they prepare courses before they are published.
    """
    if not is_coordinator(actor) and not visibility.is_visible(session, person):
        raise BookingError("unavailable")


def _require_session_bookable(session: Session, now: datetime) -> None:
    if session.status == Session.Status.CANCELLED:
        raise BookingError("cancelled")
    if session.status == Session.Status.COMPLETED or now >= session.starts_at:
        raise BookingError("finished")
    if session.booking_opens_at and now < session.booking_opens_at:
        raise BookingError("not_open")
    if now >= session.booking_closes:
        raise BookingError("closed")


def _overlapping(session: Session):
    return Session.objects.filter(
        status=Session.Status.SCHEDULED,
        starts_at__lt=session.ends_at,
        ends_at__gt=session.starts_at,
    ).exclude(pk=session.pk)


def offer_expiry(now: datetime, starts_at: datetime) -> datetime:
    """How long an offered seat is held: 24 h, or until 2 h before the start, at least 30 min."""
    expiry = min(now + OFFER_HOLD, starts_at - OFFER_CUTOFF)
    if expiry < now + OFFER_MIN_HOLD:
        expiry = min(now + OFFER_MIN_HOLD, starts_at)
    return expiry


def _expire_overdue_offers(session: Session, now: datetime, outbox: _Outbox) -> int:
    """Offers past their time lose the seat (the caller holds the session lock)."""
    overdue = list(
        Booking.objects.filter(
            session=session, status=Booking.Status.OFFERED, offer_expires_at__lte=now
        ).select_related("learner")
    )
    for booking in overdue:
        booking.status = Booking.Status.CANCELLED
        booking.cancel_reason = Booking.CancelReason.OFFER_EXPIRED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        booking.session = session
        outbox.expired.append(booking)
    if overdue:
        outbox.session_ids.add(session.pk)
    return len(overdue)


def _offer_free_seats(session: Session, now: datetime, outbox: _Outbox) -> list[Booking]:
    """Each free seat goes, as an offer, to the next person on the waiting list (FIFO)."""
    if session.status != Session.Status.SCHEDULED or now >= session.starts_at:
        return []
    free = session.capacity - _seats_taken(session)
    if free <= 0:
        return []
    waiting = list(
        Booking.objects.filter(session=session, status=Booking.Status.WAITLISTED)
        .select_related("learner")
        .order_by("waitlisted_at", "id")[:free]
    )
    expires = offer_expiry(now, session.starts_at)
    for booking in waiting:
        booking.status = Booking.Status.OFFERED
        booking.offered_at = now
        booking.offer_expires_at = expires
        booking.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
        booking.session = session
        outbox.offers.append(booking)
    if waiting:
        outbox.session_ids.add(session.pk)
    return waiting


# --- learners ----------------------------------------------------------------------------------


def book(actor, session: Session, *, learner=None, now: datetime | None = None) -> Booking:
    """Take a seat, or a place on the waiting list when the session is full.

    Booking again while a booking is active returns it unchanged (a double submit is harmless).

    The session's row lock (which a burst of learners queue on) is held only for the seat
    decision: lock, one count, insert, commit. The count also reads the learner's own rows
    that matter (an earlier booking here, an active one at the same time elsewhere); the
    person lock, taken first, keeps those stable: nobody books for this learner without it.
    A learner who already has a row here takes the full path (offers may have changed it).
    """
    learner = learner or actor
    if learner.pk != actor.pk and not is_coordinator(actor):
        raise BookingError("forbidden")
    if session.is_training:  # training courses: volunteers book them like learners book classes
        if not user_has_role(learner, VOLUNTEER):
            raise BookingError("training_for_volunteers")
    elif not user_has_role(learner, LEARNER):
        raise BookingError("not_learner")
    _require_visible(actor, learner, session)
    now = now or timezone.now()
    outbox = _Outbox()
    # the outbox's broadcast invalidates cached pages once after commit; the booking row's
    # own signal need not queue a second invalidation
    with transaction.atomic(), pagecache.invalidated_by_caller(pagecache.BOOKINGS):
        _lock_people(learner.pk)
        session = _lock_session(session.pk)
        seats = _seat_counts(session, now, learner)
        lapsed = 0
        if seats["overdue"]:
            lapsed = _expire_overdue_offers(session, now, outbox)
            seats = _seat_counts(session, now, learner)
        booking = None
        if seats["mine"] is not None:
            booking = Booking.objects.filter(pk=seats["mine"]).first()
        if booking and booking.status in Booking.ACTIVE:
            if lapsed:  # the seats of lapsed offers go on down the queue (maybe to this learner)
                _offer_free_seats(session, now, outbox)
                booking.refresh_from_db()
            outbox.deliver_after_commit()
            return booking
        if booking and booking.status in (Booking.Status.ATTENDED, Booking.Status.NO_SHOW):
            raise BookingError("already_attended")
        _require_session_bookable(session, now)
        if seats["clash"]:
            raise BookingError("clash")

        # Nobody jumps the queue: with people waiting, a newcomer waits too.
        has_seat = not seats["waiting"] and seats["taken"] < session.capacity
        booking = booking or Booking(session=session, learner=learner)
        booking.status = Booking.Status.CONFIRMED if has_seat else Booking.Status.WAITLISTED
        booking.waitlisted_at = None if has_seat else now
        booking.offered_at = booking.offer_expires_at = booking.cancelled_at = None
        booking.cancel_reason = ""
        booking.reminder_sent_at = None
        booking.save()
        offered = []
        if seats["waiting"] and seats["taken"] < session.capacity:
            # Seats were free while people waited (an offer lapsed just now): offer them in order.
            offered = _offer_free_seats(session, now, outbox)
        outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    if any(b.pk == booking.pk for b in offered):
        booking.refresh_from_db()
    return booking


def _seat_counts(session: Session, now: datetime, learner) -> dict[str, Any]:
    """One query under the session lock: seats held, places waiting, overdue offers, and the
    learner's own rows that matter (`mine`: their booking here; `clash`: active bookings at
    the same time elsewhere).

    A statement of its own after the lock, never a subquery of the locking SELECT: that one's
    snapshot predates the wait for the lock and would miss the bookings committed meanwhile.
    Written in SQL (portable: CASE, not FILTER) because every booking of a burst runs it and
    the ORM took ~2 ms of the worker's CPU to build it; tests/learning/test_seat_counts.py
    holds it to the same answers as the ORM's version of the query.
    """
    ops = connection.ops
    at = ops.adapt_datetimefield_value
    holds = ", ".join(["%s"] * len(Booking.HOLDS_SEAT))
    active = ", ".join(["%s"] * len(Booking.ACTIVE))
    sid, lid = session.pk, learner.pk
    sql = f"""
        SELECT
          SUM(CASE WHEN b.session_id = %s AND b.status IN ({holds}) THEN 1 ELSE 0 END),
          SUM(CASE WHEN b.session_id = %s AND b.status = %s THEN 1 ELSE 0 END),
          SUM(CASE WHEN b.session_id = %s AND b.status = %s AND b.offer_expires_at <= %s
                   THEN 1 ELSE 0 END),
          MAX(CASE WHEN b.session_id = %s AND b.learner_id = %s THEN b.id END),
          SUM(CASE WHEN b.session_id <> %s THEN 1 ELSE 0 END)
        FROM {Booking._meta.db_table} b
        WHERE b.session_id = %s
           OR (b.learner_id = %s AND b.status IN ({active}) AND b.session_id IN (
                 SELECT s.id FROM {Session._meta.db_table} s
                 WHERE s.status = %s AND s.starts_at < %s AND s.ends_at > %s AND s.id <> %s))
    """
    params = [
        sid,
        *Booking.HOLDS_SEAT,
        sid,
        Booking.Status.WAITLISTED.value,
        sid,
        Booking.Status.OFFERED.value,
        at(now),
        sid,
        lid,
        sid,
        sid,
        lid,
        *Booking.ACTIVE,
        Session.Status.SCHEDULED.value,
        at(session.ends_at),
        at(session.starts_at),
        sid,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        taken, waiting, overdue, mine, clash = cursor.fetchone()
    return {
        "taken": taken or 0,
        "waiting": waiting or 0,
        "overdue": overdue or 0,
        "mine": mine,
        "clash": clash or 0,
    }


def _seat_counts_orm(session: Session, now: datetime, learner) -> dict[str, Any]:
    """The ORM's version of `_seat_counts`, kept as the reference its tests compare against."""
    here = Q(session=session)
    return Booking.objects.filter(
        here | Q(learner=learner, status__in=Booking.ACTIVE, session__in=_overlapping(session))
    ).aggregate(
        taken=Count("pk", filter=here & Q(status__in=Booking.HOLDS_SEAT)),
        waiting=Count("pk", filter=here & Q(status=Booking.Status.WAITLISTED)),
        overdue=Count(
            "pk", filter=here & Q(status=Booking.Status.OFFERED, offer_expires_at__lte=now)
        ),
        mine=Max("pk", filter=here & Q(learner=learner)),
        clash=Count("pk", filter=~here & Q(learner=learner)),
    )


def cancel_booking(actor, booking: Booking, *, now: datetime | None = None) -> Booking:
    """Give up a seat, an offer or a place in the queue; a freed seat is offered to the next person.

    Learners cancel a confirmed seat only until the session's cancellation deadline; leaving
    the waiting list or declining an offer is always allowed. Coordinators may cancel any time.
    """
    now = now or timezone.now()
    coordinator = is_coordinator(actor)
    if booking.learner_id != actor.pk and not coordinator:
        raise BookingError("forbidden")
    outbox = _Outbox()
    with transaction.atomic():
        _lock_people(booking.learner_id)
        session = _lock_session(booking.session_id)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status == Booking.Status.CANCELLED:
            return booking
        if booking.status not in Booking.ACTIVE:
            raise BookingError("not_active")
        if (
            booking.status == Booking.Status.CONFIRMED
            and not coordinator
            and now > session.cancel_until
        ):
            raise BookingError("cancel_deadline_passed")
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancel_reason = (
            Booking.CancelReason.LEARNER
            if booking.learner_id == actor.pk
            else Booking.CancelReason.COORDINATOR
        )
        booking.offer_expires_at = None
        booking.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancel_reason",
                "offer_expires_at",
                "updated_at",
            ]
        )
        _expire_overdue_offers(session, now, outbox)
        _offer_free_seats(session, now, outbox)
        outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    return booking


def accept_offer(actor, booking: Booking, *, now: datetime | None = None) -> Booking:
    """Confirm an offered seat with one click; accepting twice is harmless."""
    now = now or timezone.now()
    if booking.learner_id != actor.pk and not is_coordinator(actor):
        raise BookingError("forbidden")
    _require_visible(actor, booking.learner, booking.session)
    outbox = _Outbox()
    expired = False
    with transaction.atomic():
        _lock_people(booking.learner_id)
        session = _lock_session(booking.session_id)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status == Booking.Status.CONFIRMED:
            return booking
        expires = booking.offer_expires_at
        if booking.status == Booking.Status.OFFERED and expires is not None and expires <= now:
            # The expiry must commit even though the learner hears "no".
            _expire_overdue_offers(session, now, outbox)
            _offer_free_seats(session, now, outbox)
            expired = True
        elif booking.status != Booking.Status.OFFERED:
            raise BookingError("no_offer")
        else:
            booking.status = Booking.Status.CONFIRMED
            booking.offer_expires_at = None
            booking.save(update_fields=["status", "offer_expires_at", "updated_at"])
            outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    if expired:
        raise BookingError("offer_expired")
    return booking


def expire_offers(*, now: datetime | None = None) -> int:
    """Pass every overdue offer to the next person waiting; returns how many expired.

    Run by `manage.py expire_offers` (cron, every few minutes). Each session is handled in its
    own short transaction so one busy session never holds up the others.
    """
    now = now or timezone.now()
    session_ids = sorted(
        set(
            Booking.objects.filter(
                status=Booking.Status.OFFERED, offer_expires_at__lte=now
            ).values_list("session_id", flat=True)
        )
    )
    expired = 0
    for session_id in session_ids:
        outbox = _Outbox()
        with transaction.atomic():
            session = _lock_session(session_id)
            expired += _expire_overdue_offers(session, now, outbox)
            _offer_free_seats(session, now, outbox)
            outbox.deliver_after_commit()
    return expired


def refill_seats(actor, session: Session, *, now: datetime | None = None) -> list[Booking]:
    """Offer seats that became free outside a cancellation (a coordinator added seats)."""
    if not is_coordinator(actor):
        raise BookingError("forbidden")
    now = now or timezone.now()
    outbox = _Outbox()
    with transaction.atomic():
        session = _lock_session(session.pk)
        _expire_overdue_offers(session, now, outbox)
        offered = _offer_free_seats(session, now, outbox)
        outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    return offered


# --- volunteers --------------------------------------------------------------------------------


def claim(
    actor,
    session: Session,
    *,
    volunteer=None,
    role: str = TeachingClaim.Role.LEAD,
    now: datetime | None = None,
) -> TeachingClaim:
    """Take a teacher (lead) or assistant place; claiming again while holding one returns it.

    A volunteer not yet signed off takes only assistant places, beside the session's teachers
    (learning/training.py; TRAINING_ASSISTANT_ONLY turns the rule off).
    """
    volunteer = volunteer or actor
    if volunteer.pk != actor.pk and not is_coordinator(actor):
        raise BookingError("forbidden")
    if not user_has_role(volunteer, VOLUNTEER):
        raise BookingError("not_volunteer")
    if role not in TeachingClaim.Role.values:
        raise BookingError("bad_role")
    _require_visible(actor, volunteer, session)
    now = now or timezone.now()
    outbox = _Outbox()
    with transaction.atomic():
        _lock_people(volunteer.pk)
        session = _lock_session(session.pk)
        existing = TeachingClaim.objects.filter(session=session, volunteer=volunteer).first()
        if existing and existing.status in TeachingClaim.HOLDS_SLOT:
            return existing
        if session.status == Session.Status.CANCELLED:
            raise BookingError("cancelled")
        if session.status == Session.Status.COMPLETED or now >= session.starts_at:
            raise BookingError("finished")
        if TeachingClaim.objects.filter(
            volunteer=volunteer,
            status=TeachingClaim.Status.CLAIMED,
            session__in=_overlapping(session),
        ).exists():
            raise BookingError("teacher_clash")
        if role == TeachingClaim.Role.LEAD:
            if not training.may_teach_alone(volunteer):
                raise BookingError("assistant_only")
            if _slots_taken(session, role) >= session.teacher_slots:
                raise BookingError("no_teacher_slot")
        elif _slots_taken(session, role) >= session.assistant_slots:
            raise BookingError("no_assistant_slot")
        teaching = existing or TeachingClaim(session=session, volunteer=volunteer)
        teaching.role = role
        teaching.status = TeachingClaim.Status.CLAIMED
        teaching.dropped_at = None
        teaching.reminder_sent_at = None
        teaching.save()
        outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    return teaching


def drop_claim(actor, teaching: TeachingClaim, *, now: datetime | None = None) -> TeachingClaim:
    """Give a teaching slot back, until the drop deadline; after it only a coordinator can."""
    now = now or timezone.now()
    coordinator = is_coordinator(actor)
    if teaching.volunteer_id != actor.pk and not coordinator:
        raise BookingError("forbidden")
    outbox = _Outbox()
    with transaction.atomic():
        _lock_people(teaching.volunteer_id)
        session = _lock_session(teaching.session_id)
        teaching = TeachingClaim.objects.get(pk=teaching.pk)
        if teaching.status == TeachingClaim.Status.DROPPED:
            return teaching
        if teaching.status == TeachingClaim.Status.TAUGHT:
            raise BookingError("already_taught")
        if not coordinator and now > session.drop_until:
            raise BookingError("drop_deadline_passed")
        teaching.status = TeachingClaim.Status.DROPPED
        teaching.dropped_at = now
        teaching.save(update_fields=["status", "dropped_at", "updated_at"])
        outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    return teaching


# --- after the class ---------------------------------------------------------------------------


def _teaches(user, session: Session) -> bool:
    return TeachingClaim.objects.filter(
        session=session, volunteer=user, status__in=TeachingClaim.HOLDS_SLOT
    ).exists()


def can_manage_session(user, session: Session) -> bool:
    """Coordinators, and the volunteers teaching it, see the roster and mark attendance."""
    return is_coordinator(user) or (
        getattr(user, "is_authenticated", False) and _teaches(user, session)
    )


def _log_teaching_hours(session: Session, volunteer_ids=None) -> None:
    claims = TeachingClaim.objects.filter(session=session, status=TeachingClaim.Status.CLAIMED)
    if volunteer_ids is not None:
        claims = claims.filter(volunteer_id__in=volunteer_ids)
    claims.update(
        status=TeachingClaim.Status.TAUGHT, hours=session.duration_hours, updated_at=timezone.now()
    )


def mark_attendance(
    actor, booking: Booking, attended: bool, *, now: datetime | None = None
) -> Booking:
    """The teacher (or a coordinator) records attended / no-show once the session has started.

    A teacher who marks attendance has taught: their claim becomes 'taught' with the hours.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(booking.session_id)
        if not can_manage_session(actor, session):
            raise BookingError("forbidden")
        if session.status == Session.Status.CANCELLED:
            raise BookingError("cancelled")
        if now < session.starts_at:
            raise BookingError("not_started")
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status not in (
            Booking.Status.CONFIRMED,
            Booking.Status.ATTENDED,
            Booking.Status.NO_SHOW,
        ):
            raise BookingError("not_booked")
        booking.status = Booking.Status.ATTENDED if attended else Booking.Status.NO_SHOW
        booking.attendance_marked_by = actor
        booking.save(update_fields=["status", "attendance_marked_by", "updated_at"])
        _log_teaching_hours(session, volunteer_ids=[actor.pk])
    return booking


def complete_session(actor, session: Session, *, now: datetime | None = None) -> Session:
    """Close a session that took place: every teacher still holding a slot gets the hours."""
    now = now or timezone.now()
    outbox = _Outbox()
    with transaction.atomic():
        session = _lock_session(session.pk)
        if not can_manage_session(actor, session):
            raise BookingError("forbidden")
        if session.status == Session.Status.CANCELLED:
            raise BookingError("cancelled")
        if now < session.starts_at:
            raise BookingError("not_started")
        _log_teaching_hours(session)
        if session.status != Session.Status.COMPLETED:
            session.status = Session.Status.COMPLETED
            session.save(update_fields=["status", "updated_at"])
        outbox.session_ids.add(session.pk)
        outbox.deliver_after_commit()
    return session


def _cancel_locked(session: Session, reason: str, now: datetime, outbox: _Outbox) -> None:
    """End every booking and claim of a locked session and queue the e-mails."""
    bookings = list(
        Booking.objects.filter(session=session, status__in=Booking.ACTIVE).select_related("learner")
    )
    claims = list(
        TeachingClaim.objects.filter(
            session=session, status=TeachingClaim.Status.CLAIMED
        ).select_related("volunteer")
    )
    Booking.objects.filter(pk__in=[b.pk for b in bookings]).update(
        status=Booking.Status.CANCELLED,
        cancel_reason=Booking.CancelReason.SESSION,
        cancelled_at=now,
        offer_expires_at=None,
        updated_at=now,
    )
    TeachingClaim.objects.filter(pk__in=[c.pk for c in claims]).update(
        status=TeachingClaim.Status.DROPPED, dropped_at=now, updated_at=now
    )
    session.status = Session.Status.CANCELLED
    session.cancel_reason = reason[:300]
    session.save(update_fields=["status", "cancel_reason", "updated_at"])
    outbox.cancelled.append((session, bookings, claims))
    outbox.session_ids.add(session.pk)


def cancel_session(
    actor, session: Session, *, reason: str = "", now: datetime | None = None
) -> Session:
    """Cancel a session: every booking and claim ends and everyone on it gets an e-mail."""
    if not is_coordinator(actor):
        raise BookingError("forbidden")
    now = now or timezone.now()
    outbox = _Outbox()
    with transaction.atomic():
        session = _lock_session(session.pk)
        if session.status == Session.Status.CANCELLED:
            return session
        if session.status == Session.Status.COMPLETED:
            raise BookingError("finished")
        _cancel_locked(session, reason, now, outbox)
        outbox.deliver_after_commit()
    return session


# What people on a session are told about when it changes: when and where it meets.
NOTIFIED_FIELDS = ("starts_at", "ends_at", "venue", "is_online", "meeting_link")


@dataclass
class SessionChange:
    """What `change_session` did: the saved session, the notified fields that changed, and so on."""

    session: Session
    changed: list[str]
    told: int = 0
    offered: list[Booking] = field(default_factory=list)


def _field_value(session: Session, name: str) -> Any:
    """The value as people read it: times to the minute (the admin's widgets drop seconds)."""
    field = Session._meta.get_field(name)
    assert isinstance(field, models.Field), name  # a concrete column, never a reverse relation
    value = getattr(session, field.attname)
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    return value


def change_session(
    actor, session: Session, changes: Mapping[str, Any], *, now: datetime | None = None
) -> SessionChange:
    """Apply a coordinator's edit to a session and tell the people on it what moved.

    When the time, venue or online link changes, every learner with an active booking and every
    teacher holding a slot gets an e-mail (after commit). Setting the status to cancelled takes
    the cancellation path (everyone told once); more seats go to the waiting list as offers.
    The values are compared with the committed row under its lock, so two coordinators saving
    at once each notify only what they changed.
    """
    if not is_coordinator(actor):
        raise BookingError("forbidden")
    now = now or timezone.now()
    outbox = _Outbox()
    with transaction.atomic():
        current = _lock_session(session.pk)
        cancelling = (
            changes.get("status") == Session.Status.CANCELLED
            and current.status != Session.Status.CANCELLED
        )
        before = {name: _field_value(current, name) for name in NOTIFIED_FIELDS}
        for name, value in changes.items():
            if name != "status" or not cancelling:
                setattr(current, name, value)
        if current.ends_at <= current.starts_at:
            raise BookingError("ends_before_start")
        current.save()
        changed = [name for name in NOTIFIED_FIELDS if _field_value(current, name) != before[name]]
        result = SessionChange(session=current, changed=changed)
        if cancelling:
            told = Booking.objects.filter(session=current, status__in=Booking.ACTIVE).count()
            told += TeachingClaim.objects.filter(
                session=current, status=TeachingClaim.Status.CLAIMED
            ).count()
            _cancel_locked(
                current, changes.get("cancel_reason", current.cancel_reason), now, outbox
            )
            result.told = told
        elif changed and current.status == Session.Status.SCHEDULED:
            bookings = list(
                Booking.objects.filter(session=current, status__in=Booking.ACTIVE).select_related(
                    "learner"
                )
            )
            claims = list(
                TeachingClaim.objects.filter(
                    session=current, status=TeachingClaim.Status.CLAIMED
                ).select_related("volunteer")
            )
            outbox.changed.append((current, changed, bookings, claims))
            result.told = len(bookings) + len(claims)
        if not cancelling:
            _expire_overdue_offers(current, now, outbox)
            result.offered = _offer_free_seats(current, now, outbox)
        outbox.session_ids.add(current.pk)
        outbox.deliver_after_commit()
    return result


# --- coordinators, on a learner's behalf (phone and walk-in bookings) ---------------------------


def _require_coordinator(actor) -> None:
    if not is_coordinator(actor):
        raise BookingError("forbidden")


def book_on_behalf(
    coordinator, session: Session, learner, *, now: datetime | None = None
) -> Booking:
    """A coordinator books a seat (or a waiting-list place) for a learner, who is e-mailed."""
    _require_coordinator(coordinator)
    with transaction.atomic():
        before = Booking.objects.filter(session=session, learner=learner).first()
        was_active = bool(before and before.status in Booking.ACTIVE)
        result = book(coordinator, session, learner=learner, now=now)
        if not was_active:
            outbox = _Outbox(on_behalf=[("booked", result, None)])
            outbox.deliver_after_commit()
    return result


def cancel_on_behalf(coordinator, booking: Booking, *, now: datetime | None = None) -> Booking:
    """A coordinator cancels a learner's booking (any time); the learner is e-mailed."""
    _require_coordinator(coordinator)
    with transaction.atomic():
        was_active = Booking.objects.filter(pk=booking.pk, status__in=Booking.ACTIVE).exists()
        result = cancel_booking(coordinator, booking, now=now)
        if was_active:
            _Outbox(on_behalf=[("cancelled", result, None)]).deliver_after_commit()
    return result


def move_booking(
    coordinator, booking: Booking, to_session: Session, *, now: datetime | None = None
) -> Booking:
    """Move a learner from one session to another in one step; the learner is e-mailed once.

    Both session rows are locked (learner first, then sessions by primary key, as everywhere)
    before anything changes, so the old seat is given up only if the new booking is made: a
    refusal (closed, cancelled, already booked there) leaves the old booking as it was.
    """
    _require_coordinator(coordinator)
    now = now or timezone.now()
    with transaction.atomic():
        _lock_people(booking.learner_id)
        for session_id in sorted({booking.session_id, to_session.pk}):
            _lock_session(session_id)
        current = Booking.objects.select_related("learner").get(pk=booking.pk)
        if current.session_id == to_session.pk:
            return current
        if current.status not in Booking.ACTIVE:
            raise BookingError("not_active")
        cancel_booking(coordinator, current, now=now)
        current.refresh_from_db()
        moved = book(coordinator, to_session, learner=current.learner, now=now)
        _Outbox(on_behalf=[("moved", moved, current)]).deliver_after_commit()
    return moved


# --- account deletion ----------------------------------------------------------------------------


def forget_person(user, *, now: datetime | None = None) -> None:
    """A person deleted their account: free what they held ahead, unlink what is past.

    Upcoming seats, offers and queue places are cancelled (deadlines do not apply: nobody will
    come) and each freed seat is offered to the next person waiting; upcoming teaching slots
    are dropped. Every booking and claim then loses its link to the person (NULL), so seat
    counts, attendance and taught hours stay as they were without saying whose they were.
    Locks as everywhere: the person first, then each session by primary key.
    """
    now = now or timezone.now()
    outbox = _Outbox()
    with transaction.atomic():
        _lock_people(user.pk)
        upcoming_bookings = Booking.objects.filter(
            learner=user, status__in=Booking.ACTIVE, session__starts_at__gt=now
        )
        upcoming_claims = TeachingClaim.objects.filter(
            volunteer=user, status=TeachingClaim.Status.CLAIMED, session__starts_at__gt=now
        )
        session_ids = sorted(
            {
                *upcoming_bookings.values_list("session_id", flat=True),
                *upcoming_claims.values_list("session_id", flat=True),
            }
        )
        for session_id in session_ids:
            session = _lock_session(session_id)
            upcoming_bookings.filter(session=session).update(
                status=Booking.Status.CANCELLED,
                cancel_reason=Booking.CancelReason.ACCOUNT_DELETED,
                cancelled_at=now,
                offer_expires_at=None,
                updated_at=now,
            )
            upcoming_claims.filter(session=session).update(
                status=TeachingClaim.Status.DROPPED, dropped_at=now, updated_at=now
            )
            _expire_overdue_offers(session, now, outbox)
            _offer_free_seats(session, now, outbox)
            outbox.session_ids.add(session.pk)
        Booking.objects.filter(learner=user).update(learner=None)
        Booking.objects.filter(attendance_marked_by=user).update(attendance_marked_by=None)
        TeachingClaim.objects.filter(volunteer=user).update(volunteer=None)
        outbox.deliver_after_commit()
