"""The class schedule and course pages: Wagtail page models and what they show.

Each dated meeting of a course is a Session row (learning/records.py); the pages read them
through learning/schedule.py. learning/models.py imports these models for Django.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.choices import CEFR_LEVELS, Format
from core.pages import EasyJapaneseMixin, EasyJapanesePageForm

from . import schedule
from .forms import ScheduleFilterForm
from .records import TRAINING_AUDIENCE, Venue

COURSE_SESSIONS_SHOWN = 30


def class_index_context(page, request: HttpRequest) -> dict:
    """Upcoming sessions of the courses below the schedule page, filtered and paginated."""
    form = ScheduleFilterForm(request.GET or None)
    filters = form.filters() if request.GET else {}
    # Training courses for volunteer teachers are listed on the volunteers' board, not here.
    sessions = schedule.apply_filters(
        schedule.under_page(
            schedule.without_training(schedule.base_sessions(user=request.user)), page
        ),
        filters,
    )
    page_obj = schedule.page_of(sessions, request.GET.get("page"))
    rows = schedule.rows_for(page_obj.rows, request.user, get_language())
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "filtered": bool(filters),
        "rows": rows,
        "page_obj": page_obj,
        "query_without_page": query.urlencode(),
        "live": schedule.live_config(),
    }


def course_context(page, request: HttpRequest) -> dict:
    """The course's upcoming sessions with the reader's bookings; the online link only if booked."""
    sessions = schedule.base_sessions(user=request.user).filter(
        course__translation_key=page.translation_key
    )
    rows = schedule.rows_for(sessions[:COURSE_SESSIONS_SHOWN], request.user, get_language())
    return {
        "rows": rows,
        "show_course_link": any(row.show_meeting_link for row in rows),
        "live": schedule.live_config(),
    }


class ClassIndexPage(EasyJapaneseMixin, Page):
    """The class schedule: upcoming sessions of the courses below it (see learning/schedule.py)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # Easy-Japanese checker, publish gate and Japanese search (core/pages.py).
    text_fields = ("title", "intro")
    search_fields = Page.search_fields + [index.SearchField("search_tokens")]
    base_form_class = EasyJapanesePageForm
    subpage_types = ["learning.CoursePage"]

    class Meta:
        verbose_name = _("class schedule")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(class_index_context(self, request))
        return context


class CoursePage(EasyJapaneseMixin, Page):
    """A class that meets repeatedly; each dated meeting is a Session row."""

    # Easy-Japanese checker, publish gate and Japanese search (core/pages.py).
    text_fields = ("title", "description")
    search_fields = Page.search_fields + [index.SearchField("search_tokens")]
    base_form_class = EasyJapanesePageForm

    class Audience(models.TextChoices):
        ADULTS = "adults", _("Adults")
        FAMILIES = "families", _("Families")
        CHILDREN = "children", _("Children")
        # Translators: ja: ボランティアの 先生（研修）
        VOLUNTEERS = TRAINING_AUDIENCE, _("Volunteer teachers (training)")

    Format = Format  # CoursePage.Format, as callers name it

    description = RichTextField(
        _("description"), blank=True, help_text=_("Write in easy Japanese.")
    )
    level_min = models.CharField(_("lowest level"), max_length=2, choices=CEFR_LEVELS, default="A1")
    level_max = models.CharField(
        _("highest level"), max_length=2, choices=CEFR_LEVELS, default="A2"
    )
    support_languages = ParentalManyToManyField(
        "core.Language", blank=True, related_name="courses", verbose_name=_("languages of support")
    )
    venue = models.ForeignKey(
        Venue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
        verbose_name=_("venue"),
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ADULTS
    )
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.IN_PERSON
    )
    meeting_link = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to learners with a booking.")
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("level_min"),
                FieldPanel("level_max"),
                FieldPanel("audience"),
                FieldPanel("format"),
            ],
            heading=_("Who and how"),
        ),
        FieldPanel("support_languages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("venue"),
        FieldPanel("meeting_link"),
    ]
    parent_page_types = ["learning.ClassIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context
