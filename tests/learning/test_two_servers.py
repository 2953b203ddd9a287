"""Two separate server processes on the Redis layer: a booking on one reaches a socket on the other.

Starts two uvicorn workers on this machine's loopback, both on the test database and the same
Redis, books a seat over HTTP through the first and waits (bounded) for the live update on a
WebSocket held open on the second. Skips without PostgreSQL and Redis.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from learning.models import Booking
from tests.conftest import requires_postgres, requires_redis
from tests.learning.factories import SessionFactory

pytestmark = [
    requires_postgres,
    requires_redis,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]
ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60
MESSAGE_TIMEOUT = 10


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def start_worker(port: int, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    uvicorn = Path(sys.executable).with_name("uvicorn")  # the production server (README)
    return subprocess.Popen(
        [str(uvicorn), "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
        + ["--lifespan", "off"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_healthy(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"worker on port {port} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"worker on port {port} did not answer /healthz within {START_TIMEOUT}s")


@pytest.fixture
def two_workers():
    ports = [free_port(), free_port()]
    logs = [tempfile.TemporaryFile() for _ in ports]
    workers = [start_worker(port, log) for port, log in zip(ports, logs, strict=True)]
    try:
        for port, worker in zip(ports, workers, strict=True):
            wait_until_healthy(port, worker)
        yield ports
    except AssertionError:
        for log in logs:
            log.seek(0)
            print(log.read().decode(errors="replace")[-3000:])
        raise
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait(timeout=5)
        for log in logs:
            log.close()


def book_over_http(port: int, session_id: int, session_cookie: str) -> dict:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    opener.addheaders = [("Cookie", f"sessionid={session_cookie}")]
    opener.open(
        f"{base}/learning/sessions/{session_id}/", timeout=10
    ).read()  # sets the CSRF cookie
    csrf = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    request = urllib.request.Request(
        f"{base}/learning/sessions/{session_id}/book/",
        data=b"",
        method="POST",
        headers={
            "Accept": "application/json",
            "X-CSRFToken": csrf,
            "Cookie": f"sessionid={session_cookie}; csrftoken={csrf}",
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_a_booking_through_one_worker_reaches_a_websocket_on_the_other(
    two_workers, client, learner
):
    from websockets.asyncio.client import connect

    worker_a, worker_b = two_workers
    session = SessionFactory(capacity=3)
    client.force_login(learner)
    cookie = client.cookies["sessionid"].value

    async def scenario():
        async with connect(
            f"ws://127.0.0.1:{worker_b}/ws/learning/schedule/",
            origin="http://localhost",
            open_timeout=10,
        ) as socket_on_b:
            booked = await asyncio.to_thread(book_over_http, worker_a, session.pk, cookie)
            message = json.loads(await asyncio.wait_for(socket_on_b.recv(), MESSAGE_TIMEOUT))
            return booked, message

    booked, message = asyncio.run(scenario())
    assert booked["status"] == "confirmed"
    assert message == {"type": "session.changed", "session": session.pk}
    assert Booking.objects.get(session=session, learner=learner).status == Booking.Status.CONFIRMED
