"""Production settings: `check --deploy` clean, security headers, /healthz detail, demo data,
least privilege in the admin.

Before: check --deploy warned (no HSTS, X-Frame-Options not DENY, no CSP, no
Permissions-Policy); /healthz showed anonymous callers the database vendor, timings and driver
errors; load_demo ran under DEBUG=0 with passwords in the source; coordinators could list
every account in /admin/users/.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config.security import ONE_YEAR, security_settings
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra: str) -> dict[str, str]:
    """Only the variables the README's production checklist requires."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "nihongo.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/nihongo_link",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    env.update(extra)
    return env


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_only_the_production_variables_reports_no_issue():
    result = run_manage("check", "--deploy", env=production_env())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


def test_check_deploy_warns_when_the_csp_is_taken_out():
    """The project's own deploy checks can fail: without CSP they name the problem."""
    from django.test import override_settings

    from core.security import W_CSP, check_security_headers

    with override_settings(CONTENT_SECURITY_POLICY={}):
        assert [m.id for m in check_security_headers()] == [W_CSP]


def test_secure_defaults_whenever_debug_is_off():
    values = security_settings({}, debug=False)
    assert values["SECURE_HSTS_SECONDS"] == ONE_YEAR
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # only trusted when BEHIND_PROXY=1


def test_each_default_is_overridable_by_its_variable():
    values = security_settings(
        {
            "SECURE_HSTS_SECONDS": "0",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "BEHIND_PROXY": "1",
            "SECURE_HSTS_PRELOAD": "0",
        },
        debug=False,
    )
    assert values["SECURE_HSTS_SECONDS"] == 0 and values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False and values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_a_laptop_is_not_redirected_to_https():
    values = security_settings({}, debug=True)
    assert values["SECURE_SSL_REDIRECT"] is False and values["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.django_db
def test_reader_pages_carry_a_strict_csp_and_permissions_policy(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "'unsafe-inline'" not in csp
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_inline_script_that_stays_carries_the_pages_nonce(client, volunteer):
    client.force_login(volunteer)
    response = client.get("/matching/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in response.content.decode()


@pytest.mark.django_db
def test_the_wagtail_admin_gets_its_own_policy_and_still_works(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" in csp and "nonce-" not in csp
    assert "frame-ancestors 'self'" in csp


@pytest.mark.django_db
def test_healthz_tells_anonymous_callers_only_ok_or_error(client):
    body = client.get("/healthz").json()
    assert body == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_shows_the_detail_to_staff(client):
    client.force_login(UserFactory(is_staff=True))
    body = client.get("/healthz").json()
    assert body["database"]["ok"] and "vendor" in body["database"]


@pytest.mark.django_db
def test_healthz_shows_the_detail_with_the_token_and_not_with_a_wrong_one(client, settings):
    settings.HEALTHZ_TOKEN = "a-long-random-token"
    assert "database" in client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="a-long-random-token").json()
    assert "database" in client.get("/healthz?token=a-long-random-token").json()
    assert "database" not in client.get("/healthz", HTTP_X_HEALTHZ_TOKEN="wrong").json()


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=StringIO())


@pytest.mark.django_db
def test_load_demo_with_force_prints_random_passwords_once(settings, client):
    settings.DEBUG = False
    out = StringIO()
    call_command("load_demo", "--force", stdout=out)
    first = out.getvalue()
    match = re.search(r"learner@example\.com\s+(\S+)", first)
    password = match.group(1)
    assert len(password) >= 16
    response = client.post(
        "/accounts/login/", {"login": "learner@example.com", "password": password}
    )
    assert response.status_code == 302
    again = StringIO()
    call_command("load_demo", "--force", stdout=again)
    assert password not in again.getvalue()


def test_no_demo_password_lives_in_the_source():
    source = (ROOT / "site" / "core" / "demo.py").read_text()
    assert not re.search(r"demo-\w+-pass", source)


@pytest.mark.django_db
def test_a_coordinator_cannot_list_the_users(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/users/").status_code in (302, 403)
    assert "/admin/users/" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_a_superuser_still_can(admin_client):
    assert admin_client.get("/admin/users/").status_code == 200
