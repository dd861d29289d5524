"""Fixtures of the live board's tests: a fresh in-memory channel layer for each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from channels.layers import channel_layers


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    """Channels keeps one layer per process; its queues belong to one test's event loop."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()
