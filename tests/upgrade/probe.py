"""Runs inside a checkout (old or current code) against DATABASE_URL; no project imports.

    python probe.py create          # old code: bookings, a waitlist, a cancellation, revisions
    python probe.py record OUT.json # either code: what must survive the upgrade, as JSON
    python probe.py render IN.json  # current code: every class page answers 200

It names models through the app registry and pages through their content type's model name,
so the same file works before the class pages moved from cms to learning and after.
tests/test_upgrade_from_previous_main.py copies it out of the tree before running it (the
tests/ folder holds packages named like the apps, which must not shadow them).
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import models  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page, Revision  # noqa: E402

CLASS_PAGE_MODELS = ("classindexpage", "coursepage")
JAPANESE_SLUG = "盛岡の日本語教室"


def class_pages() -> list[Page]:
    return [
        p.specific
        for p in Page.objects.filter(content_type__model__in=CLASS_PAGE_MODELS).order_by("path")
    ]


def create() -> None:
    """What a live site has beyond the demo: several bookings in each state, page history."""
    Booking = apps.get_model("learning", "Booking")
    Session = apps.get_model("learning", "Session")
    User = get_user_model()
    now = timezone.now()
    sessions = list(Session.objects.order_by("starts_at", "pk")[:4])
    assert len(sessions) >= 3, "the demo made too few sessions"
    learners = [
        User.objects.create_user(email=f"upgrade{k}@example.com", password=f"pw-{k}-upgrade")
        for k in range(3)
    ]
    for k, learner in enumerate(learners):
        Booking.objects.create(session=sessions[k], learner=learner, status="confirmed")
        Booking.objects.create(
            session=sessions[(k + 1) % len(sessions)],
            learner=learner,
            status="waitlisted",
            waitlisted_at=now,
        )
    Booking.objects.create(
        session=sessions[-1],
        learner=learners[0],
        status="cancelled",
        cancelled_at=now,
        cancel_reason="learner",
    )
    Booking.objects.create(
        session=sessions[0],
        learner=learners[1],
        status="offered",
        offered_at=now,
        offer_expires_at=now + timedelta(hours=12),
    )
    # A page with a Japanese slug, as the old code allowed: the upgrade gives it a romaji one
    # and its old URL must still lead to it.
    course = next(p for p in class_pages() if p._meta.model_name == "coursepage")
    course.slug = JAPANESE_SLUG
    course.save()
    for page in class_pages():
        page.save_revision().publish()  # a second published revision
        page.title = f"{page.title}（下書き）"
        page.save_revision()  # and an unpublished draft on top


def _plain(value: object) -> object:
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


def _row(obj: models.Model) -> dict[str, object]:
    return {f.attname: _plain(getattr(obj, f.attname)) for f in obj._meta.concrete_fields}


def record(out: str) -> None:
    page_ct = ContentType.objects.get_for_model(Page)
    pages = {}
    for page in Page.objects.order_by("path"):
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        specific = page.specific
        revisions = Revision.objects.filter(
            base_content_type=page_ct, object_id=str(page.pk)
        ).order_by("pk")
        m2m = {
            f.name: sorted(getattr(specific, f.name).values_list("pk", flat=True))
            for f in specific._meta.many_to_many
        }
        pages[str(page.pk)] = {
            "url_path": page.url_path,
            "url": page.get_url(),
            "model": model.__name__ if model else None,
            "app": model._meta.app_label if model else None,
            "live": page.live,
            "fields": _row(specific),
            "m2m": m2m,
            "revisions": [
                {
                    "id": r.pk,
                    "model": r.content_type.model_class().__name__,
                    "title": r.as_object().title,
                    "created_at": str(r.created_at),
                }
                for r in revisions
            ],
            "latest_revision_id": page.latest_revision_id,
            "live_revision_id": page.live_revision_id,
        }
    rows = {}
    for model in apps.get_app_config("learning").get_models():
        if issubclass(model, Page):
            continue
        rows[model.__name__] = [_row(obj) for obj in model.objects.order_by("pk")]
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"pages": pages, "learning_rows": rows}, fh, ensure_ascii=False, indent=1)


def render(path: str) -> None:
    """GET each class page as a visitor; print one line per page that does not answer 200."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    with open(path, encoding="utf-8") as fh:
        pages = json.load(fh)["pages"]
    client = Client()
    bad = []
    for pk, page in pages.items():
        if page["model"] in ("ClassIndexPage", "CoursePage") and page["live"]:
            status = client.get(page["url"]).status_code
            print(f"{page['url']} {status}")
            if status != 200:
                bad.append(f"page {pk} at {page['url']} answered {status}")
    if bad:
        sys.exit("; ".join(bad))


def redirects(before_path: str, after_path: str) -> None:
    """GET each page's old URL where the upgrade changed it: it must redirect (301) to the new."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    with open(before_path, encoding="utf-8") as fh:
        before = json.load(fh)["pages"]
    with open(after_path, encoding="utf-8") as fh:
        after = json.load(fh)["pages"]
    client = Client()
    for pk, old in before.items():
        new_url = after[pk]["url"]
        if old["live"] and old["url"] != new_url:
            response = client.get(old["url"])
            print(f"{old['url']} {response.status_code} {response.get('Location', '')}")
            print(f"{new_url} {client.get(new_url).status_code}")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "create":
        create()
    elif command == "record":
        record(sys.argv[2])
    elif command == "render":
        render(sys.argv[2])
    elif command == "redirects":
        redirects(sys.argv[2], sys.argv[3])
    else:
        sys.exit(f"unknown command {command!r}")
