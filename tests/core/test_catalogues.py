"""Every interface catalogue is complete: nothing untranslated, fuzzy or left in English.

A language whose catalogue is still being translated is listed in INCOMPLETE and its test is
an expected failure (strict): CI stays green while the work is pending, and the test turns
into an unexpected pass (a failure, under strict) the day the catalogue is complete, so the
entry must then be removed from INCOMPLETE.
"""

from __future__ import annotations

import re

import polib
import pytest
from django.conf import settings

LOCALE_DIR = settings.BASE_DIR / "site" / "locale"
CATALOGUES = ["ja", "en", "vi", "zh_Hans", "tl", "ko", "id", "ne"]

# Catalogues the translation pass has not finished yet (see issue 12). Remove a language here
# when its catalogue is complete.
INCOMPLETE: dict[str, str] = {}

# Strings that are rightly the same in every language: names and codes.
SAME_IN_EVERY_LANGUAGE = {
    "Nihongo Link",
    "OK",
    "URL",
    "Tagalog",
    "JLPT",
    *(f"N{n}" for n in range(1, 6)),
    *("A1", "A2", "B1", "B2", "C1", "C2"),
}
# Words a language writes exactly as English does (Indonesian month names and loanwords).
SAME_IN = {
    "id": {"Menu", "furigana", "April", "September", "November", "endpoint", "Tsunami", "tsunami"},
    # Filipino schools use the English names (DepEd: Junior/Senior High School).
    "tl": {"Tsunami", "tsunami", "furigana", "High school", "Junior high school"},
}
# Format strings with nothing to translate: placeholders, digits, punctuation and spaces.
FORMAT_ONLY = re.compile(r"^(?:%\(\w+\)[sd]|%[sd]|[\d\s.,:;/()\-–—·])*$")


def problems(code: str) -> list[str]:
    """One line per entry that is untranslated, fuzzy, or (outside English) still English."""
    path = LOCALE_DIR / code / "LC_MESSAGES" / "django.po"
    found = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif not all(translations):
            found.append(f"untranslated: {entry.msgid!r}")
        elif (
            code != "en"
            and entry.msgid not in SAME_IN_EVERY_LANGUAGE | SAME_IN.get(code, set())
            and not FORMAT_ONLY.match(entry.msgid)
            and translations[0] == entry.msgid
        ):
            found.append(f"same as English: {entry.msgid!r}")
    return found


def test_every_interface_language_has_a_catalogue():
    codes = {code.replace("_", "-").lower() for code in CATALOGUES}
    assert {code for code, _name in settings.LANGUAGES} == codes
    for code in CATALOGUES:
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.po").exists(), code


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(code, marks=pytest.mark.xfail(strict=True, reason=INCOMPLETE[code]))
        if code in INCOMPLETE
        else code
        for code in CATALOGUES
    ],
)
def test_catalogue_is_complete(code):
    assert problems(code) == []


def test_the_checker_catches_an_untranslated_a_fuzzy_and_an_english_entry(tmp_path, monkeypatch):
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Book a seat", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Cancel", msgstr="取消", flags=["fuzzy"]))
    catalogue.append(polib.POEntry(msgid="Seats left", msgstr="Seats left"))
    catalogue.append(polib.POEntry(msgid="%(n)s", msgstr="%(n)s"))
    catalogue.append(polib.POEntry(msgid="Nihongo Link", msgstr="Nihongo Link"))
    (tmp_path / "xx" / "LC_MESSAGES").mkdir(parents=True)
    catalogue.save(str(tmp_path / "xx" / "LC_MESSAGES" / "django.po"))
    monkeypatch.setattr(f"{__name__}.LOCALE_DIR", tmp_path)
    assert problems("xx") == [
        "untranslated: 'Book a seat'",
        "fuzzy: 'Cancel'",
        "same as English: 'Seats left'",
    ]


def test_make_messages_fills_new_english_entries_from_their_msgid(tmp_path):
    from core.management.commands.makemessages import fill_english

    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="Book a seat", msgstr=""))
    catalogue.append(polib.POEntry(msgid="Menu", msgstr="Main menu"))
    catalogue.append(
        polib.POEntry(msgid="%(n)s page", msgid_plural="%(n)s pages", msgstr_plural={0: "", 1: ""})
    )
    path = tmp_path / "django.po"
    catalogue.save(str(path))
    assert fill_english(path) == 2
    filled = {entry.msgid: entry for entry in polib.pofile(str(path))}
    assert filled["Book a seat"].msgstr == "Book a seat"
    assert filled["Menu"].msgstr == "Main menu"  # a chosen English wording stays
    assert filled["%(n)s page"].msgstr_plural == {0: "%(n)s page", 1: "%(n)s pages"}
