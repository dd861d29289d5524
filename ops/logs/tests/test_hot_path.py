"""The request line's fast path writes what the ordinary path would, and only when it should."""

from __future__ import annotations

import logging

import structlog

from ops.logs import hotpath
from ops.logs.tests.capture import captured_log

FIELDS = {"method": "GET", "route": "robots", "status": 200, "duration_ms": 1.5}


def test_it_writes_the_same_json_line_the_ordinary_path_writes() -> None:
    with captured_log() as log, structlog.contextvars.bound_contextvars(request_id="edge-1"):
        assert hotpath.write("ops.requests", logging.INFO, "request", dict(FIELDS))
        structlog.get_logger("ops.requests").info("request", **FIELDS)

    fast, ordinary = log.lines()
    assert set(fast) == set(ordinary)
    assert {key: fast[key] for key in fast if key != "timestamp"} == {
        key: ordinary[key] for key in ordinary if key != "timestamp"
    }
    assert fast["timestamp"].endswith("Z")


def test_it_honours_the_level_set_for_the_logger() -> None:
    with captured_log(level="WARNING") as log:
        logging.getLogger("ops.requests").setLevel(logging.WARNING)
        try:
            hotpath.write("ops.requests", logging.INFO, "request", dict(FIELDS))
            hotpath.write("ops.requests", logging.WARNING, "request", dict(FIELDS))
        finally:
            logging.getLogger("ops.requests").setLevel(logging.NOTSET)

    assert [line["level"] for line in log.lines()] == ["warning"]


def test_without_the_stdout_handler_the_caller_logs_the_ordinary_way() -> None:
    with captured_log():
        hotpath.install(None, None)

        assert hotpath.write("ops.requests", logging.INFO, "request", dict(FIELDS)) is False
