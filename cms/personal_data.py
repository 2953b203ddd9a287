"""What cms holds about a person: disaster-notice subscriptions by e-mail and Web Push.

Registered with accounts.personal_data in CmsConfig.ready(). Erasing deletes them: a deleted
account gets no notices, and a push endpoint identifies a device.
"""

from __future__ import annotations

from typing import Any


def export_person(user) -> dict[str, Any]:
    from cms.models import NoticeEmailSubscription, PushSubscription

    email = NoticeEmailSubscription.objects.filter(user=user).first()
    return {
        "notice_email_subscription": (
            {"areas": email.areas, "language": email.language, "created_at": email.created_at}
            if email
            else None
        ),
        "push_subscriptions": [
            {
                "endpoint": p.endpoint,
                "areas": p.areas,
                "language": p.language,
                "created_at": p.created_at,
            }
            for p in PushSubscription.objects.filter(user=user)
        ],
    }


def erase_person(user) -> None:
    from cms.models import NoticeEmailSubscription, PushSubscription

    NoticeEmailSubscription.objects.filter(user=user).delete()
    PushSubscription.objects.filter(user=user).delete()
