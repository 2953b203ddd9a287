"""Sign-up fields beyond e-mail and password: the person's name and its reading in kana.

allauth builds its sign-up form on this class (ACCOUNT_SIGNUP_FORM_CLASS; accounts.forms.SignupForm then relabels it), so the fields appear
in whatever template renders the form. Rosters and the admin show these names instead of
e-mail addresses; the reading lets a teacher say a name they cannot read.
"""

from __future__ import annotations

import re

from django import forms
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# Hiragana, katakana (with the long-vowel mark and middle dot) and spaces.
KANA = re.compile(r"^[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\s\u3000]*$")


def _kana_only(value: str) -> None:
    if not KANA.match(value):
        raise forms.ValidationError(
            # Translators: ja: ひらがなか カタカナで 書いてください。
            _("Please write the reading in hiragana or katakana."),
            code="not_kana",
        )


class NamesForm(forms.Form):
    # Translators: ja: 名字（みょうじ）
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    # Translators: ja: 名前（なまえ）
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    # Translators: ja: 名字の 読み方（カタカナ）
    family_name_kana = forms.CharField(
        label=_("Family name in kana"),
        max_length=150,
        required=False,
        validators=[_kana_only],
        help_text=_("How to say it, in katakana or hiragana. You can leave it empty."),
    )
    # Translators: ja: 名前の 読み方（カタカナ）
    given_name_kana = forms.CharField(
        label=_("Given name in kana"),
        max_length=150,
        required=False,
        validators=[_kana_only],
    )

    def signup(self, request: HttpRequest, user) -> None:
        """Called by allauth once the account exists: keep the name and the reader's language."""
        data = self.cleaned_data
        user.last_name = data["family_name"].strip()
        user.first_name = data["given_name"].strip()
        user.family_name_kana = data.get("family_name_kana", "").strip()
        user.given_name_kana = data.get("given_name_kana", "").strip()
        user.display_name = f"{user.last_name} {user.first_name}".strip()[:100]
        if not user.preferred_language:
            user.preferred_language = (get_language() or "")[:10]
        user.save()
