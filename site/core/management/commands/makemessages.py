"""Django's makemessages, without fuzzy guesses, with the English catalogue kept complete.

msgmerge's fuzzy matching pairs a new string with the nearest old translation ("Password"
got 語句); those guesses are wrong more often than right and a fuzzy entry is not used
anyway, so new strings start untranslated instead. English msgids are the English text:
empty English msgstrs are filled from their msgid, so the English catalogue stays complete
(tests/core/test_catalogues.py) without hand work.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options) -> None:
        super().handle(*args, **options)
        if "en" in (options.get("locale") or []):
            for locale_dir in settings.LOCALE_PATHS:
                path = Path(locale_dir) / "en" / "LC_MESSAGES" / f"{self.domain}.po"
                if path.exists():
                    fill_english(path)


def fill_english(path: Path) -> int:
    """Give every untranslated entry of an English catalogue its msgid; returns how many."""
    import polib  # a development tool, like gettext itself

    catalogue = polib.pofile(str(path), wrapwidth=79)
    filled = 0
    for entry in catalogue:
        if entry.obsolete or entry.translated():
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        filled += 1
    if filled:
        catalogue.save(str(path))
    return filled
