"""The signed-in person's own account: details, data export, deletion. Thin: the work is in
accounts.personal_data (every app's exporter and eraser) and accounts.personal_forms."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import personal_data, volunteering
from .personal_forms import PersonalDetailsForm
from .roles import LEARNER, VOLUNTEER, user_has_role


@never_cache
@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    """Names, contact and notification settings; links to the profiles, export and deletion."""
    form = PersonalDetailsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Translators: ja: 保存しました。
        messages.success(request, _("Your settings are saved."))
        return redirect("accounts:my-account")
    context = {
        "person_form": form,
        "is_learner": user_has_role(request.user, LEARNER),
        "is_volunteer": user_has_role(request.user, VOLUNTEER),
        "volunteer_application": volunteering.pending_application(request.user),
    }
    return render(request, "accounts/my_account.html", context)


@never_cache
@login_required
def become_volunteer(request: HttpRequest) -> HttpResponse:
    """What volunteering means, and a button to apply; a coordinator decides (never the person)."""
    if user_has_role(request.user, VOLUNTEER):
        return redirect("accounts:my-account")
    if request.method == "POST":
        try:
            volunteering.apply(request.user)
        except volunteering.VolunteerApplicationError as exc:
            messages.error(request, str(exc))
        else:
            # Translators: ja: 教えたいと 言って くれて、うれしいです。コーディネーターが 連絡します。
            messages.success(
                request, _("Thank you for offering to teach. A coordinator will contact you.")
            )
        return redirect("accounts:become-volunteer")
    context = {"application": volunteering.pending_application(request.user)}
    return render(request, "accounts/become_volunteer.html", context)


@never_cache
@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything the site holds about the signed-in person, as one JSON file."""
    data = personal_data.export_user(request.user)
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="nihongo-link-my-data-{stamp}.json"'
    return response


class DeleteAccountForm(forms.Form):
    # Translators: ja: パスワード
    password = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    # Translators: ja: わかりました。アカウントと わたしの データを 消します。
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand: my account and my data will be deleted."),
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            # Translators: ja: パスワードが ちがいます。
            raise forms.ValidationError(gettext_lazy("The password is not right."))
        return password


@never_cache
@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirm with the password, then erase and log out; the message is in the page's language."""
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personal_data.erase_user(request.user)
        logout(request)
        # Translators: ja: アカウントを 消しました。ありがとうございました。
        messages.success(request, _("Your account is deleted. Thank you for using Nihongo Link."))
        return redirect(reverse("wagtail_serve", args=[""]))  # home, in the page's language
    return render(request, "accounts/delete_account.html", {"form": form})
