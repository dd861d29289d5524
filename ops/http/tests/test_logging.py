"""Failed and retried calls are logged at WARNING, naming scheme://host/path and no secret."""

from __future__ import annotations

import logging

import pytest

from ops.http.client import OutboundError, request
from ops.http.tests.loopback import Answer, Site


def test_it_logs_each_retry_and_the_final_failure_without_secrets(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    site.answer("/api/v1", 503)
    url = site.url.replace("http://", "http://admin:pw-123@") + "/api/v1?token=qs-secret"

    with caplog.at_level(logging.WARNING, logger="ops.http"):
        request(
            "POST",
            url,
            idempotent=True,
            retries=1,
            headers={"Authorization": "Bearer header-secret"},
            json={"password": "body-secret"},
        )

    lines = [record.getMessage() for record in caplog.records if record.name == "ops.http"]
    assert lines[0].startswith(f"POST {site.url}/api/v1 answered 503 (attempt 1 of 2, retrying")
    assert lines[1] == f"POST {site.url}/api/v1 answered 503 (attempt 2 of 2, giving up)"
    for secret in ("pw-123", "admin", "qs-secret", "token", "header-secret", "body-secret"):
        assert secret not in caplog.text


def test_a_redacted_path_is_neither_logged_nor_in_the_error(
    site: Site, caplog: pytest.LogCaptureFixture
) -> None:
    site.answer("/services/T0/B0/path-secret", Answer(drop=True))

    with (
        caplog.at_level(logging.WARNING, logger="ops.http"),
        pytest.raises(OutboundError) as raised,
    ):
        request("POST", f"{site.url}/services/T0/B0/path-secret", redact_path=True)

    assert "path-secret" not in caplog.text
    assert "path-secret" not in str(raised.value)
    assert f"POST {site.url}/…" in caplog.text


def test_a_successful_call_logs_nothing(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    site.answer("/x", 200)

    with caplog.at_level(logging.DEBUG, logger="ops.http"):
        request("GET", f"{site.url}/x")

    assert [record for record in caplog.records if record.name == "ops.http"] == []
