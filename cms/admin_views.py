"""Admin views of the cms beyond Wagtail's own: the shelter CSV upload."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.shelters import ShelterImportError, import_shelters
from core.iwate import MUNICIPALITY_CHOICES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ShelterImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "The national format of designated emergency evacuation sites "
            "(指定緊急避難場所データ), UTF-8 or Shift_JIS."
        ),
    )
    municipality = forms.ChoiceField(
        label=gettext_lazy("Municipality"),
        choices=[("", gettext_lazy("From the file's 市町村名 column"))] + MUNICIPALITY_CHOICES,
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


def import_shelters_view(request: HttpRequest) -> HttpResponse:
    """Upload a CSV: all rows are imported, or none and every bad row is named."""
    if not request.user.has_perm("cms.add_shelter"):
        raise PermissionDenied
    form = ShelterImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = import_shelters(
                form.cleaned_data["file"].read(),
                municipality=form.cleaned_data["municipality"] or None,
            )
        except ShelterImportError as exc:
            row_errors = exc.errors
            form.add_error(None, _("Nothing was imported. Fix these rows and upload again."))
        else:
            messages.success(
                request,
                _("%(created)s shelters added, %(updated)s updated.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("wagtailsnippets_cms_shelter:list")
    context = {
        "form": form,
        "row_errors": row_errors,
        # Wagtail's header draws its <h1> from these: without them the page has an empty heading.
        "page_title": _("Import shelters"),
        "header_icon": "upload",
    }
    return TemplateResponse(request, "cms/admin/import_shelters.html", context)
