"""Delivery of a published notice beyond open pages: Web Push, then e-mail, after commit.

Its own module so that push and notice_mail (which formats with push's message) stay one-way.
"""

from __future__ import annotations

import logging

from django.db import transaction

from cms import notice_mail, push

logger = logging.getLogger(__name__)


def send_notice_on_commit(notice_pk: int) -> None:
    """Call inside the publishing transaction: the pushes (and e-mails) go out after commit."""
    transaction.on_commit(lambda: deliver(notice_pk))


def deliver(notice_pk: int) -> None:
    """Push and e-mail one notice; failures are logged, never raised into the publish."""
    from cms.models import EmergencyNoticePage

    notice = EmergencyNoticePage.objects.filter(pk=notice_pk).first()
    if notice is None:
        return
    try:
        report = push.send_notice(notice)
        logger.info(
            "notice %s pushed: %s sent, %s removed, %s failed",
            notice_pk,
            report.sent,
            report.removed,
            report.failed,
        )
    except Exception:  # the notice is published either way; banners still reach open pages
        logger.exception("pushing notice %s failed", notice_pk)
    try:
        notice_mail.send_notice_mail(notice)
    except Exception:
        logger.exception("e-mailing notice %s failed", notice_pk)
