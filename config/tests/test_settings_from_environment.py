"""Settings come from the environment only; production refuses to start unsafely and says why.

Each case loads the settings in a fresh interpreter, because settings are read
once per process — exactly as web, worker and scheduler read them.
"""

from __future__ import annotations

import json
import stat
import subprocess
from pathlib import Path

import pytest

from config.tests.fresh_process import run_django

GOOD_KEY = "p" + "r0duction-k3y-" * 5
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup();"
    "db = settings.DATABASES['default'];"
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'options': db['OPTIONS'],"
    " 'debug': settings.DEBUG, 'key': settings.SECRET_KEY, 'hosts': settings.ALLOWED_HOSTS,"
    " 'cache': settings.CACHES['default']['BACKEND'], 'caches': settings.CACHES['default'],"
    " 'tasks': settings.TASKS['default']['BACKEND'],"
    " 'mailer': settings.MAILERS['default']['BACKEND']}))"
)


def load_settings(tmp_path: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    return run_django(tmp_path, PRINT_SETTINGS, **environment)


def settings_in(tmp_path: Path, **environment: str) -> dict[str, object]:
    result = load_settings(tmp_path, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_dev_defaults_need_no_services(tmp_path: Path) -> None:
    loaded = settings_in(tmp_path, NEWSBUDGET_ENV="dev", CACHE_URL=f"diskcache://{tmp_path}/c")
    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in loaded["options"]["init_command"]  # type: ignore[index]
    assert loaded["options"]["transaction_mode"] == "IMMEDIATE"  # type: ignore[index]
    assert loaded["debug"] is True
    assert loaded["cache"] == "ops.cache.backends.PersistentDiskCache"
    assert stat.S_IMODE((tmp_path / "c").stat().st_mode) == 0o700  # pickled entries: private
    assert loaded["tasks"] == "django_tasks_db.DatabaseBackend"
    assert loaded["mailer"] == "django.core.mail.backends.console.EmailBackend"


def test_a_postgres_url_switches_the_engine_without_code(tmp_path: Path) -> None:
    loaded = settings_in(tmp_path, DATABASE_URL="postgres://news:pw@127.0.0.1:5432/newsbudget")
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["name"] == "newsbudget"
    assert "statement_timeout=15000" in loaded["options"]["options"]  # type: ignore[index]


def test_a_redis_url_switches_the_cache_without_code(tmp_path: Path) -> None:
    url = "rediss://:s3cret@cache.internal:6380/2"
    loaded = settings_in(tmp_path, CACHE_URL=url, CACHE_KEY_PREFIX="site-b")
    assert loaded["caches"] == {
        "BACKEND": "ops.cache.resilient.ResilientRedisCache",
        "LOCATION": [url],
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        "KEY_PREFIX": "site-b",
    }


def test_it_prefixes_cache_keys_with_the_site_name_by_default(tmp_path: Path) -> None:
    loaded = settings_in(tmp_path)
    assert loaded["caches"]["KEY_PREFIX"] == "newsbudget"  # type: ignore[index]


@pytest.mark.parametrize(
    "url", ["redis://:hunter2@/0", "redis://:hunter2@cache:port/0", "memcached://u:hunter2@h"]
)
def test_it_refuses_a_bad_cache_url_without_echoing_its_password(tmp_path: Path, url: str) -> None:
    result = load_settings(tmp_path, CACHE_URL=url)
    assert result.returncode != 0
    assert "CACHE_URL must be" in result.stderr
    assert "hunter2" not in result.stderr


def test_production_refuses_to_start_and_names_everything_missing(tmp_path: Path) -> None:
    result = load_settings(tmp_path, NEWSBUDGET_ENV="production")

    assert result.returncode != 0
    assert "NEWSBUDGET_ENV=production refuses to start" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr
    assert "ALLOWED_HOSTS is not set" in result.stderr


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SESSION_COOKIE_SECURE": "false"}, "SESSION_COOKIE_SECURE must be on"),
        ({"CSRF_COOKIE_SECURE": "no"}, "CSRF_COOKIE_SECURE must be on"),
        ({"SECURE_HSTS_SECONDS": "0"}, "SECURE_HSTS_SECONDS must be greater than 0"),
        ({"ALLOWED_HOSTS": "*"}, "not '*'"),
        ({"SECRET_KEY": "django-insecure-" + "x1y2z3" * 10}, "insecure development key"),
        ({"SECRET_KEY": "tooshort"}, "shorter than 50"),
    ],
)
def test_production_refuses_each_unsafe_setting(
    tmp_path: Path, overrides: dict[str, str], complaint: str
) -> None:
    environment = {
        "NEWSBUDGET_ENV": "production",
        "SECRET_KEY": GOOD_KEY,
        "ALLOWED_HOSTS": "news.example.org",
        **overrides,
    }
    result = load_settings(tmp_path, **environment)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_starts_with_safe_settings(tmp_path: Path) -> None:
    loaded = settings_in(
        tmp_path,
        NEWSBUDGET_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="news.example.org",
    )
    assert loaded["debug"] is False
    assert loaded["hosts"] == ["news.example.org"]


def test_secrets_can_come_from_files(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text(GOOD_KEY)
    loaded = settings_in(
        tmp_path,
        NEWSBUDGET_ENV="staging",
        SECRET_KEY_FILE=str(key_file),
        ALLOWED_HOSTS="staging.example.org",
    )
    assert loaded["key"] == GOOD_KEY


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("NEWSBUDGET_ENV", "prod", "NEWSBUDGET_ENV must be one of dev, test, staging, production"),
        ("DEBUG", "ture", "DEBUG must be one of"),
        ("PAGE_SIZE", "many", "PAGE_SIZE has an invalid value 'many'"),
        ("PAGE_SIZE", "0", "PAGE_SIZE must be between 1 and 200"),
        ("CACHE_URL", "memcached://x", "CACHE_URL must be"),
        ("CACHE_URL", "redis://cache.internal:6379/zero", "its db must be a number, got 'zero'"),
        ("DATABASE_URL", "mysql://u:p@h/db", "DATABASE_URL must point at SQLite or PostgreSQL"),
        ("EMAIL_URL", "pigeon://coop", "EMAIL_URL scheme 'pigeon'"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be a logging level name"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE must be an IANA zone"),
        ("SITE_URL", "news.example.org", "SITE_URL must start with http"),
        ("DATABASE_STATEMENT_TIMEOUT_MS", "-1", "must be a positive number"),
    ],
)
def test_invalid_values_stop_the_process_with_the_variable_named(
    tmp_path: Path, name: str, value: str, complaint: str
) -> None:
    result = load_settings(tmp_path, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr
