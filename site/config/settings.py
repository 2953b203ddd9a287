"""Settings for Nihongo Link, read from the environment (see README "Configuration").

Laptop defaults need nothing: SQLite in the project folder, in-memory channel layer, local
memory cache, console email. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and DEBUG=0; every worker then shares state through PostgreSQL and Redis only.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import env, security

SITE_DIR = Path(__file__).resolve().parent.parent  # site/
BASE_DIR = SITE_DIR.parent  # the repository root

DEBUG = env.env_bool("DEBUG", True)
SECRET_KEY = env.secret_key(os.environ, debug=DEBUG)
ALLOWED_HOSTS = env.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",  # first: its runserver serves HTTP and WebSocket
    # project apps
    "accounts",
    "core",
    "cms",
    "learning",
    "matching",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    # wagtail-localize: page translation (replaces wagtail.locales, as its docs say)
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # periodic and background jobs (learning/jobs.py): django-q2 with its ORM broker
    "django_q",
    # accounts
    "allauth",
    "allauth.account",
    # Django
    "channels",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.outage.OutageMiddleware",  # a database outage answers 503 in easy Japanese
    "core.hygiene.InputHygieneMiddleware",  # NUL / bad UTF-8 → 400 before any lookup
    "core.security.PermissionsPolicyMiddleware",
    "core.security.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.FirstVisitLanguageMiddleware",
    "core.middleware.FuriganaMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.signin.AuthenticationMiddleware",  # Django's; the user and roles in one statement
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.pagecache.PageCacheMiddleware",  # last: anonymous reader pages from the cache
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.preferences",
            ],
        },
    },
]

DATABASES = {
    "default": env.database_from_url(
        os.environ.get("DATABASE_URL"),
        default_sqlite_path=str(BASE_DIR / "db.sqlite3"),
        pool_max_size=os.environ.get("DATABASE_POOL_MAX_SIZE"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL") or None
CHANNEL_LAYERS = env.channel_layers_from_url(REDIS_URL)
CACHES = env.caches_from_url(REDIS_URL)
# Signed-in requests read their session from Redis (one GET) instead of a database query; the
# database row stays the record (read on a cache miss, and while Redis is down).
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
# /healthz answers from a check at most this old (seconds) in each worker (core/health.py).
HEALTH_CHECK_CACHE_SECONDS = float(os.environ.get("HEALTH_CHECK_CACHE_SECONDS", "1"))
# Whole pages for anonymous readers (core/pagecache.py): seconds a page may be served from the
# cache (it is invalidated at once on publish and on booking changes); 0 turns it off.
PAGE_CACHE_TIMEOUT = env.env_int("PAGE_CACHE_TIMEOUT", 300)
# The training track for new volunteer teachers (learning/training.py): what a volunteer needs
# before a coordinator may sign them off to teach alone, and whether volunteers not signed off
# are limited to assistant (co-teaching) places.
TRAINING_HOURS_REQUIRED = env.env_int("TRAINING_HOURS_REQUIRED", 10)
TRAINING_OBSERVED_SESSIONS_REQUIRED = env.env_int("TRAINING_OBSERVED_SESSIONS_REQUIRED", 2)
TRAINING_ASSISTANT_ONLY = env.env_bool("TRAINING_ASSISTANT_ONLY", True)
# Saving or deleting a row of these apps' models invalidates every cached page.
PAGE_CACHE_CONTENT_APPS = (
    "wagtailcore",
    "wagtailimages",
    "wagtaildocs",
    "wagtailredirects",
    "wagtail_localize",
    "wagtailsnippets",
    "taggit",
    "core",
    "cms",
    "learning",
)

# Accounts: email login through django-allauth; roles are groups (accounts/roles.py).
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses while an account+address must wait (core/throttle.py), before any
    # backend looks at the password; every login path goes through it.
    "core.throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The site's labels (easy Japanese in the ja catalogue) instead of allauth's.
ACCOUNT_FORMS = {
    name: f"accounts.forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
# allauth's failed-login limit: 30 a minute per address, 5 per 5 minutes per account+address
# (the adapter puts the address in the key, so nobody can lock an owner out from elsewhere).
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,5/5m/key"}
WAGTAILADMIN_USER_LOGIN_FORM = "core.auth_forms.ThrottledLoginForm"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.signup_names.NamesForm"  # names and their kana reading
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Japanese first, English second; any other language is switched on by adding
# its translation file under site/locale/<code>/ (see core/languages.py).
LANGUAGE_CODE = "ja"
from core.languages import available_languages  # noqa: E402  (needs SITE_DIR only)

LANGUAGES = available_languages(SITE_DIR / "locale")
# Django ships no Tagalog: tell it the language's names so site/locale/tl/ can switch it on.
from django.conf.locale import LANG_INFO  # noqa: E402

LANG_INFO.setdefault(
    "tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
)
LOCALE_PATHS = [SITE_DIR / "locale"]
# Dates, times and numbers per language (core/formats/<lang>/formats.py): no 12/7 on /vi/.
FORMAT_MODULE_PATH = ["core.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Tokyo"
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

globals().update(env.email_settings())
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Nihongo Link <no-reply@nihongo-link.example>"
)

# Periodic jobs (expire seat offers, reminders) run in `manage.py qcluster`, which `make run`
# starts beside daphne. The ORM broker keeps the queue in the site's own database, so the
# embedded SQLite default and PostgreSQL both work with nothing else to run. Schedules are
# created by learning/jobs.py after `migrate`. See README "Periodic jobs".
Q_CLUSTER = {
    "name": "nihongo-link",
    "orm": "default",
    "workers": env.env_int("JOB_WORKERS", 1, minimum=1),
    "timeout": 120,
    "retry": 180,  # more than timeout, as django-q2 requires
    "max_attempts": 3,
    "catch_up": False,  # after downtime, run a missed job once, not once per missed slot
    "poll": 2,
    "save_limit": 200,
    "label": _("Background jobs"),
}
# Web Push for learning notices: a dotted path to `send(user, title, body, url)`, wired by the
# push feature; unset means e-mail only (learning/notifications.py `push_to`).
WEB_PUSH_SENDER = os.environ.get("WEB_PUSH_SENDER", "")

# Page slugs are ASCII: the romaji of a Japanese title (core/pages.py, core.easyjp.romaji_slug);
# pages kept from before get romaji slugs and redirects from their old URLs after `migrate`.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

WAGTAIL_SITE_NAME = _("Nihongo Link")
# The name e-mails and account pages give the site (translated; never the host name).
SITE_NAME = WAGTAIL_SITE_NAME
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
# 40 megapixels (e.g. 7,700 × 5,200): more than any phone photo an editor uploads, a third of
# Wagtail's default 128 Mpx; decoding one costs at most ~160 MB. Renditions are made at upload
# (cms/images.py). Override with WAGTAILIMAGES_MAX_IMAGE_PIXELS.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("WAGTAILIMAGES_MAX_IMAGE_PIXELS", 40_000_000))
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
    "mp3",
    "m4a",
]

# HSTS, SSL redirect, secure cookies, CSP, Permissions-Policy, proxy header: config/security.py
# (secure whenever DEBUG=0, each overridable; README "Security" lists the variables).
globals().update(security.security_settings(os.environ, debug=DEBUG))
HEALTHZ_TOKEN = os.environ.get("HEALTHZ_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The job worker says which jobs it started and how they ended.
    "loggers": {"django-q": {"level": os.environ.get("JOB_LOG_LEVEL", "INFO")}},
}

# Web Push for disaster notices (cms/push.py). `manage.py vapid_keys` prints a key pair; without
# keys, push is off (the subscribe button is hidden and nothing is sent).
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = os.environ.get("VAPID_SUBJECT", "mailto:no-reply@nihongo-link.example")
# Seconds to wait for each push service; sends run after the publish commits.
WEBPUSH_TIMEOUT = float(os.environ.get("WEBPUSH_TIMEOUT", "5"))
