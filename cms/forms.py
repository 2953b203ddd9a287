"""Admin forms of cms pages: the emergency notice's template fields and its publish checks."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import notice_templates
from core.iwate import MUNICIPALITY_CHOICES
from core.pages import EasyJapanesePageForm


class EmergencyNoticePageForm(EasyJapanesePageForm):
    """Typed notice fields; a template writes the title; bad input is refused field by field.

    Drafts save with anything missing (Wagtail's deferred validation); publishing needs an
    area, an expiry in the future and every field the chosen template uses. The easy-Japanese
    check (EasyJapanesePageForm) then reads the Japanese the template produced and only warns.
    """

    areas = forms.MultipleChoiceField(
        label=_("municipalities"),
        choices=MUNICIPALITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].label = self.instance._meta.get_field("areas").verbose_name
        self.fields["areas"].help_text = self.instance._meta.get_field("areas").help_text
        # A template writes the title (and Wagtail derives the slug from it); without a
        # template, clean() asks for the title.
        self.fields["title"].required = False
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        data = self.cleaned_data
        notice_type = data.get("notice_type")
        if notice_type:
            self._check_template_fields(notice_type)
            if not self.errors:
                fields = notice_templates.NoticeFields(
                    areas=tuple(data.get("areas") or ()),
                    shelter=data.get("shelter") or "",
                    event_time=data.get("event_time"),
                    level=data.get("level"),
                )
                japanese = notice_templates.render(
                    notice_type, fields, notice_templates.SOURCE_LANGUAGE
                )
                data["title"] = japanese.title
                # The checker reads the page's template text with the form's values.
                self.instance.template_text = japanese.body
        elif not (data.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", _("Write a title, or pick a notice template."))
        if not self.is_deferred_validation:
            self._check_publishable()
        return super().clean()

    def _check_template_fields(self, notice_type: str) -> None:
        if self.is_deferred_validation:
            return
        labels = {
            "areas": _("Pick at least one municipality for this notice."),
            "shelter": _("Write the shelter's name: this template names it."),
            "event_time": _("Give the time: this template says when."),
            "level": _("Pick the evacuation level (1 to 5)."),
        }
        for field in sorted(notice_templates.required_fields(notice_type)):
            value = self.cleaned_data.get(field)
            if value in (None, "", [], ()) and field not in self.errors:
                self.add_error(field, labels[field])

    def _check_publishable(self) -> None:
        data = self.cleaned_data
        if not data.get("areas") and not (data.get("area") or "").strip():
            if "areas" not in self.errors:
                self.add_error("areas", _("Pick at least one municipality, or describe the area."))
        expires_at = data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            self.add_error(
                "expires_at", _("This time has already passed. Give a time in the future.")
            )
