"""Wagtail page models. Text is stored as written; furigana are added when a page renders."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site root: a welcome in easy Japanese and links into the site."""

    intro = models.CharField(_("lead"), max_length=250, blank=True)
    body = RichTextField(_("welcome text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
