"""allauth's account forms with the site's own labels (easy Japanese in the ja catalogue).

allauth's labels and placeholders come from its own catalogue in regular, partly honorific
Japanese ("ログインしたままにする", placeholders in keigo). These subclasses give every field a
label from the site's catalogue and drop the placeholders (a label is read by screen readers;
a placeholder disappears while typing). Registered in settings.ACCOUNT_FORMS.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# Said by allauth's form code itself; repeated here so the site's catalogue carries them in
# easy Japanese (a site catalogue wins over a package's for the same msgid).
ALLAUTH_MESSAGES = [gettext_noop("You must type the same password each time.")]

LABELS = {
    "login": _("E-mail address"),
    "email": _("E-mail address"),
    "email2": _("E-mail address (again)"),
    "password": _("Password"),
    "password1": _("Password"),
    "password2": _("Password (again)"),
    "oldpassword": _("Current password"),
    "remember": _("Stay logged in on this device"),
}
NEW_PASSWORD_LABELS = {
    "password1": _("New password"),
    "password2": _("New password (again)"),
}


class SiteLabelsMixin:
    """Labels from LABELS (and `extra_labels`), no placeholders, no help text in keigo."""

    extra_labels: dict = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = {**LABELS, **self.extra_labels}
        for name, field in self.fields.items():
            if name in labels:
                field.label = labels[name]
            field.widget.attrs.pop("placeholder", None)
            if name in ("password", "oldpassword"):
                field.help_text = ""  # allauth's "Forgot your password?" link: the page has one


class LoginForm(SiteLabelsMixin, allauth_forms.LoginForm):
    pass


class SignupForm(SiteLabelsMixin, allauth_forms.SignupForm):
    pass


class AddEmailForm(SiteLabelsMixin, allauth_forms.AddEmailForm):
    pass


class ChangePasswordForm(SiteLabelsMixin, allauth_forms.ChangePasswordForm):
    extra_labels = NEW_PASSWORD_LABELS


class SetPasswordForm(SiteLabelsMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordForm(SiteLabelsMixin, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(SiteLabelsMixin, allauth_forms.ResetPasswordKeyForm):
    extra_labels = NEW_PASSWORD_LABELS


class ReauthenticateForm(SiteLabelsMixin, allauth_forms.ReauthenticateForm):
    pass
