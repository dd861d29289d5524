"""A recording HTTP server for each test that needs one (see ``recorder``), and closed circuits.

The outbound client keeps a circuit breaker per host and port for the whole
process; loopback ports get reused from test to test, so each test starts with
every circuit closed instead of inheriting another test's failures.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ops.http.breaker import breakers
from ops.purge.tests.recorder import Recorder, recording_server


@pytest.fixture(autouse=True)
def _closed_circuits() -> Iterator[None]:
    breakers.reset()
    yield
    breakers.reset()


@pytest.fixture
def api() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder
