"""Publishing an emergency notice reaches every open page's socket; unpublishing too."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.cms.conftest import ensure_home
from tests.cms.factories import EmergencyNoticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")
TIMEOUT = 5


async def connect() -> tuple[WebsocketCommunicator, dict]:
    communicator = WebsocketCommunicator(application, "/ws/notices/", headers=[ORIGIN])
    connected, _subprotocol = await communicator.connect(timeout=TIMEOUT)
    assert connected
    hello = await communicator.receive_json_from(timeout=TIMEOUT)
    return communicator, hello


def make_draft_notice():
    notice = EmergencyNoticePageFactory(parent=ensure_home(), live=False)
    notice.save_revision()
    return notice


def test_publishing_a_notice_is_pushed_to_every_open_socket():
    notice = make_draft_notice()

    async def scenario():
        first, hello = await connect()
        second, _hello = await connect()
        await database_sync_to_async(lambda: notice.get_latest_revision().publish())()
        messages = [
            await first.receive_json_from(timeout=TIMEOUT),
            await second.receive_json_from(timeout=TIMEOUT),
        ]
        await first.disconnect()
        await second.disconnect()
        return hello, messages

    hello, messages = async_to_sync(scenario)()
    assert hello["type"] == "notices.hello"
    assert [m["type"] for m in messages] == ["notices.changed", "notices.changed"]
    # The version moved on, so a page comparing versions after a reconnect re-fetches.
    assert messages[0]["version"] != hello["version"]


def test_unpublishing_a_notice_is_pushed_too():
    notice = make_draft_notice()
    notice.get_latest_revision().publish()

    async def scenario():
        socket, _hello = await connect()
        await database_sync_to_async(lambda: type(notice).objects.get(pk=notice.pk).unpublish())()
        message = await socket.receive_json_from(timeout=TIMEOUT)
        await socket.disconnect()
        return message

    assert async_to_sync(scenario)()["type"] == "notices.changed"


def test_other_pages_are_not_pushed():
    from tests.cms.factories import ArticlePageFactory

    article = ArticlePageFactory(parent=ensure_home(), live=False)
    article.save_revision()

    async def scenario():
        socket, _hello = await connect()
        await database_sync_to_async(lambda: article.get_latest_revision().publish())()
        nothing = await socket.receive_nothing(timeout=0.5)
        await socket.disconnect()
        return nothing

    assert async_to_sync(scenario)() is True


def test_each_language_group_gets_the_banner_rendered_in_its_language():
    notice = make_draft_notice()

    async def scenario():
        sockets = {}
        for language in ("ja", "en"):
            communicator = WebsocketCommunicator(
                application, f"/ws/notices/?lang={language}", headers=[ORIGIN]
            )
            assert (await communicator.connect(timeout=TIMEOUT))[0]
            await communicator.receive_json_from(timeout=TIMEOUT)  # hello
            sockets[language] = communicator
        await database_sync_to_async(lambda: notice.get_latest_revision().publish())()
        messages = {lang: await s.receive_json_from(timeout=TIMEOUT) for lang, s in sockets.items()}
        for communicator in sockets.values():
            await communicator.disconnect()
        return messages

    messages = async_to_sync(scenario)()
    assert {m["language"] for m in messages.values()} == {"ja", "en"}
    assert all(f'data-notice="{notice.pk}"' in m["html"] for m in messages.values())
    assert "Danger" in messages["en"]["html"] or "Warning" in messages["en"]["html"]
    assert messages["ja"]["html"] != messages["en"]["html"]


def test_the_pushed_banner_is_what_the_banner_view_serves():
    from cms import emergency

    notice = make_draft_notice()
    notice.get_latest_revision().publish()
    from django.test import Client

    fetched = Client().get("/en/notices/banners/").json()
    assert fetched == emergency.banner_payload("en")


def test_an_unknown_language_listens_in_japanese():
    from cms import emergency

    assert emergency.language_group("xx") == emergency.language_group("ja") == "notices-ja"
