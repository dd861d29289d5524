"""What crontask prints becomes log records of the ``crontask`` logger, one per line."""

from __future__ import annotations

import logging

import pytest

from ops.scheduler.management.commands.scheduler import LogStream


def test_each_printed_line_is_one_record(caplog: pytest.LogCaptureFixture) -> None:
    stream = LogStream(logging.getLogger("crontask"), logging.INFO)

    written = stream.write("Loaded tasks from ops.dashboard.\nStarting scheduler…\n\n")

    assert written == len("Loaded tasks from ops.dashboard.\nStarting scheduler…\n\n")
    assert [(record.name, record.getMessage()) for record in caplog.records] == [
        ("crontask", "Loaded tasks from ops.dashboard."),
        ("crontask", "Starting scheduler…"),
    ]
