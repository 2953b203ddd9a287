"""Choice tables every app shares: one copy each (levels, weekdays, class formats).

Languages are rows (core.Language, seeded by migration core/0002); their names live there.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# The Common European Framework levels classes and materials are labelled with.
CEFR_LEVELS = [(level, level) for level in ("A1", "A2", "B1", "B2", "C1", "C2")]


class Weekday(models.IntegerChoices):
    """Days as Python's date.weekday() numbers them (Monday = 0), for sessions and availability."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Format(models.TextChoices):
    """How a class or a support meets."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
