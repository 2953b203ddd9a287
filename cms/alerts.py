"""The reader's choice of disaster notices: areas, language, and e-mail (for logged-in users)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.iwate import MUNICIPALITY_CHOICES


class AlertsForm(forms.Form):
    # Translators: ja: どこの お知らせが ほしいですか
    areas = forms.MultipleChoiceField(
        label=_("Municipalities"),
        choices=MUNICIPALITY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to get notices for every municipality."),
    )
    # Translators: ja: ことば
    language = forms.ChoiceField(label=_("Language of the notices"))
    # Translators: ja: メールでも 受け取る
    email = forms.BooleanField(label=_("Also send them to my e-mail"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = list(settings.LANGUAGES)
        if user is None or not user.is_authenticated:
            del self.fields["email"]  # e-mail needs an account; push does not


def save_email_subscription(user, data: dict) -> None:
    """Opt in (or out) of notices by e-mail, for the chosen areas and language."""
    from cms.models import NoticeEmailSubscription

    if data["email"]:
        NoticeEmailSubscription.objects.update_or_create(
            user=user, defaults={"areas": data["areas"], "language": data["language"]}
        )
    else:
        NoticeEmailSubscription.objects.filter(user=user).delete()
