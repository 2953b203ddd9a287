"""The publish gate: a page harder than its target level warns the editor, or is refused.

Drafts always save (Wagtail defers validation for "Save draft"); publishing, submitting for
moderation and scheduling run the easy-Japanese check. Whether a failed check blocks or only
warns is the "Easy Japanese" setting; emergency notices only ever warn. The warning itself is
shown after publishing by the `after_publish_page` hook (cms/wagtail_hooks.py), which reads the
result this form leaves on the page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

RESULT_ATTR = "_easy_japanese_result"


class EasyJapanesePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation or self.errors:
            return cleaned_data
        from cms.checker import check_values
        from cms.models import gate_mode_for
        from core.offload import HeavyWorkError

        page = self.instance
        model = type(page)
        values = {
            name: cleaned_data.get(name, getattr(page, name, None)) for name in model.text_fields
        }
        target = cleaned_data.get("target_level") or page.get_target_level()
        try:
            result = check_values(model, values, target=target)
        except HeavyWorkError:
            raise ValidationError(
                _("The easy-Japanese check could not run just now. Please save again in a moment."),
                code="checker_unavailable",
            ) from None
        setattr(page, RESULT_ATTR, result)
        if not result.meets_target and gate_mode_for(page) == "block":
            raise ValidationError(
                [ValidationError(blocked_heading(result), code="not_easy_enough")]
                + [ValidationError(line, code="finding") for line in result.summary()]
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
