"""Model instances from a hand-written SQL statement, without RawQuerySet's per-call work.

The booking hot path reads a session row twice per request (the visible lookup, then under
its lock). `Model.objects.raw()` asks the cursor for its column description and maps names
to fields on every call (a measured tenth of a booking's worker CPU); here the statement
selects the model's columns in a known order (`columns()`), so a row goes straight to
`Model.from_db`, through the database's value converters (SQLite's datetimes), as the ORM does.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model
from django.db.models.sql import Query

M = TypeVar("M", bound=Model)


def columns(model: type[Model], alias: str) -> str:
    """The model's concrete columns, qualified by `alias`, in `fetch_one`'s order."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


def fetch_one(
    model: type[M], sql: str, params: list[Any], *, extra: tuple[str, ...] = (), using: str
) -> M | None:
    """Run `sql` (SELECT `columns(model, ...)`, then one column per name in `extra`) and build
    the first row's instance, the extras set as attributes; None when there is no row."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    fields = model._meta.concrete_fields
    converters = _converters(model, connection)
    if converters:
        row = list(row)
        for position, (functions, expression) in converters.items():
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
    instance = model.from_db(using, [field.attname for field in fields], row[: len(fields)])
    for name, value in zip(extra, row[len(fields) :], strict=True):
        setattr(instance, name, value)
    return instance


_CONVERTERS: dict[tuple[str, str], dict] = {}


def _converters(model: type[Model], connection) -> dict:
    """The ORM's value converters for the model's columns on this database (memoised: they
    depend only on the model and the backend)."""
    key = (model._meta.label_lower, connection.vendor)
    found = _CONVERTERS.get(key)
    if found is None:
        compiler = connection.ops.compiler("SQLCompiler")(Query(model), connection, None)
        table = model._meta.db_table
        found = _CONVERTERS[key] = compiler.get_converters(
            [field.get_col(table) for field in model._meta.concrete_fields]
        )
    return found
