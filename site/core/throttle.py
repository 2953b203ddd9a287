"""Throttles kept in the cache: per-user request limits and the login throttle.

Request limits (`rate_limited`): a fixed-window counter per user (or per address for
anonymous callers) and scope, answering 429 with a translated message and Retry-After.

Login throttle (`LoginThrottleBackend`, first in AUTHENTICATION_BACKENDS, so every login path
goes through it: allauth's /accounts/login/, Wagtail's /admin/login/, anything calling
`authenticate(request, ...)`). Two counters, both with doubling delays, never a hard lockout:

- per account *and* address: after LOGIN_FREE_FAILURES failures from one address, that
  address waits 30 s, 60 s, 120 s … (at most LOGIN_MAX_DELAY) before its next try;
- per account from *unknown* addresses: after LOGIN_ACCOUNT_FREE_FAILURES failures from any
  addresses the account never signed in from, every unknown address waits likewise. An
  address where the account signed in during the last LOGIN_KNOWN_ADDRESS_DAYS is exempt.

So an attacker rotating addresses is slowed down on the account as a whole, but cannot keep
its owner out: a correct password from the owner's usual address still works.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

logger = logging.getLogger("core.security")

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    amount: int
    seconds: int


def parse_rate(text: str) -> Rate:
    """'30/m', '100/h', '5/10s' → Rate; a configuration error names the bad value."""
    try:
        amount, period = text.strip().split("/")
        unit = period[-1]
        count = int(period[:-1] or 1)
        return Rate(int(amount), count * UNITS[unit])
    except (ValueError, KeyError, IndexError) as exc:
        raise ImproperlyConfigured(f"Bad rate {text!r}: write it like 30/m or 100/h.") from exc


def client_ip(request: HttpRequest) -> str:
    """The peer address. Behind a proxy, uvicorn takes it from X-Forwarded-For when the proxy's
    address is in --forwarded-allow-ips (127.0.0.1 by default), so this is the client."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:32]


def hit(scope: str, ident: str, rate: Rate, *, now: float | None = None) -> int:
    """Count one request; 0 if within the limit, else the seconds until the window ends.

    A cache that does not answer lets the request through (logged): throttling must not turn
    a cache outage into a site outage.
    """
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    key = f"throttle:{scope}:{_digest(ident)}:{window}"
    try:
        count = _count(key, rate.seconds + 1)
    except Exception:  # the cache is down: allow, say so once per request
        logger.warning("throttle %s: cache unavailable, request allowed", scope)
        return 0
    if count > rate.amount:
        return max(1, int((window + 1) * rate.seconds - now))
    return 0


def _count(key: str, ttl: int) -> int:
    """Add one to the window's counter and return it: one Redis round trip (INCR and an
    EXPIRE that only sets a missing expiry, pipelined); other caches add and increment."""
    client_for = getattr(getattr(cache, "_cache", None), "get_client", None)
    breaker = getattr(cache, "breaker", None)
    if client_for is None or not hasattr(cache, "make_and_validate_key"):
        cache.add(key, 0, ttl)
        return cache.incr(key)
    if breaker is not None and breaker.is_open:
        raise ConnectionError("cache unreachable")
    full_key = cache.make_and_validate_key(key)
    try:
        pipe = client_for(full_key, write=True).pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, ttl, nx=True)
        count, _expiry_set = pipe.execute()
    except Exception as exc:
        if breaker is not None:
            breaker.failed(exc, "Redis cache")
        raise
    return int(count)


def rate_for(scope: str) -> Rate | None:
    text = getattr(settings, "RATE_LIMITS", {}).get(scope)
    return parse_rate(text) if text else None


def too_many_requests(
    request: HttpRequest, retry_after: int, *, json: bool = False
) -> HttpResponse:
    """429 for people (a page) or for scripts (JSON), with a message they can act on."""
    minutes = max(1, round(retry_after / 60))
    # Translators: ja: 短い 時間に 何回も 送りました。%(minutes)s 分 待ってから もう一度 してください。
    message = ngettext(
        "Too many requests in a short time. Please try again in %(minutes)s minute.",
        "Too many requests in a short time. Please try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    if json or "application/json" in request.headers.get("accept", ""):
        response: HttpResponse = JsonResponse(
            {"error": "rate_limited", "message": message, "retry_after": retry_after}, status=429
        )
    else:
        response = TemplateResponse(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str, *, json: bool = False) -> Callable:
    """Limit a view per signed-in user (per address when anonymous) by RATE_LIMITS[scope]."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            rate = rate_for(scope)
            if rate is not None:
                user = getattr(request, "user", None)
                ident = (
                    f"user:{user.pk}"
                    if user is not None and user.is_authenticated
                    else f"ip:{client_ip(request)}"
                )
                wait = hit(scope, ident, rate)
                if wait:
                    logger.warning("rate limit %s reached by %s", scope, ident)
                    return too_many_requests(request, wait, json=json)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def check_user_rate(scope: str, user_pk: int) -> int:
    """The same limit for callers that are not views (the WebSocket actions)."""
    rate = rate_for(scope)
    return hit(scope, f"user:{user_pk}", rate) if rate else 0


# --- the login throttle ------------------------------------------------------------------------


def _login_setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def normalise_account(value) -> str:
    return str(value or "").strip().lower()


def _pair_key(account: str, ip: str) -> str:
    return f"login:pair:{_digest(account)}:{_digest(ip)}"


def _account_key(account: str) -> str:
    return f"login:account:{_digest(account)}"


def _known_key(account: str, ip: str) -> str:
    return f"login:known:{_digest(account)}:{_digest(ip)}"


def _delay(failures: int, free: int) -> int:
    """0 up to `free` failures, then 30 s doubling each further failure, capped."""
    if failures < free:
        return 0
    base = _login_setting("LOGIN_BASE_DELAY", 30)
    return min(base * 2 ** (failures - free), _login_setting("LOGIN_MAX_DELAY", 900))


def _remaining(state: dict | None, free: int, now: float) -> int:
    if not state:
        return 0
    delay = _delay(state["failures"], free)
    return max(0, int(state["last"] + delay - now + 0.999)) if delay else 0


def login_wait_seconds(account: str, ip: str, *, now: float | None = None) -> int:
    """How long this address must wait before trying this account again (0: go ahead)."""
    account = normalise_account(account)
    if not account:
        return 0
    now = time.time() if now is None else now
    try:
        pair = cache.get(_pair_key(account, ip))
        known = cache.get(_known_key(account, ip))
        shared = None if known else cache.get(_account_key(account))
    except Exception:
        logger.warning("login throttle: cache unavailable, attempt allowed")
        return 0
    return max(
        _remaining(pair, _login_setting("LOGIN_FREE_FAILURES", 5), now),
        _remaining(shared, _login_setting("LOGIN_ACCOUNT_FREE_FAILURES", 20), now),
    )


def record_login_failure(account: str, ip: str, *, now: float | None = None) -> None:
    account = normalise_account(account)
    if not account:
        return
    now = time.time() if now is None else now
    keep = 86400  # counters forget a day after the last failure
    try:
        keys = [_pair_key(account, ip)]
        if not cache.get(_known_key(account, ip)):
            keys.append(_account_key(account))
        for key in keys:
            state = cache.get(key) or {"failures": 0, "last": now}
            cache.set(key, {"failures": state["failures"] + 1, "last": now}, keep)
    except Exception:
        logger.warning("login throttle: cache unavailable, failure not counted")


def record_login_success(account: str, ip: str) -> None:
    """The address becomes known for the account; its own failure count starts again."""
    account = normalise_account(account)
    if not account:
        return
    days = _login_setting("LOGIN_KNOWN_ADDRESS_DAYS", 30)
    try:
        cache.set(_known_key(account, ip), 1, days * 86400)
        cache.delete(_pair_key(account, ip))
    except Exception:
        logger.warning("login throttle: cache unavailable, success not recorded")


def _account_from(credentials: dict) -> str:
    from django.contrib.auth import get_user_model

    field = get_user_model().USERNAME_FIELD
    return normalise_account(
        credentials.get("email") or credentials.get("username") or credentials.get(field)
    )


def throttled_message(wait: int) -> str:
    minutes = max(1, round(wait / 60))
    # Translators: ja: ログインの 失敗が 多いです。%(minutes)s 分 待ってから もう一度 してください。
    return ngettext(
        "Too many failed sign-ins. Please wait %(minutes)s minute and try again.",
        "Too many failed sign-ins. Please wait %(minutes)s minutes and try again.",
        minutes,
    ) % {"minutes": minutes}


class LoginThrottleBackend(ModelBackend):
    """A gate before the real backends: refuses (PermissionDenied) while this account+address
    must wait, and otherwise authenticates nobody itself.

    It stands first in AUTHENTICATION_BACKENDS: PermissionDenied stops Django's
    `authenticate()` before any backend checks the password, so a throttled attempt learns
    nothing, even with the right password. It subclasses ModelBackend only for `get_user`
    (sessions and `force_login` may name it); permissions are left to the backends after it.
    """

    def authenticate(self, request, username=None, password=None, **credentials):
        if request is not None:
            account = _account_from({"username": username, **credentials})
            wait = login_wait_seconds(account, client_ip(request))
            if wait:
                request._login_throttled = wait
                logger.warning("login throttled for %s s from %s", wait, client_ip(request))
                raise PermissionDenied
        return None

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()

    def has_perm(self, user_obj, perm, obj=None):
        return False

    def has_module_perms(self, user_obj, app_label):
        return False


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is None or getattr(request, "_login_throttled", 0):
        return  # attempts refused while waiting do not lengthen the wait
    record_login_failure(_account_from(credentials), client_ip(request))


@receiver(user_logged_in)
def _remember_address(sender, request, user, **kwargs) -> None:
    if request is not None:
        record_login_success(user.get_username(), client_ip(request))
