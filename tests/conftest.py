"""Fixtures shared by the whole suite: users with roles, the backends in use, browser helpers."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import UserFactory


def pytest_report_header(config):
    layer = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    cache = settings.CACHES["default"]["BACKEND"]
    return [
        f"database backend: {connection.vendor} ({settings.DATABASES['default']['ENGINE']})",
        f"channel layer: {layer}",
        f"cache: {cache}",
    ]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Transactional tests restore the migrated data (site root, home page, role groups).

    A transactional test ends with a flush that empties every table, including the rows data
    migrations created; serialized rollback puts them back for the next test.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
            name in item.fixturenames for name in ("live_server", "transactional_db")
        )
        if transactional:
            kwargs = dict(marker.kwargs) if marker is not None else {}
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)


requires_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks (select_for_update); set DATABASE_URL=postgres://… to run",
)
requires_redis = pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs Redis: set REDIS_URL=redis://127.0.0.1:6379/0 to run"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache (the Redis cache outlives a test otherwise)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fresh_health_checks(settings):
    """Every /healthz in a test checks anew (a test stops a service and expects a 503 at once)."""
    settings.HEALTH_CHECK_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def learner(db):
    return UserFactory(roles=["learner"])


@pytest.fixture
def volunteer(db):
    return UserFactory(roles=["volunteer"])


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinator"])


@pytest.fixture
def editor(db):
    return UserFactory(roles=["editor"])
