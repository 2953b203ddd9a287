"""Read queries about volunteers that other apps may use (the layer contracts allow
`matching.selectors`); everything here reads and never writes.

The safeguarding training date has one home, the volunteer's profile here; the classes app's
onboarding checklist (learning/training.py) reads it through these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .models import VolunteerProfile


def safeguarding_training_dates(user_ids: Iterable[int]) -> dict[int, date | None]:
    """Each user's safeguarding training date from their volunteer profile (None: not done or
    no profile), one query for all."""
    ids = list(user_ids)
    found: dict[int, date | None] = dict.fromkeys(ids)
    rows = VolunteerProfile.objects.filter(user_id__in=ids).values_list(
        "user_id", "safeguarding_training_on"
    )
    found.update(dict(rows))
    return found


def volunteer_profile_pk(user_id: int) -> int | None:
    """The volunteer profile's primary key (for a link to its admin page), None without one."""
    return VolunteerProfile.objects.filter(user_id=user_id).values_list("pk", flat=True).first()
