"""Which sessions a person may see and book: the one home of that rule.

A session is visible when its course page is live (published) and not behind a Wagtail view
restriction the person does not pass; it is bookable when it is visible and scheduled (the
time rules — opening, closing, the start — stay in booking.py). The schedule, the session
page, booking and claiming, the counts API, the calendar feeds and the session socket all
ask here, so unpublishing or making a course private hides it everywhere at once.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from wagtail.models import PageViewRestriction

from .records import Session


def _passes(restriction: PageViewRestriction, user) -> bool:
    """Whether `user` passes a restriction without a request (a password one never does)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        wanted = {group.pk for group in restriction.groups.all()}
        return bool(wanted & set(user.groups.values_list("pk", flat=True)))
    return False  # password: shared with readers in person, never enough to book


def hidden_paths(user) -> list[str]:
    """Tree paths of the restricted pages this user may not see (one small query)."""
    restrictions = PageViewRestriction.objects.select_related("page").prefetch_related("groups")
    return [r.page.path for r in restrictions if not _passes(r, user)]


def visible_sessions(user=None, sessions: QuerySet | None = None) -> QuerySet:
    """`sessions` (all sessions by default) narrowed to those `user` may see."""
    sessions = Session.objects.all() if sessions is None else sessions
    sessions = sessions.filter(course__live=True)
    paths = hidden_paths(user)
    if paths:
        hidden = Q()
        for path in paths:
            hidden |= Q(course__path__startswith=path)
        sessions = sessions.exclude(hidden)
    return sessions


def visible_session(user, pk: int) -> Session:
    """One session `user` may see (Session.DoesNotExist otherwise), marked as checked for them.

    The mark spares `is_visible` a second query for the same person in the same request (a
    booking: the view looks the session up, then the service checks it); the course's
    audience is annotated so `Session.is_training` needs no query for the course page.
    """
    # the course's audience rides along (Session.is_training): no query for the course page
    session = visible_sessions(user).annotate(course_audience=F("course__audience")).get(pk=pk)
    session._visible_to = getattr(user, "pk", None)
    return session


def is_visible(session: Session, user=None) -> bool:
    pk = getattr(user, "pk", None)
    if pk is not None and getattr(session, "_visible_to", None) == pk:
        return True  # looked up through visible_session for this person just now
    return visible_sessions(user, Session.objects.filter(pk=session.pk)).exists()


def is_bookable(session: Session, user=None) -> bool:
    """Visible and scheduled; booking.py adds the time rules on top."""
    return session.status == Session.Status.SCHEDULED and is_visible(session, user)
