"""Which sessions a person may see and book: the one home of that rule.

A session is visible when its course page is live (published) and not behind a Wagtail view
restriction the person does not pass; it is bookable when it is visible and scheduled (the
time rules — opening, closing, the start — stay in booking.py). The schedule, the session
page, booking and claiming, the counts API, the calendar feeds and the session socket all
ask here, so unpublishing or making a course private hides it everywhere at once.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction

from .records import Session


def _hiding_restrictions(user) -> QuerySet:
    """The view restrictions `user` does not pass, as a query (run as part of another).

    Signed-in people pass "login" restrictions, and "groups" ones when in one of the groups;
    a password restriction is shared with readers in person and is never enough to book.
    Superusers pass every restriction; anonymous visitors none.
    """
    restrictions = PageViewRestriction.objects.all()
    if not getattr(user, "is_authenticated", False):
        return restrictions
    if user.is_superuser:
        return restrictions.none()
    member = PageViewRestriction.groups.through.objects.filter(
        pageviewrestriction=OuterRef("pk"), group__user=user
    )
    return restrictions.exclude(restriction_type=PageViewRestriction.LOGIN).exclude(
        Q(restriction_type=PageViewRestriction.GROUPS) & Exists(member)
    )


def visible_sessions(user=None, sessions: QuerySet | None = None) -> QuerySet:
    """`sessions` (all sessions by default) narrowed to those `user` may see.

    One query in all: the restrictions are a subquery (a course is hidden by a restriction
    on its own page or on any page above it, i.e. one whose tree path starts its own).
    """
    sessions = Session.objects.all() if sessions is None else sessions
    above = _hiding_restrictions(user).filter(
        page__path=Substr(OuterRef("course__path"), 1, Length("page__path"))
    )
    return sessions.filter(course__live=True).exclude(Exists(above))


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
