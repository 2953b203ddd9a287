"""Web Push and e-mail of disaster notices, tested at the HTTP boundary: a local push service
stub receives what pywebpush sends (encrypted, VAPID-signed), and the outbox holds the mail."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from py_vapid import Vapid

from cms.management.commands.vapid_keys import new_key_pair
from cms.models import NoticeEmailSubscription, PushSubscription
from tests.cms.conftest import publish
from tests.cms.factories import EmergencyNoticePageFactory
from tests.cms.push_service import BrowserKeys, PushService, vapid_signature_valid
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

QUAKE_TIME = timezone.now().replace(microsecond=0)


@pytest.fixture
def vapid(settings):
    public, private = new_key_pair()
    settings.VAPID_PUBLIC_KEY = public
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:test@example.org"
    return public


@pytest.fixture
def push_service():
    service = PushService()
    yield service
    service.stop()


def subscribe_payload(endpoint: str, keys: BrowserKeys, **extra) -> dict:
    payload = {
        "subscription": {
            "endpoint": endpoint,
            "keys": {"p256dh": keys.p256dh, "auth": base64.urlsafe_b64encode(keys.auth).decode()},
        },
        "areas": ["miyako"],
        "language": "vi",
    }
    payload.update(extra)
    return payload


def post_json(client, url: str, payload) -> object:
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(url, body, content_type="application/json")


def publish_quake(home, django_capture_on_commit_callbacks, **fields):
    values = {
        "title": "",
        "notice_type": "earthquake",
        "areas": ["miyako"],
        "event_time": QUAKE_TIME,
    }
    values.update(fields)
    with django_capture_on_commit_callbacks(execute=True):
        return publish(EmergencyNoticePageFactory(parent=home, **values))


# --- Subscribing ---------------------------------------------------------------------------------


def test_a_browser_subscribes_for_its_areas_and_language(client, vapid):
    keys = BrowserKeys()
    response = post_json(
        client, "/push/subscribe/", subscribe_payload("https://push.example/a", keys)
    )
    assert response.status_code == 201
    subscription = PushSubscription.objects.get()
    assert (subscription.areas, subscription.language) == (["miyako"], "vi")
    assert subscription.p256dh == keys.p256dh


def test_subscribing_needs_the_csrf_token(vapid):
    client = Client(enforce_csrf_checks=True)
    response = post_json(
        client, "/push/subscribe/", subscribe_payload("https://push.example/a", BrowserKeys())
    )
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_body_that_is_not_json_gets_a_json_400(client, vapid):
    response = post_json(client, "/en/push/subscribe/", "{nope")
    assert response.status_code == 400
    assert response.json() == {"error": "The body is not JSON."}


def test_an_unknown_municipality_is_named_in_the_400(client, vapid):
    payload = subscribe_payload("https://push.example/a", BrowserKeys(), areas=["atlantis"])
    response = post_json(client, "/en/push/subscribe/", payload)
    assert response.status_code == 400
    assert response.json() == {"error": "Unknown municipality: atlantis."}


def test_a_subscription_without_keys_is_refused(client, vapid):
    payload = {"subscription": {"endpoint": "https://push.example/a"}, "areas": []}
    response = post_json(client, "/push/subscribe/", payload)
    assert response.status_code == 400
    assert "p256dh" in response.json()["error"]


def test_subscribing_is_refused_with_503_when_push_is_not_set_up(client, settings):
    settings.VAPID_PRIVATE_KEY = ""
    payload = subscribe_payload("https://push.example/a", BrowserKeys())
    assert post_json(client, "/push/subscribe/", payload).status_code == 503


def test_unsubscribing_forgets_the_browser(client, vapid):
    post_json(
        client, "/push/subscribe/", subscribe_payload("https://push.example/a", BrowserKeys())
    )
    response = post_json(client, "/push/unsubscribe/", {"endpoint": "https://push.example/a"})
    assert response.json() == {"removed": True}
    assert not PushSubscription.objects.exists()


# --- Sending -------------------------------------------------------------------------------------


def test_publishing_pushes_an_encrypted_vapid_signed_notice_in_the_subscribers_language(
    client, vapid, push_service, home, django_capture_on_commit_callbacks
):
    keys = BrowserKeys()
    post_json(client, "/push/subscribe/", subscribe_payload(push_service.endpoint("d1"), keys))
    notice = publish_quake(home, django_capture_on_commit_callbacks)
    (received,) = push_service.received
    assert received.path == "/d1"
    assert received.headers["content-encoding"] == "aes128gcm"
    authorization = received.headers["authorization"]
    assert authorization.startswith("vapid t=") and f"k={vapid}" in authorization
    message = json.loads(keys.decrypt(received.body))
    assert message["title"] == "Động đất mạnh tại Miyako"
    assert message["url"] == f"/vi{notice.url}"
    assert message["title_ja"] == "宮古市で 大きな 地震が ありました"


def test_the_vapid_signature_verifies_with_the_public_key(
    client, vapid, push_service, home, django_capture_on_commit_callbacks
):
    post_json(
        client, "/push/subscribe/", subscribe_payload(push_service.endpoint("d1"), BrowserKeys())
    )
    publish_quake(home, django_capture_on_commit_callbacks)
    assert vapid_signature_valid(vapid, push_service.received[0].headers["authorization"])


def test_a_subscriber_of_another_area_gets_nothing(
    client, vapid, push_service, home, django_capture_on_commit_callbacks
):
    payload = subscribe_payload(push_service.endpoint("d1"), BrowserKeys(), areas=["kuji"])
    post_json(client, "/push/subscribe/", payload)
    publish_quake(home, django_capture_on_commit_callbacks)
    assert push_service.received == []


def test_a_subscription_the_push_service_calls_gone_is_removed(
    client, vapid, push_service, home, django_capture_on_commit_callbacks
):
    post_json(
        client,
        "/push/subscribe/",
        subscribe_payload(push_service.endpoint("gone/x"), BrowserKeys()),
    )
    publish_quake(home, django_capture_on_commit_callbacks)
    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()


def test_an_unreachable_push_service_does_not_stop_the_publish(
    client, vapid, home, django_capture_on_commit_callbacks, settings
):
    settings.WEBPUSH_TIMEOUT = 1
    post_json(client, "/push/subscribe/", subscribe_payload("http://127.0.0.1:9/x", BrowserKeys()))
    notice = publish_quake(home, django_capture_on_commit_callbacks)
    assert notice.live
    assert PushSubscription.objects.exists()  # kept: the service may come back


# --- E-mail --------------------------------------------------------------------------------------


def test_a_user_who_opted_in_gets_the_notice_by_email_in_their_language(
    home, django_capture_on_commit_callbacks
):
    user = UserFactory(email="anh@example.com")
    NoticeEmailSubscription.objects.create(user=user, areas=["miyako"], language="vi")
    UserFactory(email="quiet@example.com")  # did not opt in
    publish_quake(home, django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    assert message.to == ["anh@example.com"]
    assert message.subject == "Động đất mạnh tại Miyako"
    assert "宮古市で 大きな 地震が ありました" in message.body
    html = message.alternatives[0][0]
    assert "<ruby>地震<rt>じしん</rt></ruby>" in html


def test_an_expired_notice_is_neither_pushed_nor_mailed(
    client, vapid, push_service, home, django_capture_on_commit_callbacks
):
    post_json(
        client, "/push/subscribe/", subscribe_payload(push_service.endpoint("d1"), BrowserKeys())
    )
    NoticeEmailSubscription.objects.create(user=UserFactory(), language="en")
    publish_quake(
        home,
        django_capture_on_commit_callbacks,
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert push_service.received == [] and mail.outbox == []


def test_a_logged_in_reader_opts_in_to_email_on_the_alerts_page(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/notices/alerts/", {"areas": ["kamaishi"], "language": "en", "email": "on"}
    )
    assert response.status_code == 302
    subscription = NoticeEmailSubscription.objects.get(user=user)
    assert (subscription.areas, subscription.language) == (["kamaishi"], "en")


# --- Keys and the service worker ----------------------------------------------------------------


def test_vapid_keys_prints_a_working_key_pair(capsys):
    call_command("vapid_keys", subject="mailto:ops@example.org")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    vapid = Vapid.from_string(lines["VAPID_PRIVATE_KEY"])
    headers = vapid.sign({"sub": "mailto:ops@example.org", "aud": "https://push.example"})
    assert vapid_signature_valid(lines["VAPID_PUBLIC_KEY"], headers["Authorization"])
    assert lines["VAPID_SUBJECT"] == "mailto:ops@example.org"


def test_vapid_keys_refuses_a_subject_that_is_not_a_contact():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="mailto: or https:"):
        call_command("vapid_keys", subject="ops")


def test_the_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert 'addEventListener("push"' in response.content.decode()


def test_a_notice_page_is_marked_for_the_offline_cache(client, home):
    notice = publish(EmergencyNoticePageFactory(parent=home))
    assert client.get(notice.url)["X-Offline-Cache"] == "1"
