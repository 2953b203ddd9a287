"""`manage.py import_shelters FILE [--municipality SLUG]`: the national evacuation-site CSV."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.shelters import ShelterImportError, import_shelters
from core.iwate import MUNICIPALITIES


class Command(BaseCommand):
    help = (
        "Import designated emergency evacuation sites (指定緊急避難場所データ, CSV in UTF-8 or "
        "Shift_JIS). All rows or none: a bad row stops the import and is named."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--municipality",
            choices=[slug for slug, _ja, _reading, _en in MUNICIPALITIES],
            help="The municipality of every row, when the file has no 市町村名 column.",
        )

    def handle(self, *args, file: Path, municipality: str | None, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        try:
            result = import_shelters(data, municipality=municipality)
        except ShelterImportError as exc:
            raise CommandError(f"nothing imported: {exc}") from None
        self.stdout.write(f"{result.created} shelters created, {result.updated} updated")
