"""Fixtures for the API key suites: an issued key, and a fixed moment to count usage at."""

from __future__ import annotations

import datetime

import pytest

from ops.apikeys import services
from ops.apikeys.services import IssuedKey

NOW = datetime.datetime(2026, 3, 2, 12, 0, tzinfo=datetime.UTC)
"""Noon UTC on a Monday: twelve hours left in the day, most of the month ahead."""


@pytest.fixture
def issued(db: None) -> IssuedKey:
    return services.issue_key(partner="Acme News", contact_email="api@acme.test")
