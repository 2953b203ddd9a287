"""Shared plumbing of the live-server benches: a throw-away database and ASGI workers.

Each bench creates its own database (name from `--db-prefix`, default `nihongo_link_bench`,
plus the process id) on DATABASE_URL's server, migrates it, starts uvicorn workers (the production server, `server_command`) on
127.0.0.1 (ports from `--port-base`, default: any free port), and drops the database at the
end. Redis is used when REDIS_URL is set. Nothing listens beyond the loopback.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 90
LISTEN_BACKLOG = 2048

# Production settings, as a deployment runs them: DEBUG off (cached templates, no query log),
# static files collected into staticfiles/.
PRODUCTION_ENV = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_COOKIES": "0",
    "SECURE_SSL_REDIRECT": "0",  # plain HTTP on the loopback, no TLS proxy in front
    "LOG_LEVEL": "ERROR",
}


def machine() -> str:
    """What every figure is printed beside: the cores and the load of a shared machine."""
    one, five, _fifteen = os.getloadavg()
    return f"nproc {os.cpu_count()}, load average {one:.2f} / {five:.2f}"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def add_arguments(parser) -> None:
    parser.add_argument(
        "--port-base",
        type=int,
        default=int(os.environ.get("BENCH_PORT_BASE", "0")),
        help="first port of the workers (default: free ports; env BENCH_PORT_BASE)",
    )
    parser.add_argument(
        "--db-prefix",
        default=os.environ.get("BENCH_DB_PREFIX", "nihongo_link_bench"),
        help="name prefix of the throw-away database (env BENCH_DB_PREFIX)",
    )


def ports_for(count: int, base: int) -> list[int]:
    if base:
        return [base + n for n in range(count)]
    ports = []
    for _ in range(count):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            ports.append(sock.getsockname()[1])
    return ports


def database_url() -> str | None:
    """DATABASE_URL when it names PostgreSQL, else None (the bench then uses SQLite)."""
    url = os.environ.get("DATABASE_URL")
    if url and url.startswith(("postgres://", "postgresql://")):
        return url
    return None


def admin_connection(url: str):
    import psycopg

    parsed = urlparse(url)
    return psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    )


def with_database(url: str, name: str) -> str:
    return urlparse(url)._replace(path=f"/{name}").geturl()


class Database:
    """A fresh database for one bench run: PostgreSQL when DATABASE_URL says so, else SQLite."""

    def __init__(self, prefix: str) -> None:
        self.name = f"{prefix}_{os.getpid()}"
        self.server = database_url()
        self.admin = None
        if self.server:
            self.admin = admin_connection(self.server)
            self.admin.execute(f'CREATE DATABASE "{self.name}"')
            self.url = with_database(self.server, self.name)
            self.vendor = "PostgreSQL"
        else:
            path = Path(os.environ.get("TMPDIR", "/tmp")) / f"{self.name}.sqlite3"
            self.url = f"sqlite:///{path}"
            self.path = path
            self.vendor = "SQLite"

    def drop(self) -> None:
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # Django never started: nothing to close
            pass
        if self.admin is not None:
            self.admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.close()
        else:
            self.path.unlink(missing_ok=True)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.update(PRODUCTION_ENV)
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(40))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # first: bench/ (the script's folder) holds modules named like the apps (matching.py)
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)


def server_command(port: int, host: str = "127.0.0.1") -> list[str]:
    """The production ASGI server as the README runs it: uvicorn (httptools, uvloop,
    websockets), a listen backlog for a crowd reconnecting at once, no lifespan (Django has
    none), WebSocket frames capped well above the consumers' own limit, a bounded graceful
    stop, and no access log (the proxy in front keeps it)."""
    return [
        str(Path(sys.executable).with_name("uvicorn")),
        "config.asgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--backlog",
        str(LISTEN_BACKLOG),
        "--lifespan",
        "off",
        "--ws-max-size",
        "65536",
        "--timeout-graceful-shutdown",
        "5",
        "--no-access-log",
    ]


def start_workers(
    ports: list[int], database_url: str, log_dir: Path, extra_env: dict | None = None
) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        **PRODUCTION_ENV,
        **(extra_env or {}),
        "DATABASE_URL": database_url,
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    workers = []
    for port in ports:
        log = open(log_dir / f"worker-{port}.log", "wb")  # noqa: SIM115 - closed with the process
        workers.append(
            subprocess.Popen(
                server_command(port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        )
    for port, worker in zip(ports, workers, strict=True):
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if worker.poll() is not None:
                stop_workers(workers)
                raise SystemExit(f"the worker on {port} exited; see {log_dir}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    break
            except urllib.error.HTTPError:
                break  # it answers (503 while a part is down is still an answer)
            except OSError:
                if time.monotonic() > deadline:
                    stop_workers(workers)
                    raise SystemExit(
                        f"the worker on {port} did not start in {START_TIMEOUT}s"
                    ) from None
                time.sleep(0.3)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


def error_lines(log_dir: Path) -> list[str]:
    """Lines of the workers' logs that report an error or a traceback."""
    found = []
    for log in sorted(log_dir.glob("worker-*.log")):
        for line in log.read_text(errors="replace").splitlines():
            if any(word in line for word in ("Traceback", "ERROR", "Error", "Exception")):
                found.append(f"{log.name}: {line}")
    return found


# --- a small asyncio HTTP/1.1 client (standard library only), for load clients ------------------


async def read_response(reader) -> tuple[int, list[str], bytes]:
    """(status, Set-Cookie name=value pairs, body) of one response on a keep-alive connection."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("connection closed")
    status = int(status_line.split()[1])
    length = None
    chunked = False
    cookies = []
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        value = value.strip()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
        elif name == "set-cookie":
            cookies.append(value.split(";", 1)[0])
    body = b""
    if chunked:
        parts = []
        while True:
            size = int((await reader.readline()).strip(), 16)
            parts.append((await reader.readexactly(size + 2))[:-2])
            if size == 0:
                break
        body = b"".join(parts)
    elif length is not None:
        body = await reader.readexactly(length)
    return status, cookies, body
