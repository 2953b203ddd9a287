"""Image uploads: a pixel cap far below Wagtail's 128 Mpx, renditions made at upload."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.cms.conftest import publish
from tests.cms.factories import MaterialIndexPageFactory, MaterialPageFactory

pytestmark = pytest.mark.django_db


def png(width: int, height: int) -> bytes:
    """A one-bit PNG: a few KB on disk however many pixels it has (as the attacker's was)."""
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


def test_the_pixel_cap_is_far_below_wagtails_default(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS <= 40_000_000


def test_an_upload_over_the_pixel_cap_is_refused_with_a_message(admin_client):
    data = png(8000, 6000)  # 48 Mpx: accepted under Wagtail's 128 Mpx default
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "huge", "file": SimpleUploadedFile("huge.png", data, "image/png")},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not get_image_model().objects.filter(title="huge").exists()
    assert response.context["form"].errors["file"]


def test_renditions_the_site_shows_are_made_when_the_image_is_saved(
    django_capture_on_commit_callbacks,
):
    Image = get_image_model()
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.create(
            title="photo", file=SimpleUploadedFile("photo.png", png(1600, 1200), "image/png")
        )
    specs = set(image.renditions.values_list("filter_spec", flat=True))
    assert "width-800" in specs


def test_a_readers_first_view_makes_no_rendition(client, django_capture_on_commit_callbacks):
    from tests.cms.conftest import ensure_home

    Image = get_image_model()
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.create(
            title="photo", file=SimpleUploadedFile("photo.png", png(1600, 1200), "image/png")
        )
    home = ensure_home()
    index = publish(MaterialIndexPageFactory(parent=home))
    page = publish(
        MaterialPageFactory(
            parent=index,
            body=[{"type": "image", "value": {"image": image.pk, "alt": "写真", "caption": ""}}],
        )
    )
    made_before = image.renditions.count()
    html = client.get(page.url).content.decode()
    assert "width-800" in html
    assert image.renditions.count() == made_before
