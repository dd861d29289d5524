"""Each test gets a scripted loopback server and starts with every circuit closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ops.http.breaker import breakers
from ops.http.tests.loopback import Site, serve


@pytest.fixture(autouse=True)
def _closed_circuits() -> Iterator[None]:
    breakers.reset()
    yield
    breakers.reset()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running
