"""Images: renditions are made when an image is saved, never on a reader's first view.

Wagtail makes a rendition the first time a template asks for it, in that reader's request; a
large upload then costs hundreds of MB and seconds to whoever opens the page first, and
anyone can make that happen. Generating the renditions our templates use (READER_RENDITIONS)
right after the upload commits moves that cost to the editor who uploaded, once. The pixel
cap (settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS) bounds what one rendition can cost at all.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save

logger = logging.getLogger(__name__)

# Every filter spec a template of the site uses ({% image … %}); keep in step with templates.
READER_RENDITIONS = ("width-800",)
# Wagtail's admin listing and chooser thumbnails, so the editor's next page is fast too.
ADMIN_RENDITIONS = ("max-165x165",)


def make_renditions(image) -> None:
    """Make (or find) every rendition the site shows; a broken file is logged, not raised."""
    try:
        image.get_renditions(*READER_RENDITIONS, *ADMIN_RENDITIONS)
    except Exception as exc:  # an undecodable upload must not break the editor's save
        logger.warning("renditions of image %s not made: %s", image.pk, exc)


def _after_save(sender, instance, **kwargs) -> None:
    transaction.on_commit(lambda: make_renditions(instance))


def connect_signals() -> None:
    from wagtail.images import get_image_model

    post_save.connect(_after_save, sender=get_image_model(), dispatch_uid="cms-image-renditions")
