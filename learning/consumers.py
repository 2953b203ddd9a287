"""Live seats and teacher slots over WebSocket. Thin: join groups, forward events, call booking.py.

Events carry only the id of the session that changed; the page then re-fetches the counts over
HTTP (and does the same on every reconnect), so the database stays the one source of truth and
a message lost by the channel layer costs nothing but a moment's staleness.

Signed-in people may also act over the socket ({"action": "claim", "session": 42}); the same
rules as the HTML buttons apply because both call learning/booking.py.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.utils.translation import gettext as _

from core.consumers import GroupsMixin
from core.throttle import check_user_rate
from core.wsguard import CLOSE_NOT_FOUND, GuardedJsonWebsocketConsumer

from . import booking as rules
from . import visibility
from .booking import SCHEDULE_GROUP, session_group
from .models import Booking, Session, TeachingClaim

ACTIONS = ("book", "cancel", "claim", "drop")


@database_sync_to_async
def _perform(user, action: str, session_id: int) -> dict:
    session = Session.objects.filter(pk=session_id).first()
    if session is None:
        return {
            "type": "error",
            "action": action,
            "error": "not_found",
            "message": "no such session",
        }
    try:
        if action == "book":
            result = rules.book(user, session)
        elif action == "claim":
            result = rules.claim(user, session)
        elif action == "cancel":
            booking = Booking.objects.filter(session=session, learner=user).first()
            if booking is None:
                raise rules.BookingError("not_active")
            result = rules.cancel_booking(user, booking)
        else:
            teaching = TeachingClaim.objects.filter(session=session, volunteer=user).first()
            if teaching is None:
                raise rules.BookingError("forbidden")
            result = rules.drop_claim(user, teaching)
    except rules.BookingError as exc:
        return {
            "type": "error",
            "action": action,
            "session": session_id,
            "error": exc.code,
            "message": str(exc),
        }
    return {
        "type": "result",
        "action": action,
        "session": session_id,
        "id": result.pk,
        "status": result.status,
    }


@database_sync_to_async
def _visible(session_id: int, user) -> bool:
    return visibility.visible_sessions(user).filter(pk=session_id).exists()


class ScheduleConsumer(GroupsMixin, GuardedJsonWebsocketConsumer):
    """Every session's changes: the class schedule and the volunteers' board listen here."""

    async def connect(self) -> None:
        if not await self.may_listen():
            await self.close(code=CLOSE_NOT_FOUND)  # refused at the handshake
            return
        # joined with retries, left on disconnect (core.consumers.GroupsMixin)
        if await self.join_groups(self.initial_groups()):
            await self.accept()

    async def may_listen(self) -> bool:
        return True

    def initial_groups(self) -> list[str]:
        return [SCHEDULE_GROUP]

    async def session_changed(self, event: dict) -> None:
        await self.send_json({"type": "session.changed", "session": event["session"]})

    async def receive_json(self, content, **kwargs) -> None:
        if not isinstance(content, dict) or content.get("action") not in ACTIONS:
            await self.send_json(
                {
                    "type": "error",
                    "error": "bad_request",
                    "message": f"action must be one of {ACTIONS}",
                }
            )
            return
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.send_json(
                {"type": "error", "error": "login_required", "message": "Please log in."}
            )
            return
        try:
            session_id = int(content.get("session"))
        except (TypeError, ValueError):
            await self.send_json(
                {"type": "error", "error": "bad_request", "message": "session must be a number"}
            )
            return
        wait = await database_sync_to_async(check_user_rate)("booking", user.pk)
        if wait:
            await self.send_json(
                {
                    "type": "error",
                    "error": "rate_limited",
                    # Translators: ja: 短い 時間に 何回も 送りました。少し 待ってください。
                    "message": _("Too many requests in a short time. Please wait a moment."),
                    "retry_after": wait,
                }
            )
            return
        await self.send_json(await _perform(user, content["action"], session_id))


class SessionConsumer(ScheduleConsumer):
    """One session's changes (its own page), in the group named after it: session-<id>."""

    async def may_listen(self) -> bool:
        """Only sessions that exist and the person may see (learning/visibility.py)."""
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        return await _visible(session_id, self.scope.get("user"))

    def initial_groups(self) -> list[str]:
        return [session_group(self.scope["url_route"]["kwargs"]["session_id"])]
