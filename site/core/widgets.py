"""Form widgets that mark Japanese choices `lang="ja"` on pages in other languages."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language

from .languages import has_japanese


class LangAwareSelect(forms.Select):
    """A select whose Japanese options (venue and town names) carry lang="ja" off Japanese pages.

    An <option> holds text only, so the attribute goes on the option itself.
    """

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if not (get_language() or "ja").startswith("ja") and has_japanese(str(label)):
            option["attrs"] = {**option["attrs"], "lang": "ja"}
        return option
