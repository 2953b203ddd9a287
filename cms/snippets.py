"""Editor-managed lists of the cms: the topics of learning materials.

(The reading dictionary is core.ReadingEntry: the engine's gateway, core/easyjp.py, reads it.)
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
