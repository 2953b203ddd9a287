"""Emergency notices: which are active, their banners, and the live push when one changes.

The database is the source of truth. Publishing (or unpublishing, deleting) an
EmergencyNoticePage bumps a version in the shared cache and, after the transaction commits,
sends one message per site language to that language's group (`notices-<code>`, see
`language_group`) carrying the banners already rendered in that language
(`banner_payload`): every open page (cms/consumers.py) swaps its banner area without any
HTTP request, so 1,000 open pages cost the workers 1,000 socket writes, not 1,000 renders.
A page that was offline compares versions on reconnect and fetches the banners over HTTP
(`cms:notice_banners`, the same payload), so a dropped message costs nothing.

Banners are cached per version and language; expiry is checked on every read, so a notice
disappears at its `expires_at` without anyone publishing anything.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from wagtail.models import Locale
from wagtail.signals import page_published, page_unpublished

from core import live

logger = logging.getLogger(__name__)

GROUP_PREFIX = "notices-"
EVENT = "notices.changed"  # the consumer's handler: notices_changed
VERSION_KEY = "cms:notices:version"
BANNERS_KEY = "cms:notices:{version}:{language}"
CACHE_TIMEOUT = 3600
SEVERITY_ORDER = {"danger": 0, "warning": 1}


@dataclass(frozen=True)
class Banner:
    """What a banner shows; `title_html` is easy Japanese with ruby (trusted HTML)."""

    notice_id: int
    severity: str
    expires_at: datetime
    title_html: str
    title_local: str  # the title in the reader's language ('' when it is Japanese or untranslated)
    language: str  # the language of title_local
    url: str

    def to_dict(self) -> dict:
        data = asdict(self)
        data["expires_at"] = self.expires_at.isoformat()
        return data


def notices_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_version() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def _compute_banners(language: str, now: datetime) -> list[Banner]:
    from cms.models import EmergencyNoticePage, url_for_reader
    from core.easyjp import text_with_ruby

    notices = list(
        EmergencyNoticePage.objects.live().filter(expires_at__gt=now).select_related("locale")
    )
    by_key: dict = {}
    for notice in notices:
        by_key.setdefault(notice.translation_key, []).append(notice)
    try:
        default_code = Locale.get_default().language_code
    except Locale.DoesNotExist:
        default_code = "ja"
    banners = []
    for versions in by_key.values():
        by_language = {n.locale.language_code: n for n in versions}
        japanese = by_language.get(default_code) or versions[0]
        local = by_language.get(language)
        shown = local or japanese
        title_local = (
            local.title if local is not None and local.locale.language_code != default_code else ""
        )
        if not title_local and language != default_code:
            # A templated notice reads in every language without a translated page.
            templated = japanese.text_in(language)
            if templated is not None and templated.language != default_code:
                title_local = templated.title
        with override(default_code):
            title_html = str(
                text_with_ruby(japanese.title, min_level=japanese.get_furigana_level())
            )
        banners.append(
            Banner(
                notice_id=japanese.pk,
                severity=japanese.severity,
                expires_at=min(n.expires_at for n in versions),
                title_html=title_html,
                title_local=title_local,
                language=language,
                url=url_for_reader(shown, language),
            )
        )
    banners.sort(key=lambda b: (SEVERITY_ORDER.get(b.severity, 9), b.expires_at))
    return banners


def active_banners_versioned(
    language: str | None, *, now: datetime | None = None
) -> tuple[str, list[Banner]]:
    """(version, banners): banners of live, unexpired notices for readers of `language`.

    Most severe first. The version lets an open page tell whether it is up to date.
    """
    language = language or "ja"
    now = now or timezone.now()
    version = notices_version()
    key = BANNERS_KEY.format(version=version, language=language)
    banners = cache.get(key)
    if banners is None:
        banners = _compute_banners(language, now)
        cache.set(key, banners, CACHE_TIMEOUT)
    return version, [b for b in banners if b.expires_at > now]


def active_banners(language: str | None, *, now: datetime | None = None) -> list[Banner]:
    return active_banners_versioned(language, now=now)[1]


def render_banners(banners: list[Banner], request=None) -> str:
    return render_to_string(
        "cms/includes/emergency_banners.html", {"banners": banners}, request=request
    )


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_group(language: str | None) -> str:
    """The channel-layer group of open pages read in `language` (Japanese when unknown)."""
    codes = site_languages()
    if language not in codes:
        language = codes[0] if codes else "ja"
    return f"{GROUP_PREFIX}{language}"


def banner_payload(language: str | None) -> dict:
    """The banners for readers of `language`: what the socket message and the HTTP view send.

    The one place that builds a language's banners for a page (HTML and data), so the push
    and the fetch can never disagree.
    """
    language = language if language in site_languages() else (site_languages() or ["ja"])[0]
    with override(language):
        version, banners = active_banners_versioned(language)
        return {
            "version": version,
            "language": language,
            "html": render_banners(banners),
            "notices": [b.to_dict() for b in banners],
        }


def broadcast_changed() -> None:
    """Send every open page its new banners, one message per language group."""
    bump_version()
    # The notice is published either way; a failed push is logged and pages re-sync on reconnect.
    live.broadcast_many(
        (language_group(code), {"type": EVENT, **banner_payload(code)}) for code in site_languages()
    )


def notices_changed() -> None:
    """Call inside the transaction that changes a notice: the push goes out after commit."""
    transaction.on_commit(broadcast_changed)


def _changed(sender, **kwargs) -> None:
    notices_changed()


def _published(sender, instance, **kwargs) -> None:
    """A published notice also goes to closed browsers (Web Push) and inboxes, after commit."""
    from cms import notice_delivery

    notice_delivery.send_notice_on_commit(instance.pk)


def connect_signals() -> None:
    """Called from CmsConfig.ready(): a notice published, unpublished or deleted is pushed."""
    from cms.models import EmergencyNoticePage

    page_published.connect(
        _changed, sender=EmergencyNoticePage, dispatch_uid="cms-notice-published"
    )
    page_published.connect(
        _published, sender=EmergencyNoticePage, dispatch_uid="cms-notice-delivered"
    )
    page_unpublished.connect(
        _changed, sender=EmergencyNoticePage, dispatch_uid="cms-notice-unpublished"
    )
    post_delete.connect(_changed, sender=EmergencyNoticePage, dispatch_uid="cms-notice-deleted")
