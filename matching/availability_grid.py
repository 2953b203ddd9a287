"""The weekly availability grid: days × time bands, stored as the existing availability rows.

A person ticks cells (Monday morning, Wednesday evening ...); each ticked cell becomes one
row (weekday, band start, band end) of VolunteerAvailability or LearnerAvailability, which
the matching engine already reads. A row a coordinator entered with other times shows as
ticked in every band it overlaps, and is left as it was when the person saves the same cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.models import Weekday


@dataclass(frozen=True)
class Band:
    key: str
    label: str | Promise
    starts_at: time
    ends_at: time


BANDS: tuple[Band, ...] = (
    # Translators: ja: 午前（9時〜12時）
    Band("morning", _("Morning (9–12)"), time(9), time(12)),
    # Translators: ja: 午後（13時〜17時）
    Band("afternoon", _("Afternoon (13–17)"), time(13), time(17)),
    # Translators: ja: 夜（18時〜21時）
    Band("evening", _("Evening (18–21)"), time(18), time(21)),
)
_BY_KEY = {band.key: band for band in BANDS}


def cell(weekday: int, band: str) -> str:
    """The value of one checkbox: "0-morning" is Monday morning."""
    return f"{weekday}-{band}"


CHOICES = [
    (cell(day, band.key), f"{day_label} {band.label}")
    for day, day_label in Weekday.choices
    for band in BANDS
]


def cells_from_rows(rows: Iterable) -> set[str]:
    """The cells that rows with .weekday, .starts_at, .ends_at cover (any overlap)."""
    cells = set()
    for row in rows:
        for band in BANDS:
            if row.starts_at < band.ends_at and band.starts_at < row.ends_at:
                cells.add(cell(row.weekday, band.key))
    return cells


def slots_from_cells(cells: Iterable[str]) -> list[tuple[int, time, time]]:
    """(weekday, from, until) for each cell, by day then time; unknown cells are ignored."""
    slots = []
    for value in cells:
        day, _sep, key = value.partition("-")
        if day.isdigit() and int(day) in Weekday.values and key in _BY_KEY:
            band = _BY_KEY[key]
            slots.append((int(day), band.starts_at, band.ends_at))
    return sorted(set(slots))


def save_grid(profile, cells: Iterable[str]) -> bool:
    """Replace the profile's availability rows with the ticked cells; False if nothing changed."""
    cells = set(cells)
    rows = list(profile.availability.all())
    if cells_from_rows(rows) == cells:
        return False
    model = profile.availability.model
    model.objects.filter(profile=profile).delete()
    model.objects.bulk_create(
        model(profile=profile, sort_order=i, weekday=day, starts_at=start, ends_at=end)
        for i, (day, start, end) in enumerate(slots_from_cells(cells))
    )
    return True


def table(selected: Iterable[str]) -> list[dict]:
    """Rows for the template: one per day, each with a cell per band (value, checked)."""
    chosen = set(selected)
    return [
        {
            "weekday": day,
            "label": day_label,
            "cells": [
                {
                    "value": cell(day, band.key),
                    "band": band,
                    "checked": cell(day, band.key) in chosen,
                }
                for band in BANDS
            ],
        }
        for day, day_label in Weekday.choices
    ]
