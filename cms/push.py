"""Web Push of disaster notices: subscriptions (per area and language) and sending.

A browser subscribes through the service worker (`/sw.js`, cms/static/cms/alerts.js) and posts
its PushSubscription here; publishing a notice sends each matching subscription the notice in
its language, encrypted (aes128gcm) and signed with the site's VAPID key (pywebpush). A push
service answering 404 or 410 means the subscription is gone: it is deleted. Keys come from
`manage.py vapid_keys`; without them push is off.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import urlparse

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from core.iwate import MUNICIPALITIES

logger = logging.getLogger(__name__)

GONE = {404, 410}
_B64URL = re.compile(r"^[A-Za-z0-9_-]+=*$")
AREA_SLUGS = {slug for slug, _ja, _reading, _en in MUNICIPALITIES}


class PushInputError(ValueError):
    """Bad subscription input; the message is safe to show (translated)."""


def enabled() -> bool:
    return bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY)


def site_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class SubscriptionInput:
    endpoint: str
    p256dh: str
    auth: str
    areas: list[str]
    language: str


def parse_subscribe(payload: object) -> SubscriptionInput:
    """Validate `{"subscription": {"endpoint", "keys": {"p256dh", "auth"}}, "areas", "language"}`."""
    if not isinstance(payload, dict):
        raise PushInputError(_("Send a JSON object."))
    subscription = payload.get("subscription")
    if not isinstance(subscription, dict):
        raise PushInputError(_("'subscription' must be the browser's push subscription."))
    endpoint = subscription.get("endpoint")
    keys = subscription.get("keys")
    if not isinstance(endpoint, str) or urlparse(endpoint).scheme not in {"https", "http"}:
        raise PushInputError(_("The subscription has no valid endpoint URL."))
    if len(endpoint) > 1000:
        raise PushInputError(_("The endpoint URL is too long."))
    if not isinstance(keys, dict) or not all(
        isinstance(keys.get(k), str) and _B64URL.match(keys[k]) for k in ("p256dh", "auth")
    ):
        raise PushInputError(_("The subscription needs its 'p256dh' and 'auth' keys."))
    areas = payload.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise PushInputError(_("'areas' must be a list of municipalities."))
    unknown = sorted(set(areas) - AREA_SLUGS)
    if unknown:
        raise PushInputError(
            _("Unknown municipality: %(names)s.") % {"names": ", ".join(unknown[:5])}
        )
    language = payload.get("language") or "ja"
    if language not in site_languages():
        raise PushInputError(_("Unknown language: %(code)s.") % {"code": str(language)[:20]})
    return SubscriptionInput(
        endpoint=endpoint,
        p256dh=keys["p256dh"],
        auth=keys["auth"],
        areas=sorted(set(areas)),
        language=language,
    )


def subscribe(data: SubscriptionInput, *, user=None):
    """Create or update the subscription of this endpoint (a browser re-subscribing)."""
    from cms.models import PushSubscription

    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=data.endpoint,
        defaults={
            "p256dh": data.p256dh,
            "auth": data.auth,
            "areas": data.areas,
            "language": data.language,
            "user": user if user is not None and user.is_authenticated else None,
        },
    )
    return subscription


def unsubscribe(endpoint: str) -> bool:
    """Forget a browser; True if it was subscribed."""
    from cms.models import PushSubscription

    deleted, _detail = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)


# --- Sending ------------------------------------------------------------------------------------


@dataclass
class SendReport:
    sent: int = 0
    removed: int = 0
    failed: int = 0


def notice_message(notice, language: str) -> dict:
    """What a push (or an e-mail) of this notice says in one language."""
    from cms.models import url_for_reader

    text = notice.text_in(language)
    title = text.title if text is not None else notice.title
    body = text.body if text is not None else ""
    return {
        "type": "notice",
        "notice_id": notice.pk,
        "severity": notice.severity,
        "title": title,
        "body": body,
        "title_ja": notice.title,
        "url": url_for_reader(notice, language),
        "expires_at": notice.expires_at.isoformat(),
        "language": language,
    }


def send_notice(notice) -> SendReport:
    """Push an active notice to every subscription of its areas, each in its language."""
    from pywebpush import WebPushException, webpush

    from cms.models import PushSubscription, wants_areas

    report = SendReport()
    if not enabled() or not notice.is_active():
        return report
    by_language: dict[str, str] = {}
    session = requests.Session()
    gone: list[int] = []
    for subscription in PushSubscription.objects.order_by("pk").iterator():
        if not wants_areas(subscription.areas, notice.areas or []):
            continue
        if subscription.language not in by_language:
            by_language[subscription.language] = json.dumps(
                notice_message(notice, subscription.language), ensure_ascii=False
            )
        try:
            webpush(
                subscription.subscription_info(),
                data=by_language[subscription.language],
                vapid_private_key=settings.VAPID_PRIVATE_KEY,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                timeout=settings.WEBPUSH_TIMEOUT,
                ttl=_ttl(notice),
                headers={"Urgency": "high", "Topic": f"notice-{notice.pk}"},
                requests_session=session,
            )
            report.sent += 1
        except WebPushException as exc:
            status = getattr(exc.response, "status_code", None)
            if status in GONE:
                gone.append(subscription.pk)
            else:
                report.failed += 1
                logger.warning("push to %s failed: %s", _host(subscription.endpoint), status)
        except requests.RequestException as exc:
            report.failed += 1
            logger.warning("push to %s failed: %r", _host(subscription.endpoint), exc)
    if gone:
        report.removed = PushSubscription.objects.filter(pk__in=gone).delete()[0]
    return report


def _ttl(notice) -> int:
    """Seconds a push service keeps an undelivered message: until the notice expires."""
    from django.utils import timezone

    return max(int((notice.expires_at - timezone.now()).total_seconds()), 0)


def _host(endpoint: str) -> str:
    # The endpoint's path identifies the device: log the push service only.
    return urlparse(endpoint).netloc
