from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .preferences import furigana_on


def _home_url() -> str:
    """The home page in the active language: `/` for Japanese, `/en/` for English …"""
    try:
        return reverse("wagtail_serve", args=("",))
    except NoReverseMatch:
        return "/"


def preferences(request: HttpRequest) -> dict:
    return {
        "furigana_on": furigana_on(request),
        "site_languages": settings.LANGUAGES,
        "home_url": _home_url(),
    }
