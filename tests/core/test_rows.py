"""core.rows: a hand-written statement gives the same instance the ORM gives."""

from __future__ import annotations

import pytest
from django.db import DEFAULT_DB_ALIAS

from core import rows
from learning.models import Session
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db


def fetch(pk: int):
    sql = f"SELECT {rows.columns(Session, 's')}, 42 FROM {Session._meta.db_table} s WHERE s.id = %s"
    return rows.fetch_one(Session, sql, [pk], extra=("answer",), using=DEFAULT_DB_ALIAS)


def test_every_field_matches_the_orms_instance():
    made = SessionFactory(capacity=7, notes="<b>メモ</b>")
    found, orm = fetch(made.pk), Session.objects.get(pk=made.pk)
    for field in Session._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(orm, field.attname), field.name
    assert found.starts_at.tzinfo is not None  # converted on SQLite as by the ORM
    assert found._state.adding is False and found._state.db == DEFAULT_DB_ALIAS


def test_extra_columns_become_attributes():
    assert fetch(SessionFactory().pk).answer == 42


def test_no_row_is_none():
    assert fetch(10**9) is None
