"""Wagtail page models. Text is stored as written; furigana are added when a page renders."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from cms.blocks import ArticleStreamBlock, MaterialStreamBlock
from cms.forms import EasyJapanesePageForm
from cms.snippets import ReadingEntry, Topic  # noqa: F401  (models of this app)

# What an editor aims the text at; simple_japanese's presets of the same names.
TARGET_LEVELS = [
    ("N5", _("N5: first steps")),
    ("N4", _("N4: everyday easy Japanese")),
    ("N3", _("N3")),
    ("N2", _("N2")),
    ("disaster", _("Disaster information (strictest)")),
]
DEFAULT_TARGET = "N4"
# Which kanji get furigana: all, or none on words whose kanji are all at or below a JLPT
# level (the engine's `min_level`: "N5" skips N5 kanji, "N4" skips N5 and N4 …).
FURIGANA_LEVELS = [
    ("", _("On all kanji")),
    ("N5", _("Not on N5 kanji")),
    ("N4", _("Not on N5 and N4 kanji")),
    ("N3", _("Not on N5 to N3 kanji")),
    ("N2", _("Only on N1 kanji and kanji outside the JLPT lists")),
]


class EasyJapaneseMixin:
    """What every page readers see shares, without fields: its text for the checker and search.

    `text_fields` names the fields whose Japanese the checker reads and search indexes, in
    reading order; CharField/TextField, RichTextField and StreamField are understood.
    """

    text_fields: ClassVar[tuple[str, ...]] = ("title",)

    def get_target_level(self) -> str:
        return getattr(self, "target_level", "") or DEFAULT_TARGET

    def get_furigana_level(self) -> str | None:
        return getattr(self, "furigana_skip", "") or None

    def search_tokens(self) -> str:
        """The page's text cut into words, so the search index finds a word inside a sentence."""
        from cms.checker import segments_from_page
        from cms.search import tokens_for_index

        segments = segments_from_page(self, japanese_only=False)
        return tokens_for_index("\n".join(segment.text for segment in segments))


class ReaderPage(EasyJapaneseMixin, Page):
    """Base of the cms pages: a target level for the checker and the page's furigana choice."""

    target_level = models.CharField(
        _("target level"),
        max_length=10,
        choices=TARGET_LEVELS,
        default=DEFAULT_TARGET,
        help_text=_("The easy-Japanese checker measures the text against this level."),
    )
    furigana_skip = models.CharField(
        _("furigana"),
        max_length=2,
        choices=FURIGANA_LEVELS,
        blank=True,
        default="",
        help_text=_("Readers can still turn furigana off for themselves."),
    )

    easy_japanese_panels = [
        MultiFieldPanel(
            [FieldPanel("target_level"), FieldPanel("furigana_skip")], heading=_("Easy Japanese")
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("search_tokens")]
    base_form_class = EasyJapanesePageForm

    class Meta:
        abstract = True


def localized_pages(pages: list[Page]) -> list[Page]:
    """Each page in the reader's language where a live translation exists, else as it is.

    One query for the whole list (not `page.localized` per page).
    """
    try:
        locale = Locale.get_active()
    except (Locale.DoesNotExist, LookupError):
        return list(pages)
    keys = [p.translation_key for p in pages if p.locale_id != locale.id]
    if not keys:
        return list(pages)
    translations = {
        p.translation_key: p
        for p in Page.objects.live().filter(locale=locale, translation_key__in=keys).specific()
    }
    return [translations.get(p.translation_key, p) for p in pages]


def url_for_reader(
    page: Page, language: str | None = None, *, page_language: str | None = None
) -> str:
    """The page's URL under the reader's language prefix.

    A Japanese page shown as a fallback to a reader of English links to /en/…, not to /…:
    HomePage.route serves it there and the reader keeps their interface language.
    """
    url = page.get_url() or ""
    language = language or get_language() or ""
    page_language = page_language or page.locale.language_code
    if not url or not language or page_language == language:
        return url
    # translate_url resolves the path in the active language, so resolve it in the page's.
    with translation.override(page_language):
        return translate_url(url, language)


def default_locale_version(page: Page) -> Page | None:
    """The page's version in the site's default language (easy Japanese), if it is another page."""
    try:
        default = Locale.get_default()
    except Locale.DoesNotExist:
        return None
    if page.locale_id == default.id:
        return None
    return page.get_translation_or_none(default)


class HomePage(ReaderPage):
    """The site root: a welcome in easy Japanese and links into the site."""

    intro = models.CharField(_("lead"), max_length=250, blank=True)
    body = RichTextField(_("welcome text"), blank=True)

    content_panels = (
        Page.content_panels
        + [FieldPanel("intro"), FieldPanel("body")]
        + ReaderPage.easy_japanese_panels
    )
    text_fields = ("title", "intro", "body")

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]

    def route(self, request, path_components):
        """Untranslated pages fall back to easy Japanese: /en/x/ serves the Japanese x.

        Routing in a translated tree that finds nothing (or a draft) starts again from the
        home page in the default language, keeping the reader's interface language.
        """
        try:
            return super().route(request, path_components)
        except Http404:
            fallback = default_locale_version(self)
            if fallback is None:
                raise
            return fallback.specific.route(request, path_components)

    class Meta:
        verbose_name = _("home page")


CEFR_LEVELS = [(level, level) for level in ("A1", "A2", "B1", "B2", "C1", "C2")]


class ClassIndexPage(EasyJapaneseMixin, Page):
    """The class schedule: upcoming sessions of the courses below it (see learning/schedule.py)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # Easy-Japanese checker, publish gate and Japanese search (cms): no fields of their own.
    text_fields = ("title", "intro")
    search_fields = Page.search_fields + [index.SearchField("search_tokens")]
    base_form_class = EasyJapanesePageForm
    subpage_types = ["cms.CoursePage"]

    class Meta:
        verbose_name = _("class schedule")

    def get_context(self, request, *args, **kwargs):
        # The schedule itself (sessions, filters, live counts) belongs to the classes app.
        from learning.pages import class_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(class_index_context(self, request))
        return context


class CoursePage(EasyJapaneseMixin, Page):
    """A class that meets repeatedly; each dated meeting is a learning.Session row."""

    # Easy-Japanese checker, publish gate and Japanese search (cms): no fields of their own.
    text_fields = ("title", "description")
    search_fields = Page.search_fields + [index.SearchField("search_tokens")]
    base_form_class = EasyJapanesePageForm

    class Audience(models.TextChoices):
        ADULTS = "adults", _("Adults")
        FAMILIES = "families", _("Families")
        CHILDREN = "children", _("Children")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

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
        "learning.Venue",
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
    parent_page_types = ["cms.ClassIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")

    def get_context(self, request, *args, **kwargs):
        # Dated sessions, the reader's bookings and the online link rule live in the classes app.
        from learning.pages import course_context

        context = super().get_context(request, *args, **kwargs)
        context.update(course_context(self, request))
        return context


class MaterialIndexPage(ReaderPage):
    """Learning materials, filtered by topic and level (?topic=disaster&level=A2)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + ReaderPage.easy_japanese_panels
    text_fields = ("title", "intro")
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.MaterialPage"]

    class Meta:
        verbose_name = _("learning materials")

    def materials(self, *, topic: str = "", level: str = "") -> list[MaterialPage]:
        """Live materials below this index (its easy-Japanese version), in the reader's language."""
        source = default_locale_version(self) or self
        qs = MaterialPage.objects.live().descendant_of(source).order_by("level", "title")
        if topic:
            qs = qs.filter(topics__slug=topic)
        if level:
            qs = qs.filter(level=level)
        pages = localized_pages(list(qs.distinct()))
        prefetch_related_objects(pages, "topics")
        return pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        topic = request.GET.get("topic", "")
        level = request.GET.get("level", "")
        if level not in dict(CEFR_LEVELS):
            level = ""
        if topic and not Topic.objects.filter(slug=topic).exists():
            topic = ""
        context.update(
            materials=self.materials(topic=topic, level=level),
            topics=[(t.slug, t.name_for(get_language())) for t in Topic.objects.all()],
            levels=[code for code, _label in CEFR_LEVELS],
            selected_topic=topic,
            selected_level=level,
        )
        return context


class MaterialPage(ReaderPage):
    """A learning material: easy-Japanese text, vocabulary, examples, images, audio, documents."""

    level = models.CharField(_("level"), max_length=2, choices=CEFR_LEVELS, default="A1")
    topics = ParentalManyToManyField(
        Topic, blank=True, related_name="materials", verbose_name=_("topics")
    )
    intro = models.TextField(_("summary"), blank=True, max_length=500)
    body = StreamField(MaterialStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = (
        Page.content_panels
        + [
            MultiFieldPanel(
                [FieldPanel("level"), FieldPanel("topics", widget=forms.CheckboxSelectMultiple)],
                heading=_("Level and topics"),
            ),
            FieldPanel("intro"),
            FieldPanel("body"),
        ]
        + ReaderPage.easy_japanese_panels
    )
    text_fields = ("title", "intro", "body")
    search_fields = ReaderPage.search_fields + [index.FilterField("level")]
    parent_page_types = ["cms.MaterialIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("learning material")


class ArticleIndexPage(ReaderPage):
    """News and notices, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + ReaderPage.easy_japanese_panels
    text_fields = ("title", "intro")
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ArticlePage", "cms.EmergencyNoticePage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        source = default_locale_version(self) or self
        articles = (
            ArticlePage.objects.live()
            .descendant_of(source)
            .order_by("-date", "-first_published_at")
        )
        paginator = Paginator(articles, 20)
        page_obj = paginator.get_page(request.GET.get("page"))
        context.update(page_obj=page_obj, articles=localized_pages(list(page_obj.object_list)))
        return context


class ArticlePage(ReaderPage):
    """A piece of news or a notice of the association."""

    date = models.DateField(_("date"), default=timezone.localdate)
    intro = models.TextField(_("summary"), blank=True, max_length=500)
    body = StreamField(ArticleStreamBlock(), verbose_name=_("content"), blank=True)

    content_panels = (
        Page.content_panels
        + [FieldPanel("date"), FieldPanel("intro"), FieldPanel("body")]
        + (ReaderPage.easy_japanese_panels)
    )
    text_fields = ("title", "intro", "body")
    parent_page_types = ["cms.HomePage", "cms.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")


class EmergencyNoticePage(ReaderPage):
    """Disaster and safety information: while live and unexpired, a banner on every page.

    Publishing one pushes the banner to every open page at once (cms/emergency.py).
    """

    class Severity(models.TextChoices):
        # Translators: ja: ちゅうい
        WARNING = "warning", _("Warning")
        # Translators: ja: きけん
        DANGER = "danger", _("Danger")

    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    expires_at = models.DateTimeField(
        _("shown until"), help_text=_("The banner disappears from every page at this time.")
    )
    area = models.CharField(_("area"), max_length=200, blank=True, help_text=_("e.g. 沿岸の 町"))
    body = RichTextField(_("what to do"), blank=True, features=["bold", "ol", "ul", "link"])
    # Disaster information is held to the strictest preset (≤ 24 morae, 3–4 kanji a sentence).
    target_level = models.CharField(
        _("target level"),
        max_length=10,
        choices=TARGET_LEVELS,
        default="disaster",
        help_text=_("The easy-Japanese checker measures the text against this level."),
    )

    content_panels = (
        Page.content_panels
        + [
            MultiFieldPanel(
                [FieldPanel("severity"), FieldPanel("expires_at"), FieldPanel("area")],
                heading=_("Notice"),
            ),
            FieldPanel("body"),
        ]
        + ReaderPage.easy_japanese_panels
    )
    text_fields = ("title", "area", "body")
    parent_page_types = ["cms.HomePage", "cms.ArticleIndexPage"]
    subpage_types: list[str] = []
    # An emergency must go out even when its Japanese is not yet easy: the gate only warns.
    publish_gate_blocks = False

    class Meta:
        verbose_name = _("emergency notice")

    def is_active(self, now=None) -> bool:
        return bool(self.live and self.expires_at and self.expires_at > (now or timezone.now()))


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


def gate_mode_for(page) -> str:
    """'warn' or 'block' for this page: the site setting, except that some pages only warn."""
    if not getattr(type(page), "publish_gate_blocks", True):
        return EasyJapaneseSettings.Gate.WARN
    return EasyJapaneseSettings.load().publish_gate
