"""E-mail from templates: `<app>/email/<name>.txt` is the body, `<name>.html` its HTML twin.

Bodies live in templates (not Python strings) so wording is edited where it is read; the
plain-text part is always sent, the HTML part when the template exists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.mail import send_mail
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string


def render_email(template: str, context: Mapping[str, Any]) -> tuple[str, str | None]:
    """(text, html or None) from `<template>.txt` and `<template>.html`."""
    text = render_to_string(f"{template}.txt", dict(context)).strip() + "\n"
    try:
        html = render_to_string(f"{template}.html", dict(context))
    except TemplateDoesNotExist:
        html = None
    return text, html


def send_templated_mail(
    subject: str, template: str, context: Mapping[str, Any], recipients: Sequence[str]
) -> None:
    """Send one e-mail whose body is rendered from `template` (see render_email)."""
    text, html = render_email(template, context)
    send_mail(
        subject=subject,
        message=text,
        from_email=None,
        recipient_list=list(recipients),
        html_message=html,
    )
