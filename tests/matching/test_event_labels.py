"""An assignment's history reads as words: status labels, never `proposed → accepted`."""

from __future__ import annotations

from django.utils import translation

from matching.models import AssignmentEvent


def test_a_step_names_both_statuses_by_their_labels():
    event = AssignmentEvent(from_status="proposed", to_status="accepted")
    with translation.override("en"):
        assert event.change_label == "From “Proposed” to “Accepted by the volunteer”"


def test_the_first_step_says_how_the_assignment_started():
    with translation.override("en"):
        assert AssignmentEvent(to_status="proposed").change_label == "Started as “Proposed”"


def test_a_status_no_longer_in_the_choices_shows_as_stored():
    assert AssignmentEvent.status_label("paused") == "paused"
