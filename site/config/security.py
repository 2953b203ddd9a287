"""Security settings from the environment: secure whenever DEBUG is off, each one overridable.

Kept apart from settings.py so the rules are one function tests can call with any environment
(see README "Security" → "Production checklist" for every variable read here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .env import env_bool, env_int, env_list

ONE_YEAR = 31_536_000

# Browser features the site never uses; a page (or an injected script) cannot switch them on.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Where embedded videos (wagtail.embeds) may come from; CSP_FRAME_SRC overrides the list.
DEFAULT_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
]


def public_csp(environ: Mapping[str, str]) -> dict[str, Any]:
    """The reader-facing policy: our own scripts and styles only; inline scripts need the nonce."""
    from csp.constants import NONCE, NONE, SELF

    frames = env_list("CSP_FRAME_SRC", DEFAULT_FRAME_SOURCES, environ)
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF, NONCE],
            "style-src": [SELF],
            "img-src": [SELF, "data:", *env_list("CSP_IMG_SRC", [], environ)],
            "font-src": [SELF],
            # 'self' covers ws:// and wss:// to the same host (CSP level 3).
            "connect-src": [SELF],
            "frame-src": [SELF, *frames],
            "frame-ancestors": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
        }
    }


# The Wagtail admin (and its preview, served below /admin/) keeps inline scripts and styles
# (Draftail, the userbar, a few templates of its own), so it gets its own, looser policy: no
# nonce (a nonce would switch 'unsafe-inline' off) but still same-origin only for everything a
# page could load or send, and frames only from ourselves.
ADMIN_CSP_DIRECTIVES: dict[str, list[str]] = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # Embed previews in the editor show the provider's thumbnail (https images only).
    "img-src": ["'self'", "data:", "blob:", "https:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'", *DEFAULT_FRAME_SOURCES],
    "frame-ancestors": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def security_settings(environ: Mapping[str, str], *, debug: bool) -> dict[str, Any]:
    """Django's security settings: strict by default with DEBUG=0, relaxed on a laptop."""
    production = not debug
    behind_proxy = env_bool("BEHIND_PROXY", False, environ)
    hsts = env_int("SECURE_HSTS_SECONDS", ONE_YEAR if production else 0, environ)
    secure_cookies = production and env_bool("SECURE_COOKIES", True, environ)
    return {
        # Only trust X-Forwarded-Proto when a proxy we run sets it (and strips the client's).
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https") if behind_proxy else None,
        "SECURE_SSL_REDIRECT": production and env_bool("SECURE_SSL_REDIRECT", True, environ),
        # /healthz is polled over plain HTTP by load balancers inside the network.
        "SECURE_REDIRECT_EXEMPT": [r"^healthz$"],
        "SECURE_HSTS_SECONDS": hsts,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": env_bool(
            "SECURE_HSTS_INCLUDE_SUBDOMAINS", production, environ
        ),
        "SECURE_HSTS_PRELOAD": env_bool("SECURE_HSTS_PRELOAD", production, environ),
        "SECURE_CONTENT_TYPE_NOSNIFF": True,
        "SECURE_REFERRER_POLICY": environ.get("REFERRER_POLICY", "same-origin"),
        "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": secure_cookies,
        "CSRF_COOKIE_SECURE": secure_cookies,
        "LANGUAGE_COOKIE_SECURE": secure_cookies,
        # Wagtail's preview frame sets SAMEORIGIN on its own views; everything else is DENY.
        "X_FRAME_OPTIONS": "DENY",
        "PERMISSIONS_POLICY": environ.get("PERMISSIONS_POLICY", PERMISSIONS_POLICY),
        "CONTENT_SECURITY_POLICY": public_csp(environ),
        "ADMIN_CONTENT_SECURITY_POLICY": {"DIRECTIVES": ADMIN_CSP_DIRECTIVES},
        # No Gravatar in the admin: it would send a hash of each staff e-mail to a third party.
        "WAGTAIL_GRAVATAR_PROVIDER_URL": None,
        # Per-user request limits (core/throttle.py): "amount/period", period s, m, h or d.
        "RATE_LIMITS": {
            "booking": environ.get("RATE_LIMIT_BOOKING", "30/m"),
            "checker": environ.get("RATE_LIMIT_CHECKER", "20/m"),
        },
        # Login throttle (core/throttle.py): free failures, then doubling delays.
        "LOGIN_FREE_FAILURES": env_int("LOGIN_FREE_FAILURES", 5, environ),
        "LOGIN_ACCOUNT_FREE_FAILURES": env_int("LOGIN_ACCOUNT_FREE_FAILURES", 20, environ),
        "LOGIN_BASE_DELAY": env_int("LOGIN_BASE_DELAY", 30, environ),
        "LOGIN_MAX_DELAY": env_int("LOGIN_MAX_DELAY", 900, environ),
        "LOGIN_KNOWN_ADDRESS_DAYS": env_int("LOGIN_KNOWN_ADDRESS_DAYS", 30, environ),
        # WebSockets (core/wsguard.py): open sockets per client address, largest message.
        "WS_MAX_CONNECTIONS_PER_IP": env_int("WS_MAX_CONNECTIONS_PER_IP", 20, environ),
        "WS_MAX_MESSAGE_BYTES": env_int("WS_MAX_MESSAGE_BYTES", 4096, environ),
    }
