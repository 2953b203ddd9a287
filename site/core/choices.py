"""Choice tables every app shares: one copy each (levels, languages, weekdays, class formats).

Languages are also rows (core.Language, seeded by migration core/0002 from a frozen copy), which
editors extend; `LANGUAGES` is the site's own list of the languages it knows by name.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Languages most foreign residents in Iwate speak (Vietnam, China, Philippines, Nepal,
# Indonesia, Myanmar, Korea, Brazil ...): (ISO 639-1 code, Japanese name, English name,
# the name in the language itself). Tagalog (tl) is "タガログ語 / Tagalog" everywhere; Filipino
# would be its own code (fil).
LANGUAGES: list[tuple[str, str, str, str]] = [
    ("ja", "日本語", "Japanese", "日本語"),
    ("en", "英語", "English", "English"),
    ("vi", "ベトナム語", "Vietnamese", "Tiếng Việt"),
    ("zh", "中国語", "Chinese", "中文"),
    ("tl", "タガログ語", "Tagalog", "Tagalog"),
    ("ne", "ネパール語", "Nepali", "नेपाली"),
    ("id", "インドネシア語", "Indonesian", "Bahasa Indonesia"),
    ("my", "ミャンマー語", "Burmese", "မြန်မာဘာသာ"),
    ("ko", "韓国語", "Korean", "한국어"),
    ("pt", "ポルトガル語", "Portuguese", "Português"),
    ("es", "スペイン語", "Spanish", "Español"),
    ("th", "タイ語", "Thai", "ภาษาไทย"),
]


def native_name(code: str) -> str:
    """The language's name in itself (for the language switcher); the code if unknown."""
    for known, _ja, _en, native in LANGUAGES:
        if known == code:
            return native
    return code


# The Common European Framework levels classes and materials are labelled with.
CEFR_LEVELS = [(level, level) for level in ("A1", "A2", "B1", "B2", "C1", "C2")]


class Weekday(models.IntegerChoices):
    """Days as Python's date.weekday() numbers them (Monday = 0), for sessions and availability."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class FindingSeverity(models.TextChoices):
    """How serious an easy-Japanese finding is (the engine's severities), as editors read it."""

    ERROR = "error", _("Must fix")
    WARNING = "warning", _("Should fix")
    INFO = "info", _("Hint")


class Format(models.TextChoices):
    """How a class or a support meets."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
