"""Bookings under load and the class schedule page, against live uvicorn workers on PostgreSQL.

1. 200 learners book at once over HTTP (an asyncio client in its own process: one connection
   and one POST each, released together, as the session page's script sends it, after an
   untimed warm-up of 4 bookings per worker) into 10 sessions of 15 seats, through uvicorn workers on this machine's loopback. Prints
   bookings per second and latency percentiles, and checks that no session holds more seats
   than it has (exit 1 if one does). Baseline, same run: the same 200 bookings through
   learning.booking.book() in this process, one after another (no HTTP, no contention).
2. The class schedule page with 500 upcoming sessions: p95 latency over HTTP and the number of
   SQL queries per request (counted in-process). Baseline, same run: the page with 10 sessions.
   Targets: p95 under 100 ms, under 20 queries, the same count for 10 and 500 sessions.

The script creates its own database (<--db-prefix>_<pid>) and drops it at the end. It
needs PostgreSQL (DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432) and uses
Redis for the channel layer when REDIS_URL is set. It talks to 127.0.0.1 only.

Run from the repo root: .venv/bin/python bench/booking.py [--workers 2] [--learners 200]
    [--port-base 8500] [--db-prefix nl_perf]
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import os
import secrets
import subprocess
import time
import urllib.request
from pathlib import Path

# Shared bench plumbing (bench/ is on sys.path when a script there runs).
import servers
from servers import (
    PRODUCTION_ENV,
    admin_connection,
    percentile,
    ports_for,
    stop_workers,
    with_database,
)

ROOT = Path(__file__).resolve().parents[1]
SEATS = 15
SESSIONS = 10
SCHEDULE_SESSIONS = 500
SCHEDULE_REQUESTS = 200
TARGET_P95_MS = 100
TARGET_BURST_P95_MS = 1000
TARGET_QUERIES = 20
REQUEST_TIMEOUT = 60


def server_url() -> str:
    url = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/nihongo_link"
    if not url.startswith(("postgres://", "postgresql://")):
        print("skipped: bench/booking.py needs PostgreSQL (DATABASE_URL=postgres://...)")
        sys.exit(0)
    return url


# --- the data ---------------------------------------------------------------------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(PRODUCTION_ENV)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()


def make_course(index, n: int, venue):
    from learning.models import CoursePage

    return index.add_child(
        instance=CoursePage(
            title=f"はじめての 日本語 {n}",
            slug=f"bench-course-{n}",
            venue=venue,
            level_min="A1",
            level_max="A2",
        )
    )


def make_world():
    """A schedule page, two courses, a venue; returns (index, courses)."""
    from wagtail.models import Site

    from learning.models import ClassIndexPage, Venue

    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=ClassIndexPage(title="日本語クラス", slug="classes"))
    venue = Venue.objects.create(name="ベンチ会場", municipality="morioka", address="盛岡市")
    return index, [make_course(index, n, venue) for n in range(2)]


def make_sessions(course, count: int, *, capacity: int, start_in_days: int = 2):
    from datetime import timedelta

    from django.utils import timezone

    from learning.models import Session

    base = timezone.now() + timedelta(days=start_in_days)
    rows = [
        Session(
            course=course,
            venue=course.venue,
            starts_at=base + timedelta(hours=3 * i),
            ends_at=base + timedelta(hours=3 * i, minutes=90),
            capacity=capacity,
            teacher_slots=2,
        )
        for i in range(count)
    ]
    return Session.objects.bulk_create(rows)


def make_learners(count: int, prefix: str):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    users = [
        User(email=f"{prefix}{n}@bench.example", display_name=f"Learner {n}") for n in range(count)
    ]
    for user in users:
        user.set_unusable_password()  # hashing 200 real passwords would time the hasher, not us
    users = User.objects.bulk_create(users)
    Group.objects.get(name="learner").user_set.add(*users)
    return list(User.objects.filter(email__startswith=prefix).order_by("pk"))


def login_cookie(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    # through the site's session engine, as a login stores it (with Redis: cached_db, so the
    # session is in the cache as after a real login, not read from the table on first use)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


# --- the servers --------------------------------------------------------------------------------


def start_workers(
    count: int, database_url: str, log_dir: Path, port_base: int = 0
) -> tuple[list[int], list[subprocess.Popen]]:
    """`count` uvicorn workers on free ports (bench/servers.py), ready when /healthz answers."""
    ports = ports_for(count, port_base)
    return ports, servers.start_workers(ports, database_url, log_dir)


# --- the measurements ----------------------------------------------------------------------------


async def _burst(spec: dict) -> dict:
    """The load client: every learner's POST released at one instant, `in_flight` at a time.

    Each learner opens their own connection (a browser's) once admitted and sends what the
    session page's script sends: POST with the session and CSRF cookies, the X-CSRFToken
    header and Accept: application/json, through uvicorn and Django's whole middleware stack.
    """
    import asyncio

    from servers import read_response

    admitted = asyncio.Semaphore(spec["in_flight"])
    release = asyncio.Event()
    results: list = [None] * len(spec["learners"])

    async def learner(n: int, port: int, session_id: int, cookie: str, into=results) -> None:
        await release.wait()
        released = time.perf_counter()
        async with admitted:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                path = f"/learning/sessions/{session_id}/book/"
                writer.write(
                    (
                        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                        "Accept: application/json\r\nContent-Length: 0\r\n"
                        f"Origin: http://127.0.0.1:{port}\r\n"
                        f"Referer: http://127.0.0.1:{port}/learning/sessions/{session_id}/\r\n"
                        f"X-CSRFToken: {spec['csrf']}\r\n"
                        f"Cookie: sessionid={cookie}; csrftoken={spec['csrf']}\r\n\r\n"
                    ).encode("latin-1")
                )
                status, _cookies, body = await asyncio.wait_for(
                    read_response(reader), REQUEST_TIMEOUT
                )
            except Exception as exc:  # reported as a failed answer, never silently dropped
                status, body = 0, repr(exc).encode()
            finally:
                writer.close()
        # what the learner waits, queue included
        into[n] = (time.perf_counter() - released, status, body.decode(errors="replace"))

    # warm-up, untimed: a few bookings on each worker (a worker serving a site is warm)
    warm: list = [None] * len(spec["warmup"])
    release.set()
    for n, row in enumerate(spec["warmup"]):
        await learner(n, *row, into=warm)
    release.clear()
    tasks = [asyncio.ensure_future(learner(n, *row)) for n, row in enumerate(spec["learners"])]
    await asyncio.sleep(0.2)  # every task is waiting for the release
    cpu = time.process_time()
    started = time.perf_counter()
    release.set()
    await asyncio.gather(*tasks)
    return {
        "wall": time.perf_counter() - started,
        "client_cpu": time.process_time() - cpu,
        "results": results,
    }


def client_main(spec: str) -> None:
    import asyncio
    import json

    print(json.dumps(asyncio.run(_burst(json.loads(spec)))))


def bench_bookings(ports: list[int], learners: int, in_flight: int) -> dict:
    import json
    from collections import Counter

    from learning.models import Booking, Session

    _index, courses = WORLD
    sessions = make_sessions(courses[0], SESSIONS, capacity=SEATS, start_in_days=3)
    people = make_learners(learners, "http")
    cookies = [login_cookie(person) for person in people]
    csrf = secrets.token_hex(16)  # 32 characters: Django accepts an unmasked secret in both places
    # The proxy in front of the workers admits `in_flight` requests at once; the rest queue. Each
    # request in a worker holds one PostgreSQL connection, and the server allows 100 in all.
    warm_session = make_sessions(courses[0], 1, capacity=SEATS, start_in_days=9)[0]
    warm_cookies = [login_cookie(person) for person in make_learners(4 * len(ports), "warm")]
    spec = {
        "warmup": [
            (ports[n % len(ports)], warm_session.pk, cookie)
            for n, cookie in enumerate(warm_cookies)
        ],
        "learners": [
            (ports[n % len(ports)], sessions[n % SESSIONS].pk, cookies[n]) for n in range(learners)
        ],
        "csrf": csrf,
        "in_flight": in_flight,
    }
    # the client in its own process (asyncio, one thread): its CPU is its own and is reported
    done = subprocess.run(
        [sys.executable, __file__, "--client", json.dumps(spec)],
        capture_output=True,
        text=True,
        timeout=REQUEST_TIMEOUT + 60,
        check=True,
    )
    burst = json.loads(done.stdout)
    done_results = [tuple(r) for r in burst["results"] if r is not None]
    failed = [r for r in done_results if r[1] != 200]
    outcomes = Counter(json.loads(r[2]).get("status") for r in done_results if r[1] == 200)
    counted = Session.objects.filter(pk__in=[s.pk for s in sessions]).with_counts()
    over = [s.pk for s in counted if s.seats_taken > s.capacity]
    confirmed = Booking.objects.filter(session__in=sessions, status="confirmed").count()
    return {
        "wall": burst["wall"],
        "client_cpu": burst["client_cpu"],
        "latencies": [r[0] for r in done_results],
        "failed": failed,
        "outcomes": outcomes,
        "over": over,
        "confirmed": confirmed,
        "expected_confirmed": min(learners, SESSIONS * SEATS),
        "answered": len(done_results),
    }


def bench_baseline_bookings(learners: int) -> float:
    """The same number of bookings through the service, in-process, sequentially."""
    from learning import booking

    _index, courses = WORLD
    sessions = make_sessions(courses[1], SESSIONS, capacity=SEATS, start_in_days=40)
    people = make_learners(learners, "inproc")
    started = time.perf_counter()
    for n, person in enumerate(people):
        booking.book(person, sessions[n % SESSIONS])
    return learners / (time.perf_counter() - started)


def schedule_latencies(port: int, path: str, requests: int) -> list[float]:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}{path}", timeout=REQUEST_TIMEOUT
        ) as response:
            response.read()
        timings.append(time.perf_counter() - started)
    return timings


def schedule_queries(path: str) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    # the page's own queries: without the page cache (a reader after a booking gets these)
    with override_settings(PAGE_CACHE_TIMEOUT=0):
        client.get(path)  # warm the caches every page shares (site root paths, menu)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    assert response.status_code == 200, response.status_code
    return len(captured)


def bench_schedule(port: int) -> dict:
    from learning.models import Session

    index, courses = WORLD
    Session.objects.all().delete()
    path = index.url
    make_sessions(courses[0], 10, capacity=SEATS)
    small = {
        "queries": schedule_queries(path),
        "latencies": schedule_latencies(port, path, SCHEDULE_REQUESTS),
    }
    make_sessions(courses[1], SCHEDULE_SESSIONS - 10, capacity=SEATS, start_in_days=5)
    assert Session.objects.upcoming().count() == SCHEDULE_SESSIONS
    large = {
        "queries": schedule_queries(path),
        "latencies": schedule_latencies(port, path, SCHEDULE_REQUESTS),
    }
    return {"small": small, "large": large}


WORLD: tuple = ()


def main() -> int:
    global WORLD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, default=2, help="uvicorn processes (default 2, one per core)"
    )
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument(
        "--in-flight",
        type=int,
        default=32,
        help="requests admitted at once, as a proxy would (default 32; PostgreSQL allows 100 connections)",
    )
    from servers import add_arguments, machine

    parser.add_argument("--client", help=argparse.SUPPRESS)
    add_arguments(parser)
    args = parser.parse_args()
    if args.client:
        client_main(args.client)
        return 0

    url = server_url()
    name = f"{args.db_prefix}_{os.getpid()}"
    try:
        admin = admin_connection(url)
    except Exception as exc:  # no server: the bench cannot run here
        print(f"skipped: PostgreSQL is not reachable ({exc.__class__.__name__})")
        return 0
    admin.execute(f'CREATE DATABASE "{name}"')
    workers: list[subprocess.Popen] = []
    log_dir = Path(os.environ.get("TMPDIR", "/tmp")) / name
    log_dir.mkdir(exist_ok=True)
    try:
        database_url = with_database(url, name)
        setup_django(database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        WORLD = make_world()
        ports, workers = start_workers(args.workers, database_url, log_dir, args.port_base)
        layer = "Redis" if os.environ.get("REDIS_URL") else "in-memory"
        print(
            f"bench/booking.py: {args.workers} uvicorn worker(s), DEBUG=0, PostgreSQL, {layer} channel layer, "
            f"database pool {os.environ.get('DATABASE_POOL_MAX_SIZE') or 'default'}; {machine()} at start"
        )

        baseline = bench_baseline_bookings(args.learners)
        result = bench_bookings(ports, args.learners, args.in_flight)
        lat = result["latencies"]
        rate = result["answered"] / result["wall"]
        print(
            f"\n== ({machine()}) {args.learners} learners press Book at once: {SESSIONS} sessions × {SEATS} seats over HTTP, "
            f"{args.in_flight} requests admitted at a time"
        )
        print(
            f"  bookings/s              {rate:8.1f}    baseline (in-process service, sequential): {baseline:.1f}/s"
        )
        print(
            f"  load client CPU         {result['client_cpu'] * 1000:6.0f} ms over a {result['wall'] * 1000:.0f} ms burst "
            "(asyncio, one thread, its own process)"
        )
        print(
            f"  latency p50 / p95 / max {percentile(lat, 0.5) * 1000:6.0f} / {percentile(lat, 0.95) * 1000:.0f} / "
            f"{max(lat) * 1000:.0f} ms"
        )
        print(
            f"  outcomes                {dict(result['outcomes'])}; non-200 answers: {len(result['failed'])}"
        )
        p95 = percentile(lat, 0.95) * 1000
        print(
            f"  target                  p95 < {TARGET_BURST_P95_MS} ms and bookings/s ≥ baseline: "
            f"{'OK' if p95 < TARGET_BURST_P95_MS and rate >= baseline else 'MISSED'}"
        )
        for latency, status, body in result["failed"][:3]:
            print(f"    HTTP {status} after {latency * 1000:.0f} ms: {body[:300]}")
        ok_booking = (
            not result["over"]
            and not result["failed"]
            and result["confirmed"] == result["expected_confirmed"]
        )
        print(
            f"  overbooking             {len(result['over'])} sessions over capacity; "
            f"{result['confirmed']} confirmed (expected {result['expected_confirmed']})  "
            f"{'OK' if ok_booking else 'FAILED'}"
        )

        schedule = bench_schedule(ports[0])
        small, large = schedule["small"], schedule["large"]
        p95_small = percentile(small["latencies"], 0.95) * 1000
        p95_large = percentile(large["latencies"], 0.95) * 1000
        print(
            f"\n== class schedule page, {SCHEDULE_REQUESTS} requests each (one page of the schedule; "
            "HTTP with the page cache on, queries counted without it)"
        )
        print(
            f"  p95 latency, {SCHEDULE_SESSIONS} sessions  {p95_large:6.1f} ms   target < {TARGET_P95_MS} ms "
            f"{'OK' if p95_large < TARGET_P95_MS else 'MISSED'}   baseline (10 sessions): {p95_small:.1f} ms"
        )
        print(
            f"  queries, {SCHEDULE_SESSIONS} sessions      {large['queries']:6d}      target < {TARGET_QUERIES} "
            f"{'OK' if large['queries'] < TARGET_QUERIES else 'MISSED'}   baseline (10 sessions): {small['queries']}"
            f"{'  (constant)' if small['queries'] == large['queries'] else '  (GROWS)'}"
        )
        print(f"\n({machine()} at the end: figures from a busy machine read high)")
        return 0 if ok_booking else 1
    finally:
        stop_workers(workers)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django never started: nothing to close
            pass
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


if __name__ == "__main__":
    sys.exit(main())
