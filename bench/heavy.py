"""/healthz latency while 4 checker requests of the maximal size (20,000 characters) run.

Starts the ASGI server (as bench/memory.py does: a temp database with the demo data) and measures
/healthz, one request every 50 ms, first with nothing else running (the baseline), then while
4 editors post 20,000-character texts to the checker at once. Target: /healthz under 100 ms
(p95 and max) during the load.

Runs the server twice, so the same run shows what the process pool buys:
  pool       the checker in core.offload's worker process (HEAVY_WORK_PROCESSES=1, default)
  in-thread  the analysis in the request's thread (HEAVY_WORK_PROCESSES=0, as before)

Run from the repo root: .venv/bin/python bench/heavy.py [--port 8110] [--jobs 4]
"""

from __future__ import annotations

import sys

# bench/http.py is a bench script, not the standard library's `http`: Python puts a script's
# folder first on the import path, so move it last (bench modules still import, after stdlib)
sys.path.append(sys.path.pop(0))

import argparse
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from memory import (  # noqa: E402 - the bench directory is not a package
    CHECK_TEXT,
    drop_database,
    make_database,
    prepare,
    requests_to_send,
    send,
    server_env,
    start_server,
    stop_server,
)

MAX_CHARS = 20_000
TARGET_MS = 100
SAMPLE_EVERY = 0.05


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def sample_healthz(port: int, stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        _, seconds = send(port, ("GET", "/healthz", None, {}))
        out.append(seconds * 1000)
        time.sleep(SAMPLE_EVERY)


def measure(port: int, checker: tuple, jobs: int) -> dict:
    quiet: list[float] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_healthz, args=(port, stop, quiet))
    sampler.start()
    time.sleep(2)
    stop.set()
    sampler.join()

    loaded: list[float] = []
    results: list[tuple[int, float]] = []
    stop = threading.Event()
    sampler = threading.Thread(target=sample_healthz, args=(port, stop, loaded))
    workers = [
        threading.Thread(target=lambda: results.append(send(port, checker))) for _ in range(jobs)
    ]
    sampler.start()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    sampler.join()
    return {"quiet": quiet, "loaded": loaded, "checker": results}


def report(label: str, figures: dict) -> bool:
    q, ld = figures["quiet"], figures["loaded"]
    statuses: dict[int, int] = {}
    for status, _ in figures["checker"]:
        statuses[status] = statuses.get(status, 0) + 1
    slowest = max(s for _, s in figures["checker"])
    print(
        f"{label:9}  /healthz quiet: p50 {percentile(q, 0.5):.1f} ms, max {max(q):.1f} ms | "
        f"during the checker: p50 {percentile(ld, 0.5):.1f} ms, p95 {percentile(ld, 0.95):.1f} ms, "
        f"max {max(ld):.1f} ms ({len(ld)} samples) | checker statuses {statuses}, "
        f"slowest {slowest:.1f} s"
    )
    return percentile(ld, 0.95) < TARGET_MS and max(ld) < TARGET_MS


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8110)
    parser.add_argument("--jobs", type=int, default=4)
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="nl-bench-heavy-"))
    database_url, pg_name = make_database(tmp)
    try:
        env = server_env(database_url, None)
        prepare(env)
        method, path, _, headers = requests_to_send(database_url, env)[-1]  # the checker
        text = (CHECK_TEXT * (MAX_CHARS // len(CHECK_TEXT) + 1))[:MAX_CHARS]
        body = json.dumps({"target": "N4", "segments": [{"id": "body", "text": text}]}).encode()
        checker = (method, path, body, headers)
        print(
            f"cores: {os.cpu_count()}, load average: "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; {args.jobs} checker requests "
            f"of {len(text):,} characters at once; target /healthz < {TARGET_MS} ms"
        )
        passed = True
        for label, processes in (("pool", "1"), ("in-thread", "0")):
            server = start_server(
                args.port, env | {"HEAVY_WORK_PROCESSES": processes}, tmp / f"{label}.log"
            )
            try:
                send(args.port, checker)  # warm: the worker process and the first analysis
                figures = measure(args.port, checker, args.jobs)
            finally:
                stop_server(server)
            ok = report(label, figures)
            if label == "pool":
                passed = ok
        print("target met" if passed else "target MISSED (pool)")
        return 0 if passed else 1
    finally:
        drop_database(pg_name)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
