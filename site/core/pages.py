"""What every page readers see shares, whichever app owns it: easy-Japanese target levels,
the checker's and search's view of its text (EasyJapaneseMixin), and the publish gate.

The publish gate: a page harder than its target level warns the editor, or is refused.

Drafts always save (Wagtail defers validation for "Save draft"); publishing, submitting for
moderation and scheduling run the easy-Japanese check. Whether a failed check blocks or only
warns is the "Easy Japanese" setting; emergency notices only ever warn. The warning itself is
shown after publishing by the `after_publish_page` hook (cms/wagtail_hooks.py), which reads the
result this form leaves on the page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm

from core import easyjp
from core.checker import check_values, glossed_words, segments_from_page, segments_from_values
from core.models import EasyJapaneseSettings
from core.offload import HeavyWorkError

RESULT_ATTR = "_easy_japanese_result"
REQUEST_ATTR = "_easy_japanese_results"  # page pk -> result, for the after-publish message

logger = logging.getLogger(__name__)

# What an editor aims the text at; simple_japanese's presets of the same names.
TARGET_LEVELS = [
    ("N5", gettext_lazy("N5: first steps")),
    ("N4", gettext_lazy("N4: everyday easy Japanese")),
    ("N3", gettext_lazy("N3")),
    ("N2", gettext_lazy("N2")),
    ("disaster", gettext_lazy("Disaster information (strictest)")),
]
DEFAULT_TARGET = "N4"
# Which kanji get furigana: all, or none on words whose kanji are all at or below a JLPT
# level (the engine's `min_level`: "N5" skips N5 kanji, "N4" skips N5 and N4 …).
FURIGANA_LEVELS = [
    ("", gettext_lazy("On all kanji")),
    ("N5", gettext_lazy("Not on N5 kanji")),
    ("N4", gettext_lazy("Not on N5 and N4 kanji")),
    ("N3", gettext_lazy("Not on N5 to N3 kanji")),
    ("N2", gettext_lazy("Only on N1 kanji and kanji outside the JLPT lists")),
]


class EasyJapaneseMixin:
    """What every page readers see shares, without fields: its text for the checker and search.

    `text_fields` names the fields whose Japanese the checker reads and search indexes, in
    reading order; CharField/TextField, RichTextField and StreamField are understood.
    """

    text_fields: ClassVar[tuple[str, ...]] = ("title",)

    def get_target_level(self) -> str:
        return getattr(self, "target_level", "") or DEFAULT_TARGET

    def full_clean(self, *args, **kwargs):
        """A new page made in code (not the admin form) gets an ASCII slug too."""
        if self.pk is None and needs_ascii_slug(self.slug):
            parent = getattr(self, "_cached_parent_obj", None) or (
                self.get_parent() if self.path else None
            )
            self.slug = ascii_slug(self.slug or self.title, parent) or self.slug
        super().full_clean(*args, **kwargs)

    def get_furigana_level(self) -> str | None:
        return getattr(self, "furigana_skip", "") or None

    def publish(self, revision, *args, **kwargs):
        """Every publish that is not a form (bulk, scheduled, workflow approval) passes the gate.

        The page forms check before this (EasyJapanesePageForm.clean); here the revision about
        to go live is checked, and in block mode it is not published: a scheduled revision is
        unscheduled (so the job does not retry it every run) and the refusal is logged.
        """
        try:
            decision = publish_gate(revision.as_object())
        except HeavyWorkError:
            decision = None  # cannot check now: in block mode, wait for the next try
            if gate_mode_for(self) == EasyJapaneseSettings.Gate.BLOCK:
                logger.warning("Not published (checker busy): page %s", self.pk)
                return None
        if decision is not None and decision.blocked:
            if getattr(revision, "approved_go_live_at", None):
                revision.approved_go_live_at = None
                revision.save(update_fields=["approved_go_live_at"])
            logger.warning(
                "Not published: page %s is harder than its target %s (score %s)",
                self.pk,
                decision.result.target,
                decision.result.score,
            )
            return None
        return super().publish(revision, *args, **kwargs)

    def search_tokens(self) -> str:
        """The page's text cut into words (with their readings), so search finds a word inside a
        sentence, its kana reading, the words its vocabulary lists teach, and, on the
        easy-Japanese original, the words of its live translations."""
        model = type(self)
        values = {name: getattr(self, name, None) for name in model.text_fields}
        texts = [s.text for s in segments_from_values(model, values, japanese_only=False)]
        texts.extend(sorted(glossed_words(model, values)))
        texts.extend(self._translation_texts())
        return easyjp.tokens_for_index("\n".join(texts))

    def _translation_texts(self) -> list[str]:
        from wagtail.models import Locale

        if not getattr(self, "pk", None) or not hasattr(self, "get_translations"):
            return []
        try:
            default = Locale.get_default()
        except Locale.DoesNotExist:
            return []
        if self.locale_id != default.id:
            return []
        texts: list[str] = []
        for page in self.get_translations().live().specific():
            texts.extend(s.text for s in segments_from_page(page, japanese_only=False))
        return texts


def gate_mode_for(page) -> str:
    """'warn' or 'block' for this page: the site setting, except that some pages only warn."""
    if not getattr(type(page), "publish_gate_blocks", True):
        return EasyJapaneseSettings.Gate.WARN
    return EasyJapaneseSettings.load().publish_gate


@dataclass(frozen=True)
class GateDecision:
    result: Any  # core.checker.CheckResult
    mode: str

    @property
    def blocked(self) -> bool:
        return not self.result.meets_target and self.mode == EasyJapaneseSettings.Gate.BLOCK

    @property
    def warns(self) -> bool:
        return not self.result.meets_target and not self.blocked


def publish_gate(page, *, values: dict | None = None, target: str | None = None) -> GateDecision:
    """The publish gate's one decision: check the page (or a form's values) against its target.

    Called by the page form (create, edit, autosave then publish), the bulk publish hook and
    EasyJapaneseMixin.publish (scheduled publishing, workflow approval, anything calling
    revision.publish). Raises HeavyWorkError when the checker cannot run just now. The result
    is left on the page for the after-publish warning.
    """
    model = type(page)
    if values is None:
        values = {name: getattr(page, name, None) for name in model.text_fields}
    result = check_values(model, values, target=target or page.get_target_level())
    setattr(page, RESULT_ATTR, result)
    return GateDecision(result=result, mode=gate_mode_for(page))


class EasyJapanesePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        """An empty or non-ASCII slug becomes the romaji of the title (or of that slug)."""
        super().__init__(*args, **kwargs)
        if not self.is_bound or "slug" not in self.fields:
            return
        slug = (self.data.get(self.add_prefix("slug")) or "").strip()
        if not needs_ascii_slug(slug):
            return
        source = slug or self.data.get(self.add_prefix("title")) or ""
        page = self.instance if self.instance.pk else None
        romaji = ascii_slug(source, self.parent_page, page)
        if romaji:
            self.data = self.data.copy()
            self.data[self.add_prefix("slug")] = romaji

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation or self.errors:
            return cleaned_data
        page = self.instance
        values = {
            name: cleaned_data.get(name, getattr(page, name, None))
            for name in type(page).text_fields
        }
        target = cleaned_data.get("target_level") or page.get_target_level()
        try:
            decision = publish_gate(page, values=values, target=target)
        except HeavyWorkError:
            raise ValidationError(
                _("The easy-Japanese check could not run just now. Please save again in a moment."),
                code="checker_unavailable",
            ) from None
        if decision.blocked:
            raise ValidationError(
                [ValidationError(blocked_heading(decision.result), code="not_easy_enough")]
                + [ValidationError(line, code="finding") for line in decision.result.summary()]
            )
        return cleaned_data


def blocked_heading(result) -> str:
    return _(
        "Not published: this page is harder than its target level (%(target)s), score %(score)s "
        "of 100. Make the Japanese easier, or save it as a draft."
    ) % {"target": result.target, "score": result.score}


def warning_message(result) -> str:
    """The 'warn' message after publishing: the score against the target and the first findings."""
    head = _(
        "Published, but this page is harder than its target level (%(target)s): score %(score)s of 100."
    ) % {"target": result.target, "score": result.score}
    items = format_html_join("", "<li>{}</li>", ((line,) for line in result.summary()))
    return format_html('{}<ul class="ej-gate-findings">{}</ul>', head, items)


# --- ASCII slugs ------------------------------------------------------------------------------
# URLs stay readable and typeable everywhere (mail clients, chat apps and printed flyers mangle
# percent-encoded Japanese): a page's slug is the romaji of its title (core.easyjp.romaji_slug).
# settings.WAGTAIL_ALLOW_UNICODE_SLUGS = False makes the admin's own slug field agree.


def needs_ascii_slug(slug: str | None) -> bool:
    return not slug or not slug.isascii()


def ascii_slug(text: str, parent=None, page=None) -> str:
    """The romaji slug of `text`, made unique among `parent`'s children ("" if unreadable)."""
    from wagtail.models import Page

    base = easyjp.romaji_slug(text)
    if not base or parent is None:
        return base
    candidate, n = base, 1
    while not Page._slug_is_available(candidate, parent, page):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def ascii_slugs_for_old_pages(**kwargs) -> int:
    """Pages kept from before ASCII slugs get romaji ones; their old URLs keep working.

    Run after `migrate` (post_migrate, like a data migration, but with the live code the
    romaji needs). Saving the new slug makes wagtail.contrib.redirects create a permanent
    redirect from each old URL of the page and of its descendants (page_slug_changed), and the
    page's revisions get the new slug so publishing an older draft does not bring it back.
    Idempotent: once every slug is ASCII it does nothing. Returns the number of pages changed.
    """
    from django.db import DatabaseError, transaction
    from wagtail.models import Page, Revision

    try:
        pages = [
            p for p in Page.objects.filter(depth__gt=1).order_by("path") if not p.slug.isascii()
        ]
    except DatabaseError:  # a partial `migrate` (the page table is not there yet)
        return 0
    changed = 0
    for page in pages:
        page.refresh_from_db()  # an ancestor's change rewrote this page's url_path
        new_slug = ascii_slug(page.slug, page.get_parent(), page)
        if not new_slug:
            continue
        specific = page.specific
        old_slug = specific.slug
        with transaction.atomic():
            specific.slug = new_slug
            specific.save(clean=False, update_fields=["slug", "url_path"])
            for revision in Revision.objects.for_instance(specific):
                if revision.content.get("slug") == old_slug:
                    revision.content["slug"] = new_slug
                    revision.save(update_fields=["content"])
        changed += 1
    return changed
