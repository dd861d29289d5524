"""newsbudget's settings: one module, read from the environment.

Every variable is documented in docs/configuration.md and .env.example.
``NEWSBUDGET_ENV`` (dev, test, staging, production) only picks safe defaults;
staging and production run identical code and both refuse to start with a
missing secret or an unsafe setting (see ops.config.guard).

The embedded defaults need no services: SQLite in WAL mode, diskcache and the
database task queue, all under ``var/``.  Production switches engines with
``DATABASE_URL`` and friends, never with code.
"""

from __future__ import annotations

import zoneinfo
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from ops.config.caches import cache_from_url
from ops.config.env import StrictEnv
from ops.config.guard import refuse_unsafe_settings
from ops.config.mail import mailer_from_url
from ops.config.release import git_revision
from ops.purge.config import purge_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = StrictEnv()
StrictEnv.read_env(BASE_DIR / ".env")

ENVIRONMENTS = ("dev", "test", "staging", "production")
NEWSBUDGET_ENV = env.str("NEWSBUDGET_ENV", default="dev")
if NEWSBUDGET_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"NEWSBUDGET_ENV must be one of {', '.join(ENVIRONMENTS)}, got {NEWSBUDGET_ENV!r}"
    )
DEPLOYED = NEWSBUDGET_ENV in ("staging", "production")

# --- Core -----------------------------------------------------------------

DEV_SECRET_KEY = "django-insecure-newsbudget-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=None if DEPLOYED else DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=NEWSBUDGET_ENV == "dev")
LOCAL_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if DEPLOYED else LOCAL_HOSTS)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_NAME = env.str("SITE_NAME", default="newsbudget")
RELEASE = env.str("RELEASE", default=git_revision(BASE_DIR) or "unreleased")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, got {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "crontask",
    "ops.httpcache",
    "ops.purge",
    "newsbudget.accounts",
    "newsbudget.desks",
    "newsbudget.stories",
    "newsbudget.budget",
    "newsbudget.site",
    "newsbudget.api",
    "newsbudget.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and CSRF middleware, so it sees the cookies they set.
    "ops.httpcache.middleware.PrivateByDefaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsbudget.site.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "budget:today"
LOGOUT_REDIRECT_URL = "site:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if NEWSBUDGET_ENV == "test":
    # Hashing cost is not under test; the suites create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
try:
    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"TIME_ZONE must be an IANA zone such as Europe/London, got {TIME_ZONE!r}"
    ) from None
USE_I18N = True
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Database -------------------------------------------------------------

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": env.db_url("DATABASE_URL", default=DEFAULT_DATABASE_URL)}
STATEMENT_TIMEOUT_MS = env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=15_000)
if STATEMENT_TIMEOUT_MS <= 0:
    raise ImproperlyConfigured("DATABASE_STATEMENT_TIMEOUT_MS must be a positive number of ms")


def tune_database(database: dict[str, Any]) -> None:
    """Engine-specific options: WAL and IMMEDIATE writes for SQLite, timeouts for PostgreSQL."""
    engine = database["ENGINE"]
    options = database.setdefault("OPTIONS", {})
    if engine == "django.db.backends.sqlite3":
        # WAL lets web, worker and scheduler read while one writes; IMMEDIATE
        # takes the write lock up front so concurrent writers wait (up to the
        # timeout) instead of failing with "database is locked" mid-transaction.
        options.setdefault(
            "init_command",
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        )
        options.setdefault("transaction_mode", "IMMEDIATE")
        options.setdefault("timeout", STATEMENT_TIMEOUT_MS / 1000)
    elif engine == "django.db.backends.postgresql":
        options.setdefault("options", f"-c statement_timeout={STATEMENT_TIMEOUT_MS}")
        options.setdefault("connect_timeout", 5)
        database["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        database["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at SQLite or PostgreSQL, got engine {engine!r}"
        )


tune_database(DATABASES["default"])
if NEWSBUDGET_ENV != "test" and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

# --- Cache ----------------------------------------------------------------

CACHE_KEY_PREFIX = env.str("CACHE_KEY_PREFIX", default="newsbudget")
CACHES = {
    "default": {
        **cache_from_url(
            env.str(
                "CACHE_URL",
                default="locmem://"
                if NEWSBUDGET_ENV == "test"
                else f"diskcache://{VAR_DIR / 'cache'}",
            )
        ),
        # Several sites may share one Redis (or one cache directory) without reading
        # each other's entries.
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    }
}

# --- HTTP caching of public pages (ops.httpcache) ---------------------------

HTTPCACHE_MAX_AGE = env.int("HTTPCACHE_MAX_AGE", default=0)
HTTPCACHE_S_MAXAGE = env.int("HTTPCACHE_S_MAXAGE", default=60)
HTTPCACHE_STALE_WHILE_REVALIDATE = env.int("HTTPCACHE_STALE_WHILE_REVALIDATE", default=30)
HTTPCACHE_TIMEOUT = env.int("HTTPCACHE_TIMEOUT", default=3600)
for _name in ("HTTPCACHE_MAX_AGE", "HTTPCACHE_S_MAXAGE", "HTTPCACHE_STALE_WHILE_REVALIDATE"):
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} must be 0 or more seconds")
if HTTPCACHE_TIMEOUT <= 0:
    raise ImproperlyConfigured("HTTPCACHE_TIMEOUT must be a positive number of seconds")

# --- Upstream cache purge (ops.purge) ----------------------------------------

# Publishing, editing or unpublishing a Live story purges its pages from the
# upstream cache (nginx in deploy/nginx, or a CDN) through a background task.
PURGE = purge_settings(
    backend=env.str("PURGE_BACKEND", default="none"),
    nginx_url=env.str("PURGE_NGINX_URL", default=""),
    cloudflare_zone_id=env.str("CLOUDFLARE_ZONE_ID", default=""),
    cloudflare_api_token=env.str("CLOUDFLARE_API_TOKEN", default=""),
    fastly_api_token=env.str("FASTLY_API_TOKEN", default=""),
    timeout=env.float("PURGE_TIMEOUT_SECONDS", default=3.0),
)

# --- Static and media files ----------------------------------------------

STATIC_URL = env.str("STATIC_URL", default="/static/")
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Tests render templates without running collectstatic first.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if NEWSBUDGET_ENV == "test"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Tasks ----------------------------------------------------------------

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

# --- Email ----------------------------------------------------------------

EMAIL_TIMEOUT_SECONDS = env.int("EMAIL_TIMEOUT", default=10)
MAILERS = {
    "default": mailer_from_url(
        env.str("EMAIL_URL", default="smtp://localhost:25" if DEPLOYED else "console://"),
        timeout=EMAIL_TIMEOUT_SECONDS,
    )
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="newsbudget <newsbudget@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- HTTPS and cookies ----------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if DEPLOYED else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=DEPLOYED)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=2_592_000 if DEPLOYED else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=DEPLOYED)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=DEPLOYED)
SESSION_COOKIE_HTTPONLY = True
# Database sessions that never look up a key Django could not have issued (a NUL byte in
# the cookie would make PostgreSQL fail the request).
SESSION_ENGINE = "ops.sessions.store"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- API ------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "newsbudget.api.pagination.StoryPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "newsbudget.api.errors.exception_handler",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "newsbudget API",
    "DESCRIPTION": "Stories, the daily budget and the editorial workflow.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Rate limiting and bots (ops.throttle, ops.bots) -------------------------

# --- Partner API keys (ops.apikeys) ------------------------------------------

# --- Accounts, 2FA and lockout (allauth, axes) --------------------------------

# --- Security headers and CSP -------------------------------------------------

# --- Newsroom -------------------------------------------------------------

PAGE_SIZE = env.int("PAGE_SIZE", default=20)
if not 1 <= PAGE_SIZE <= 200:
    raise ImproperlyConfigured(f"PAGE_SIZE must be between 1 and 200, got {PAGE_SIZE}")

# --- Logging --------------------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(f"LOG_LEVEL must be a logging level name, got {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        # Replaces Django's default "django" console handler, which in DEBUG would
        # print every django.* line (task runs among them) a second time.
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "newsbudget": {"level": LOG_LEVEL},
        "ops": {"level": LOG_LEVEL},
        "django.tasks": {"level": LOG_LEVEL},
        "django_tasks_db": {"level": LOG_LEVEL},
        "crontask": {"level": LOG_LEVEL},
        "apscheduler": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# --- Refuse to run unsafely ----------------------------------------------

if DEPLOYED:
    refuse_unsafe_settings(NEWSBUDGET_ENV, globals())
