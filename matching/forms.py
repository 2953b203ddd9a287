"""Forms of the self-service profiles: a learner's and a volunteer's own, and the weekly grid.

The fields a coordinator keeps (background check, safeguarding training) are not in these
forms at all, so no request can change them; the page shows them read-only.
"""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.iwate import MUNICIPALITY_CHOICES
from core.models import Language

from . import availability_grid
from .models import Goal, LearnerProfile, Qualification, VolunteerLanguage, VolunteerProfile


class WeeklyGridMixin(forms.Form):
    """An `availability` field of ticked cells ("0-morning"), saved into availability rows."""

    availability = forms.MultipleChoiceField(
        # Translators: ja: あなたが 来られる 時間
        label=_("When are you free?"),
        choices=availability_grid.CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def _init_grid(self) -> None:
        if self.instance.pk and not self.is_bound:
            self.initial["availability"] = sorted(
                availability_grid.cells_from_rows(self.instance.availability.all())
            )

    def grid_rows(self) -> list[dict]:
        """The table the template draws, ticked as submitted (or as saved)."""
        if self.is_bound:
            selected = self.data.getlist("availability") if hasattr(self.data, "getlist") else []
        else:
            selected = self.initial.get("availability", [])
        return availability_grid.table(selected)

    def save_grid(self, profile) -> None:
        availability_grid.save_grid(profile, self.cleaned_data.get("availability", []))


def _checkboxes(field: forms.Field) -> None:
    field.widget = forms.CheckboxSelectMultiple(choices=field.choices)


class LearnerProfileForm(WeeklyGridMixin, forms.ModelForm):
    class Meta:
        model = LearnerProfile
        fields = [
            "mother_tongue",
            "other_languages",
            "level",
            "goals",
            "needs",
            "municipality",
            "online_ok",
            "sessions_per_week",
            "minutes_per_session",
            "seeking_partner",
            "availability",
        ]
        labels = {
            # Translators: ja: あなたの 母語（いちばん よく わかる ことば）
            "mother_tongue": _("Your first language"),
            # Translators: ja: ほかに わかる ことば
            "other_languages": _("Other languages you understand"),
            # Translators: ja: あなたの 日本語の レベル
            "level": _("Your Japanese level"),
            # Translators: ja: 日本語を 勉強する 目的
            "goals": _("Why do you study Japanese?"),
            # Translators: ja: 手伝って ほしい こと
            "needs": _("What do you need help with?"),
            # Translators: ja: 住んで いる 市町村
            "municipality": _("Where do you live?"),
            # Translators: ja: オンラインでも いいです
            "online_ok": _("Online is fine for me"),
            # Translators: ja: 1週間に 何回
            "sessions_per_week": _("How many times a week?"),
            # Translators: ja: 1回に 何分
            "minutes_per_session": _("How many minutes each time?"),
            # Translators: ja: パートナー（先生）を さがして います
            "seeking_partner": _("I am looking for a partner (teacher)"),
        }
        widgets = {
            "other_languages": forms.CheckboxSelectMultiple,
            "needs": forms.Textarea(attrs={"rows": 3}),
            "sessions_per_week": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "minutes_per_session": forms.NumberInput(attrs={"inputmode": "numeric", "step": 15}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mother_tongue"].queryset = Language.objects.order_by("code")
        self.fields["other_languages"].queryset = Language.objects.order_by("code")
        self.fields["goals"].choices = Goal.choices
        _checkboxes(self.fields["goals"])
        self.fields["municipality"].choices = [("", "—"), *MUNICIPALITY_CHOICES]
        self._init_grid()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("municipality") and not data.get("online_ok"):
            # Translators: ja: 住んで いる 市町村を 選ぶか、「オンラインでも いいです」に チェックして ください。
            self.add_error(
                "municipality", _("Choose where you live, or tick “Online is fine for me”.")
            )
        mother = data.get("mother_tongue")
        others = data.get("other_languages")
        if mother is not None and others is not None and mother in others:
            data["other_languages"] = [x for x in others if x != mother]
        return data


class VolunteerProfileForm(WeeklyGridMixin, forms.ModelForm):
    class Meta:
        model = VolunteerProfile
        fields = [
            "home_municipality",
            "reachable_municipalities",
            "online",
            "max_active_assignments",
            "teaching_experience",
            "children_experience",
            "qualification",
            "experience_notes",
            "goals",
            "accepting_matches",
            "availability",
        ]
        labels = {
            "home_municipality": _("Where do you live?"),
            # Translators: ja: 行く ことが できる 市町村
            "reachable_municipalities": _("Where can you go to teach?"),
            # Translators: ja: オンラインで 教える ことが できます
            "online": _("I can teach online"),
            # Translators: ja: 同時に 何人まで 教えられますか
            "max_active_assignments": _("How many learners at the same time?"),
            # Translators: ja: 日本語を 教えた ことが あります
            "teaching_experience": _("I have taught Japanese before"),
            # Translators: ja: 子どもと 活動した ことが あります
            "children_experience": _("I have worked with children"),
            # Translators: ja: 日本語教師の 資格
            "qualification": _("Japanese teaching qualification"),
            # Translators: ja: 経験（自由に 書いて ください）
            "experience_notes": _("Your experience"),
            # Translators: ja: 手伝える こと
            "goals": _("What can you help with?"),
            # Translators: ja: 新しい マッチングを 受けます
            "accepting_matches": _("I am open to new matches"),
        }
        widgets = {
            "experience_notes": forms.Textarea(attrs={"rows": 3}),
            "max_active_assignments": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_municipality"].choices = [("", "—"), *MUNICIPALITY_CHOICES]
        self.fields["reachable_municipalities"].choices = MUNICIPALITY_CHOICES
        _checkboxes(self.fields["reachable_municipalities"])
        self.fields["goals"].choices = Goal.choices
        _checkboxes(self.fields["goals"])
        self.fields["qualification"].choices = Qualification.choices
        self._init_grid()


class _LanguageRows(BaseInlineFormSet):
    def get_unique_error_message(self, unique_check) -> str:
        """Django's says "Please correct the duplicate data for language": a raw field name."""
        # Translators: ja: 同じ ことばが 2回 あります。
        return str(_("This language is already in the list."))


VolunteerLanguageFormSet = inlineformset_factory(
    VolunteerProfile,
    VolunteerLanguage,
    formset=_LanguageRows,
    fields=["language", "level", "offers_support"],
    labels={
        # Translators: ja: ことば
        "language": _("Language"),
        # Translators: ja: レベル
        "level": _("Level"),
        # Translators: ja: この ことばで 学ぶ 人を 手伝えます
        "offers_support": _("I can help learners in this language"),
    },
    extra=2,
    can_delete=True,
    max_num=12,
    validate_max=True,
)


def save_languages(formset, profile) -> None:
    """Save the language rows in the order shown (sort_order), deleting the ticked ones."""
    formset.instance = profile
    rows = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for i, row in enumerate(rows):
        row.profile = profile
        row.sort_order = i
        row.save()
