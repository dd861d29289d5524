"""In staging and production every line is one JSON object, whoever wrote it."""

from __future__ import annotations

import logging

import pytest
import structlog
from django.test import Client

from ops.logs.setup import default_format, formatter, logging_config
from ops.logs.tests.capture import captured_log


def test_it_writes_structlog_events_as_json_with_time_level_and_logger() -> None:
    with captured_log() as log:
        structlog.get_logger("ops.example").info("cache warmed", pages=12)

    (line,) = log.lines()
    assert line["event"] == "cache warmed"
    assert line["pages"] == 12
    assert line["level"] == "info"
    assert line["logger"] == "ops.example"
    assert line["timestamp"].endswith("Z")


def test_it_writes_standard_library_records_as_json_too() -> None:
    with captured_log() as log:
        logging.getLogger("newsbudget.example").warning("Disk %s%% full", 91)

    (line,) = log.lines()
    assert line["event"] == "Disk 91% full"
    assert line["level"] == "warning"
    assert line["logger"] == "newsbudget.example"


def test_it_puts_the_traceback_of_an_exception_in_the_line() -> None:
    with captured_log() as log:
        try:
            raise ValueError("bad budget date")
        except ValueError:
            logging.getLogger("newsbudget.example").exception("Could not plan")

    (line,) = log.lines()
    assert "ValueError: bad budget date" in line["exception"]
    assert "Traceback" in line["exception"]


def test_it_adds_the_request_id_to_every_line_written_during_a_request(db: None) -> None:
    with captured_log() as log:
        Client().get("/robots.txt", HTTP_X_REQUEST_ID="edge-7f3a")

    lines = log.lines()
    assert lines, "the request wrote no line"
    assert {line.get("request_id") for line in lines} == {"edge-7f3a"}


def test_it_writes_readable_lines_in_development() -> None:
    with captured_log(log_format="console") as log:
        structlog.get_logger("ops.example").info("cache warmed", pages=12)

    text = log.text()
    assert "cache warmed" in text
    assert "pages=12" in text
    assert not text.lstrip().startswith("{")


def test_it_picks_json_for_deployed_environments_and_lines_for_people_elsewhere() -> None:
    assert [default_format(name) for name in ("dev", "test", "staging", "production")] == [
        "console",
        "console",
        "json",
        "json",
    ]


def test_it_refuses_an_unknown_format_or_level() -> None:
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of json, console"):
        formatter("xml")
    with pytest.raises(ValueError, match="LOG_LEVEL must be a logging level name"):
        logging_config(level="LOUD", log_format="json")
