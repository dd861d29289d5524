"""``NEWSBUDGET_ENV=production manage.py check --deploy`` finds nothing to warn about.

Django's deployment checklist (HSTS with subdomains and preload, secure and
HttpOnly cookies, SSL redirect, X-Frame-Options DENY, a strong SECRET_KEY, …)
runs in a fresh interpreter with the environment a real deployment has:
PostgreSQL, Redis, SMTP and an HTTPS site URL.  ``--fail-level WARNING`` makes
any warning fail the command, and a second case shows that it does.
"""

from __future__ import annotations

from pathlib import Path

from config.tests.fresh_process import run_django

CHECK_DEPLOY = (
    "from django.core.management import execute_from_command_line;"
    "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
)
PRODUCTION = {
    "NEWSBUDGET_ENV": "production",
    "SECRET_KEY": "p" + "r0duction-k3y-" * 5,
    "ALLOWED_HOSTS": "news.example.org,www.news.example.org",
    "DATABASE_URL": "postgres://newsbudget:s3cret@db.internal:5432/newsbudget",
    "CACHE_URL": "redis://:s3cret@cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://newsbudget%40example.org:s3cret@mail.example.org:587",
    "SITE_URL": "https://news.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
}


def test_check_deploy_reports_no_issues_in_production(tmp_path: Path) -> None:
    result = run_django(tmp_path, CHECK_DEPLOY, **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_it_would_fail_on_a_warning(tmp_path: Path) -> None:
    result = run_django(tmp_path, CHECK_DEPLOY, **PRODUCTION, SECURE_HSTS_PRELOAD="false")

    assert result.returncode != 0
    assert "security.W021" in result.stderr
