"""Reference data shared by every app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    """Days as Python's date.weekday() numbers them (Monday = 0), for sessions and availability."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


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


# Languages most foreign residents in Iwate speak (Vietnam, China, Philippines, Nepal,
# Indonesia, Myanmar, Korea, Brazil ...); editors add more in the admin.
DEFAULT_LANGUAGES = [
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
