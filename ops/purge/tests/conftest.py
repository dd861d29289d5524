"""A recording HTTP server for each test that needs one (see ``recorder``).

The outbound client keeps a circuit breaker per host and port for the whole
process, and loopback ports get reused from test to test, so the root
conftest closes every circuit before each test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ops.purge.tests.recorder import Recorder, recording_server


@pytest.fixture
def api() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder
