"""Template tags of the cms: banners, language notes (furigana tags come from core)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from cms import emergency
from core.templatetags.furigana import ruby, ruby_field

register = template.Library()
# Also under {% load cms_tags %}, as the cms templates use them (defined once, in core).
register.simple_tag(ruby_field)
register.filter("ruby", ruby)


@register.simple_tag(takes_context=True)
def language_of(context, page) -> str:
    """`{% language_of page %}`: the page's language code for lang="…".

    One query per request for all pages of a listing, instead of one per page.
    """
    return _language_code(context, page)


def _language_code(context, page) -> str:
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return get_language() or "ja"
    request = context.get("request")
    codes = getattr(request, "_cms_locale_codes", None)
    if codes is None or locale_id not in codes:
        from wagtail.models import Locale

        codes = dict(Locale.objects.values_list("id", "language_code"))
        if request is not None:
            request._cms_locale_codes = codes
    return codes.get(locale_id, "ja")


@register.simple_tag(takes_context=True)
def reader_url(context, page) -> str:
    """`{% reader_url page %}`: the page's URL in the reader's language (see url_for_reader)."""
    from cms.models import url_for_reader

    return url_for_reader(page, page_language=_language_code(context, page))


@register.inclusion_tag("cms/includes/emergency_area.html", takes_context=True)
def emergency_banners(context) -> dict:
    """Active emergency notices in the reader's language (server-rendered on every page)."""
    language = get_language()
    version, banners = emergency.active_banners_versioned(language)
    return {
        "banners": banners,
        "version": version,
        "language": language or "ja",
        "request": context.get("request"),
    }


@register.inclusion_tag("cms/includes/translation_note.html", takes_context=True)
def translation_note(context, page) -> dict:
    """Says so when the reader asked for another language and gets the easy-Japanese page."""
    language = get_language() or "ja"
    page_language = _language_code(context, page)
    return {
        "fallback": page_language != language,
        "page_language": page_language,
        "language": language,
    }
