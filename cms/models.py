"""Wagtail page models. Text is stored as written; furigana are added when a page renders."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
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


CEFR_LEVELS = [(level, level) for level in ("A1", "A2", "B1", "B2", "C1", "C2")]


class ClassIndexPage(Page):
    """The class schedule: upcoming sessions of the courses below it (see learning/schedule.py)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["cms.CoursePage"]

    class Meta:
        verbose_name = _("class schedule")


class CoursePage(Page):
    """A class that meets repeatedly; each dated meeting is a learning.Session row."""

    class Audience(models.TextChoices):
        ADULTS = "adults", _("Adults")
        FAMILIES = "families", _("Families")
        CHILDREN = "children", _("Children")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    description = RichTextField(_("description"), blank=True, help_text=_("Write in easy Japanese."))
    level_min = models.CharField(_("lowest level"), max_length=2, choices=CEFR_LEVELS, default="A1")
    level_max = models.CharField(_("highest level"), max_length=2, choices=CEFR_LEVELS, default="A2")
    support_languages = ParentalManyToManyField(
        "core.Language", blank=True, related_name="courses", verbose_name=_("languages of support")
    )
    venue = models.ForeignKey(
        "learning.Venue", null=True, blank=True, on_delete=models.SET_NULL, related_name="courses",
        verbose_name=_("venue"),
    )
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices, default=Audience.ADULTS)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON)
    meeting_link = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to learners with a booking.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("level_min"), FieldPanel("level_max"), FieldPanel("audience"), FieldPanel("format")],
            heading=_("Who and how"),
        ),
        FieldPanel("support_languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("venue"),
        FieldPanel("meeting_link"),
    ]
    parent_page_types = ["cms.ClassIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
