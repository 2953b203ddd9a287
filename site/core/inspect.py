"""What the admin's inspect views show for a field that has no value.

Wagtail's InspectView prints a null value as Python's `None` (a raw identifier, and English
on a Japanese page); an empty field reads as a dash instead.
"""

from __future__ import annotations

from typing import Any

EMPTY_DISPLAY = "—"


class BlankAsDashMixin:
    """For `wagtail.admin.views.generic.InspectView` subclasses: None and "" show as a dash."""

    def get_field_display_value(self, field_name: str, field: Any) -> Any:
        value = super().get_field_display_value(field_name, field)  # type: ignore[misc]
        return EMPTY_DISPLAY if value is None or value == "" else value
