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

import datetime
import importlib.util
import ipaddress
import zoneinfo
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from ops.config.caches import cache_from_url
from ops.config.csp import content_security_policy, permissions_policy
from ops.config.databases import PostgresConnections, replica_databases, split_urls
from ops.config.env import StrictEnv
from ops.config.guard import refuse_unsafe_settings
from ops.config.layers import channel_layers
from ops.config.mail import mailer_from_url
from ops.config.release import code_revision
from ops.errors.sentry import init_sentry
from ops.logs.setup import default_format as default_log_format
from ops.logs.setup import logging_config
from ops.metrics.multiprocess import use_directory as use_metrics_directory
from ops.purge.config import purge_settings
from ops.sharding.conf import check_disjoint, database_of, parse_shard_urls
from ops.storage.config import S3Connection, storages_from_urls
from ops.throttle.rates import Rate
from ops.throttle.rules import compile_rules

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
RELEASE = env.str("RELEASE", default=code_revision(BASE_DIR) or "unreleased")
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
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "crontask",
    "ops.httpcache",
    "ops.purge",
    "ops.throttle",
    "ops.bots",
    "ops.apikeys",
    "ops.counters",
    "newsbudget.accounts",
    "newsbudget.desks",
    "newsbudget.stories",
    "newsbudget.budget",
    "newsbudget.reports",
    "newsbudget.readership",
    "newsbudget.experiments",
    "newsbudget.site",
    "newsbudget.api",
    "newsbudget.demo",
    # Full-text search of stories (docs/search.md); django.contrib.postgres for its tsvector
    # column and GIN index (harmless on SQLite, where FTS5 is used instead).
    "django.contrib.postgres",
    "newsbudget.search",
    "newsbudget.pages",
    # Wagtail, for the editorial pages (newsbudget.pages, docs/cms.md): its admin at /cms/ behind
    # the staff sign-in and 2FA, its pages at /pages/.  Only what the pages and the admin use:
    # no forms, redirects or embeds apps (fewer tables and URLs, nothing fetched from afar).
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # (Wagtail's search index table has a GIN index on PostgreSQL too: django.contrib.postgres,
    # installed above for the stories' search, serves both.)
    # Feature flags for selective beta (docs/flags.md).
    "waffle",
    # Sign-in, 2FA, lockout and the breached-password check (after newsbudget.accounts, whose
    # templates override allauth's).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "ops.passwords",
    # Observability (docs/operations.md, "Monitoring").
    "ops.logs",
    "ops.telemetry",
    "ops.metrics",
    "ops.errors",
    "ops.health",
    "ops.dashboard",
    "ops.profiling",
    "ops.scheduler",
    "ops.taskqueue",
    "ops.backup",
    "ops.retention",
    "ops.sharding",
    # Deployment: manage.py lint_migrations, run by the release step before migrate.
    "ops.migrationlint",
]

MIDDLEWARE = [
    # X-Release on every response, probes and cached pages included: ops.health.release.
    "ops.health.release.ReleaseHeaderMiddleware",
    # Load-balancer probes and the Prometheus scrape, answered before anything else (no host
    # check, no SSL redirect, no session, no request line): ops.health.probes.
    "ops.health.probes.HealthProbeMiddleware",
    "ops.metrics.endpoint.MetricsEndpointMiddleware",
    # Request id, one log line per request, metrics and rollups for everything below.
    "ops.telemetry.middleware.RequestTelemetryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ops.bots.middleware.BlockBadUserAgentsMiddleware",
    # Above the session and CSRF middleware, so it sees the cookies they set.
    "ops.httpcache.middleware.PrivateByDefaultMiddleware",
    # Outside the session middleware, so it sees the session's write and can pin the client to
    # the primary database for a few seconds (ops.dbrouting; public views opt into replicas).
    "ops.dbrouting.middleware.DatabaseRoutingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "newsbudget.accounts.middleware.RequireTwoFactorMiddleware",
    # ?profile=1 for signed-in staff (after the 2FA gate, so only a verified session counts).
    "ops.profiling.middleware.StaffProfilingMiddleware",
    "ops.throttle.middleware.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Sets the dwf_* cookies of percentage flags; inside PrivateByDefaultMiddleware, so a
    # response carrying one is private, never stored by a shared cache (docs/flags.md).
    "waffle.middleware.WaffleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Meters keyed API responses as the view rendered them (nothing inside changes them).
    "ops.apikeys.middleware.APIKeyMeteringMiddleware",
    # Last: turns a sign-in that django-axes refused into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
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
    {"NAME": "ops.passwords.validators.BreachedPasswordValidator"},
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
# How processes hold PostgreSQL connections: persistent (CONN_MAX_AGE, the default), psycopg's
# pool (DATABASE_POOL_MAX_SIZE > 0), and/or through pgbouncer in transaction mode
# (ops.config.databases; docs/deployment.md, "Database connections").
try:
    POSTGRES_CONNECTIONS = PostgresConnections(
        statement_timeout_ms=STATEMENT_TIMEOUT_MS,
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=None),
        pool_max_size=env.int("DATABASE_POOL_MAX_SIZE", default=0),
        pool_min_size=env.int("DATABASE_POOL_MIN_SIZE", default=1),
        pool_timeout_seconds=env.float("DATABASE_POOL_TIMEOUT_SECONDS", default=5.0),
        pgbouncer=env.bool("DATABASE_PGBOUNCER", default=False),
    )
except ValueError as _error:
    raise ImproperlyConfigured(str(_error)) from None


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
        POSTGRES_CONNECTIONS.apply(database)
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at SQLite or PostgreSQL, got engine {engine!r}"
        )


tune_database(DATABASES["default"])
# Read replicas (ops.dbrouting): public pages read from them, everything else uses the primary.
try:
    DATABASES.update(
        replica_databases(
            split_urls(env.str("DATABASE_REPLICA_URLS", default="")),
            primary=DATABASES["default"],
            connections=POSTGRES_CONNECTIONS,
            connect_timeout_seconds=env.int("DATABASE_REPLICA_CONNECT_TIMEOUT_SECONDS", default=2),
        )
    )
except ValueError as _error:
    raise ImproperlyConfigured(str(_error)) from None
# A replica further behind the primary than this is not read from (checked every few seconds).
DATABASE_REPLICA_MAX_LAG_SECONDS = env.float("DATABASE_REPLICA_MAX_LAG_SECONDS", default=10.0)
# A client that wrote reads from the primary for this long afterwards (a short cookie).
DATABASE_PRIMARY_AFTER_WRITE_SECONDS = env.int("DATABASE_PRIMARY_AFTER_WRITE_SECONDS", default=10)
if DATABASE_REPLICA_MAX_LAG_SECONDS <= 0:
    raise ImproperlyConfigured("DATABASE_REPLICA_MAX_LAG_SECONDS must be more than 0 seconds")
if not 0 <= DATABASE_PRIMARY_AFTER_WRITE_SECONDS <= 3600:
    raise ImproperlyConfigured(
        "DATABASE_PRIMARY_AFTER_WRITE_SECONDS must be between 0 (no cookie) and 3600 seconds"
    )

# Shards for high-volume append-only rows (API usage): name=url pairs, docs/sharding.md.
SHARDS = parse_shard_urls("SHARD_DATABASE_URLS", env.str("SHARD_DATABASE_URLS", default=""))
DRAINING_SHARDS = parse_shard_urls(
    "SHARD_DRAINING_DATABASE_URLS",
    env.str("SHARD_DRAINING_DATABASE_URLS", default=""),
    allow_default=False,
)
check_disjoint(SHARDS, DRAINING_SHARDS)
for _variable, _entries in [
    ("SHARD_DATABASE_URLS", SHARDS),
    ("SHARD_DRAINING_DATABASE_URLS", DRAINING_SHARDS),
]:
    for _entry in _entries:
        if _entry.url is not None:
            DATABASES[_entry.name] = database_of(_variable, _entry)
            tune_database(DATABASES[_entry.name])
SHARD_DATABASES = [entry.name for entry in SHARDS]
SHARD_DRAINING_DATABASES = [entry.name for entry in DRAINING_SHARDS]
# The shard router answers only for sharded models; the replica router after it decides for
# the rest (ops.dbrouting: readers' reads of public pages to a replica).
DATABASE_ROUTERS = ["ops.sharding.router.ShardRouter", "ops.dbrouting.routers.ReplicaRouter"]

for _database in DATABASES.values():
    if NEWSBUDGET_ENV != "test" and _database["ENGINE"].endswith("sqlite3"):
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)

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

# --- Live budget board (docs/realtime.md) ----------------------------------

# The realtime process (Procfile `realtime`, uvicorn) on REALTIME_PORT; the budget page's
# script connects to REALTIME_URL, or to /ws/budget/ on the page's own origin when it is
# empty (production: the balancer routes /ws/ to realtime).  Redis carries events between
# processes and nodes; without it the layer is in-process and each connection polls the
# shared event counter every REALTIME_POLL_SECONDS instead.
REALTIME_REDIS_URL = env.str("REALTIME_REDIS_URL", default="")
REALTIME_PORT = env.int("REALTIME_PORT", default=8001)
REALTIME_URL = env.str(
    "REALTIME_URL",
    default=f"ws://127.0.0.1:{REALTIME_PORT}/ws/budget/" if NEWSBUDGET_ENV == "dev" else "",
)
REALTIME_POLL_SECONDS = env.float(
    "REALTIME_POLL_SECONDS", default=0.0 if REALTIME_REDIS_URL else 0.5
)
CHANNEL_LAYERS = channel_layers(REALTIME_REDIS_URL, prefix=CACHE_KEY_PREFIX)

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

# Media (``default``) and private files (``private``: reports, backups) go through Django's
# storage API: files under var/ on one machine, S3-compatible object storage when
# STORAGE_URL and PRIVATE_STORAGE_URL say so (ops.storage.config; docs/storage.md).
PRIVATE_STORAGE_ROOT = env.path("PRIVATE_STORAGE_ROOT", default=VAR_DIR / "private")
STORAGE_CONNECTION = S3Connection(
    endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default=""),
    region_name=env.str("AWS_S3_REGION_NAME", default=""),
    access_key_id=env.str("AWS_ACCESS_KEY_ID", default=""),
    secret_access_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
    addressing_style=env.str("AWS_S3_ADDRESSING_STYLE", default="auto"),
    signed_url_seconds=env.int("STORAGE_SIGNED_URL_SECONDS", default=300),
    timeout_seconds=env.float("STORAGE_TIMEOUT_SECONDS", default=5.0),
)
STORAGES = {
    **storages_from_urls(
        media_url=env.str("STORAGE_URL", default=""),
        private_url=env.str("PRIVATE_STORAGE_URL", default=""),
        private_root=Path(PRIVATE_STORAGE_ROOT),
        served_roots={"MEDIA_ROOT": Path(MEDIA_ROOT), "STATIC_ROOT": Path(STATIC_ROOT)},
        connection=STORAGE_CONNECTION,
        media_signed_urls=env.bool("MEDIA_SIGNED_URLS", default=True),
        # The longest a cached page (app cache, then the edge, then the browser) names a media URL.
        page_life_seconds=HTTPCACHE_TIMEOUT
        + HTTPCACHE_S_MAXAGE
        + HTTPCACHE_STALE_WHILE_REVALIDATE
        + HTTPCACHE_MAX_AGE,
    ),
    "staticfiles": {
        # Tests render templates without running collectstatic first.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if NEWSBUDGET_ENV == "test"
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Tasks ----------------------------------------------------------------


def positive(value: float, name: str) -> float:
    """``value`` if it is above zero; otherwise a start-up error naming the setting."""
    if not value > 0:
        raise ImproperlyConfigured(f"{name} must be a positive number, got {value!r}")
    return value


TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# How tasks are attempted (ops.taskqueue.policy), unless a task declares its own policy.
TASK_MAX_ATTEMPTS = int(positive(env.int("TASK_MAX_ATTEMPTS", default=3), "TASK_MAX_ATTEMPTS"))
TASK_RETRY_FIRST_SECONDS = positive(
    env.float("TASK_RETRY_FIRST_SECONDS", default=10), "TASK_RETRY_FIRST_SECONDS"
)
TASK_RETRY_MAX_SECONDS = positive(
    env.float("TASK_RETRY_MAX_SECONDS", default=600), "TASK_RETRY_MAX_SECONDS"
)
TASK_TIMEOUT_SECONDS = positive(
    env.float("TASK_TIMEOUT_SECONDS", default=300), "TASK_TIMEOUT_SECONDS"
)
# A claimed task's lease runs for its time limit plus this margin; an expired lease means its
# worker died, and a worker looks for expired leases every TASK_RECOVERY_INTERVAL_SECONDS.
TASK_LEASE_MARGIN_SECONDS = positive(
    env.float("TASK_LEASE_MARGIN_SECONDS", default=30), "TASK_LEASE_MARGIN_SECONDS"
)
TASK_RECOVERY_INTERVAL_SECONDS = positive(
    env.float("TASK_RECOVERY_INTERVAL_SECONDS", default=5), "TASK_RECOVERY_INTERVAL_SECONDS"
)
# Only one scheduler runs the jobs: it holds a lease this long and renews it every third of it;
# a standby takes over within about this long after the holder dies (ops.scheduler.lease).
SCHEDULER_LEASE_SECONDS = positive(
    env.float("SCHEDULER_LEASE_SECONDS", default=15), "SCHEDULER_LEASE_SECONDS"
)
CRONTASK = {
    "LOCK_REFRESH_INTERVAL": SCHEDULER_LEASE_SECONDS / 3,
    "LOCK_TIMEOUT": SCHEDULER_LEASE_SECONDS,
}
# Backups (ops.backup) go to the private storage; retention keeps the newest of each of the
# last BACKUP_KEEP_DAILY days and BACKUP_KEEP_WEEKLY ISO weeks.
BACKUP_KEEP_DAILY = int(positive(env.int("BACKUP_KEEP_DAILY", default=7), "BACKUP_KEEP_DAILY"))
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
if BACKUP_KEEP_WEEKLY < 0:
    raise ImproperlyConfigured("BACKUP_KEEP_WEEKLY must be 0 or more")
# Where pg_dump and pg_restore are, when PATH's are older than the server (they must not be).
BACKUP_PG_BINDIR = env.str("BACKUP_PG_BINDIR", default="")
# The nightly backup task's time limit.
BACKUP_TIMEOUT_SECONDS = positive(
    env.float("BACKUP_TIMEOUT_SECONDS", default=3600), "BACKUP_TIMEOUT_SECONDS"
)
# Retention (ops.retention): how long rows are kept, and how the daily run deletes the rest.
RETENTION_API_USAGE_DAYS = int(
    positive(env.int("RETENTION_API_USAGE_DAYS", default=400), "RETENTION_API_USAGE_DAYS")
)
RETENTION_TASK_RESULTS_DAYS = int(
    positive(env.int("RETENTION_TASK_RESULTS_DAYS", default=30), "RETENTION_TASK_RESULTS_DAYS")
)
RETENTION_BATCH_SIZE = int(
    positive(env.int("RETENTION_BATCH_SIZE", default=1000), "RETENTION_BATCH_SIZE")
)
RETENTION_POLICIES = ["ops.retention.policies.POLICIES", "newsbudget.stories.archival.POLICIES"]
# Live stories published longer ago than this are archived (exported, then off every list but
# still readable at their address); 0 archives nothing.
STORY_ARCHIVE_AFTER_YEARS = env.float("STORY_ARCHIVE_AFTER_YEARS", default=0)
if not 0 <= STORY_ARCHIVE_AFTER_YEARS <= 100:
    raise ImproperlyConfigured("STORY_ARCHIVE_AFTER_YEARS must be between 0 (never) and 100")
RETENTION_BATCH_PAUSE_SECONDS = env.float("RETENTION_BATCH_PAUSE_SECONDS", default=0.1)
if RETENTION_BATCH_PAUSE_SECONDS < 0:
    raise ImproperlyConfigured("RETENTION_BATCH_PAUSE_SECONDS must be 0 or more")
# Idempotency keys (ops.taskqueue.idempotency) are forgotten after this many days.
IDEMPOTENCY_KEY_DAYS = int(
    positive(env.int("IDEMPOTENCY_KEY_DAYS", default=30), "IDEMPOTENCY_KEY_DAYS")
)
# After SIGTERM a worker gives its running task this long before releasing it to the queue:
# below the supervisor's kill timeout (systemd's 90 s, Kubernetes' and Heroku's 30 s).
WORKER_SHUTDOWN_GRACE_SECONDS = positive(
    env.float("WORKER_SHUTDOWN_GRACE_SECONDS", default=20), "WORKER_SHUTDOWN_GRACE_SECONDS"
)

# --- Migrations and rolling deploys (ops.migrationlint) ----------------------

# Migrations that break the code still running during a rolling deploy, accepted with a reason:
# those shipped before `manage.py lint_migrations` existed, and third-party ones.  A new one
# says why in its own `backward_incompatible_ok` instead (docs/deployment.md).
MIGRATION_LINT_ALLOWLIST = BASE_DIR / "config" / "migration_lint_allowlist.toml"

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
# Who hears about new errors and availability alerts: a comma-separated list of addresses.
ADMINS = env.list("ADMINS", default=[])
EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "

# --- HTTPS and cookies ----------------------------------------------------

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if DEPLOYED else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=DEPLOYED)
# A year of HSTS, for every subdomain, asking to be preloaded into browsers: check --deploy's
# bar.  Preloading is hard to undo; a site whose subdomains are not all HTTPS turns both off.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if DEPLOYED else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=DEPLOYED)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=DEPLOYED)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=DEPLOYED)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=DEPLOYED)
SESSION_COOKIE_HTTPONLY = True
# No page script reads the CSRF cookie: forms carry the token, the API docs get it rendered in.
CSRF_COOKIE_HTTPONLY = True
# Lax: a cross-site POST (or fetch, or frame) never carries the session or the CSRF cookie,
# while a reader following a link to us from elsewhere still arrives signed in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Database sessions that never look up a key Django could not have issued (a NUL byte in
# the cookie would make PostgreSQL fail the request).
SESSION_ENGINE = "ops.sessions.store"

# --- API ------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "ops.apikeys.authentication.APIKeyAuthentication",
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
    # ReDoc's search runs in a worker made from a blob: URL, which the CSP (rightly) refuses;
    # Swagger UI at /api/v1/docs/ has a filter instead.
    "REDOC_UI_SETTINGS": {"disableSearch": True},
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema documents /api/ only, not the JSON endpoints Wagtail's admin uses under /cms/.
    "PREPROCESSING_HOOKS": ["newsbudget.api.schema.only_the_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "newsbudget.api.schema.empty_filters_mean_no_filter",
        "newsbudget.api.schema.every_operation_may_be_throttled",
    ],
}

# --- Rate limiting and bots (ops.throttle, ops.bots) -------------------------

# Requests reach Django through this many reverse proxies (nginx, a load balancer) that
# each append to X-Forwarded-For; 0 means the header is ignored and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if not 0 <= TRUSTED_PROXY_COUNT <= 5:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be between 0 and 5")
# When the shared cache is down: serve reads anyway, refuse logins (a login form without a
# limit is a password oracle).  See docs/security.md.
RATE_LIMIT_READS_FAIL_OPEN = env.bool("RATE_LIMIT_READS_FAIL_OPEN", default=True)
RATE_LIMIT_LOGIN_FAIL_OPEN = env.bool("RATE_LIMIT_LOGIN_FAIL_OPEN", default=False)
LOGIN_ROUTES = [
    "account_login",
    "account_reauthenticate",
    "mfa_authenticate",
    "mfa_reauthenticate",
]
RATE_LIMITS: dict[str, dict[str, Any]] = {
    "login": {
        "rate": env.str("RATE_LIMIT_LOGIN", default="20/m"),
        "routes": LOGIN_ROUTES,
        "methods": ["POST"],
        "by": "ip",
        "fail_open": RATE_LIMIT_LOGIN_FAIL_OPEN,
    },
    "password_reset": {
        "rate": env.str("RATE_LIMIT_PASSWORD_RESET", default="10/h"),
        "routes": ["account_reset_password", "account_reset_password_from_key"],
        "methods": ["POST"],
        "by": "ip",
        "fail_open": RATE_LIMIT_LOGIN_FAIL_OPEN,
    },
    "api": {
        "rate": env.str("RATE_LIMIT_API", default="300/m"),
        "routes": ["api:*"],
        "by": "user-or-ip",
        "exempt_api_keys": True,
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
    "api_writes": {
        "rate": env.str("RATE_LIMIT_API_WRITES", default="60/m"),
        "routes": ["api:*"],
        "methods": ["POST", "PUT", "PATCH", "DELETE"],
        "by": "user-or-ip",
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
    "search": {
        "rate": env.str("RATE_LIMIT_SEARCH", default="30/m"),
        "routes": ["site:search", "api:search", "newsroom:search"],
        "by": "user-or-ip",
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
    "contact": {
        "rate": env.str("RATE_LIMIT_CONTACT", default="5/h"),
        "routes": ["site:contact", "pages:contact"],
        "methods": ["POST"],
        "by": "ip",
        "fail_open": RATE_LIMIT_LOGIN_FAIL_OPEN,
    },
    # The page-view beacon (newsbudget.readership): a reader's browser sends one per page.
    "page_views": {
        "rate": env.str("RATE_LIMIT_PAGE_VIEWS", default="30/m"),
        "routes": ["readership:story-view"],
        "by": "ip",
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
    # The fronts' headline-test beacons (newsbudget.experiments): one per front page shown,
    # one per click through a tested headline.
    "headline_tests": {
        "rate": env.str("RATE_LIMIT_HEADLINE_TESTS", default="60/m"),
        "routes": ["headline_tests:impressions", "headline_tests:click"],
        "by": "ip",
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
    # Scraping: a reader does not open 30 deep list pages or 120 pages a minute.
    "scraping_list_pages": {
        "rate": env.str("RATE_LIMIT_LIST_PAGES", default="30/m"),
        "routes": ["site:home", "site:desk", "api:story-list"],
        "min_page": 2,
        "by": "ip",
        "anonymous_only": True,
        "exempt_verified_crawlers": True,
        "exempt_api_keys": True,
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
    "scraping_pages": {
        "rate": env.str("RATE_LIMIT_PAGES", default="120/m"),
        # The public site's routes and the editorial pages (Wagtail's serve view).
        "routes": ["site:*", "wagtail_serve"],
        "by": "ip",
        "anonymous_only": True,
        "exempt_verified_crawlers": True,
        "fail_open": RATE_LIMIT_READS_FAIL_OPEN,
    },
}
# Crawlers named here get "Disallow: /" in robots.txt and a 403 if they come anyway
# (case-insensitive substrings of the User-Agent header).
BOT_BLOCKED_USER_AGENTS = env.list(
    "BOT_BLOCKED_USER_AGENTS", default=["Bytespider", "sqlmap", "nikto", "masscan", "zgrab"]
)
# Search engines exempt from the scraping limits, but only from their published networks.
BOT_GOOD_CRAWLERS = env.list(
    "BOT_GOOD_CRAWLERS", default=["Googlebot", "bingbot", "DuckDuckBot", "Applebot"]
)
BOT_GOOD_CRAWLER_NETWORKS = env.list("BOT_GOOD_CRAWLER_NETWORKS", default=[])
ROBOTS_DISALLOW = env.list(
    "ROBOTS_DISALLOW",
    default=[
        "/admin/",
        "/cms/",
        "/accounts/",
        "/newsroom/",
        "/api/",
        "/pages/_contact/",
        "/*?page=",
    ],
)
ROBOTS_SITEMAP_URL = env.str("ROBOTS_SITEMAP_URL", default=f"{SITE_URL}/sitemap.xml")
# A malformed rate or network fails at start-up rather than at the first request.
compile_rules(RATE_LIMITS)
try:
    for _cidr in BOT_GOOD_CRAWLER_NETWORKS:
        ipaddress.ip_network(_cidr, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"BOT_GOOD_CRAWLER_NETWORKS: {_error}") from None

# --- Partner API keys (ops.apikeys) ------------------------------------------

# Partners read the API with `Authorization: Api-Key <key>`: what an anonymous reader may
# read, within the key's own rate limit and quotas (see docs/security.md).  A key's own
# rate and quotas, when set in the admin, replace these defaults.  Quotas count requests
# per UTC day and per calendar month; 0 means unlimited.
API_KEY_RATE = env.str("API_KEY_RATE", default="600/m")
API_KEY_DAILY_QUOTA = env.int("API_KEY_DAILY_QUOTA", default=10_000)
API_KEY_MONTHLY_QUOTA = env.int("API_KEY_MONTHLY_QUOTA", default=250_000)
# Failed key attempts per client address (IPv6: per /64) before it gets 429s instead of 401s.
API_KEY_FAILURE_RATE = env.str("API_KEY_FAILURE_RATE", default="30/h")
API_KEY_LABEL = "nbk"
API_KEY_URL_NAMESPACE = "api"
for _name in ("API_KEY_RATE", "API_KEY_FAILURE_RATE"):
    try:
        Rate.parse(globals()[_name])
    except ValueError as _error:
        raise ImproperlyConfigured(f"{_name}: {_error}") from None
for _name in ("API_KEY_DAILY_QUOTA", "API_KEY_MONTHLY_QUOTA"):
    if globals()[_name] < 0:
        raise ImproperlyConfigured(f"{_name} must be 0 (unlimited) or a number of requests")

# --- Accounts, 2FA and lockout (allauth, axes) --------------------------------

# Every account is newsroom staff, created by an admin: django-allauth signs them in (username,
# password, then a TOTP code), signup is closed, and an account without an authenticator app is
# sent to enrol before anything else (newsbudget.accounts.middleware).  docs/security.md.
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username+network is refused before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "newsbudget.accounts.adapters.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
# Admins create accounts with the staff member's newsroom address; nobody verifies it again.
ACCOUNT_EMAIL_VERIFICATION = "none"
# A reset request for an unknown address sends nothing (the page says the same either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if DEPLOYED else "http"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
MFA_ADAPTER = "newsbudget.accounts.adapters.StaffMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Accept the code of the previous and the next 30-second step too: phone clocks drift.
MFA_TOTP_TOLERANCE = 1
# allauth refuses 2FA to accounts with an unverified address; ours are created by admins.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Passwords: Django's validators above plus a breached-password list searched on disk: the
# small list bundled in ops/passwords/data, or the full Have I Been Pwned download.
BREACHED_PASSWORDS_FILE = env.str("BREACHED_PASSWORDS_FILE", default="")

# Lockout (django-axes): LOGIN_FAILURE_LIMIT failed passwords for one username from one network
# (one IPv4 address, one IPv6 /64) lock that pair for LOGIN_LOCKOUT_MINUTES, renewed by each
# further try; the reporter signing in from anywhere else is not affected.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
if LOGIN_FAILURE_LIMIT < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT must be 1 or more failed sign-ins")
if LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_LOCKOUT_MINUTES must be 1 or more minutes")
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's field name
AXES_USERNAME_CALLABLE = "newsbudget.accounts.lockout.attempted_username"
AXES_CLIENT_IP_CALLABLE = "newsbudget.accounts.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "newsbudget.accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# --- Security headers and CSP -------------------------------------------------

# Headers on every response (SecurityMiddleware, ContentSecurityPolicyMiddleware,
# PermissionsPolicyMiddleware, XFrameOptionsMiddleware); see docs/security.md.
SECURE_CONTENT_TYPE_NOSNIFF = True
# Other sites learn nothing of which page a reader came from; our own pages see the full URL.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own origin (and STATIC_URL's, if it is a CDN); inline code only with the nonce.
CSP_REPORT_URI = env.str("CSP_REPORT_URI", default="")
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
_csp = content_security_policy(
    static_url=STATIC_URL, media_url=MEDIA_URL, report_uri=CSP_REPORT_URI, socket_url=REALTIME_URL
)
SECURE_CSP = {} if CSP_REPORT_ONLY else _csp
SECURE_CSP_REPORT_ONLY = _csp if CSP_REPORT_ONLY else {}
# Every powerful browser feature off, except WebAuthn for our own origin and what this
# grants it (e.g. "geolocation" for a "near me" search; a single view can instead use
# django_permissions_policy.decorators.permissions_policy_override).
PERMISSIONS_POLICY_SELF = env.list("PERMISSIONS_POLICY_SELF", default=[])
PERMISSIONS_POLICY = permissions_policy(PERMISSIONS_POLICY_SELF)

# --- Editorial pages (Wagtail: newsbudget.pages, docs/cms.md) ------------------

WAGTAIL_SITE_NAME = SITE_NAME
# Links in the admin's notification emails point at the public site's address.
WAGTAILADMIN_BASE_URL = SITE_URL
# The admin signs in through allauth's password + TOTP pages, like the Django admin, and never
# offers its own password change or reset (allauth's, with the breached-password check, are the
# only ones).
WAGTAILADMIN_LOGIN_URL = "account_login"
# A page restricted to signed-in users sends readers to the same sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = False
# Wagtail's own search (the admin's page and image search) in the database: no other service.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Images are files in the ``default`` storage (STORAGES above: var/media or S3).
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail checks for a newer release by calling out from the admin: the site calls nobody.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
# Where the contact form's messages go (a page may name its own address instead).
CONTACT_DESK_EMAIL = env.str(
    "CONTACT_DESK_EMAIL", default="" if DEPLOYED else "desk@newsbudget.test"
)

# --- Newsroom -------------------------------------------------------------

PAGE_SIZE = env.int("PAGE_SIZE", default=20)
if not 1 <= PAGE_SIZE <= 200:
    raise ImproperlyConfigured(f"PAGE_SIZE must be between 1 and 200, got {PAGE_SIZE}")
# The longest range of budget days one desk report may cover (newsbudget.reports).
REPORT_MAX_DAYS = env.int("REPORT_MAX_DAYS", default=366)
if not 1 <= REPORT_MAX_DAYS <= 3660:
    raise ImproperlyConfigured(f"REPORT_MAX_DAYS must be between 1 and 3660, got {REPORT_MAX_DAYS}")

# --- Search (newsbudget.search, docs/search.md) ----------------------------------

# Public search results (the site's and the API's) are cached this many seconds, under the
# content versions, so a publish shows at once; 0 turns the cache off.  Staff searches are
# never cached.
SEARCH_CACHE_SECONDS = env.int("SEARCH_CACHE_SECONDS", default=30)
if not 0 <= SEARCH_CACHE_SECONDS <= 3600:
    raise ImproperlyConfigured(
        f"SEARCH_CACHE_SECONDS must be between 0 and 3600, got {SEARCH_CACHE_SECONDS}"
    )

# --- Page views and most-read lists (newsbudget.readership) -------------------

# Views are counted in the shared cache per window of PAGE_VIEWS_WINDOW_SECONDS and written
# to the database by the scheduler once a window has been closed for
# PAGE_VIEWS_FLUSH_DELAY_SECONDS: longer than a request may run (WEB_TIMEOUT) plus the clocks'
# skew between nodes, so no view is still on its way to a window being flushed
# (docs/caching.md, "Page views").
PAGE_VIEWS_WINDOW_SECONDS = env.int("PAGE_VIEWS_WINDOW_SECONDS", default=60)
PAGE_VIEWS_FLUSH_DELAY_SECONDS = env.int("PAGE_VIEWS_FLUSH_DELAY_SECONDS", default=30)
if PAGE_VIEWS_WINDOW_SECONDS < 1 or 86400 % PAGE_VIEWS_WINDOW_SECONDS:
    raise ImproperlyConfigured("PAGE_VIEWS_WINDOW_SECONDS must divide a day (86400) evenly")
if not 0 <= PAGE_VIEWS_FLUSH_DELAY_SECONDS <= 3600:
    raise ImproperlyConfigured("PAGE_VIEWS_FLUSH_DELAY_SECONDS must be between 0 and 3600")
# A desk front lists its MOST_READ_LIMIT most viewed Live stories of the last MOST_READ_DAYS
# UTC days (today included).
MOST_READ_DAYS = env.int("MOST_READ_DAYS", default=7)
MOST_READ_LIMIT = env.int("MOST_READ_LIMIT", default=5)
if not 1 <= MOST_READ_DAYS <= 366:
    raise ImproperlyConfigured("MOST_READ_DAYS must be between 1 and 366")
if not 0 <= MOST_READ_LIMIT <= 50:
    raise ImproperlyConfigured("MOST_READ_LIMIT must be between 0 and 50 (0 hides the list)")

# --- Feature flags (django-waffle; docs/flags.md) ------------------------------

# Flags live in the database and are edited in the admin (Waffle > Flags); waffle caches them
# in the default cache.  A flag nobody created is off, and is logged, never created on the fly.
WAFFLE_FLAG_DEFAULT = False
WAFFLE_CREATE_MISSING_FLAGS = False
WAFFLE_LOG_MISSING_FLAGS = 30  # logging.WARNING
# ?<flag>=1 must not switch a flag on for whoever asks.
WAFFLE_OVERRIDE = False
WAFFLE_CACHE_NAME = "default"
# A percentage flag's dwf_<name> cookie keeps a reader in or out for this long.
WAFFLE_MAX_AGE = env.int("WAFFLE_COOKIE_MAX_AGE", default=30 * 86400)
WAFFLE_SECURE = SESSION_COOKIE_SECURE
if WAFFLE_MAX_AGE <= 0:
    raise ImproperlyConfigured("WAFFLE_COOKIE_MAX_AGE must be a positive number of seconds")

# --- Outbound HTTP (ops.http) ---------------------------------------------

# Every call the site makes to another service goes through ops.http.client: a timeout on
# each call, retries with backoff for idempotent methods, and a circuit breaker per host.
HTTP_CLIENT_TIMEOUT_SECONDS = env.float("HTTP_CLIENT_TIMEOUT_SECONDS", default=3.0)
HTTP_CLIENT_RETRIES = env.int("HTTP_CLIENT_RETRIES", default=2)
HTTP_CLIENT_BREAKER_FAILURES = env.int("HTTP_CLIENT_BREAKER_FAILURES", default=5)
HTTP_CLIENT_BREAKER_RESET_SECONDS = env.float("HTTP_CLIENT_BREAKER_RESET_SECONDS", default=30.0)
if not 0 < HTTP_CLIENT_TIMEOUT_SECONDS <= 60:
    raise ImproperlyConfigured("HTTP_CLIENT_TIMEOUT_SECONDS must be more than 0 and at most 60")
if not 0 <= HTTP_CLIENT_RETRIES <= 10:
    raise ImproperlyConfigured("HTTP_CLIENT_RETRIES must be between 0 and 10")
if HTTP_CLIENT_BREAKER_FAILURES < 1:
    raise ImproperlyConfigured("HTTP_CLIENT_BREAKER_FAILURES must be 1 or more failures")
if HTTP_CLIENT_BREAKER_RESET_SECONDS <= 0:
    raise ImproperlyConfigured("HTTP_CLIENT_BREAKER_RESET_SECONDS must be more than 0")

# --- Availability monitor (ops.health: manage.py check_availability) -------------

# The pages the external monitor fetches when given none on its command line, the readiness
# URL that tells a dependency failure from a page bug, where it remembers the last state
# (so it alerts on changes only), and whom it alerts.
AVAILABILITY_URLS = env.list("AVAILABILITY_URLS", default=[f"{SITE_URL}/"])
AVAILABILITY_READINESS_URL = env.str("AVAILABILITY_READINESS_URL", default=f"{SITE_URL}/readyz")
AVAILABILITY_STATE_FILE = env.path("AVAILABILITY_STATE_FILE", default=VAR_DIR / "availability.json")
AVAILABILITY_TIMEOUT_SECONDS = env.float("AVAILABILITY_TIMEOUT_SECONDS", default=5.0)
AVAILABILITY_ALERT_EMAILS = env.list("AVAILABILITY_ALERT_EMAILS", default=[])
AVAILABILITY_WEBHOOK_URL = env.str("AVAILABILITY_WEBHOOK_URL", default="")
# Run the monitor every minute from the scheduler too (besides any cron on another machine).
AVAILABILITY_MONITOR_IN_SCHEDULER = env.bool("AVAILABILITY_MONITOR_IN_SCHEDULER", default=False)
if not 0 < AVAILABILITY_TIMEOUT_SECONDS <= 60:
    raise ImproperlyConfigured("AVAILABILITY_TIMEOUT_SECONDS must be more than 0 and at most 60")

# --- Logging (ops.logs) ------------------------------------------------------

# Every process logs to stdout only: JSON lines in staging/production, readable lines in dev.
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FORMAT = env.str("LOG_FORMAT", default=default_log_format(NEWSBUDGET_ENV)).lower()
LOGGING_CONFIG = "ops.logs.setup.configure"
try:
    LOGGING = logging_config(level=LOG_LEVEL, log_format=LOG_FORMAT)
except ValueError as _error:
    raise ImproperlyConfigured(str(_error)) from None

# --- Telemetry: the request and task lines, metrics, rollups (ops.telemetry) -------

# A request slower than this is logged at WARNING with its slowest queries.
SLOW_REQUEST_MS = env.int("SLOW_REQUEST_MS", default=1000)
if SLOW_REQUEST_MS <= 0:
    raise ImproperlyConfigured("SLOW_REQUEST_MS must be a positive number of milliseconds")
TELEMETRY_REQUEST_SINKS = [
    "ops.metrics.instruments.observe_request",
    "ops.dashboard.aggregate.record_request",
]
TELEMETRY_TASK_SINKS = [
    "ops.metrics.instruments.observe_task",
    "ops.errors.receivers.task_sink",
]

# --- Metrics (ops.metrics: GET /metrics, Prometheus) ---------------------------

METRICS_NAMESPACE = "newsbudget"
# /metrics answers a scraper with `Authorization: Bearer <METRICS_TOKEN>`, or any client whose
# address (behind TRUSTED_PROXY_COUNT proxies) is in METRICS_ALLOWED_NETWORKS.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"])
try:
    for _cidr in METRICS_ALLOWED_NETWORKS:
        ipaddress.ip_network(_cidr, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {_error}") from None
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters (or unset)")
# Each process of a node keeps its counters in files here, which /metrics adds up (gunicorn's
# workers, the task worker); empty means one process only (the test runs).
PROMETHEUS_MULTIPROC_DIR = env.str(
    "PROMETHEUS_MULTIPROC_DIR", default="" if NEWSBUDGET_ENV == "test" else str(VAR_DIR / "metrics")
)
if PROMETHEUS_MULTIPROC_DIR:
    use_metrics_directory(PROMETHEUS_MULTIPROC_DIR)

# --- Health, readiness and draining (ops.health: /healthz, /readyz) ----------------

# /readyz fails (503) when the oldest due task has waited longer than this (0: never), or a
# directory the node writes to has less free space than this.
READINESS_MAX_TASK_LAG_SECONDS = env.int("READINESS_MAX_TASK_LAG_SECONDS", default=300)
READINESS_MIN_FREE_DISK_MB = env.int("READINESS_MIN_FREE_DISK_MB", default=256)
if READINESS_MAX_TASK_LAG_SECONDS < 0 or READINESS_MIN_FREE_DISK_MB < 0:
    raise ImproperlyConfigured(
        "READINESS_MAX_TASK_LAG_SECONDS and READINESS_MIN_FREE_DISK_MB must be 0 or more"
    )
# `manage.py drain` creates this file (one per node); /readyz answers 503 while it exists.
DRAIN_FILE = env.path("DRAIN_FILE", default=VAR_DIR / "drain")

# --- Errors (ops.errors: Sentry, or the embedded tracker) --------------------------

SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default=NEWSBUDGET_ENV)
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if not 0.0 <= SENTRY_TRACES_SAMPLE_RATE <= 1.0:
    raise ImproperlyConfigured("SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1")
# Without Sentry, unhandled exceptions are grouped in the database (/ops/errors/) and new
# groups are mailed to ADMINS, at most ERRORS_MAIL_PER_HOUR an hour.
ERRORS_EMBEDDED_TRACKER = env.bool("ERRORS_EMBEDDED_TRACKER", default=not SENTRY_DSN)
ERRORS_MAIL_PER_HOUR = env.int("ERRORS_MAIL_PER_HOUR", default=10)
if ERRORS_MAIL_PER_HOUR < 0:
    raise ImproperlyConfigured("ERRORS_MAIL_PER_HOUR must be 0 or more mails")
try:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        release=RELEASE,
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
    )
except Exception as _error:  # sentry_sdk's BadDsn; the DSN itself is a secret, never echoed
    raise ImproperlyConfigured(
        f"SENTRY_DSN is not a valid Sentry DSN ({type(_error).__name__})"
    ) from None

# --- The ops dashboard (ops.dashboard: /ops/) ---------------------------------------

# Each web process adds its per-minute figures to the shared cache this often (0: after
# every request); the scheduler rolls the last ROLLUP_LOOKBACK_MINUTES into the database
# every minute and deletes rows older than ROLLUP_RETENTION_DAYS.
ROLLUP_FLUSH_SECONDS = env.float(
    "ROLLUP_FLUSH_SECONDS", default=0.0 if NEWSBUDGET_ENV == "test" else 5.0
)
ROLLUP_LOOKBACK_MINUTES = 5
ROLLUP_RETENTION_DAYS = env.int("ROLLUP_RETENTION_DAYS", default=30)
if not 0 <= ROLLUP_FLUSH_SECONDS <= 50:
    raise ImproperlyConfigured("ROLLUP_FLUSH_SECONDS must be between 0 and 50")
if ROLLUP_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("ROLLUP_RETENTION_DAYS must be 1 or more days")

# --- Performance investigation (ops.profiling) ----------------------------------------

# Signed-in staff add ?profile=1 (HTML) or ?profile=text to any page for pyinstrument's report.
PROFILING_ENABLED = env.bool("PROFILING_ENABLED", default=True)
PROFILING_INTERVAL_SECONDS = 0.001
# django-debug-toolbar, in development only (it is in the dev dependency group).
DEBUG_TOOLBAR = (
    NEWSBUDGET_ENV == "dev" and DEBUG and importlib.util.find_spec("debug_toolbar") is not None
)
if DEBUG_TOOLBAR:
    INSTALLED_APPS.append("debug_toolbar")
    MIDDLEWARE.insert(
        MIDDLEWARE.index("ops.telemetry.middleware.RequestTelemetryMiddleware") + 1,
        "debug_toolbar.middleware.DebugToolbarMiddleware",
    )
    INTERNAL_IPS = ["127.0.0.1", "::1"]

# --- Refuse to run unsafely ----------------------------------------------

if DEPLOYED:
    refuse_unsafe_settings(NEWSBUDGET_ENV, globals())
