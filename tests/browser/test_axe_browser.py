"""axe-core over every page of the demo site, as each role, at 375 px and 1280 px, in Chromium.

The pages are found, not listed: from a few starting points each person follows the links they
are shown (tests/browser/a11y.py), one page per URL shape. Added to them: pages no link leads
to (error pages, the no-JavaScript confirm pages, account pages reached after a form), the
states a script opens (the phone menu, the cancel dialog) and, for coordinators and editors,
the Wagtail admin pages the project draws with its own templates.

Left out, with the reason: on admin pages axe reads Wagtail's content area (`main`), where our
templates render, less Wagtail's own widgets in it (ADMIN_CHROME: breadcrumbs, side panels,
its dialogs). Those are Wagtail's templates, not ours, and their findings belong upstream; the
sidebar is outside `main`. (With Wagtail 8 and this data they have no findings either: the
exclusion keeps a Wagtail upgrade from failing this test for markup the project does not own.)
The page header stays in: its <h1> comes from our views' context, so an empty one is ours.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from core.demo import load_all
from tests.browser.a11y import Crawl, axe_violations, describe, url_shape

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

WIDTHS = (375, 1280)
ROLES = {
    "anonymous": None,
    "learner": "learner@example.com",
    "volunteer": "volunteer@example.com",
    "coordinator": "coordinator@example.com",
    "editor": "editor@example.com",
}
# Where each person starts: the home page and what the header links to, the search with a
# query (its results), the account pages and one page in another language.
SITE_SEEDS = [
    "/",
    "/search/?q=じしん",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/en/",
    "/vi/learning/my/",
]
# Admin pages drawn by the project's own templates (dashboard panel, inspect views, on-behalf
# forms, matching suggestions, the shelter import); Wagtail's listings are walked through only.
PROJECT_ADMIN = re.compile(
    r"""^/admin/(
        $
      | learning_session/(inspect|cancel|book)/\d+/$
      | learning_session/bookings/\d+/(move|cancel)/$
      | matching_suggest/($|(request|learner)/\d+/$)
      | matching_(request|learner|volunteer|assignment)/inspect/\d+/$
      | shelters/import/$
      | volunteer-applications/$
    )""",
    re.X,
)
ADMIN_WALK = re.compile(
    r"^/admin/(learning_session/($|inspect/|cancel/|book/|bookings/)|matching_(suggest/($|request/|learner/)"
    r"|(request|learner|volunteer|assignment)/($|inspect/))|shelters/import/)"
)
ADMIN_SEEDS = [
    "/admin/",
    "/admin/learning_session/",
    "/admin/matching_suggest/",
    "/admin/matching_request/",
    "/admin/matching_learner/",
    "/admin/matching_volunteer/",
    "/admin/matching_assignment/",
    "/admin/shelters/import/",
    "/admin/volunteer-applications/",
]
# Reader pages whose markup is the same for everyone but the header: audited once (as the first
# role that reaches them); the header of each role is audited on all its other pages.
SAME_FOR_EVERYONE = re.compile(
    r"^/((materials|news|shelters|search|notices)/|en/$|accounts/password/reset/)"
)
# Wagtail's chrome inside its content area (see the module docstring).
ADMIN_CHROME = [".w-breadcrumbs", "[data-side-panel]", ".w-dialog"]


@dataclass
class Target:
    """A page to audit: where, what part, and what to do first (open a menu, a dialog)."""

    path: str
    include: list[str] | None = None
    exclude: list[str] | None = None
    prepare: Callable | None = None
    label: str = ""
    statuses: tuple[int, ...] = field(default=(200,))


def toggle_phone_menu(page, *, opened: bool) -> None:
    toggle = page.locator(".nav-toggle")
    if toggle.count() and toggle.is_visible():
        if (toggle.get_attribute("aria-expanded") == "true") != opened:
            toggle.click()


def site_targets(client: Client) -> list[Target]:
    paths = Crawl(client, follow=lambda path: not path.startswith("/admin/")).run(SITE_SEEDS)
    return [Target(path) for path in paths]


def admin_targets(client: Client) -> list[Target]:
    paths = Crawl(
        client,
        follow=lambda path: bool(ADMIN_WALK.match(path)),
        audit=lambda path: bool(PROJECT_ADMIN.match(path)),
    ).run(ADMIN_SEEDS)
    return [Target(path, include=["main"], exclude=ADMIN_CHROME) for path in paths]


def extra_targets(role: str, user) -> list[Target]:
    """Pages and states that no link leads to."""
    from learning.models import Booking, TeachingClaim

    extras: list[Target] = []
    if role == "anonymous":
        extras += [
            Target("/no-such-page/", label="404", statuses=(404,)),
            Target("/accounts/password/reset/done/"),
            Target("/accounts/confirm-email/", label="verification sent"),
        ]
    if role == "learner":
        booking = Booking.objects.filter(learner=user, status=Booking.Status.CONFIRMED).first()
        assert booking, "the demo learner has no booking: learning/demo.py changed?"
        offer = Booking.objects.get(learner=user, status=Booking.Status.OFFERED)
        extras += [
            Target("/matching/", label="403", statuses=(403,)),
            Target(f"/learning/offers/{offer.pk}/", label="seat offer"),
            Target(f"/learning/bookings/{booking.pk}/cancel/", label="confirm page"),
            Target("/learning/my/", label="cancel dialog open", prepare=open_cancel_dialog),
        ]
    if role == "volunteer":
        claim = TeachingClaim.objects.filter(volunteer=user).order_by("pk").first()
        assert claim, "the demo volunteer teaches nothing: learning/demo.py changed?"
        extras.append(Target(f"/learning/claims/{claim.pk}/drop/", label="confirm page"))
    if role == "editor":
        from cms.models import MaterialPage

        material = MaterialPage.objects.live().order_by("pk").first()
        assert material, "the demo has no material page: cms/demo.py changed?"
        extras.append(
            Target(
                f"/admin/pages/{material.pk}/edit/",
                label="easy-Japanese checks panel",
                include=["[data-ej-checker]"],
                prepare=open_checks_panel,
            )
        )
    return extras


def offer_a_seat_to_the_demo_learner() -> None:
    """The demo has no waiting-list offer; "my classes" shows one at the top, and its page."""
    import datetime as dt

    from django.utils import timezone

    from learning.models import Booking, Session

    learner = get_user_model().objects.get(email=ROLES["learner"])
    session = Session.objects.upcoming().exclude(bookings__learner=learner).order_by("starts_at")[0]
    Booking.objects.create(
        session=session,
        learner=learner,
        status=Booking.Status.OFFERED,
        offer_expires_at=timezone.now() + dt.timedelta(hours=12),
    )


def open_cancel_dialog(page) -> None:
    page.locator("[data-cancel-button]").first.click()
    page.locator("dialog.confirm-dialog[open]").wait_for()


def open_checks_panel(page) -> None:
    page.locator("button[data-side-panel-toggle='checks']").click()
    expect(page.locator("[data-ej-checker] [data-ej-score]")).not_to_have_text("-")


def audit(page, target: Target) -> list[str]:
    """Load once at the phone width (menu opened), then widen the same page: no script here
    reads the viewport, so a resize gives what a desktop load gives."""
    name = f"{target.path}{' (' + target.label + ')' if target.label else ''}"
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    response = page.goto(target.path)
    if response is None or response.status not in target.statuses:
        return [f"{name} answered {response.status if response else 'nothing'}"]
    if target.prepare:
        target.prepare(page)
    problems: list[str] = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if not target.prepare:  # a modal dialog would keep the menu button out of reach
            toggle_phone_menu(page, opened=width == WIDTHS[0])
        violations = axe_violations(page, include=target.include, exclude=target.exclude)
        problems += describe(name, width, violations)
    return problems


def signed_in_context(browser, base_url: str, email: str | None):
    client = Client()
    user = None
    if email:
        user = get_user_model().objects.get(email=email)
        client.force_login(user)
    context = browser.new_context(base_url=base_url, locale="ja-JP")
    context.set_default_timeout(15_000)
    if email:
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
    return client, user, context


def targets_for(role: str, client: Client, user, done: set[str]) -> list[Target]:
    """The role's pages, less the same-for-everyone ones an earlier role audited (`done`)."""
    targets = []
    for target in site_targets(client):
        shape = url_shape(target.path)
        if SAME_FOR_EVERYONE.match(target.path):
            if shape in done:
                continue
            done.add(shape)
        targets.append(target)
    if role == "coordinator":
        targets += admin_targets(client)
    return targets + extra_targets(role, user)


def test_no_axe_violations_on_any_page_for_any_role(browser, live_server, settings):
    settings.LEARNING_LIVE_POLL_SECONDS = 600  # nothing changes while axe reads the page
    load_all()
    offer_a_seat_to_the_demo_learner()
    problems: list[str] = []
    audited: dict[str, int] = {}
    done: set[str] = set()
    for role, email in ROLES.items():
        client, user, context = signed_in_context(browser, live_server.url, email)
        page = context.new_page()
        targets = targets_for(role, client, user, done)
        audited[role] = len(targets)
        for target in targets:
            problems += [f"{role}: {line}" for line in audit(page, target)]
        context.close()
    # The crawl really reached the site: a broken seed or log-in must not pass as "no findings".
    assert audited["anonymous"] >= 15 and audited["learner"] >= 8, audited
    assert audited["coordinator"] > audited["learner"], audited
    assert not problems, f"{len(problems)} axe findings:\n" + "\n".join(problems)
