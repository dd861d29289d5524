"""No password, token, session id or API key reaches any log line, at the most verbose level.

The log is captured as production writes it (JSON lines, DEBUG) while the
site is used the ways that carry credentials: a sign-in with a password and a
TOTP code, API calls with a partner key and a token, a password-reset link,
secrets in a query string, an exception whose message holds a database URL
with its password, and code that logs a secret by name.  Then no secret may
appear anywhere in the text, while the lines themselves are there.
"""

from __future__ import annotations

import logging

import structlog
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path
from rest_framework.authtoken.models import Token

from newsbudget.accounts.models import User
from newsbudget.accounts.tests.helpers import sign_in
from ops.apikeys import services
from ops.logs.tests.capture import captured_log
from tests.factories import PASSWORD, totp_code

DATABASE_PASSWORD = "s3cret-db-passw0rd"


def leak_a_database_url(request: HttpRequest) -> HttpResponse:
    raise ConnectionError(f"could not connect to postgres://app:{DATABASE_PASSWORD}@db:5432/news")


urlpatterns = [
    path("test-errors/leak/", leak_a_database_url),
    path("", include("config.urls")),
]


def sign_in_and_browse(editor: User) -> dict[str, str]:
    """Sign the editor in through the real pages; the secrets that crossed the wire."""
    browser = Client()
    code = totp_code(editor)
    sign_in(browser, editor)
    browser.get("/newsroom/budget/")
    return {"password": PASSWORD, "totp": code, "session": browser.cookies["sessionid"].value}


@override_settings(ROOT_URLCONF=__name__)
def test_no_secret_reaches_the_log(editor: User) -> None:
    with captured_log(level="DEBUG") as log:
        secrets = sign_in_and_browse(editor)
        partner = services.issue_key(partner="Acme News")
        token = Token.objects.create(user=editor).key
        secrets |= {"api key": partner.secret, "token": token}

        Client().get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Api-Key {partner.secret}")
        Client().get("/api/v1/stories/", HTTP_AUTHORIZATION=f"Token {token}")
        reset_key = "5f3-a9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5"
        Client().get(f"/accounts/password/reset/key/1z-{reset_key}/")
        Client().get("/?page=2&token=query-token-abcdef&api_key=query-key-123456")
        Client(raise_request_exception=False).get("/test-errors/leak/")
        structlog.get_logger("ops.example").info("signing in", password="hunter2-by-name")
        logging.getLogger("newsbudget.example").warning("retrying with password=hunter2-inline")
        secrets |= {
            "reset key": reset_key,
            "query token": "query-token-abcdef",
            "query api key": "query-key-123456",
            "database password": DATABASE_PASSWORD,
            "named": "hunter2-by-name",
            "inline": "hunter2-inline",
        }

    text = log.text()
    requests = log.events("request")
    assert len(requests) >= 8, text
    assert {line["status"] for line in requests} >= {200, 302, 500}
    leaked = {name for name, secret in secrets.items() if secret in text}
    assert leaked == set(), f"secrets in the log: {sorted(leaked)}"
