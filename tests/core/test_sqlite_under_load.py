"""SQLite as the embedded default holds under previews, autosaves and bookings at once.

A real uvicorn serves a fresh SQLite file (as `make run` does) while threads post page
previews, autosaves and bookings/cancellations in parallel for 30 s. No request may fail with
a server error and the server log must never say "database is locked".

The server gets its own environment (a temporary SQLite file, the in-memory channel layer and
local cache), whatever the outer suite runs on, so this test runs in CI on PostgreSQL too.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
DURATION = 30  # seconds of load (the acceptance: 30 s)
CSRF = "a" * 32
_FIRST_PORT = int(os.environ.get("TEST_PORT_FIRST", "8430"))
PORTS = range(_FIRST_PORT, _FIRST_PORT + 20)
# Variables of the outer environment that would point the server elsewhere than its own
# SQLite file and in-memory layer (a CI job runs the suite on PostgreSQL and Redis).
OUTER_ONLY = ("REDIS_URL", "CHANNEL_LAYER", "DATABASE_POOL_MAX_SIZE", "PAGE_CACHE_TIMEOUT")


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port for the test server")


@pytest.fixture
def server(tmp_path):
    """A migrated SQLite file with people and a page, served by uvicorn; yields what it made."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": f"site:.:{os.environ.get('PYTHONPATH', '')}",
        "DEBUG": "1",
        # Four learners book and cancel non-stop for 30 s: far above the per-user limit,
        # which would answer 429 (and spare the database) after the first 30 requests.
        "RATE_LIMIT_BOOKING": "100000/m",
    }
    for name in OUTER_ONLY:
        env.pop(name, None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup = (Path(__file__).parent / "sqlite_load_setup.py").read_text()
    made = subprocess.run(
        [*manage, "shell", "-c", setup],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    data = json.loads(made.stdout.strip().splitlines()[-1])
    port = free_port()
    log = open(tmp_path / "server.log", "w+")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        # the server `make run` starts
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--host", "127.0.0.1"]
        + ["--port", str(port), "--lifespan", "off"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    try:
        yield {**data, "base": base, "db": tmp_path / "db.sqlite3", "log": tmp_path / "server.log"}
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def post(base: str, path: str, session_key: str, data: dict, *, accept_json: bool) -> int:
    body = urllib.parse.urlencode(data, doseq=True).encode()
    request = urllib.request.Request(f"{base}{path}", data=body, method="POST")
    request.add_header("Cookie", f"sessionid={session_key}; csrftoken={CSRF}")
    request.add_header("X-CSRFToken", CSRF)
    request.add_header("Referer", f"{base}/admin/")
    if accept_json:
        request.add_header("Accept", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def page_form(n: int) -> dict:
    intro = f"ごみは 月曜日の 朝に 出して ください。{n}"
    return nested_form_data(
        {
            "title": "ごみの 出し方",
            "slug": "gomi",
            "level": "A1",
            "intro": intro,
            "body": streamfield([("text", rich_text(f"<p>{intro}</p>"))]),
            "target_level": "N4",
            "furigana_skip": "",
        }
    )


def test_previews_autosaves_and_bookings_together_never_lock_the_database(server):
    base, page = server["base"], server["page"]
    statuses: Counter[str] = Counter()
    succeeded_at: dict[str, list[float]] = {}
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + DURATION

    def record(kind: str, status: int) -> None:
        with lock:
            statuses[f"{kind}:{status}"] += 1
            if status == 200:
                succeeded_at.setdefault(kind, []).append(time.monotonic() - started)

    def previews():
        n = 0
        while time.monotonic() < deadline:
            n += 1
            path = f"/admin/pages/{page}/edit/preview/"
            record("preview", post(base, path, server["editor"], page_form(n), accept_json=True))

    def autosaves():
        # Wagtail's autosave: the edit form posted with Accept: application/json.
        n = 1000
        while time.monotonic() < deadline:
            n += 1
            path = f"/admin/pages/{page}/edit/"
            record("autosave", post(base, path, server["editor"], page_form(n), accept_json=True))

    def bookings(learner_id: int, key: str, session_id: int):
        db = sqlite3.connect(server["db"], timeout=20)
        while time.monotonic() < deadline:
            record(
                "book",
                post(base, f"/learning/sessions/{session_id}/book/", key, {}, accept_json=True),
            )
            row = db.execute(
                "SELECT id FROM learning_booking WHERE learner_id = ? AND session_id = ?",
                (learner_id, session_id),
            ).fetchone()
            if row:
                path = f"/learning/bookings/{row[0]}/cancel/"
                record("cancel", post(base, path, key, {}, accept_json=True))
        db.close()

    workers = [threading.Thread(target=previews), threading.Thread(target=autosaves)]
    for n, (learner_id, key) in enumerate(server["learners"]):
        session_id = server["sessions"][n % len(server["sessions"])]
        workers.append(threading.Thread(target=bookings, args=(learner_id, key, session_id)))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    log = server["log"].read_text()
    assert "database is locked" not in log
    failures = {key: n for key, n in statuses.items() if int(key.split(":")[1]) >= 500}
    assert failures == {}, (statuses, log[-3000:])
    # Each kind of request succeeded in the first and in the last third of the 30 s: the
    # previews, autosaves and bookings really overlapped for the whole run.
    for kind in ("preview", "autosave", "book", "cancel"):
        times = succeeded_at.get(kind, [])
        assert times, statuses
        assert min(times) < DURATION / 3, (kind, min(times), statuses)
        assert max(times) > DURATION * 2 / 3, (kind, max(times), statuses)
    # The autosaves wrote revisions (not only answered).
    with sqlite3.connect(server["db"], timeout=20) as db:
        (revisions,) = db.execute(
            "SELECT COUNT(*) FROM wagtailcore_revision WHERE object_id = ?", (str(page),)
        ).fetchone()
    assert revisions > 1
