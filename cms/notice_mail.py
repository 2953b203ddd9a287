"""E-mail of disaster notices to users who opted in, each in their own language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from core.easyjp import text_with_ruby
from core.mail import send_templated_mail


def send_notice_mail(notice) -> int:
    """Send an active notice to every opted-in user of its areas; returns how many were sent."""
    from cms.models import NoticeEmailSubscription, wants_areas
    from cms.push import notice_message

    if not notice.is_active():
        return 0
    sent = 0
    subscriptions = NoticeEmailSubscription.objects.select_related("user").filter(
        user__is_active=True
    )
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    for subscription in subscriptions.iterator():
        if not subscription.user.email or not wants_areas(subscription.areas, notice.areas or []):
            continue
        language = subscription.language or "ja"
        message = notice_message(notice, language)
        context = {
            "message": message,
            "url": base_url + message["url"],
            "title_ja_html": text_with_ruby(notice.title),
            "text_ja_html": text_with_ruby(notice.template_text),
            "text_ja": notice.template_text,
            "japanese_reader": language.split("-")[0] == "ja",
        }
        with translation.override(language):
            send_templated_mail(
                message["title"], "cms/email/notice", context, [subscription.user.email]
            )
        sent += 1
    return sent
