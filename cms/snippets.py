"""Editor-managed lists: the reading dictionary and the topics of learning materials.

The reading dictionary fixes the furigana of names UniDic reads wrongly or not at all
(盛岡, 一関, 陸前高田, 岩手県国際交流協会 …). Every page's furigana use it as `overrides=`,
so one entry corrects the readings of the whole site; `dictionary_version()` changes with
every edit, which changes the keys of the cached renderings (see cms/rendering.py).
"""

from __future__ import annotations

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

KANA_READING = re.compile(r"^[\u3041-\u309f\u30a0-\u30ffー・ ]+$")
VERSION_KEY = "cms:readings:version"
OVERRIDES_KEY = "cms:readings:{version}"


def validate_reading(value: str) -> None:
    """Readings are kana only: ruby shows them as they are.

    fullmatch, not match: `$` also matches before a final newline, which let "りく\n" in.
    """
    if not KANA_READING.fullmatch(value):
        raise ValidationError(_("Write the reading in hiragana or katakana only."))


class ReadingEntry(models.Model):
    """One word and how to read it; overrides the analyser's reading everywhere on the site."""

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


class Topic(models.Model):
    """A subject of learning materials (daily life, disaster, medical, school, work …)."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_ja = models.CharField(_("name in easy Japanese"), max_length=60)
    name_en = models.CharField(_("name in English"), max_length=60)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["sort_order", "slug"]

    def __str__(self) -> str:
        return self.name_ja

    def name_for(self, language_code: str) -> str:
        """Japanese readers see the Japanese name, everyone else the English one."""
        return self.name_ja if (language_code or "ja").startswith("ja") else self.name_en


def dictionary_version() -> str:
    """A token that changes whenever the dictionary changes (count and last edit)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        stats = ReadingEntry.objects.aggregate(n=Count("id"), last=Max("updated_at"))
        last = stats["last"].timestamp() if stats["last"] else 0
        version = f"{stats['n']}-{last:.6f}"
        cache.set(VERSION_KEY, version, None)
    return version


_memo: dict[str, dict[str, str]] = {}


def reading_overrides() -> dict[str, str]:
    """{word: reading} for the furigana engine, cached per dictionary version.

    Kept in the shared cache (every worker sees an edit at once) and memoised in the process
    per version, so a page view costs one cache read, not a query and an unpickle.
    """
    version = dictionary_version()
    if version in _memo:
        return _memo[version]
    key = OVERRIDES_KEY.format(version=version)
    overrides = cache.get(key)
    if overrides is None:
        overrides = dict(ReadingEntry.objects.values_list("word", "reading"))
        cache.set(key, overrides, 24 * 3600)
    _memo.clear()  # one version at a time: the dictionary is small, old versions are dead
    _memo[version] = overrides
    return overrides


_engine_version: str | None = None


def sync_engine_overrides(**kwargs) -> None:
    """Keep the furigana engine's default overrides equal to the dictionary (request_started).

    Templates outside the cms (the class schedule, a course) use core's furigana filters,
    which call the engine without `overrides=`; its process-wide defaults make the dictionary
    apply there too. Costs one cache read per request; the rows are read once per version.
    """
    global _engine_version
    try:
        version = dictionary_version()
        if version != _engine_version:
            from simple_japanese.furigana import set_default_overrides

            set_default_overrides(reading_overrides())
            _engine_version = version
    except DatabaseError:  # before migrate, or a database outage: readings are not worth a 500
        pass


@receiver(post_save, sender=ReadingEntry)
@receiver(post_delete, sender=ReadingEntry)
def _dictionary_changed(sender, **kwargs) -> None:
    # Now for this request, and again after commit: a reader in between may have cached the
    # version computed from the old rows.
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))
