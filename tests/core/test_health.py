"""/healthz reports the database and the channel layer; the echo socket answers."""

import pytest
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.conftest import requires_redis


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_channel_layer_answer(client, settings):
    settings.HEALTHZ_TOKEN = "probe-token"
    response = client.get("/healthz", headers={"X-Healthz-Token": "probe-token"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["database"]["vendor"]
    assert body["channel_layer"]["ok"]
    assert body["channel_layer"]["backend"].endswith(
        settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[1]
    )


@pytest.mark.django_db
def test_healthz_is_503_when_the_channel_layer_is_down(client, settings):
    settings.CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]},  # nothing listens on port 1
        }
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    settings.HEALTHZ_TOKEN = "probe-token"
    try:
        response = client.get("/healthz", headers={"X-Healthz-Token": "probe-token"})
    finally:
        channel_layers.backends.clear()
    assert response.status_code == 503
    assert response.json()["channel_layer"]["ok"] is False


@pytest.mark.django_db(transaction=True)
def test_echo_websocket_connects_and_echoes():
    from asgiref.sync import async_to_sync

    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/echo/", headers=[(b"origin", b"http://localhost")]
        )
        connected, _ = await communicator.connect()
        assert connected
        assert await communicator.receive_json_from() == {"type": "hello"}
        await communicator.send_json_to({"ping": 1})
        assert await communicator.receive_json_from() == {"type": "echo", "data": {"ping": 1}}
        await communicator.disconnect()

    async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_websocket_from_a_foreign_origin_is_refused():
    from asgiref.sync import async_to_sync

    async def scenario():
        communicator = WebsocketCommunicator(
            application, "/ws/echo/", headers=[(b"origin", b"http://evil.example")]
        )
        connected, _ = await communicator.connect()
        assert not connected

    async_to_sync(scenario)()


@requires_redis
def test_channel_layer_round_trip_on_redis(settings):
    from asgiref.sync import async_to_sync

    assert settings.CHANNEL_LAYERS["default"]["BACKEND"].startswith("channels_redis.")
    layer = get_channel_layer()

    async def scenario():
        channel = await layer.new_channel()
        await layer.group_add("roundtrip-test", channel)
        await layer.group_send("roundtrip-test", {"type": "test.message", "text": "こんにちは"})
        message = await layer.receive(channel)
        await layer.group_discard("roundtrip-test", channel)
        return message

    assert async_to_sync(scenario)() == {"type": "test.message", "text": "こんにちは"}


@requires_redis
def test_a_health_check_leaves_no_subscription_behind():
    from asgiref.sync import async_to_sync

    from core.health import check_channel_layer

    layer = get_channel_layer()
    if not hasattr(layer, "_get_layer"):
        pytest.skip("RedisPubSubChannelLayer only (CHANNEL_LAYER=pubsub)")

    async def scenario():
        assert (await check_channel_layer())["ok"]
        before = len(layer._get_layer().channels)
        for _ in range(5):
            assert (await check_channel_layer())["ok"]
        return before, len(layer._get_layer().channels)

    before, after = async_to_sync(scenario)()
    assert after == before


@pytest.mark.django_db
def test_a_crowd_polling_healthz_shares_one_check_per_second(client, settings, monkeypatch):
    from core import health

    settings.HEALTH_CHECK_CACHE_SECONDS = 60
    calls = []
    monkeypatch.setattr(health, "_memo", {"at": -1.0, "result": None})
    real = health.check_database
    monkeypatch.setattr(health, "check_database", lambda: calls.append(1) or real())
    statuses = [client.get("/healthz").status_code for _ in range(5)]
    assert statuses == [200] * 5
    assert len(calls) == 1
