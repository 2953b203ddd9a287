"""The person's own details, edited by themselves: names, contact, notification settings.

Used on "my account" and inside the learner's and the volunteer's profile pages (matching),
so the names asked at sign-up stay editable wherever a person looks for them. Field names
(`family_name`, `given_name`, ...) match the sign-up form's.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ContactPreference, User
from .signup_names import _kana_only

NOTIFICATION_FIELDS = (
    "notify_reminders",
    "notify_changes_email",
    "notify_changes_push",
    "notify_matching_email",
)


class PersonalDetailsForm(forms.ModelForm):
    field_order = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "contact_preference",
        "phone",
        *NOTIFICATION_FIELDS,
    ]
    # Translators: ja: 名字（みょうじ）
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    # Translators: ja: 名前（なまえ）
    given_name = forms.CharField(label=_("Given name"), max_length=150)

    class Meta:
        model = User
        fields = [
            "family_name_kana",
            "given_name_kana",
            "contact_preference",
            "phone",
            *NOTIFICATION_FIELDS,
        ]
        labels = {
            "family_name_kana": _("Family name in kana"),
            "given_name_kana": _("Given name in kana"),
            # Translators: ja: どうやって 連絡したら いいですか
            "contact_preference": _("How should we contact you?"),
            # Translators: ja: 電話番号
            "phone": _("Phone number"),
            # Translators: ja: クラスの 前の 日に メールで 知らせる
            "notify_reminders": _("E-mail me the day before a class"),
            # Translators: ja: クラスの 時間や 場所が 変わったとき、メールで 知らせる
            "notify_changes_email": _("E-mail me when a class changes or is cancelled"),
            # Translators: ja: クラスの 時間や 場所が 変わったとき、スマホに 知らせる（プッシュ）
            "notify_changes_push": _("Push notice when a class changes or is cancelled"),
            # Translators: ja: パートナーの マッチングに ついて メールで 知らせる
            "notify_matching_email": _("E-mail me about partner matching"),
        }
        help_texts = {
            "family_name_kana": _(
                "How to say it, in katakana or hiragana. You can leave it empty."
            ),
            # Translators: ja: 「電話」を 選んだ 人は 書いて ください。
            "phone": _("Write it if you chose “By phone”."),
        }
        widgets = {
            "contact_preference": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("family_name", self.instance.last_name)
            self.initial.setdefault("given_name", self.instance.first_name)
        for name in ("family_name_kana", "given_name_kana"):
            self.fields[name].validators.append(_kana_only)
        self.fields["contact_preference"].choices = ContactPreference.choices
        self.fields["family_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["given_name"].widget.attrs["autocomplete"] = "given-name"

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and not all(ch.isdigit() or ch in "+-() " for ch in phone):
            # Translators: ja: 電話番号は 数字で 書いて ください。
            raise forms.ValidationError(_("Write the phone number with numbers only."))
        return phone

    def clean(self) -> dict:
        data = super().clean()
        if data.get("contact_preference") == ContactPreference.PHONE and not data.get("phone"):
            # Translators: ja: 電話で 連絡する ときは、電話番号を 書いて ください。
            self.add_error("phone", _("To be contacted by phone, write your phone number."))
        return data

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.last_name = self.cleaned_data["family_name"].strip()
        user.first_name = self.cleaned_data["given_name"].strip()
        user.family_name_kana = user.family_name_kana.strip()
        user.given_name_kana = user.given_name_kana.strip()
        user.display_name = f"{user.last_name} {user.first_name}".strip()[:100]
        if commit:
            user.save()
        return user
