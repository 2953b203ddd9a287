"""Sign-up fields beyond e-mail and password: the name, its reading in kana, and the wish.

allauth builds its sign-up form on this class (ACCOUNT_SIGNUP_FORM_CLASS; accounts.forms.SignupForm then relabels it), so the fields appear
in whatever template renders the form. Rosters and the admin show these names instead of
e-mail addresses; the reading lets a teacher say a name they cannot read. The wish (learn
Japanese, or volunteer as a teacher) only records an application: every account starts as a
learner, and a coordinator decides (accounts.volunteering).
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from . import volunteering

# Hiragana, katakana (with the long-vowel mark and middle dot) and spaces.
KANA = re.compile(r"^[\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\s\u3000]*$")


def _kana_only(value: str) -> None:
    if not KANA.match(value):
        raise forms.ValidationError(
            # Translators: ja: ひらがなか カタカナで 書いてください。
            _("Please write the reading in hiragana or katakana."),
            code="not_kana",
        )


LEARN = "learn"
VOLUNTEER = "volunteer"
WISH_CHOICES = [
    # Translators: ja: 日本語を 勉強したいです
    (LEARN, _("I want to learn Japanese")),
    # Translators: ja: ボランティアで 日本語を 教えたいです
    (VOLUNTEER, _("I want to teach Japanese as a volunteer")),
]


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

    # Translators: ja: 何を したいですか？
    wish = forms.ChoiceField(
        label=_("What would you like to do?"),
        choices=WISH_CHOICES,
        initial=LEARN,
        required=False,  # not sent (an old form, a script): a learner account, as before
        widget=forms.RadioSelect,
        # Translators: ja: ボランティアの 先生は、はじめる 前に コーディネーターが 連絡します。
        help_text=_("Volunteer teachers: a coordinator contacts you before you start."),
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
        if data.get("wish") == VOLUNTEER:
            volunteering.apply(user)
            messages.info(
                request,
                # Translators: ja: 教えたいと 言って くれて、うれしいです。コーディネーターが 連絡します。
                gettext(
                    "Thank you for offering to teach. A coordinator will contact you. "
                    "Until then, your account is a learner account."
                ),
            )
