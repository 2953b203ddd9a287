"""In Chromium: the service worker keeps the emergency notice readable offline, and shows a
pushed notice as a notification (the push itself is delivered through DevTools, as a push
service would)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.cms.conftest import ensure_home, publish
from tests.cms.factories import EmergencyNoticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def quake_notice():
    return publish(
        EmergencyNoticePageFactory(
            parent=ensure_home(),
            title="",
            slug="quake",
            notice_type="earthquake",
            areas=["miyako"],
        )
    )


def wait_for_worker(page) -> None:
    page.wait_for_function("document.documentElement.dataset.offlineReady === '1'")


def test_a_visited_notice_page_still_reads_offline(page, live_server):
    quake_notice()
    page.goto(f"{live_server.url}/en/quake/")
    wait_for_worker(page)
    # The first visit's copy is taken by the worker in the background.
    page.wait_for_function("document.documentElement.dataset.offlineKept === '1'")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_have_text("Strong earthquake in Miyako")
    expect(page.locator(".notice__japanese")).to_contain_text("地震")


def test_a_page_not_marked_for_offline_is_not_kept(page, live_server):
    quake_notice()
    page.goto(f"{live_server.url}/en/search/")
    wait_for_worker(page)
    page.reload()  # now controlled: network-first, but search results are not kept
    kept = page.evaluate("caches.open('nl-offline-v1').then(c => c.match(location.href))")
    assert kept is None


def test_a_pushed_notice_is_shown_as_a_notification(page, live_server):
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto(f"{live_server.url}/")
    wait_for_worker(page)
    cdp = page.context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(r["registrationId"] for r in event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    assert registrations, "the service worker registration was not reported"
    page.evaluate(
        "window.__pushes = [];"
        "navigator.serviceWorker.addEventListener('message', e => window.__pushes.push(e.data));"
    )
    message = {
        "type": "notice",
        "notice_id": 7,
        "title": "Strong earthquake in Miyako",
        "body": "Protect your head.",
        "url": "/en/quake/",
        "severity": "danger",
        "language": "en",
    }
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registrations[0],
            "data": json.dumps(message),
        },
    )
    page.wait_for_function("window.__pushes.length > 0")
    assert page.evaluate("window.__pushes[0].notice.title") == "Strong earthquake in Miyako"
    titles = page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.getNotifications())"
        ".then(list => list.map(n => n.title))"
    )
    assert titles == ["Strong earthquake in Miyako"]


def test_a_visited_shelter_list_still_reads_offline(page, live_server):
    from cms.models import Shelter

    Shelter.objects.create(name="高台公園", reading="たかだいこうえん", municipality="miyako")
    page.goto(f"{live_server.url}/shelters/miyako/")
    wait_for_worker(page)
    page.wait_for_function("document.documentElement.dataset.offlineKept === '1'")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator(".shelter__name")).to_contain_text("高台公園")
