"""A site running the previous main (before the class pages moved from cms to learning)
upgrades to this code and keeps every class page, URL, booking and revision.

The previous main is taken from git history (`git archive`), migrated and filled with the
demo data, extra bookings in each state and page revisions by its own code, in a subprocess;
then the current code migrates the same database and the two records must agree, and every
class page must still answer 200. SQLite always; PostgreSQL too when DATABASE_URL names it
(a database `<name>_mig` beside it, dropped afterwards).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
PREVIOUS_MAIN = "52af618"  # the last main with ClassIndexPage/CoursePage in cms
PROBE = ROOT / "tests" / "upgrade" / "probe.py"
STEP_TIMEOUT = 900

pytestmark = pytest.mark.slow


def _previous_main_available() -> bool:
    if shutil.which("git") is None:
        return False
    found = subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{PREVIOUS_MAIN}^{{commit}}"],
        capture_output=True,
    )
    return found.returncode == 0


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.fixture(scope="module")
def previous_main(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not _previous_main_available():
        pytest.skip(f"git history without commit {PREVIOUS_MAIN} (a shallow clone?)")
    tree = tmp_path_factory.mktemp("previous-main")
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", PREVIOUS_MAIN],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    assert (tree / "cms" / "models.py").exists()
    return tree


@pytest.fixture
def probe(tmp_path: Path) -> Path:
    # Outside every checkout: run from tests/, `import cms` would find tests/cms.
    copy = tmp_path / "probe" / "probe.py"
    copy.parent.mkdir()
    shutil.copy(PROBE, copy)
    return copy


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL: DATABASE_URL does not name a PostgreSQL database")
    import psycopg

    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/')}_mig"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(tree: Path, database_url: str, *args: str) -> str:
    """One step in `tree`'s code against the database; fails with the step's own output."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "PYTHONPATH")}
    # In-memory cache and channel layer: the steps share nothing with the running suite.
    env.update(
        DATABASE_URL=database_url, DEBUG="1", PYTHONPATH=f"{tree / 'site'}{os.pathsep}{tree}"
    )
    done = subprocess.run(
        [sys.executable, *args],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT,
    )
    assert done.returncode == 0, (
        f"{' '.join(args)} in {tree} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    return done.stdout


def test_upgrading_the_previous_main_keeps_class_pages_urls_bookings_and_revisions(
    previous_main: Path, probe: Path, database_url: str, tmp_path: Path
) -> None:
    before_file, after_file = tmp_path / "before.json", tmp_path / "after.json"
    _run(previous_main, database_url, "manage.py", "migrate", "--noinput", "-v0")
    _run(previous_main, database_url, "manage.py", "load_demo")
    _run(previous_main, database_url, str(probe), "create")
    _run(previous_main, database_url, str(probe), "record", str(before_file))

    migrated = _run(ROOT, database_url, "manage.py", "migrate", "--noinput")
    assert "learning.0003_class_pages_from_cms" in migrated  # the move ran on this database
    _run(ROOT, database_url, str(probe), "record", str(after_file))
    rendered = _run(ROOT, database_url, str(probe), "render", str(after_file))
    redirected = _run(
        ROOT, database_url, str(probe), "redirects", str(before_file), str(after_file)
    )

    before = json.loads(before_file.read_text(encoding="utf-8"))
    after = json.loads(after_file.read_text(encoding="utf-8"))

    # The old site really had what the upgrade must keep (else the test proves nothing).
    class_pages = {
        pk: page
        for pk, page in before["pages"].items()
        if page["model"] in ("ClassIndexPage", "CoursePage")
    }
    assert len(class_pages) >= 2 and all(p["app"] == "cms" for p in class_pages.values())
    assert all(len(p["revisions"]) >= 2 for p in class_pages.values())
    assert len(before["learning_rows"]["Booking"]) >= 8

    assert after["pages"].keys() == before["pages"].keys()
    # Japanese slugs became romaji (ASCII slugs); every other page keeps its URL.
    renamed = {pk for pk, page in before["pages"].items() if not page["fields"]["slug"].isascii()}
    assert renamed, "the old site had no page with a Japanese slug (the probe makes one)"
    for pk, old in before["pages"].items():
        new = after["pages"][pk]
        assert new["app"] == ("learning" if pk in class_pages else old["app"]), pk
        url_keys = () if pk in renamed else ("url_path", "url")
        for key in (*url_keys, "model", "live", "m2m", "revisions"):
            assert new[key] == old[key], (pk, key)
        assert new["latest_revision_id"] == old["latest_revision_id"], pk
        assert new["live_revision_id"] == old["live_revision_id"], pk
        # Every field the old page had is there with the same value (new fields may be added).
        moved = {"slug", "url_path"} if pk in renamed else set()
        kept = [f for f in old["fields"] if f not in moved]
        assert {f: new["fields"].get(f) for f in kept} == {f: old["fields"][f] for f in kept}, pk
        if pk in renamed:
            assert new["fields"]["slug"].isascii() and new["fields"]["slug"], pk
            # The old URL answers 301 to the new one, which answers 200.
            assert f"{old['url']} 301 {new['url']}" in redirected, redirected
            assert f"{new['url']} 200" in redirected, redirected

    for model, rows in before["learning_rows"].items():
        new_rows = after["learning_rows"][model]
        assert [{f: r.get(f) for f in old} for r, old in zip(new_rows, rows, strict=True)] == rows

    for pk in class_pages:  # at their URL after the upgrade (a renamed one's old URL redirects)
        assert f"{after['pages'][pk]['url']} 200" in rendered
