"""Worker memory under pages that analyse Japanese: it must stay flat, not grow per request.

Starts the real ASGI server (uvicorn, as `make run` does) on a temporary database with the demo
data (SQLite in a temp dir, or a temporary database on DATABASE_URL's PostgreSQL server; the
channel layer and cache on REDIS_URL when set), then sends requests at a given concurrency,
round robin over pages that run the analyser:
  a class session page, /search/?q=..., the checker API (POST, as an editor), a material page
  and an article page with furigana on.
Prints the worker's RSS (the server's process; the checker's worker processes separately) after
a warm-up and at the end, the growth, and the throughput. Target: growth < 30 MB over 1,000
requests. Exit 1 when the target is missed or a request fails.

Baseline in the same run: the RSS after warm-up (the growth is measured against it).

Tagger pool size comparison (tokens.TAGGER_POOL_SIZE), as measured for the comment in
simple_japanese/tokens.py, e.g.:
  .venv/bin/python bench/memory.py --concurrency 4 --requests 400 --taggers 1
  .venv/bin/python bench/memory.py --concurrency 4 --requests 400 --taggers 4

Run from the repo root: .venv/bin/python bench/memory.py [--port 8100] [--requests 1000]
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlparse

# production settings without TLS (loopback), and the production server (bench/servers.py)
from servers import PRODUCTION_ENV, server_command

ROOT = Path(__file__).resolve().parents[1]
TARGET_GROWTH_MB = 30
WARMUP_ROUNDS = 10  # every page this many times before the first RSS reading
START_TIMEOUT = 90
REQUEST_TIMEOUT = 120
CHECK_TEXT = (
    "地震のときは、まず 自分の 体を 守って ください。机の 下に 入って ください。"
    "ゆれが 止まったら、火を 消して、ドアを 開けて ください。"
    "当該地域においては速やかに指定避難所へ避難するよう要請されている。"
) * 20


# --- the database and the server -----------------------------------------------------------------


def make_database(tmp: Path) -> tuple[str, str | None]:
    """A fresh database URL (and the PostgreSQL name to drop afterwards, if any)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{tmp / 'bench.sqlite3'}", None
    import psycopg

    name = f"nl_bench_memory_{os.getpid()}"
    parsed = urlparse(url)
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return parsed._replace(path=f"/{name}").geturl(), name


def drop_database(name: str | None) -> None:
    if name is None:
        return
    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(database_url: str, taggers: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PRODUCTION_ENV)
    # one bench user sends ~200 checks a minute: the per-user limit is not what is measured
    env["RATE_LIMIT_CHECKER"] = "100000/m"
    env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = f"{ROOT / 'site'}{os.pathsep}{ROOT}"
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    if taggers:
        env["SIMPLE_JAPANESE_TAGGERS"] = str(taggers)
    return env


def prepare(env: dict[str, str]) -> None:
    python = sys.executable
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo", "--force"],  # DEBUG=0 here, on the bench's own throw-away database
        ["collectstatic", "--noinput", "-v0"],  # DEBUG=0 serves the hashed manifest
    ):
        subprocess.run(
            [python, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True
        )


def start_server(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    process = subprocess.Popen(
        server_command(port),
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited; see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except urllib.error.HTTPError:
            return process  # answering (a 503 is an answer)
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"the server did not start within {START_TIMEOUT}s; see {log}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (the checker's forkserver and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


# --- the requests ------------------------------------------------------------------------------


def requests_to_send(
    database_url: str, env: dict[str, str]
) -> list[tuple[str, str, bytes | None, dict]]:
    """(method, path, body, headers) for each page that analyses, read from the demo data."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY", *PRODUCTION_ENV)})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django.utils import translation

    from accounts.models import User
    from cms.models import ArticlePage, MaterialPage
    from learning.models import Session

    editor = User.objects.get(email="editor@example.com")
    store = SessionStore()
    store[SESSION_KEY] = str(editor.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = editor.get_session_auth_hash()
    store.create()
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts it as an unmasked token
    with translation.override("ja"):
        session = Session.objects.order_by("starts_at").first()
        material = MaterialPage.objects.live().public().first()
        article = ArticlePage.objects.live().public().first()
        pages = [
            reverse("learning:session", args=[session.pk]) if session else None,
            "/search/?q=" + quote("じしん 避難"),
            material.url if material else None,
            article.url if article else None,
        ]
        check_url = reverse("cms_check_text")
    furigana = {"Cookie": "furigana=on"}
    out: list[tuple[str, str, bytes | None, dict]] = [
        ("GET", p, None, furigana) for p in pages if p
    ]
    out.append(
        (
            "POST",
            check_url,
            json.dumps({"target": "N4", "segments": [{"id": "body", "text": CHECK_TEXT}]}).encode(),
            {
                "Content-Type": "application/json",
                "Cookie": f"sessionid={store.session_key}; csrftoken={csrf}",
                "X-CSRFToken": csrf,
            },
        )
    )
    return out


def send(port: int, request: tuple[str, str, bytes | None, dict]) -> tuple[int, float]:
    method, path, body, headers = request
    started = time.perf_counter()
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", data=body, headers=headers, method=method
    )
    try:
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    return status, time.perf_counter() - started


def run(
    port: int, requests: list, count: int, concurrency: int
) -> tuple[dict[int, int], float, list[float]]:
    statuses: dict[int, int] = {}
    latencies: list[float] = []
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for status, seconds in pool.map(
            lambda i: send(port, requests[i % len(requests)]), range(count)
        ):
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(seconds)
    return statuses, time.perf_counter() - started, latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--taggers", type=int, default=None, help="SIMPLE_JAPANESE_TAGGERS")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nl-bench-memory-"))
    database_url, pg_name = make_database(tmp)
    server = None
    ok = False
    try:
        env = server_env(database_url, args.taggers)
        prepare(env)
        requests = requests_to_send(database_url, env)
        server = start_server(args.port, env, tmp / "server.log")
        print(
            f"cores: {os.cpu_count()}, load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
            f", database: {'postgresql' if pg_name else 'sqlite'}"
            f", redis: {'yes' if env.get('REDIS_URL') else 'no'}"
            f", taggers: {args.taggers or 'default'}"
        )
        print("pages:", ", ".join(f"{m} {p}" for m, p, _, _ in requests))
        statuses, _, _ = run(args.port, requests, WARMUP_ROUNDS * len(requests), args.concurrency)
        before = rss_mb(server.pid)
        helpers_before = sum(rss_mb(p) for p in descendants(server.pid))
        print(
            f"after warm-up ({WARMUP_ROUNDS * len(requests)} requests): worker RSS {before:.1f} MB"
            f" (checker processes {helpers_before:.1f} MB)"
        )
        statuses, seconds, latencies = run(args.port, requests, args.requests, args.concurrency)
        after = rss_mb(server.pid)
        helpers_after = sum(rss_mb(p) for p in descendants(server.pid))
        latencies.sort()
        growth = after - before
        print(
            f"after {args.requests} requests at concurrency {args.concurrency}: worker RSS "
            f"{after:.1f} MB (checker processes {helpers_after:.1f} MB)"
        )
        print(
            f"growth: {growth:+.1f} MB (target < {TARGET_GROWTH_MB} MB); "
            f"{args.requests / seconds:.1f} req/s, p50 {latencies[len(latencies) // 2] * 1000:.0f} ms,"
            f" p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms; statuses {statuses}"
        )
        failed = sum(n for s, n in statuses.items() if s >= 400)
        if failed:
            print(f"FAILED: {failed} requests did not succeed; see {tmp / 'server.log'}")
            return 1
        ok = True
        return 0 if growth < TARGET_GROWTH_MB else 1
    finally:
        if server is not None:
            stop_server(server)
        drop_database(pg_name)
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
