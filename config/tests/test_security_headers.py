"""Every response carries the browser-facing defences: CSP, Permissions-Policy and the rest.

The policy itself is built by ``ops.config.csp``; these tests read it back
from real responses (pages, the API, errors, the docs), check that inline code
is allowed only by a per-request nonce (never ``'unsafe-inline'``), that pages
shared through caches carry no nonce at all, and, in a fresh production
interpreter, that HSTS and the cookie flags hold and can be overridden.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from config.tests.fresh_process import run_django
from newsbudget.desks.models import Desk
from newsbudget.stories.models import Status
from tests.factories import StoryFactory

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{16,})'")


@pytest.fixture
def urls(desk: Desk) -> list[str]:
    story = StoryFactory(desk=desk, status=Status.LIVE)
    return [
        "/",
        f"/desks/{desk.slug}/",
        f"/desks/{desk.slug}/feed.rss",
        story.get_absolute_url(),
        "/api/v1/stories/",
        "/api/v1/schema/",
        "/stories/no-such-story/",
        "/api/v1/no-such-endpoint/",
        "/accounts/login/",
    ]


def test_every_response_carries_the_headers(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)

        assert response["Content-Security-Policy"] == POLICY, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert "geolocation=()" in response["Permissions-Policy"], url


def test_the_permissions_policy_turns_off_every_powerful_feature_but_webauthn(
    client: Client, db: None
) -> None:
    features = dict(
        item.split("=", 1) for item in client.get("/").headers["Permissions-Policy"].split(", ")
    )

    allowed = {name for name, value in features.items() if value != "()"}
    assert allowed == {"publickey-credentials-create", "publickey-credentials-get"}
    assert features["publickey-credentials-get"] == "(self)"
    assert {"camera", "microphone", "geolocation", "payment", "usb"} <= set(features)


def test_public_pages_carry_no_nonce_so_shared_caches_may_keep_them(
    client: Client, urls: list[str]
) -> None:
    for url in urls[:4]:
        first, second = client.get(url), client.get(url)

        assert "nonce" not in first["Content-Security-Policy"]
        assert b"nonce=" not in first.content
        assert first.content == second.content


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_api_docs_run_their_inline_code_by_nonce(client: Client, url: str) -> None:
    response = client.get(url)
    html = response.content.decode()

    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    nonce = NONCE.search(policy)
    assert nonce is not None
    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline
    assert all(f'nonce="{nonce.group(1)}"' in attributes for _, attributes in inline)
    assert client.get(url)["Content-Security-Policy"] != policy  # a new nonce each time
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_report_only_mode_and_a_report_uri_are_settings(tmp_path: Path) -> None:
    program = (
        "import json, django; from django.conf import settings; django.setup();"
        "print(json.dumps([settings.SECURE_CSP, settings.SECURE_CSP_REPORT_ONLY]))"
    )
    result = run_django(tmp_path, program, CSP_REPORT_ONLY="true", CSP_REPORT_URI="/csp-reports/")

    assert result.returncode == 0, result.stderr
    enforced, report_only = json.loads(result.stdout)
    assert enforced == {}
    assert report_only["report-uri"] == ["/csp-reports/"]
    assert report_only["script-src"] == ["'self'", "<CSP_NONCE_SENTINEL>"]


PRODUCTION_HEADERS = (
    "import json, django; from django.conf import settings; django.setup();"
    "from django.http import HttpResponse; from django.test import RequestFactory;"
    "from django.middleware.security import SecurityMiddleware;"
    "request = RequestFactory().get('/', secure=True, headers={'host': 'news.example.org'});"
    "response = SecurityMiddleware(lambda request: HttpResponse())(request);"
    "print(json.dumps({'hsts': response.get('Strict-Transport-Security'),"
    " 'cookies': [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,"
    "  settings.SESSION_COOKIE_SAMESITE, settings.CSRF_COOKIE_SECURE,"
    "  settings.CSRF_COOKIE_HTTPONLY, settings.CSRF_COOKIE_SAMESITE],"
    " 'redirect': settings.SECURE_SSL_REDIRECT}))"
)
PRODUCTION = {
    "NEWSBUDGET_ENV": "production",
    "SECRET_KEY": "p" + "r0duction-k3y-" * 5,
    "ALLOWED_HOSTS": "news.example.org",
}


def production_headers(tmp_path: Path, **overrides: str) -> dict[str, object]:
    result = run_django(tmp_path, PRODUCTION_HEADERS, **PRODUCTION, **overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_sends_a_year_of_hsts_with_subdomains_and_preload(tmp_path: Path) -> None:
    loaded = production_headers(tmp_path)

    assert loaded["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert loaded["cookies"] == [True, True, "Lax", True, True, "Lax"]
    assert loaded["redirect"] is True


def test_hsts_subdomains_and_preload_can_be_turned_off(tmp_path: Path) -> None:
    loaded = production_headers(
        tmp_path,
        SECURE_HSTS_SECONDS="86400",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="false",
    )

    assert loaded["hsts"] == "max-age=86400"


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("CSP_REPORT_URI", "ftp://reports.example.org", "CSP_REPORT_URI must be a path or"),
        ("CSP_REPORT_ONLY", "maybe", "CSP_REPORT_ONLY must be one of"),
        ("PERMISSIONS_POLICY_SELF", "geolocation,teleport", "features the policy does not know"),
    ],
)
def test_invalid_header_settings_stop_the_process(
    tmp_path: Path, name: str, value: str, complaint: str
) -> None:
    result = run_django(tmp_path, "import django; django.setup()", **{name: value})

    assert result.returncode != 0
    assert complaint in result.stderr


def test_a_granted_feature_is_on_for_our_origin_only(tmp_path: Path) -> None:
    program = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.PERMISSIONS_POLICY['geolocation'], settings.PERMISSIONS_POLICY['camera'])"
    )
    result = run_django(tmp_path, program, PERMISSIONS_POLICY_SELF="geolocation")

    assert result.stdout.split() == ["['self']", "[]"]
