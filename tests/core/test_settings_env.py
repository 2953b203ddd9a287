"""Settings come from the environment; bad values fail loudly with a clear message."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env


def test_unset_database_url_means_a_local_sqlite_file():
    config = env.database_from_url(None, default_sqlite_path="/tmp/x.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/tmp/x.sqlite3"
    assert config["CONN_MAX_AGE"] == 0


def test_postgres_url_is_parsed_without_persistent_connections():
    config = env.database_from_url("postgres://postgres@127.0.0.1:5432/nl", default_sqlite_path="x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "127.0.0.1",
        5432,
        "nl",
        "postgres",
    )
    assert config["CONN_MAX_AGE"] == 0


@pytest.mark.parametrize(
    "url, words",
    [
        ("mongodb://localhost/db", "unknown scheme 'mongodb'"),
        ("not a url", "unknown scheme"),
        ("postgres://postgres@127.0.0.1:5432", "names no database"),
    ],
)
def test_bad_database_url_gives_a_clear_error(url, words):
    with pytest.raises(ImproperlyConfigured, match=words):
        env.database_from_url(url, default_sqlite_path="x")


def test_redis_url_selects_redis_channel_layer_and_cache():
    layers = env.channel_layers_from_url("redis://127.0.0.1:6379/0", {})
    assert layers["default"]["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"
    assert layers["default"]["CONFIG"]["hosts"][0]["address"] == "redis://127.0.0.1:6379/0"
    assert env.caches_from_url("redis://127.0.0.1:6379/0")["default"]["BACKEND"].endswith(
        "RedisCache"
    )


def test_no_redis_url_means_in_memory_layer_and_local_cache():
    assert env.channel_layers_from_url(None)["default"]["BACKEND"].endswith("InMemoryChannelLayer")
    assert env.caches_from_url(None)["default"]["BACKEND"].endswith("LocMemCache")


def test_bad_redis_url_is_refused():
    with pytest.raises(ImproperlyConfigured, match="not a Redis URL"):
        env.channel_layers_from_url("http://127.0.0.1:6379")


def test_secret_key_is_required_when_debug_is_off():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        env.secret_key({}, debug=False)
    assert env.secret_key({"SECRET_KEY": "s3cret"}, debug=False) == "s3cret"
    assert env.secret_key({}, debug=True)


@pytest.mark.parametrize(
    "raw, expected", [("1", True), ("true", True), ("0", False), ("off", False)]
)
def test_env_bool_reads_yes_and_no(raw, expected):
    assert env.env_bool("DEBUG", not expected, {"DEBUG": raw}) is expected


def test_env_bool_refuses_anything_else():
    with pytest.raises(ImproperlyConfigured, match="not a yes/no value"):
        env.env_bool("DEBUG", True, {"DEBUG": "maybe"})


def test_smtp_email_only_when_host_is_set():
    assert env.email_settings({})["EMAIL_BACKEND"].endswith("console.EmailBackend")
    smtp = env.email_settings({"EMAIL_HOST": "smtp.example.org", "EMAIL_PORT": "25"})
    assert smtp["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert smtp["EMAIL_PORT"] == 25


def test_settings_module_refuses_to_start_without_key_when_not_debugging(tmp_path):
    """The real settings module, imported fresh in a child process with DEBUG=0 and no key."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
    environ.update(
        {
            "DEBUG": "0",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONPATH": f"{root / 'site'}:{root}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=environ,
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_connection_pool_is_on_by_default_with_postgres():
    url = "postgres://postgres@127.0.0.1:5432/nl"
    pool = env.database_from_url(url, default_sqlite_path="x")["OPTIONS"]["pool"]
    assert pool["max_size"] == env.DEFAULT_POOL_MAX_SIZE


def test_the_pool_size_comes_from_database_pool_max_size():
    url = "postgres://postgres@127.0.0.1:5432/nl"
    pooled = env.database_from_url(url, default_sqlite_path="x", pool_max_size="20")
    assert pooled["OPTIONS"]["pool"]["max_size"] == 20


def test_a_pool_size_of_zero_turns_the_pool_off():
    url = "postgres://postgres@127.0.0.1:5432/nl"
    config = env.database_from_url(url, default_sqlite_path="x", pool_max_size="0")
    assert "pool" not in config.get("OPTIONS", {})


def test_postgres_binds_parameters_on_the_server_unless_told_not_to(monkeypatch):
    url = "postgres://postgres@127.0.0.1:5432/nl"
    options = env.database_from_url(url, default_sqlite_path="x")["OPTIONS"]
    assert options["server_side_binding"]
    assert options["prepare_threshold"] == env.PREPARE_THRESHOLD  # Django's default is off
    monkeypatch.setenv("DATABASE_SERVER_SIDE_BINDING", "0")
    options = env.database_from_url(url, default_sqlite_path="x")["OPTIONS"]
    assert "server_side_binding" not in options and "prepare_threshold" not in options


@pytest.mark.django_db
def test_a_statement_run_often_is_prepared_on_postgresql():
    """Not only configured: the site's connection really prepares what it runs often."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's (this run uses SQLite)")
    with connection.cursor() as cursor:
        for _ in range(env.PREPARE_THRESHOLD + 1):
            cursor.execute("SELECT %s::int + 1", [41])
            assert cursor.fetchone() == (42,)
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["SELECT $1::int + 1%"],
        )
        assert cursor.fetchone() == (1,)


def test_sqlite_gets_no_pool():
    assert "pool" not in env.database_from_url(None, default_sqlite_path="x")["OPTIONS"]


@pytest.mark.parametrize(
    "url, size, words",
    [
        ("postgres://postgres@127.0.0.1:5432/nl", "lots", "whole number"),
        ("postgres://postgres@127.0.0.1:5432/nl", "-3", "0 or more"),
        (None, "5", "PostgreSQL only"),
    ],
)
def test_a_bad_pool_size_is_refused(url, size, words):
    with pytest.raises(ImproperlyConfigured, match=words):
        env.database_from_url(url, default_sqlite_path="x", pool_max_size=size)


def test_the_running_postgres_settings_use_the_pool():
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("runs on PostgreSQL (DATABASE_URL=postgres://...)")
    assert settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"] >= 1


REDIS_LAYER = {"CHANNEL_LAYER": "redis"}


def test_group_membership_expires_within_the_hour():
    config = env.channel_layers_from_url("redis://127.0.0.1:6379/0", REDIS_LAYER)["default"][
        "CONFIG"
    ]
    assert config["group_expiry"] <= 3600


def test_the_redis_pool_is_sized_beyond_the_library_default():
    for kind in ("redis", "pubsub"):
        layers = env.channel_layers_from_url("redis://h:6379/0", {"CHANNEL_LAYER": kind})
        host = layers["default"]["CONFIG"]["hosts"][0]
        assert host["max_connections"] == env.DEFAULT_REDIS_MAX_CONNECTIONS > 100
    sized = env.channel_layers_from_url(
        "redis://h:6379/0", {"REDIS_MAX_CONNECTIONS": "500", **REDIS_LAYER}
    )
    assert sized["default"]["CONFIG"]["hosts"][0]["max_connections"] == 500


def test_channel_layer_redis_selects_the_redis_channel_layer():
    layers = env.channel_layers_from_url("redis://h:6379/0", REDIS_LAYER)
    assert layers["default"]["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    with pytest.raises(ImproperlyConfigured, match="CHANNEL_LAYER"):
        env.channel_layers_from_url("redis://h:6379/0", {"CHANNEL_LAYER": "kafka"})


def _proxy_header_with(environ: dict[str, str]) -> str:
    """SECURE_PROXY_SSL_HEADER as settings.py computes it under `environ` (a fresh process)."""
    import os
    import subprocess
    import sys

    code = "import config.settings as s; print(getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    env_vars = {k: v for k, v in os.environ.items() if k != "BEHIND_PROXY"}
    env_vars.update(environ, PYTHONPATH="site:.")
    result = subprocess.run(
        [sys.executable, "-c", code], env=env_vars, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_forwarded_proto_header_is_ignored_without_a_proxy():
    assert _proxy_header_with({}) == "None"


def test_behind_a_proxy_the_forwarded_proto_header_is_trusted():
    assert _proxy_header_with({"BEHIND_PROXY": "1"}) == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_channel_layer_reads_outlast_its_blocking_pop():
    from channels_redis.core import RedisChannelLayer

    for kind in ("redis", "pubsub"):
        layers = env.channel_layers_from_url("redis://h:6379/0", {"CHANNEL_LAYER": kind})
        host = layers["default"]["CONFIG"]["hosts"][0]
        assert host["socket_timeout"] > RedisChannelLayer.brpop_timeout


def test_sqlite_connections_use_wal_a_busy_timeout_and_immediate_transactions():
    config = env.database_from_url(None, default_sqlite_path="x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] == 20
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]


def test_a_sqlite_database_url_gets_the_same_options():
    config = env.database_from_url("sqlite:////tmp/other.sqlite3", default_sqlite_path="x")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_job_worker_count_that_is_not_a_number_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="JOB_WORKERS"):
        env.env_int("JOB_WORKERS", 1, {"JOB_WORKERS": "many"}, minimum=1)
