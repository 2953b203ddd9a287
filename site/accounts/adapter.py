"""allauth adapter: every new account starts as a learner; sign-in throttled per address."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.contrib.sites.shortcuts import get_current_site

from core.throttle import client_ip, login_wait_seconds, throttled_message

from .roles import LEARNER, grant_role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            grant_role(user, LEARNER)
        return user

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """allauth's per-"key" login limit, keyed by account *and* address.

        allauth keys it by the e-mail alone, so five wrong passwords from anywhere kept the
        owner out too; with the address in the key an attacker only slows themselves. The
        account as a whole is protected by core.throttle (doubling delays, not a lockout).
        """
        site = get_current_site(request)
        login = credentials.get("email", credentials.get("username", "")).lower()
        return f"{site.domain}:{login}:{client_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        """Our throttle first (it says how long to wait), then allauth's own limits."""
        login = credentials.get("email") or credentials.get("username") or ""
        wait = login_wait_seconds(login, client_ip(request))
        if wait:
            raise forms.ValidationError(throttled_message(wait), code="throttled")
        super().pre_authenticate(request, **credentials)
