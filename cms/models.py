"""Wagtail page models. Text is stored as written; furigana are added when a page renders."""

from __future__ import annotations

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
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from cms import notice_templates
from cms.blocks import ArticleStreamBlock, MaterialStreamBlock
from cms.forms import EmergencyNoticePageForm
from cms.snippets import Topic
from core.choices import CEFR_LEVELS
from core.iwate import MUNICIPALITY_CHOICES, municipality_name
from core.pages import (
    DEFAULT_TARGET,
    FURIGANA_LEVELS,
    TARGET_LEVELS,
    EasyJapaneseMixin,
    EasyJapanesePageForm,
)


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

    Publishing one pushes the banner to every open page at once (cms/emergency.py). A notice
    made from a template (`notice_type` + typed fields) reads in every site language from the
    reviewed phrases (cms/notice_templates.py); its title and `template_text` hold the easy
    Japanese, which the checker and search read. `body` is the editor's own text, shown as
    Japanese only in other languages.
    """

    class Severity(models.TextChoices):
        # Translators: ja: ちゅうい
        WARNING = "warning", _("Warning")
        # Translators: ja: きけん
        DANGER = "danger", _("Danger")

    notice_type = models.CharField(
        _("notice template"),
        max_length=20,
        choices=notice_templates.NoticeType.choices,
        blank=True,
        help_text=_(
            "Pick what happened: the title and text are written for you in easy Japanese and "
            "every site language. Leave empty to write the notice yourself."
        ),
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING
    )
    expires_at = models.DateTimeField(
        _("shown until"), help_text=_("The banner disappears from every page at this time.")
    )
    areas = models.JSONField(
        _("municipalities"),
        default=list,
        blank=True,
        help_text=_("The municipalities the notice is for."),
    )
    area = models.CharField(
        _("area details"), max_length=200, blank=True, help_text=_("e.g. 沿岸の 町")
    )
    shelter = models.CharField(
        _("shelter"),
        max_length=200,
        blank=True,
        help_text=_("The shelter's name, for the shelter templates."),
    )
    event_time = models.DateTimeField(
        _("time"), null=True, blank=True, help_text=_("When it happened or starts.")
    )
    level = models.PositiveSmallIntegerField(
        _("evacuation level"),
        null=True,
        blank=True,
        choices=[(n, str(n)) for n in notice_templates.LEVELS],
        help_text=_("For heavy rain: the evacuation level (警戒レベル) 1 to 5."),
    )
    template_text = models.TextField(
        _("text from the template"), blank=True, editable=False, default=""
    )
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
                [
                    FieldPanel("notice_type"),
                    FieldPanel("severity"),
                    FieldPanel("expires_at"),
                    FieldPanel("areas"),
                    FieldPanel("area"),
                    FieldPanel("shelter"),
                    FieldPanel("event_time"),
                    FieldPanel("level"),
                ],
                heading=_("Notice"),
            ),
            FieldPanel("body"),
        ]
        + ReaderPage.easy_japanese_panels
    )
    text_fields = ("title", "template_text", "area", "body")
    parent_page_types = ["cms.HomePage", "cms.ArticleIndexPage"]
    subpage_types: list[str] = []
    # An emergency must go out even when its Japanese is not yet easy: the gate only warns.
    publish_gate_blocks = False
    base_form_class = EmergencyNoticePageForm

    class Meta:
        verbose_name = _("emergency notice")

    def is_active(self, now=None) -> bool:
        return bool(self.live and self.expires_at and self.expires_at > (now or timezone.now()))

    def notice_fields(self) -> notice_templates.NoticeFields:
        return notice_templates.NoticeFields(
            areas=tuple(self.areas or ()),
            shelter=self.shelter,
            event_time=self.event_time,
            level=self.level,
        )

    def text_in(self, language: str | None) -> notice_templates.NoticeText | None:
        """The templated notice in a reader's language (None: no template, or no phrases)."""
        locale = notice_templates.phrase_locale(language)
        if not self.notice_type or locale is None:
            return None
        return notice_templates.render(self.notice_type, self.notice_fields(), locale)

    def fill_from_template(self) -> None:
        """Title and template text in easy Japanese from the template; Wagtail's expiry too.

        `expire_at` makes `publish_scheduled` unpublish the page when the notice expires.
        """
        if self.expires_at:
            self.expire_at = self.expires_at
        # A translation (wagtail-localize) keeps its translated title.
        if self.notice_type and self._in_default_locale():
            japanese = self.text_in(notice_templates.SOURCE_LANGUAGE)
            self.title = japanese.title
            self.template_text = japanese.body
        else:
            self.template_text = ""

    def _in_default_locale(self) -> bool:
        try:
            return self.locale_id is None or self.locale_id == Locale.get_default().pk
        except Locale.DoesNotExist:
            return True

    def full_clean(self, *args, **kwargs):
        # Before Wagtail derives the slug from the title and serialises the revision.
        self.fill_from_template()
        return super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.fill_from_template()
        return super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The service worker keeps a copy for when the network is down or overloaded.
        response["X-Offline-Cache"] = "1"
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        language = get_language()
        local = self.text_in(language)
        if local is not None and local.language == notice_templates.SOURCE_LANGUAGE:
            local = None
        context.update(
            local_text=local,
            area_links=[(slug, municipality_name(slug)) for slug in self.areas or ()],
            japanese_heading=notice_templates.note("japanese", language),
            not_translated_note=notice_templates.note("not_translated", language),
            reader_is_japanese=(language or "ja").split("-")[0] == "ja",
        )
        return context


# --- Delivery of notices: push subscriptions and e-mail opt-ins ---------------------------------


class PushSubscription(models.Model):
    """A browser that asked for disaster notices by Web Push, for some areas, in one language.

    No areas means every area. Deleted when the push service answers 404/410 (cms/push.py).
    """

    endpoint = models.URLField(_("endpoint"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    areas = models.JSONField(_("municipalities"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, default="ja")
    user = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="push_subscriptions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return f"{self.language} {', '.join(self.areas) or '*'}"

    def subscription_info(self) -> dict:
        """The shape pywebpush (and the browser's PushSubscription.toJSON()) uses."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class NoticeEmailSubscription(models.Model):
    """A user who opted in to disaster notices by e-mail (no areas: every area)."""

    user = models.OneToOneField(
        "accounts.User", on_delete=models.CASCADE, related_name="notice_email_subscription"
    )
    areas = models.JSONField(_("municipalities"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=10, default="ja")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail subscription to notices")
        verbose_name_plural = _("e-mail subscriptions to notices")

    def __str__(self) -> str:
        return str(self.user)


def wants_areas(subscribed: list[str], notice_areas: list[str]) -> bool:
    """A subscriber of no areas gets every notice; a notice of no areas goes to everyone."""
    return not subscribed or not notice_areas or bool(set(subscribed) & set(notice_areas))


# --- Shelters ------------------------------------------------------------------------------------


class Shelter(models.Model):
    """A designated emergency evacuation site (指定緊急避難場所) and whether it is open now.

    The disaster types are the national designation categories; rows come from the national
    open-data CSV (cms/shelters.py) or from coordinators in the admin. Opening or closing one
    is pushed live to the shelter pages (a post_save signal in cms/shelters.py).
    """

    # (field name, the CSV column, label): the eight categories of the designation.
    DISASTER_TYPES = [
        ("flood", "洪水", _("Flood")),
        ("landslide", "崖崩れ、土石流及び地滑り", _("Landslide, debris flow")),
        ("storm_surge", "高潮", _("Storm surge")),
        ("earthquake", "地震", _("Earthquake")),
        ("tsunami", "津波", _("Tsunami")),
        ("large_fire", "大規模な火事", _("Large fire")),
        ("inland_flooding", "内水氾濫", _("Inland flooding")),
        ("volcano", "火山現象", _("Volcano")),
    ]

    name = models.CharField(_("name"), max_length=200)
    reading = models.CharField(
        _("reading"), max_length=200, blank=True, help_text=_("The name in hiragana.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    municipality = models.CharField(
        _("municipality"), max_length=30, choices=MUNICIPALITY_CHOICES, db_index=True
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    flood = models.BooleanField(_("flood"), default=False)
    landslide = models.BooleanField(_("landslide, debris flow"), default=False)
    storm_surge = models.BooleanField(_("storm surge"), default=False)
    earthquake = models.BooleanField(_("earthquake"), default=False)
    tsunami = models.BooleanField(_("tsunami"), default=False)
    large_fire = models.BooleanField(_("large fire"), default=False)
    inland_flooding = models.BooleanField(_("inland flooding"), default=False)
    volcano = models.BooleanField(_("volcano"), default=False)
    also_evacuation_centre = models.BooleanField(
        _("also a designated evacuation centre"),
        default=False,
        help_text=_("指定避難所との住所同一: people can also stay here."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_open = models.BooleanField(_("open now"), default=False)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last update"), auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("reading"),
        FieldPanel("municipality"),
        FieldPanel("address"),
        MultiFieldPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Map")),
        FieldPanel("capacity"),
        MultiFieldPanel(
            [FieldPanel(field) for field, _column, _label in DISASTER_TYPES]
            + [FieldPanel("also_evacuation_centre")],
            heading=_("Designated for"),
        ),
        FieldPanel("is_open"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("shelter")
        verbose_name_plural = _("shelters")
        ordering = ["municipality", "reading", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="cms_shelter_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def disaster_types(self) -> list[tuple[str, str]]:
        """(field, label) of the disasters this site is designated for."""
        return [(f, label) for f, _column, label in self.DISASTER_TYPES if getattr(self, f)]

    def map_url(self) -> str:
        """An OpenStreetMap link (no tiles are served from here)."""
        if self.latitude is None or self.longitude is None:
            return ""
        lat, lon = f"{self.latitude:.6f}", f"{self.longitude:.6f}"
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
