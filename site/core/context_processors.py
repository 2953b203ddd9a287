from django.conf import settings
from django.http import HttpRequest

from .preferences import furigana_on


def preferences(request: HttpRequest) -> dict:
    return {
        "furigana_on": furigana_on(request),
        "site_languages": settings.LANGUAGES,
    }
