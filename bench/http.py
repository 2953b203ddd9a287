"""Pages served to a crowd: req/s and latency at 16 concurrent readers on 2 uvicorn workers.

Measures, in one run and one after the other, the home page, a class session page with
furigana on, `/healthz`, and a static file (site.css through WhiteNoise) as the baseline:
16 keep-alive connections, alternately on the two workers' ports, each sending its next
request as soon as the last answer arrived (a closed loop), for `--seconds` per path after
a short warm-up. Target: every page at least 0.5x the static file's req/s.

The load client is an asyncio HTTP/1.1 client in a separate process (standard library
only, so its CPU is its own, not the workers'); it keeps the cookies each connection is
given (csrftoken, as a browser would) and sends no session cookie: these are anonymous
readers. Workers run on PostgreSQL and Redis when DATABASE_URL / REDIS_URL are set, else
on SQLite and in-process caches. Loopback only; ports from --port-base.

(Its name is the standard library's `http` too: each script in bench/ moves its own folder
to the end of sys.path before importing anything, so `http` is still the standard library's.)

Run from the repo root:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/9 \\
    .venv/bin/python bench/http.py --port-base 8510 --db-prefix nl_perf
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import asyncio
import json
import os
import subprocess
import time
from pathlib import Path

from servers import read_response  # bench/ is on sys.path when a script there runs

CONNECTIONS = 16
TARGET_RATIO = 0.5
WARMUP_REQUESTS = 40


# --- the load client (runs in its own process) ---------------------------------------------------


async def _connection(
    port: int, path: str, deadline: float, warmup: int, latencies: list, errors: list
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    jar: dict[str, str] = {}
    sent = 0
    try:
        while time.perf_counter() < deadline:
            cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
            request = (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                "Accept: text/html,*/*\r\nAccept-Language: ja\r\n"
                + (f"Cookie: {cookie}\r\n" if cookie else "")
                + "\r\n"
            )
            started = time.perf_counter()
            writer.write(request.encode("latin-1"))
            status, cookies, _body = await read_response(reader)
            elapsed = time.perf_counter() - started
            for pair in cookies:
                name, _, value = pair.partition("=")
                jar[name] = value
            sent += 1
            if sent <= warmup:
                continue
            if status != 200:
                errors.append(status)
            latencies.append(elapsed)
    finally:
        writer.close()


async def _load(ports: list[int], path: str, seconds: float, connections: int) -> dict:
    latencies: list[float] = []
    errors: list[int] = []
    warmup = max(1, WARMUP_REQUESTS // connections)
    # warm-up requests are not timed; the clock for the rate starts after them
    deadline = time.perf_counter() + seconds + 2.0
    tasks = [
        _connection(ports[n % len(ports)], path, deadline, warmup, latencies, errors)
        for n in range(connections)
    ]
    started = time.perf_counter()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    wall = time.perf_counter() - started
    failures = [repr(r) for r in results if isinstance(r, BaseException)]
    return {
        "latencies": latencies,
        "errors": errors,
        "failures": failures,
        "wall": wall,
    }


def client_main(spec: str) -> None:
    args = json.loads(spec)
    result = asyncio.run(_load(args["ports"], args["path"], args["seconds"], args["connections"]))
    print(json.dumps(result))


# --- the bench ----------------------------------------------------------------------------------


def run_client(ports: list[int], path: str, seconds: float) -> dict:
    spec = json.dumps(
        {"ports": ports, "path": path, "seconds": seconds, "connections": CONNECTIONS}
    )
    done = subprocess.run(
        [sys.executable, __file__, "--client", spec],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    )
    result = json.loads(done.stdout)
    # the rate: answered requests over the time the timed part took (the whole run minus the
    # untimed warm-up, which is short and counted in the wall: this reads slightly low)
    result["rate"] = len(result["latencies"]) / max(result["wall"], 1e-9)
    return result


def make_pages() -> dict[str, str]:
    """The paths measured: home, a class session page (furigana on by default), healthz, static."""
    import booking as world_builder
    from wagtail.models import Site

    _index, courses = world_builder.make_world()
    session = world_builder.make_sessions(courses[0], 5, capacity=15)[0]
    home = Site.objects.get(is_default_site=True).root_page
    return {
        "home page": home.url or "/",
        "class page, furigana on": f"/learning/sessions/{session.pk}/",
        "/healthz": "/healthz",
        "static file (baseline)": "/static/css/site.css",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="timed seconds per path")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--client", help=argparse.SUPPRESS)
    from servers import (
        Database,
        add_arguments,
        error_lines,
        machine,
        migrate,
        percentile,
        ports_for,
        setup_django,
        start_workers,
        stop_workers,
    )

    add_arguments(parser)
    args = parser.parse_args()
    if args.client:
        client_main(args.client)
        return 0

    database = Database(args.db_prefix)
    workers = []
    log_dir = Path(os.environ.get("TMPDIR", "/tmp")) / database.name
    log_dir.mkdir(exist_ok=True)
    try:
        setup_django(database.url)
        migrate()
        paths = make_pages()
        ports = ports_for(args.workers, args.port_base)
        workers = start_workers(ports, database.url, log_dir)
        layer = "Redis" if os.environ.get("REDIS_URL") else "in-process"
        print(
            f"bench/http.py: {args.workers} uvicorn workers (DEBUG=0, {database.vendor}, {layer} "
            f"cache and channel layer), {CONNECTIONS} keep-alive readers alternating between "
            f"ports {ports}, {args.seconds:.0f} s per path after a warm-up; asyncio client in its "
            f"own process. {machine()} at start"
        )
        results = {label: run_client(ports, path, args.seconds) for label, path in paths.items()}
        static_rate = results["static file (baseline)"]["rate"]
        print(
            f"\n  {'path':28s} {'req/s':>8s} {'p50 ms':>8s} {'p95 ms':>8s} {'errors':>7s}  ×static"
        )
        ok = True
        for label, result in results.items():
            lat = result["latencies"]
            ratio = result["rate"] / static_rate if static_rate else float("nan")
            is_base = label.startswith("static")
            verdict = "" if is_base else ("OK" if ratio >= TARGET_RATIO else "MISSED")
            ok = ok and (is_base or ratio >= TARGET_RATIO)
            errors = len(result["errors"]) + len(result["failures"])
            print(
                f"  {label:28s} {result['rate']:8.1f} {percentile(lat, 0.5) * 1000:8.1f} "
                f"{percentile(lat, 0.95) * 1000:8.1f} {errors:7d}  {ratio:5.2f}  {verdict}"
            )
        print(
            f"\n  target: each page ≥ {TARGET_RATIO}× the static file's req/s. {machine()} at the end"
        )
        problems = error_lines(log_dir)
        if problems:
            print(f"  worker log errors: {len(problems)}; first: {problems[0][:200]}")
        return 0 if ok else 1
    finally:
        stop_workers(workers)
        database.drop()


if __name__ == "__main__":
    sys.exit(main())
