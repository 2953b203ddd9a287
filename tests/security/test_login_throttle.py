"""Login throttling on every login path: attackers slowed, the owner never locked out.

Before: five failures on /accounts/login/ locked the account for everyone (its owner too) and
/admin/login/ had no throttle at all (250 wrong passwords, then the right one logged in).
"""

from __future__ import annotations

import pytest
from django.test import Client

from core import throttle
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

OWNER_IP = "192.0.2.10"
WRONG = "not the password"


def allauth_login(client: Client, email: str, password: str, ip: str):
    return client.post("/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=ip)


def admin_login(client: Client, email: str, password: str, ip: str):
    return client.post("/admin/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def owner(db):
    return UserFactory(roles=["coordinator"], email="coordinator@example.com")


@pytest.fixture
def owner_known_address(owner):
    """The owner signed in from their usual address before (the office, their phone)."""
    client = Client()
    assert allauth_login(client, owner.email, DEFAULT_PASSWORD, OWNER_IP).status_code == 302
    return OWNER_IP


def attacker_ip(n: int) -> str:
    return f"198.51.{n // 250}.{n % 250 + 1}"


def test_an_attacker_rotating_addresses_cannot_keep_the_owner_out_of_allauth_login(
    owner, owner_known_address
):
    attacker = Client()
    for n in range(60):
        allauth_login(attacker, owner.email, WRONG, attacker_ip(n))
    for _ in range(10):  # and many from one address
        allauth_login(attacker, owner.email, WRONG, attacker_ip(999))
    client = Client()
    response = allauth_login(client, owner.email, DEFAULT_PASSWORD, owner_known_address)
    assert response.status_code == 302 and logged_in(client)


def test_an_attacker_rotating_addresses_cannot_keep_the_owner_out_of_the_admin(
    owner, owner_known_address
):
    attacker = Client()
    for n in range(60):
        admin_login(attacker, owner.email, WRONG, attacker_ip(n))
    client = Client()
    response = admin_login(client, owner.email, DEFAULT_PASSWORD, owner_known_address)
    assert response.status_code == 302 and logged_in(client)


def test_five_failures_from_one_address_slow_that_address_even_with_the_right_password(owner):
    attacker = Client()
    for _ in range(5):
        allauth_login(attacker, owner.email, WRONG, attacker_ip(1))
    response = allauth_login(attacker, owner.email, DEFAULT_PASSWORD, attacker_ip(1))
    assert response.status_code == 200 and not logged_in(attacker)
    # Another address is not affected by that one's failures.
    client = Client()
    assert allauth_login(client, owner.email, DEFAULT_PASSWORD, attacker_ip(2)).status_code == 302


def test_failures_on_one_account_from_many_addresses_slow_down_every_unknown_address(owner):
    attacker = Client()
    for n in range(25):  # one try per address: no single address reaches its own limit
        allauth_login(attacker, owner.email, WRONG, attacker_ip(n))
    fresh = Client()
    response = allauth_login(fresh, owner.email, DEFAULT_PASSWORD, attacker_ip(500))
    assert response.status_code == 200 and not logged_in(fresh)
    wait = throttle.login_wait_seconds(owner.email, attacker_ip(500))
    assert wait > 0


def test_the_admin_login_slows_down_a_brute_force(owner):
    attacker = Client()
    for _ in range(30):
        admin_login(attacker, owner.email, WRONG, attacker_ip(7))
    response = admin_login(attacker, owner.email, DEFAULT_PASSWORD, attacker_ip(7))
    assert response.status_code == 200 and not logged_in(attacker)
    errors = response.context["form"].non_field_errors()
    assert any("wait" in str(e) or "待って" in str(e) for e in errors)


def test_the_allauth_login_says_how_long_to_wait(owner):
    attacker = Client()
    for _ in range(5):
        allauth_login(attacker, owner.email, WRONG, attacker_ip(3))
    response = attacker.post(
        "/en/accounts/login/",
        {"login": owner.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR=attacker_ip(3),
    )
    assert "Too many failed sign-ins" in response.content.decode()


def test_the_delay_doubles_with_each_further_failure_and_ends():
    account, ip, now = "someone@example.com", "203.0.113.5", 1_000_000.0
    for _ in range(5):
        throttle.record_login_failure(account, ip, now=now)
    assert throttle.login_wait_seconds(account, ip, now=now) == 30
    throttle.record_login_failure(account, ip, now=now)
    assert throttle.login_wait_seconds(account, ip, now=now) == 60
    assert throttle.login_wait_seconds(account, ip, now=now + 61) == 0


def test_the_delay_never_exceeds_the_cap(settings):
    account, ip, now = "someone@example.com", "203.0.113.6", 1_000_000.0
    for _ in range(40):
        throttle.record_login_failure(account, ip, now=now)
    assert throttle.login_wait_seconds(account, ip, now=now) == settings.LOGIN_MAX_DELAY


def test_email_case_does_not_give_an_attacker_a_fresh_counter(owner):
    attacker = Client()
    for n in range(5):
        variant = owner.email.upper() if n % 2 else owner.email
        allauth_login(attacker, variant, WRONG, attacker_ip(4))
    assert throttle.login_wait_seconds(owner.email, attacker_ip(4)) > 0


def test_sessions_signed_in_through_model_backend_stay_signed_in(client, owner):
    """Adding the throttle in front of the backends logs nobody out on deploy."""
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/").status_code == 200


def test_the_throttle_grants_no_permission_of_its_own(owner):
    assert throttle.LoginThrottleBackend().get_all_permissions(owner) == set()
    assert owner.has_perm("learning.view_session")  # from ModelBackend, after it
