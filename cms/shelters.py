"""Shelters: importing the national evacuation-site CSV, listing them, pushing their status.

The import reads the shape of the national open data of designated emergency evacuation sites
(指定緊急避難場所データ): NO, 施設・場所名, 住所, one column per disaster type marked with
◎/○/1, 指定避難所との住所同一, 緯度, 経度, 備考, plus optional columns some municipalities add
(市町村名, ふりがな, 収容人数). It is all or nothing: every row is checked first, and one bad
row stops the import with a message naming the row; nothing is half-imported.

Opening or closing a shelter (admin edit, import, `set_open`) is broadcast after commit to the
`shelters-<municipality>` group; open shelter pages update in place (cms/consumers.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils import timezone
from django.utils.translation import gettext as _

from core import live
from core.iwate import MUNICIPALITIES

NAME = "施設・場所名"
ADDRESS = "住所"
LATITUDE = "緯度"
LONGITUDE = "経度"
NOTE = "備考"
SAME_ADDRESS = "指定避難所との住所同一"
REQUIRED_COLUMNS = (NAME, ADDRESS, LATITUDE, LONGITUDE)
# Optional columns: the municipality (when one file covers several), the reading, capacity.
MUNICIPALITY_COLUMNS = ("市町村名", "都道府県名及び市町村名")
READING_COLUMNS = ("ふりがな", "施設・場所名ふりがな", "よみがな")
CAPACITY_COLUMNS = ("収容人数", "想定収容人数")
MARKS = {"◎", "○", "〇", "●", "1", "true", "TRUE", "有", "あり"}
BLANKS = {"", "-", "－", "0", "×", "なし", "無"}
MAX_ROWS = 5000
MAX_ERRORS_SHOWN = 10
EVENT = "shelter.status"  # the consumer's handler: shelter_status


def group_name(municipality: str) -> str:
    return f"shelters-{municipality}"


class ShelterImportError(ValueError):
    """The file cannot be imported; `errors` name the rows (translated, safe to show)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:MAX_ERRORS_SHOWN]))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    names: list[str] = field(default_factory=list)


def _municipality_slug(value: str) -> str | None:
    """'岩手県宮古市', '宮古市' or 'miyako' → 'miyako'."""
    value = value.strip()
    for slug, ja, _reading, _en in MUNICIPALITIES:
        if value in {slug, ja} or value.endswith(ja):
            return slug
    return None


def _flag(value: str, row_label: str, column: str, errors: list[str]) -> bool:
    value = (value or "").strip()
    if value in MARKS:
        return True
    if value in BLANKS:
        return False
    errors.append(
        _("%(row)s: column %(column)s has %(value)s; use ◎ or ○ for yes, or leave it empty.")
        % {"row": row_label, "column": column, "value": repr(value)}
    )
    return False


def _coordinate(
    value: str, low: int, high: int, row_label: str, column: str, errors: list[str]
) -> Decimal | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not (low <= number <= high):
        errors.append(
            _("%(row)s: %(column)s is %(value)s, not a number between %(low)s and %(high)s.")
            % {"row": row_label, "column": column, "value": repr(value), "low": low, "high": high}
        )
        return None
    return number.quantize(Decimal("0.000001"))


def decode(data: bytes) -> str:
    """The national files come in UTF-8 (often with a BOM) or Shift_JIS (cp932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ShelterImportError([_("The file is neither UTF-8 nor Shift_JIS text.")])


def parse_csv(text: str, *, municipality: str | None = None) -> list[dict]:
    """Rows → Shelter field values; raises ShelterImportError naming every bad row."""
    from cms.models import Shelter

    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip() for c in reader.fieldnames or []]
    reader.fieldnames = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ShelterImportError(
            [_("The file has no column %(columns)s.") % {"columns": "、".join(missing)}]
        )
    municipality_column = next((c for c in MUNICIPALITY_COLUMNS if c in columns), None)
    if municipality_column is None and municipality is None:
        raise ShelterImportError([_("Choose the municipality: the file has no 市町村名 column.")])
    reading_column = next((c for c in READING_COLUMNS if c in columns), None)
    capacity_column = next((c for c in CAPACITY_COLUMNS if c in columns), None)
    errors: list[str] = []
    rows: list[dict] = []
    seen: dict[tuple[str, str], str] = {}
    for index, raw in enumerate(reader, start=2):  # line 1 is the header
        if index - 1 > MAX_ROWS:
            errors.append(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
            break
        raw = {k: (v or "") for k, v in raw.items() if k is not None}
        if not any(v.strip() for v in raw.values()):
            continue
        label = _("Row %(line)s (NO %(no)s)") % {
            "line": index,
            "no": raw.get("NO", "").strip() or "-",
        }
        name = raw.get(NAME, "").strip()
        if not name:
            errors.append(_("%(row)s: the name (施設・場所名) is empty.") % {"row": label})
        slug = municipality
        if municipality_column and raw.get(municipality_column, "").strip():
            slug = _municipality_slug(raw[municipality_column])
            if slug is None:
                errors.append(
                    _("%(row)s: %(value)s is not a municipality of Iwate.")
                    % {"row": label, "value": repr(raw[municipality_column].strip())}
                )
        values = {
            "name": name[:200],
            "municipality": slug,
            "address": raw.get(ADDRESS, "").strip()[:300],
            "reading": raw.get(reading_column, "").strip()[:200] if reading_column else "",
            "note": raw.get(NOTE, "").strip()[:300],
            "latitude": _coordinate(raw.get(LATITUDE), -90, 90, label, LATITUDE, errors),
            "longitude": _coordinate(raw.get(LONGITUDE), -180, 180, label, LONGITUDE, errors),
            "also_evacuation_centre": _flag(raw.get(SAME_ADDRESS, ""), label, SAME_ADDRESS, errors),
            "capacity": None,
        }
        for field_name, column, _label in Shelter.DISASTER_TYPES:
            values[field_name] = _flag(raw.get(column, ""), label, column, errors)
        if capacity_column and raw.get(capacity_column, "").strip():
            capacity = raw[capacity_column].strip().replace(",", "")
            if capacity.isdigit():
                values["capacity"] = int(capacity)
            else:
                errors.append(
                    _("%(row)s: %(column)s is %(value)s, not a whole number.")
                    % {"row": label, "column": capacity_column, "value": repr(capacity)}
                )
        key = (slug or "", name)
        if name and key in seen:
            errors.append(
                _("%(row)s: %(name)s is already in %(first)s.")
                % {"row": label, "name": name, "first": seen[key]}
            )
        seen[key] = label
        rows.append(values)
    if errors:
        raise ShelterImportError(errors)
    if not rows:
        raise ShelterImportError([_("The file has no shelters in it.")])
    return rows


def import_shelters(data: bytes, *, municipality: str | None = None) -> ImportResult:
    """Create or update shelters from a national-format CSV, all rows or none.

    A shelter is matched by municipality and name; its open/closed status is left as it is.
    """
    from cms.models import Shelter

    rows = parse_csv(decode(data), municipality=municipality)
    result = ImportResult()
    with transaction.atomic():
        for values in rows:
            shelter, created = Shelter.objects.update_or_create(
                municipality=values.pop("municipality"), name=values.pop("name"), defaults=values
            )
            if created:
                result.created += 1
            else:
                result.updated += 1
            result.names.append(shelter.name)
    return result


# --- Listing and status --------------------------------------------------------------------------


def shelters_in(municipality: str) -> list:
    """The area's shelters, open ones first, then by reading."""
    from cms.models import Shelter

    return list(
        Shelter.objects.filter(municipality=municipality).order_by("-is_open", "reading", "name")
    )


def area_counts() -> dict[str, tuple[int, int]]:
    """{municipality: (shelters, open now)} for the index page."""
    from django.db.models import Count, Q

    from cms.models import Shelter

    return {
        row["municipality"]: (row["total"], row["open"])
        for row in Shelter.objects.values("municipality").annotate(
            total=Count("id"), open=Count("id", filter=Q(is_open=True))
        )
    }


def status_event(shelter) -> dict:
    return {
        "type": EVENT,
        "shelter_id": shelter.pk,
        "is_open": shelter.is_open,
        "changed_at": shelter.status_changed_at.isoformat() if shelter.status_changed_at else "",
    }


def set_open(shelter, is_open: bool) -> None:
    """Open or close a shelter (the broadcast follows from the save)."""
    shelter.is_open = is_open
    shelter.save()


def _remember_status(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        instance._status_was = None
    else:
        instance._status_was = (
            sender.objects.filter(pk=instance.pk).values_list("is_open", flat=True).first()
        )
    if instance._status_was != instance.is_open:
        instance.status_changed_at = timezone.now()


def _broadcast_status(sender, instance, created, **kwargs) -> None:
    if getattr(instance, "_status_was", None) == instance.is_open and not created:
        return
    live.broadcast_on_commit(group_name(instance.municipality), status_event(instance))


def connect_signals() -> None:
    """Called from CmsConfig.ready()."""
    from cms.models import Shelter

    pre_save.connect(_remember_status, sender=Shelter, dispatch_uid="cms-shelter-status-was")
    post_save.connect(_broadcast_status, sender=Shelter, dispatch_uid="cms-shelter-status")
