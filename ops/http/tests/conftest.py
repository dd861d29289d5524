"""Each test gets a scripted loopback server (every circuit starts closed: the root conftest)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ops.http.tests.loopback import Site, serve


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running
