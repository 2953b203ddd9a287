"""Reference data shared by every app, and the easy-Japanese data the engine gateway reads.

The reading dictionary and the publish-gate setting live here (not in cms) because the gateway
to the engine (core/easyjp.py) and every app's pages use them.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.choices import Weekday  # noqa: F401  (core.models.Weekday, as older code names it)


class Language(models.Model):
    """A language a class, a volunteer or a child can be supported in (ISO 639-1 code)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name_ja = models.CharField(_("name in Japanese"), max_length=50)
    name_en = models.CharField(_("name in English"), max_length=50)
    name_native = models.CharField(_("name in the language itself"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        lang = (get_language() or "ja").split("-")[0]
        return self.name_ja if lang == "ja" else self.name_en


KANA_READING = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー・ ]+\Z")

# Readings are kana only: ruby shows them as they are. A RegexValidator (not a function) so
# migrations name Django's class, never this module; `\Z`, not `$`, which also matches before a
# final newline and let "りく\n" in.
validate_reading = RegexValidator(
    KANA_READING.pattern, message=_("Write the reading in hiragana or katakana only.")
)


class ReadingEntry(models.Model):
    """One word and how to read it; overrides the analyser's reading everywhere on the site.

    Fixes the furigana of names UniDic reads wrongly or not at all (盛岡, 一関, 陸前高田 …).
    Every rendering passes the dictionary as `overrides=` (core/easyjp.py), and an edit bumps
    the dictionary version, which changes the keys of the cached renderings.
    """

    word = models.CharField(
        _("word"), max_length=64, unique=True, help_text=_("As written, e.g. 陸前高田")
    )
    reading = models.CharField(
        _("reading"),
        max_length=128,
        validators=[validate_reading],
        help_text=_("In hiragana, e.g. りくぜんたかた"),
    )
    note = models.CharField(
        _("note"), max_length=255, blank=True, help_text=_("For editors: what the word is.")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("reading dictionary")
        ordering = ["word"]

    def __str__(self) -> str:
        return f"{self.word}（{self.reading}）"

    def clean(self) -> None:
        self.word = self.word.strip()
        self.reading = self.reading.strip()
        if any(ch in self.word for ch in "\n\r\t\x00") or not self.word:
            raise ValidationError({"word": _("Write the word on one line.")})


@register_setting(icon="pilcrow")
class EasyJapaneseSettings(BaseGenericSetting):
    """How strict publishing is about easy Japanese (Settings → Easy Japanese)."""

    class Gate(models.TextChoices):
        WARN = "warn", _("Warn, then publish")
        BLOCK = "block", _("Refuse to publish (emergency notices only warn)")

    publish_gate = models.CharField(
        _("when a page is harder than its target"),
        max_length=8,
        choices=Gate.choices,
        default=Gate.WARN,
    )

    panels = [FieldPanel("publish_gate")]

    class Meta:
        verbose_name = _("easy Japanese")
