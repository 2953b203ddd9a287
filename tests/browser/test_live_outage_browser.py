"""In Chromium: with the channel layer unreachable a page says live updates are paused, and
when it returns the page reconnects and live updates arrive again, without a reload."""

from __future__ import annotations

import pytest
from channels.layers import channel_layers
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from config import env
from tests.factories import UserFactory
from tests.learning.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def signed_in(page, server_url: str, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server_url}]
    )
    return page


def use_channel_layer(settings, layers: dict) -> None:
    settings.CHANNEL_LAYERS = layers
    channel_layers.backends.clear()  # the next consumer builds the layer from the settings


def test_live_updates_pause_while_the_layer_is_down_and_resume_when_it_returns(
    asgi_new_page, asgi_live_server, settings
):
    settings.LEARNING_LIVE_POLL_SECONDS = 120  # an update within seconds came by the socket
    working = settings.CHANNEL_LAYERS
    session = SessionFactory(capacity=3)
    url = reverse("learning:session", args=[session.pk])
    seats = "[data-field='seats_left']"

    use_channel_layer(settings, env.channel_layers_from_url(DEAD_REDIS))
    try:
        reader = asgi_new_page()
        reader.goto(url)
        reader.evaluate("window.__notReloaded = true")
        expect(reader.locator(seats).first).to_have_text("3")
        paused = reader.locator("[data-live-paused]")
        expect(paused).to_be_visible()  # the sockets were refused
    finally:
        use_channel_layer(settings, working)

    expect(paused).to_be_hidden(timeout=20_000)  # reconnected with backoff

    learner = signed_in(asgi_new_page(), asgi_live_server.url, UserFactory(roles=["learner"]))
    learner.goto(url)
    learner.locator("[data-book-button]").first.click()
    learner.wait_for_load_state()

    expect(reader.locator(seats).first).to_have_text("2", timeout=10_000)
    assert reader.evaluate("window.__notReloaded") is True


def test_the_real_server_serves_pages_and_a_503_healthz_while_redis_is_down(
    asgi_live_server, settings
):
    """Daphne with the cache and the channel layer on a closed port: pages 200, /healthz 503."""
    import json
    import time
    import urllib.error
    import urllib.request

    from django.core.cache import caches

    working = settings.CHANNEL_LAYERS
    session = SessionFactory(capacity=3)
    settings.CACHES = env.caches_from_url(DEAD_REDIS)
    use_channel_layer(settings, env.channel_layers_from_url(DEAD_REDIS))
    try:
        started = time.monotonic()
        page = urllib.request.urlopen(
            asgi_live_server.url + reverse("learning:session", args=[session.pk]), timeout=10
        )
        assert page.status == 200
        with pytest.raises(urllib.error.HTTPError) as health:
            urllib.request.urlopen(asgi_live_server.url + "/healthz", timeout=10)
        assert health.value.code == 503
        assert json.loads(health.value.read())["down"] == ["channel_layer"]
        assert time.monotonic() - started < 8  # no request waited on the dead Redis
    finally:
        caches["default"].close()
        use_channel_layer(settings, working)
