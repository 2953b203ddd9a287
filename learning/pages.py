"""What the class schedule and course pages (cms) show: their `get_context` calls these.

Kept here, beside the queries, so cms/models.py only forwards to the classes app.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import get_language

from . import schedule
from .forms import ScheduleFilterForm

COURSE_SESSIONS_SHOWN = 30


def class_index_context(page, request: HttpRequest) -> dict:
    """Upcoming sessions of the courses below the schedule page, filtered and paginated."""
    form = ScheduleFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    sessions = schedule.apply_filters(
        schedule.under_page(schedule.base_sessions(user=request.user), page), filters
    )
    page_obj = schedule.page_of(sessions, request.GET.get("page"))
    rows = schedule.rows_for(page_obj.rows, request.user, get_language())
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filtered": bool(filters),
        "rows": rows,
        "page_obj": page_obj,
        "query_without_page": query.urlencode(),
        "live": schedule.live_config(),
    }


def course_context(page, request: HttpRequest) -> dict:
    """The course's upcoming sessions with the reader's bookings; the online link only if booked."""
    sessions = schedule.base_sessions(user=request.user).filter(
        course__translation_key=page.translation_key
    )
    rows = schedule.rows_for(sessions[:COURSE_SESSIONS_SHOWN], request.user, get_language())
    return {
        "rows": rows,
        "show_course_link": any(row.show_meeting_link for row in rows),
        "live": schedule.live_config(),
    }
