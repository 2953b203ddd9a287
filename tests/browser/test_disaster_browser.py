"""In Chromium: the service worker keeps the emergency notice readable offline, and shows a
pushed notice as a notification (the push itself is delivered through DevTools, as a push
service would)."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from tests.cms.conftest import ensure_home, publish
from tests.cms.factories import EmergencyNoticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression with page.evaluate (CDP evaluation, which the site's CSP
    allows; wait_for_function builds a function from a string, which a CSP without
    'unsafe-eval' refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.05)


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
    _wait_until(page, "document.documentElement.dataset.offlineReady === '1'")


def test_a_visited_notice_page_still_reads_offline(page, live_server):
    quake_notice()
    page.goto(f"{live_server.url}/en/quake/")
    wait_for_worker(page)
    # The first visit's copy is taken by the worker in the background.
    _wait_until(page, "document.documentElement.dataset.offlineKept === '1'")
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
    _wait_until(page, "window.__pushes.length > 0")
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
    _wait_until(page, "document.documentElement.dataset.offlineKept === '1'")
    page.context.set_offline(True)
    page.reload()
    expect(page.locator(".shelter__name")).to_contain_text("高台公園")


def test_an_earthquake_notice_from_a_template_reaches_readers_devices_and_inboxes(
    asgi_new_page, asgi_live_server, settings
):
    """Published in the admin from the template: the banner in Japanese and Vietnamese on open
    pages, a Web Push at the push service, an e-mail in the outbox; gone at its expiry."""
    import base64
    import datetime as dt

    from django.core import mail
    from django.utils import timezone

    from cms.management.commands.vapid_keys import new_key_pair
    from cms.models import NoticeEmailSubscription, PushSubscription
    from tests.browser.test_cms_browser import signed_in
    from tests.cms.push_service import BrowserKeys, PushService
    from tests.factories import UserFactory

    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = new_key_pair()
    service = PushService()
    try:
        keys = BrowserKeys()
        PushSubscription.objects.create(
            endpoint=service.endpoint("device-1"),
            p256dh=keys.p256dh,
            auth=base64.urlsafe_b64encode(keys.auth).decode(),
            areas=["miyako"],
            language="vi",
        )
        NoticeEmailSubscription.objects.create(
            user=UserFactory(email="anh@example.com"), areas=["miyako"], language="vi"
        )
        home = ensure_home()
        readers = {"ja": asgi_new_page("ja-JP"), "vi": asgi_new_page("vi-VN")}
        for language, reader in readers.items():
            reader.clock.install()
            reader.goto("/" if language == "ja" else "/vi/")
            expect(reader.locator(".emergency-banners")).to_have_attribute("data-live", "connected")

        editor = signed_in(asgi_new_page(), asgi_live_server.url, UserFactory(roles=["editor"]))
        editor.goto(f"/admin/pages/add/cms/emergencynoticepage/{home.pk}/")
        editor.locator("#id_notice_type").select_option("earthquake")
        editor.locator("#id_severity").select_option("danger")
        editor.locator("input[name=areas][value=miyako]").check()
        now = timezone.localtime()
        editor.locator("#id_event_time").fill(now.strftime("%Y-%m-%d %H:%M"))
        editor.locator("#id_event_time").press("Escape")
        editor.locator("#id_expires_at").fill(
            (now + dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")
        )
        editor.locator("#id_expires_at").press("Escape")
        publish_button = editor.locator("button[name='action-publish']")
        if not publish_button.is_visible():
            editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
        publish_button.click()
        expect(editor.locator(".messages")).to_contain_text("大きな 地震")

        ja_banner = readers["ja"].locator(".emergency-banners [role=alert]")
        vi_banner = readers["vi"].locator(".emergency-banners [role=alert]")
        expect(ja_banner.locator(".banner__title-ja")).to_contain_text("宮古市")
        expect(vi_banner.locator(".banner__title")).to_have_text("Động đất mạnh tại Miyako")

        asgi_live_server.wait_idle()
        (received,) = service.received
        assert received.headers["content-encoding"] == "aes128gcm"
        assert "Động đất mạnh" in keys.decrypt(received.body).decode()
        (message,) = mail.outbox
        assert message.to == ["anh@example.com"]

        # An hour later (on the pages' clocks) the banner leaves every page by itself.
        for reader in readers.values():
            reader.clock.fast_forward("01:01:00")
        expect(ja_banner).to_have_count(0)
        expect(vi_banner).to_have_count(0)
    finally:
        service.stop()


def test_a_shelter_opened_by_a_coordinator_moves_up_on_an_open_page(
    asgi_new_page, asgi_live_server
):
    from cms.models import Shelter
    from tests.browser.test_cms_browser import signed_in
    from tests.factories import UserFactory

    Shelter.objects.create(name="A小学校", reading="えーしょうがっこう", municipality="miyako")
    later = Shelter.objects.create(name="Z公園", reading="ぜっとこうえん", municipality="miyako")
    reader = asgi_new_page()
    reader.goto("/shelters/miyako/")
    listing = reader.locator(".shelter-list")
    expect(listing).to_have_attribute("data-live", "connected")
    expect(listing.locator(".shelter").first).to_contain_text("A小学校")

    coordinator = signed_in(
        asgi_new_page(), asgi_live_server.url, UserFactory(roles=["coordinator"])
    )
    coordinator.goto(f"/admin/snippets/cms/shelter/edit/{later.pk}/")
    coordinator.locator("#id_is_open").check()
    coordinator.locator("footer button[type=submit]").first.click()
    expect(coordinator.locator(".messages")).to_contain_text("Z公園")

    first = listing.locator(".shelter").first
    expect(first).to_contain_text("Z公園")
    expect(first.locator(".shelter__status")).to_have_text("あいています")
