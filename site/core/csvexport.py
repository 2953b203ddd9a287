"""CSV exports that open safely and legibly in Excel: one helper for every export of the site.

- Formula injection: a cell starting with = + - @ (or tab / carriage return, which Excel strips
  before looking) is a formula to a spreadsheet; such text cells get a leading apostrophe, as
  OWASP recommends, so a learner named "=HYPERLINK(...)" stays a name.
- Japanese names: Excel reads a CSV without a byte-order mark as the local code page (Shift_JIS
  in Japan), so the file starts with the UTF-8 BOM and says `charset=utf-8`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CONTENT_TYPE = "text/csv; charset=utf-8"


def escape_cell(value):
    """Text that a spreadsheet would run as a formula, made inert; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable]) -> Iterator[bytes]:
    """The BOM, then each row as one escaped CSV line in UTF-8."""
    writer = csv.writer(_Echo())
    yield BOM.encode("utf-8")
    for row in rows:
        yield writer.writerow([escape_cell(value) for value in row]).encode("utf-8")


def csv_response(filename: str, rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """A streamed download; `rows` includes the heading row."""
    response = StreamingHttpResponse(csv_lines(rows), content_type=CONTENT_TYPE)
    safe_name = "".join(c for c in filename if c.isalnum() or c in "-_") or "export"
    response["Content-Disposition"] = f'attachment; filename="{safe_name}.csv"'
    return response


class SafeCsvExportMixin:
    """For Wagtail IndexViews with `list_export`: their CSV goes through csv_response."""

    def write_csv_response(self, queryset) -> StreamingHttpResponse:
        fields = list(self.list_export)

        def rows():
            yield [self.get_heading(queryset, field) for field in fields]
            for item in queryset:
                row = self.to_row_dict(item)
                yield [
                    self.preprocess_field_value(field, row[field], self.FORMAT_CSV)
                    for field in fields
                ]

        return csv_response(self.get_filename(), rows())
