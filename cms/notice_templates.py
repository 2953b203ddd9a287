"""Disaster notice templates: one notice type + typed fields → the text in every language.

The phrases are reviewed data, one file per language (cms/data/notice_phrases/<locale>.tsv, see
the README there); this module loads them once, says which fields a type needs (the placeholders
its Japanese template uses) and fills them. An editor's free text is never machine-translated:
pages mark it as Japanese only (`note.not_translated`).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import to_locale

from core.iwate import MUNICIPALITIES

PHRASES_DIR = Path(__file__).resolve().parent / "data" / "notice_phrases"
# The site's languages for disaster information (Django locale names of the phrase files).
LANGUAGES = ("ja", "en", "vi", "zh_Hans", "tl", "ko", "id", "ne")
SOURCE_LANGUAGE = "ja"
PLACEHOLDERS = ("areas", "shelter", "time", "level", "level_action")
LEVELS = (1, 2, 3, 4, 5)
# Fields the editor fills; `level_action` follows from `level`.
FIELD_OF_PLACEHOLDER = {
    "areas": "areas",
    "shelter": "shelter",
    "time": "event_time",
    "level": "level",
    "level_action": "level",
}


class NoticeType(models.TextChoices):
    """What happened; each type has a title and a body template in every language."""

    EARTHQUAKE = "earthquake", _("Earthquake")
    TSUNAMI = "tsunami", _("Tsunami")
    HEAVY_RAIN = "heavy_rain", _("Heavy rain (evacuation level 1–5)")
    LANDSLIDE = "landslide", _("Landslide")
    HEAVY_SNOW = "heavy_snow", _("Heavy snow / road closure")
    HEAT_STROKE = "heat_stroke", _("Heat-stroke alert")
    SHELTER_OPENED = "shelter_opened", _("Shelter opened")
    SHELTER_CLOSED = "shelter_closed", _("Shelter closed")
    WATER_OUTAGE = "water_outage", _("Water outage")
    POWER_OUTAGE = "power_outage", _("Power outage")
    ALL_CLEAR = "all_clear", _("All clear")


class PhraseFileError(ValueError):
    """A phrase file is malformed (the message names the file and line)."""


_FIELD = string.Formatter()


def placeholders_in(text: str) -> set[str]:
    """The `{name}` placeholders a template uses."""
    return {name for _lit, name, _spec, _conv in _FIELD.parse(text) if name}


def parse_phrases(text: str, *, source: str = "<text>") -> dict[str, str]:
    """`key<TAB>text` lines → {key: text}; blank lines and `#` comments are skipped."""
    phrases: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, tab, value = line.partition("\t")
        if not tab or not key.strip() or not value.strip():
            raise PhraseFileError(f"{source}:{number}: expected 'key<TAB>text'")
        if key in phrases:
            raise PhraseFileError(f"{source}:{number}: duplicate key {key!r}")
        # Values keep their spaces: `format.list_sep` is ", ".
        phrases[key.strip()] = value.rstrip("\r")
    return phrases


@cache
def phrases(locale: str) -> dict[str, str]:
    """The phrases of one language (a Django locale name: 'zh_Hans'), loaded once."""
    path = PHRASES_DIR / f"{locale}.tsv"
    return parse_phrases(path.read_text(encoding="utf-8"), source=path.name)


def phrase_locale(language: str | None) -> str | None:
    """The phrase file for a Django language code ('zh-hans' → 'zh_Hans'), None if there is none."""
    if not language:
        return None
    locale = to_locale(language)
    if locale in LANGUAGES:
        return locale
    base = locale.split("_")[0]
    return base if base in LANGUAGES else None


def required_fields(notice_type: str) -> set[str]:
    """The fields an editor must fill for this type: the placeholders its Japanese uses."""
    source = phrases(SOURCE_LANGUAGE)
    names: set[str] = set()
    for part in ("title", "body"):
        names |= placeholders_in(source[f"{notice_type}.{part}"])
    return {FIELD_OF_PLACEHOLDER[name] for name in names}


@dataclass(frozen=True)
class NoticeFields:
    """What the editor filled in (municipality slugs, a shelter name, a time, a level)."""

    areas: tuple[str, ...] = ()
    shelter: str = ""
    event_time: datetime | None = None
    level: int | None = None


@dataclass(frozen=True)
class NoticeText:
    language: str  # the phrase locale ('ja', 'zh_Hans' …)
    title: str
    body: str


def format_time(value: datetime | None, locale: str) -> str:
    """A time in the notice's language, in the site's time zone, by the file's `format.time`
    (`format.time_on_the_hour` when the minutes are 0, if the file has it)."""
    if value is None:
        return ""
    p = phrases(locale)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    months = p["format.months"].split(",")
    h12 = local.hour % 12 or 12
    if locale == SOURCE_LANGUAGE:
        h12 = local.hour % 12  # 午前0時, 午後0時 as Japanese writes noon and midnight
    # An optional shorter form on the hour (午後3時, not 午後3時00分).
    pattern = p.get("format.time_on_the_hour") if local.minute == 0 else None
    return (pattern or p["format.time"]).format(
        y=local.year,
        m=local.month,
        d=local.day,
        H=f"{local.hour:02d}",
        MM=f"{local.minute:02d}",
        h12=h12,
        ampm=p["format.pm"] if local.hour >= 12 else p["format.am"],
        month=months[local.month - 1],
    )


def format_areas(slugs: tuple[str, ...] | list[str], locale: str) -> str:
    """Municipality names joined in the notice's language (Japanese or romanised names)."""
    p = phrases(locale)
    use_japanese = p["format.area_names"] == "ja"
    names = {slug: (ja if use_japanese else en) for slug, ja, _reading, en in MUNICIPALITIES}
    return p["format.list_sep"].join(names.get(slug, slug) for slug in slugs)


def render(notice_type: str, fields: NoticeFields, locale: str) -> NoticeText:
    """The notice in one language; placeholders the type does not use are ignored."""
    p = phrases(locale)
    values = {
        "areas": format_areas(fields.areas, locale),
        "shelter": fields.shelter,
        "time": format_time(fields.event_time, locale),
        "level": fields.level or "",
        "level_action": p.get(f"level.{fields.level}", "") if fields.level else "",
    }
    title = p[f"{notice_type}.title"].format(**values)
    body = p[f"{notice_type}.body"].format(**values)
    return NoticeText(language=locale, title=_tidy(title), body=_tidy(body))


def render_all(notice_type: str, fields: NoticeFields) -> dict[str, NoticeText]:
    """The notice in every language at once, keyed by phrase locale."""
    return {locale: render(notice_type, fields, locale) for locale in LANGUAGES}


def note(key: str, language: str | None) -> str:
    """A fixed line of the notice page (`note.not_translated` …) in the reader's language."""
    locale = phrase_locale(language) or "en"
    return phrases(locale)[f"note.{key}"]


_SPACES = re.compile(r"[ \u3000]{2,}")


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()
