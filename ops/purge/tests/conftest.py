"""A recording HTTP server for each test that needs one (see ``recorder``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ops.purge.tests.recorder import Recorder, recording_server


@pytest.fixture
def api() -> Iterator[Recorder]:
    with recording_server() as recorder:
        yield recorder
