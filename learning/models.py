"""The learning app's models for Django: the class records and the pages that show them.

Split in two modules so the pages can use the schedule queries (which read the records)
without an import cycle: records ← schedule ← pages, and this module gathers both.
"""

from .pages import ClassIndexPage, CoursePage
from .records import (
    DEFAULT_CANCEL_BEFORE,
    DEFAULT_DROP_BEFORE,
    TRAINING_AUDIENCE,
    Booking,
    CalendarFeed,
    OnboardingChecklist,
    RecurrenceRule,
    Session,
    SessionQuerySet,
    TeachingClaim,
    Venue,
    new_feed_token,
)

__all__ = [
    "DEFAULT_CANCEL_BEFORE",
    "DEFAULT_DROP_BEFORE",
    "Booking",
    "CalendarFeed",
    "ClassIndexPage",
    "OnboardingChecklist",
    "TRAINING_AUDIENCE",
    "CoursePage",
    "RecurrenceRule",
    "Session",
    "SessionQuerySet",
    "TeachingClaim",
    "Venue",
    "new_feed_token",
]
