"""CSV exports open safely in Excel; readings and names are stripped and validated.

Before: a cell starting with = + - @ was a formula in Excel, the files had no BOM or charset
(Japanese names opened garbled), and a reading with a trailing newline was accepted.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.csvexport import BOM, csv_lines, escape_cell
from core.models import ReadingEntry, validate_reading
from learning import booking as rules
from tests.factories import UserFactory
from tests.learning.factories import BookingFactory, SessionFactory
from tests.matching.factories import AssignmentFactory

pytestmark = pytest.mark.django_db

EVIL_NAMES = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def read_csv(response) -> tuple[bytes, list[list[str]]]:
    raw = b"".join(response.streaming_content)
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", EVIL_NAMES)
def test_formula_leading_text_is_made_inert(value):
    assert escape_cell(value) == "'" + value


def test_other_values_are_unchanged():
    assert [escape_cell(v) for v in ("山田 花子", 3, None, "a=b")] == ["山田 花子", 3, None, "a=b"]


def test_csv_lines_start_with_the_bom_and_are_utf8():
    data = b"".join(csv_lines([["名前"], ["=1+1"]]))
    assert data.startswith(BOM.encode("utf-8"))
    assert data.decode("utf-8-sig").splitlines() == ["名前", "'=1+1"]


def test_the_attendance_export_escapes_names_and_declares_utf8(admin_client):
    session = SessionFactory(starts_at=timezone.now() - timedelta(hours=2))
    for name in [*EVIL_NAMES, "山田 花子"]:
        BookingFactory(session=session, learner=UserFactory(roles=["learner"], display_name=name))
    response = admin_client.get(f"/admin/learning_booking/?session={session.pk}&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw, rows = read_csv(response)
    assert raw.startswith(b"\xef\xbb\xbf")
    names = {row[2] for row in rows[1:]}
    assert "山田 花子" in names
    assert {"'" + name for name in EVIL_NAMES} <= names


def test_the_teaching_hours_export_escapes_names(admin_client, coordinator):
    session = SessionFactory()
    rules.claim(
        coordinator, session, volunteer=UserFactory(roles=["volunteer"], display_name="=1+1")
    )
    response = admin_client.get("/admin/learning_claim/?export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    _raw, rows = read_csv(response)
    assert "'=1+1" in {row[2] for row in rows[1:]}


def test_the_assignments_export_is_utf8_with_a_bom(admin_client):
    AssignmentFactory()
    response = admin_client.get("/admin/matching_assignment/?export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw, rows = read_csv(response)
    assert raw.startswith(b"\xef\xbb\xbf") and len(rows) == 2


@pytest.mark.parametrize("reading", ["りく\n", "りく\r\n", "り\nく", "りく\x00"])
def test_a_reading_with_a_line_break_or_nul_is_rejected(reading):
    with pytest.raises(ValidationError):
        validate_reading(reading)


def test_a_reading_entry_is_stripped_and_a_word_on_two_lines_rejected():
    entry = ReadingEntry(word=" 陸前高田 ", reading="りくぜんたかた")
    entry.full_clean()
    assert entry.word == "陸前高田"
    with pytest.raises(ValidationError) as refused:
        ReadingEntry(word="陸前\n高田", reading="りくぜんたかた").full_clean()
    assert "word" in refused.value.message_dict


def test_the_admin_form_strips_a_trailing_newline_from_a_reading(admin_client):
    response = admin_client.post(
        "/admin/snippets/core/readingentry/add/",
        {"word": "釜石", "reading": "かまいし\n", "note": ""},
    )
    assert response.status_code == 302
    assert ReadingEntry.objects.get(word="釜石").reading == "かまいし"


def test_a_display_name_is_stripped_to_one_line():
    user = UserFactory.build(email="x@example.com", display_name="  山田\n\t花子 ")
    user.clean()
    assert user.display_name == "山田 花子"


def test_a_display_name_with_control_characters_is_rejected():
    user = UserFactory.build(email="y@example.com", display_name="山田\x01花子")
    with pytest.raises(ValidationError) as refused:
        user.clean()
    assert "display_name" in refused.value.message_dict
