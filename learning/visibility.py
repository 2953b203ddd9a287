"""Which sessions a person may see and book: the one home of that rule.

A session is visible when its course page is live (published) and not behind a Wagtail view
restriction the person does not pass; it is bookable when it is visible and scheduled (the
time rules — opening, closing, the start — stay in booking.py). The schedule, the session
page, booking and claiming, the counts API, the calendar feeds and the session socket all
ask here, so unpublishing or making a course private hides it everywhere at once.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet
from wagtail.models import Page, PageViewRestriction

from core import rows

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

    One statement (the booking hot path runs it for every press of "Book"): the same rule as
    `visible_sessions` — a live course with no restriction above it that `user` fails —
    written in SQL, because the ORM took about as much CPU to build the two queries (the
    restrictions, then the session) as the whole seat decision. tests/security/
    test_visibility.py holds it to `visible_sessions` for every kind of restriction.
    """
    session = rows.fetch_one(
        Session, *_visible_session_sql(user, pk), extra=("course_audience",), using=DEFAULT_DB_ALIAS
    )
    if session is None:
        raise Session.DoesNotExist(f"No session {pk} visible to this person.")
    session._visible_to = getattr(user, "pk", None)  # type: ignore[attr-defined]  # a mark
    return session


def _visible_session_sql(user, pk: int) -> tuple[str, list]:
    """`visible_sessions(user).filter(pk=pk)` with the course's audience, as one statement."""
    session, page = Session._meta, Page._meta
    course = session.get_field("course").related_model._meta
    restricted = PageViewRestriction._meta.get_field("groups")
    sql = f"""
        SELECT {rows.columns(Session, "s")}, c.audience
        FROM {session.db_table} s
        JOIN {course.db_table} c ON c.{course.pk.column} = s.{session.get_field("course").column}
        JOIN {page.db_table} p ON p.id = c.{course.pk.column}
        WHERE s.id = %s AND p.live = %s"""
    params: list = [pk, True]
    if getattr(user, "is_superuser", False):
        return sql, params  # a superuser passes every restriction
    # a restriction on the course page or on any page above it (tree paths are prefixes)
    sql += f"""
          AND NOT EXISTS (
            SELECT 1 FROM {PageViewRestriction._meta.db_table} r
            JOIN {page.db_table} rp ON rp.id = r.page_id
            WHERE SUBSTR(p.path, 1, LENGTH(rp.path)) = rp.path"""
    if not getattr(user, "is_authenticated", False):
        return sql + ")", params  # anonymous: every kind of restriction hides the course
    # signed in: a login restriction passes, a groups one passes for a member, a password one
    # never does (shared with readers in person, never enough to book)
    membership = get_user_model()._meta.get_field("groups")
    sql += f"""
              AND (r.restriction_type = %s
                   OR (r.restriction_type = %s AND NOT EXISTS (
                     SELECT 1 FROM {restricted.m2m_db_table()} rg
                     JOIN {membership.m2m_db_table()} ug
                       ON ug.{membership.m2m_reverse_name()} = rg.{restricted.m2m_reverse_name()}
                     WHERE rg.{restricted.m2m_column_name()} = r.id
                       AND ug.{membership.m2m_column_name()} = %s))))"""
    params += [PageViewRestriction.PASSWORD, PageViewRestriction.GROUPS, user.pk]
    return sql, params


def is_visible(session: Session, user=None) -> bool:
    pk = getattr(user, "pk", None)
    if pk is not None and getattr(session, "_visible_to", None) == pk:
        return True  # looked up through visible_session for this person just now
    return visible_sessions(user, Session.objects.filter(pk=session.pk)).exists()


def is_bookable(session: Session, user=None) -> bool:
    """Visible and scheduled; booking.py adds the time rules on top."""
    return session.status == Session.Status.SCHEDULED and is_visible(session, user)
