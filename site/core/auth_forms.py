"""The Wagtail admin's login form, saying why a throttled sign-in is refused.

The throttle itself is core.throttle.LoginThrottleBackend (every login path); this form only
turns its refusal into a message instead of "the password did not match".
"""

from __future__ import annotations

from django import forms
from wagtail.admin.forms.auth import LoginForm

from .throttle import client_ip, login_wait_seconds, throttled_message


class ThrottledLoginForm(LoginForm):
    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            wait = login_wait_seconds(username, client_ip(self.request))
            if wait:
                raise forms.ValidationError(throttled_message(wait), code="throttled")
        return super().clean()
