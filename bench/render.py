"""A 5,000-character learning material with furigana: cold and cached render, and requests/s.

1. In this process (Django test client, full middleware and templates): the page view cold
   (furigana computed for every field; Django's cache and the engine's per-text memos are
   cleared before each view) and cached (the furigana of this revision come from the cache),
   the latter once with a new database connection per request (CONN_MAX_AGE=0, as configured)
   and once with the connection kept open, which is the render itself. Target: cached render
   p95 under 30 ms. Baseline, same run: the same page with the furigana engine replaced by
   plain escaping, uncached, i.e. what Wagtail costs without furigana.
2. Over HTTP on the ASGI server: uvicorn started by this script on 127.0.0.1 (one worker, the
   project's config.asgi), a fixed number of client threads for a fixed time on the material
   page. Baseline, same run: the small home page.

The script makes its own SQLite database in a temporary folder (or uses DATABASE_URL's
PostgreSQL server with a database of its own, dropped at the end), and Redis for the cache when
REDIS_URL is set. It talks to 127.0.0.1 only and stops the server it started.

Run from the repo root: .venv/bin/python bench/render.py [--views 200] [--seconds 5] [--threads 8]
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import http.client
import os
import secrets
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
TARGET_CHARS = 5_000
TARGET_CACHED_P95_MS = 30.0
START_TIMEOUT = 60
REQUEST_TIMEOUT = 30

SENTENCES = [
    "地震が 来たら、机の 下に 入って ください。",
    "揺れが 止まったら、火を 消して ください。",
    "盛岡市の 避難所は 近くの 小学校です。",
    "ごみは 決まった 日の 朝 8時までに 出して ください。",
    "燃える ごみと 燃えない ごみを 分けて 出します。",
    "病院に 行く ときは 保険証を 持って 行きます。",
    "熱が ある ときは、学校を 休んで ください。",
    "市役所で 在留カードの 住所を 変えます。",
    "陸前高田市の 日本語教室は 毎週 土曜日に あります。",
    "わからない ことが あったら、岩手県国際交流協会に 電話して ください。",
    "雪の 日は 道が すべるので、ゆっくり 歩きましょう。",
    "仕事を 休む ときは、朝 早く 会社に 連絡します。",
]


def database_url(workdir: Path) -> tuple[str, str | None]:
    """(DATABASE_URL for this run, name of a PostgreSQL database to drop at the end or None)."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        from servers import admin_connection, with_database

        name = f"nihongo_link_bench_render_{os.getpid()}"
        with admin_connection(url) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return with_database(url, name), name
    return f"sqlite:///{workdir / 'bench.sqlite3'}", None


def drop_database(name: str) -> None:
    import psycopg

    parsed = urlparse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def material_body() -> tuple[list[dict], int]:
    """StreamField data of about TARGET_CHARS characters, and its exact count."""
    body: list[dict] = []
    chars = 0
    i = 0
    while chars < TARGET_CHARS:
        # Each paragraph is different (its number and its mix of sentences), as on a real page.
        paragraph = f"{i // 4 + 1}ばんめの お話です。" + "".join(
            SENTENCES[(i * 7 + k * 5) % len(SENTENCES)] for k in range(4)
        )
        body.append({"type": "text", "value": f"<p>{paragraph}</p>"})
        chars += len(paragraph)
        i += 4
        if i % 24 == 0:
            words = [
                {"word": "避難所", "reading": "ひなんじょ", "meaning": "逃げて 行く ところ"},
                {"word": "保険証", "reading": "ほけんしょう", "meaning": "病院で 見せる カード"},
            ]
            body.append({"type": "vocabulary", "value": {"heading": "ことば", "words": words}})
            chars += sum(len(w["word"]) + len(w["meaning"]) for w in words)
    return body, chars


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log in this process; static URLs were fixed at import
    settings.ALLOWED_HOSTS = ["*"]


def build_page():
    from django.core.management import call_command
    from wagtail.models import Site

    from cms.models import MaterialIndexPage, MaterialPage
    from core.models import ReadingEntry

    call_command("migrate", verbosity=0, interactive=False)
    ReadingEntry.objects.get_or_create(word="陸前高田", defaults={"reading": "りくぜんたかた"})
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = MaterialIndexPage(title="がくしゅう ざいりょう", slug="materials")
    home.add_child(instance=index)
    index.save_revision().publish()
    body, chars = material_body()
    page = MaterialPage(
        title="くらしの 日本語", slug="kurashi", level="A2", intro=SENTENCES[0], body=body
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return MaterialPage.objects.get(pk=page.pk), chars


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def reset_engine_memos() -> None:
    """Forget the engine's per-text memos (not its word tables): a cold render starts here."""
    import importlib
    import pkgutil

    import simple_japanese

    for info in pkgutil.walk_packages(simple_japanese.__path__, "simple_japanese."):
        if info.name.endswith(("__main__", ".cli")):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            cache_info = getattr(value, "cache_info", None)
            if callable(cache_info) and (cache_info().maxsize or 0) > 1:
                value.cache_clear()


def time_views(client, url: str, n: int, *, clear_cache: bool) -> list[float]:
    from django.core.cache import cache

    times = []
    for _ in range(n):
        if clear_cache:
            cache.clear()
            reset_engine_memos()
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        times.append(elapsed)
    return times


def in_process(page, views: int) -> dict[str, list[float]]:
    from django.test import Client
    from django.utils.html import escape

    import core.easyjp

    client = Client()
    client.get(page.url)  # load the tagger, templates and the dictionary once
    cold = time_views(client, page.url, max(5, views // 20), clear_cache=True)
    time_views(client, page.url, 1, clear_cache=False)
    cached = time_views(client, page.url, views, clear_cache=False)
    # The same views with the database connection kept open between them: the render itself,
    # without the connection set-up that CONN_MAX_AGE=0 costs every request (large on PostgreSQL).
    from django.db import connection

    connection.settings_dict["CONN_MAX_AGE"] = None
    time_views(client, page.url, 1, clear_cache=False)
    rendered = time_views(client, page.url, views, clear_cache=False)
    connection.settings_dict["CONN_MAX_AGE"] = 0
    connection.close()
    html = client.get(page.url).content.decode()
    if "<ruby>" not in html or "<rt>りくぜんたかた</rt>" not in html:
        raise SystemExit("the page has no furigana: nothing to measure")
    real_text, real_html = core.easyjp.ruby_text, core.easyjp.ruby_html
    core.easyjp.ruby_text = lambda text, **kwargs: escape(text)
    core.easyjp.ruby_html = lambda markup, **kwargs: str(markup)
    try:
        plain = time_views(client, page.url, max(5, views // 4), clear_cache=True)
    finally:
        core.easyjp.ruby_text, core.easyjp.ruby_html = real_text, real_html
    return {"cold": cold, "cached": cached, "rendered": rendered, "plain": plain}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, port: int, workdir: Path) -> subprocess.Popen:
    from servers import server_command  # bench/ is on sys.path when a script there runs

    env = dict(
        os.environ,
        DATABASE_URL=url,
        PYTHONPATH=f"{ROOT / 'site'}{os.pathsep}{ROOT}",
        DEBUG="1",
        SECRET_KEY=secrets.token_urlsafe(32),
        LOG_LEVEL="ERROR",
    )
    log = open(workdir / "server.log", "wb")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        server_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited early; see {workdir / 'server.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not answer /healthz in time")


def load(port: int, path: str, seconds: float, threads: int) -> tuple[float, list[float], int]:
    """(requests per second, latencies in ms, errors) for `threads` keep-alive clients."""
    stop_at = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        mine: list[float] = []
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
            if ok:
                mine.append((time.perf_counter() - start) * 1000)
            else:
                with lock:
                    errors[0] += 1
        conn.close()
        with lock:
            latencies.extend(mine)

    started = time.monotonic()
    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + REQUEST_TIMEOUT)
    elapsed = time.monotonic() - started
    return len(latencies) / elapsed, latencies, errors[0]


def row(label: str, times: list[float], target: str = "") -> str:
    return (
        f"  {label:<44} p50 {statistics.median(times):7.1f} ms   p95 {percentile(times, 0.95):7.1f} ms"
        f"   n={len(times):<4} {target}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=200, help="cached views timed in process")
    parser.add_argument("--seconds", type=float, default=5.0, help="load duration per URL")
    parser.add_argument("--threads", type=int, default=8, help="concurrent HTTP clients")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-render-") as tmp:
        workdir = Path(tmp)
        url, pg_name = database_url(workdir)
        server = None
        try:
            setup_django(url)
            page, chars = build_page()
            print(
                f"Material page: {chars} characters of Japanese in {len(page.body)} blocks, "
                f"{len(page.body.raw_data)} stream items; database {url.split(':')[0]}"
            )
            result = in_process(page, args.views)
            cached_p95 = percentile(result["rendered"], 0.95)
            verdict = "OK" if cached_p95 < TARGET_CACHED_P95_MS else "MISSED"
            print("\n1. Page view in process (test client, full middleware and templates)")
            print(row("cold: furigana computed (caches cleared)", result["cold"]))
            print(row("cached, new DB connection per request", result["cached"]))
            print(
                row(
                    "cached, DB connection kept open (render)",
                    result["rendered"],
                    f"target p95 < {TARGET_CACHED_P95_MS:.0f} ms: {verdict}",
                )
            )
            print(row("baseline: same page, no furigana, uncached", result["plain"]))

            port = free_port()
            server = start_server(url, port, workdir)
            for path in (page.url, "/"):
                urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{path}", timeout=REQUEST_TIMEOUT
                ).read()
            print(
                f"\n2. ASGI server: uvicorn, one worker on 127.0.0.1:{port}, {args.threads} keep-alive "
                f"clients, {args.seconds:.0f} s each"
            )
            for label, path in (
                ("material page (cached furigana)", page.url),
                ("baseline: home page", "/"),
            ):
                rps, latencies, errors = load(port, path, args.seconds, args.threads)
                if not latencies:
                    raise SystemExit(f"no successful request to {path}")
                print(
                    f"  {label:<44} {rps:7.1f} req/s   p50 {statistics.median(latencies):6.1f} ms   "
                    f"p95 {percentile(latencies, 0.95):6.1f} ms   errors {errors}"
                )
            return 0 if verdict == "OK" else 1
        finally:
            if server is not None:
                server.terminate()
                try:
                    server.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    server.kill()
            if pg_name:
                from django.db import connections

                connections.close_all()
                drop_database(pg_name)


if __name__ == "__main__":
    sys.exit(main())
