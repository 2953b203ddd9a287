"""allauth adapter: new accounts are learners; sign-in throttled per address; account e-mails in the recipient's language.

Every account e-mail (confirmation, password reset, "no such account", "already registered")
goes out in the language the person chose (User.preferred_language, stored at sign-up from
the page they signed up on), as plain text and HTML. In Japanese — easy Japanese — the text part
carries each kanji word's reading in brackets (予約（よやく）) and the HTML part carries ruby,
both from the furigana engine. The site is named by settings.SITE_NAME, never by the host.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.templatetags.ui import readings_in_brackets, ruby_for_ui
from core.throttle import client_ip, login_wait_seconds, throttled_message

from .roles import LEARNER, grant_role

_URL = re.compile(r"https?://[^\s<>\"]+")


def site_name() -> str:
    """The site's name in the active language (settings.SITE_NAME)."""
    return str(getattr(settings, "SITE_NAME", "") or _("Nihongo Link"))


def supported_language(code: str | None) -> str:
    """`code` if the site offers it, else the default language."""
    codes = {c for c, _ in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def mail_html(text: str, language: str) -> str:
    """The HTML part of a plain-text mail: paragraphs, links, ruby on Japanese kanji."""
    japanese = language.startswith("ja")
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            parts, last = [], 0
            for match in _URL.finditer(line):
                parts.append(_text_html(line[last : match.start()], japanese))
                parts.append(format_html('<a href="{0}">{0}</a>', match.group()))
                last = match.end()
            parts.append(_text_html(line[last:], japanese))
            lines.append("".join(parts))
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}"><head><meta charset="utf-8"></head>'
        f"<body>\n" + "\n".join(paragraphs) + "\n</body></html>"
    )


def _text_html(text: str, japanese: bool) -> str:
    return str(ruby_for_ui(text)) if japanese else str(escape(text))


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("This account cannot be used now."),
        "cannot_remove_primary_email": _("You cannot remove your main e-mail address."),
        "duplicate_email": _("This e-mail address is already in your account."),
        "email_password_mismatch": _("The e-mail address or the password is not right."),
        "email_taken": _("An account with this e-mail address already exists."),
        "enter_current_password": _("Please write your current password."),
        "incorrect_password": _("The password is not right."),
        "invalid_or_expired_key": _("This link does not work. It may be old."),
        "invalid_password_reset": _("This link does not work. It may be old."),
        "too_many_login_attempts": _("You tried too many times. Please wait and try again."),
        "unknown_email": _("There is no account with this e-mail address."),
        "unverified_primary_email": _("Please confirm your main e-mail address first."),
        "rate_limited": _("Too many requests. Please wait a little."),
    }

    def save_user(self, request, user, form, commit=True):
        if not user.preferred_language:
            # The language of the sign-up page: the e-mails follow it.
            user.preferred_language = supported_language(translation.get_language())
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            grant_role(user, LEARNER)
        return user

    def recipient_language(self, email: str | list[str], context: dict) -> str:
        """The recipient's chosen language, else the language of the page that sent the mail."""
        user = context.get("user")
        if user is None or not getattr(user, "pk", None):
            address = email[0] if isinstance(email, list) else email
            user = get_user_model().objects.filter(email__iexact=address).first()
        preferred = getattr(user, "preferred_language", "") if user is not None else ""
        return supported_language(preferred or translation.get_language())

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        language = self.recipient_language(email, context)
        with translation.override(language):
            name = site_name()
            context = {
                **context,
                "site_name": name,
                # allauth's own templates say current_site.name: never the host.
                "current_site": SimpleNamespace(name=name, domain=name),
            }
            super().send_mail(template_prefix, email, context)

    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name()}] {subject}"

    def render_mail(self, template_prefix, email, context, headers=None) -> EmailMessage:
        msg = super().render_mail(template_prefix, email, context, headers=headers)
        language = translation.get_language() or settings.LANGUAGE_CODE
        text = msg.body
        if language.startswith("ja"):
            msg.body = readings_in_brackets(text)
        if isinstance(msg, EmailMultiAlternatives) and not msg.alternatives:
            msg.attach_alternative(mark_safe(mail_html(text, language)), "text/html")
        return msg

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
