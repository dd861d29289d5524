"""A built report holds exactly the desk's stories in the range, tallied by status and reporter.

Built by the task into the private storage (a directory, and a bucket of the
S3 server), read back from that storage, and parsed: CSV with the csv module,
XLSX with openpyxl.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.storage import storages

from newsbudget.reports.models import DeskReport
from newsbudget.reports.tests.conftest import END, START
from newsbudget.stories.models import Story

STORIES = [
    ["ID", "Headline", "Status", "Budget date", "Reporters", "Words", "Page views", "Published at"],
    ["{night}", "Night bus trial", "Spiked", "2026-11-01", "(no byline)", "300", "0", ""],
    ["{floods}", "Floods close the ring road", "Live", "2026-11-03", "Ada Lovelace", "800", "120",
     "2026-11-03 09:30"],
    ["{council}", "Council budget, line by line", "Draft", "2026-11-03",
     "Bo Diaz, Ada Lovelace", "1200", "0", ""],
    ["{meals}", "School meals audit", "Edited", "2026-11-30", "Bo Diaz", "650", "0", ""],
]  # fmt: skip
BY_STATUS = [
    ["Status", "Stories", "Words", "Page views"],
    ["Idea", "0", "0", "0"],
    ["Draft", "1", "1200", "0"],
    ["Edited", "1", "650", "0"],
    ["Scheduled", "0", "0", "0"],
    ["Live", "1", "800", "120"],
    ["Archived", "0", "0", "0"],
    ["Spiked", "1", "300", "0"],
    ["Total", "4", "2950", "120"],
]
BY_REPORTER = [
    ["Reporter", "Stories", "Words", "Page views"],
    ["(no byline)", "1", "300", "0"],
    ["Ada Lovelace", "2", "2000", "120"],
    ["Bo Diaz", "2", "1850", "0"],
]


@pytest.fixture(params=["filesystem_storages", "s3_storages"])
def storage(request: pytest.FixtureRequest) -> str:
    request.getfixturevalue(request.param)
    return request.param


def expected_stories(report: DeskReport) -> list[list[str]]:
    ids = {
        "night": "Night bus trial",
        "floods": "Floods close the ring road",
        "council": "Council budget, line by line",
        "meals": "School meals audit",
    }
    pks = {key: str(Story.objects.get(headline=headline).pk) for key, headline in ids.items()}
    return [[cell.format(**pks) for cell in row] for row in STORIES]


def stored_bytes(report: DeskReport) -> bytes:
    with storages["private"].open(report.file_name, "rb") as stored:
        return stored.read()


def csv_blocks(data: bytes) -> list[list[list[str]]]:
    """The CSV's blocks, split at blank lines."""
    blocks: list[list[list[str]]] = [[]]
    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    return blocks


def test_the_csv_report_is_exact(storage: str, built: Callable[[str], DeskReport]) -> None:
    report = built("csv")
    data = stored_bytes(report)
    assert data.startswith(b"\xef\xbb\xbfDesk,News\r\n")
    heading, stories, by_status, by_reporter = csv_blocks(data)
    assert heading[:3] == [["Desk", "News"], ["From", "2026-11-01"], ["To", "2026-11-30"]]
    assert heading[3][0] == "Generated"
    assert stories == [["Stories"], *expected_stories(report)]
    assert by_status == [["By status"], *BY_STATUS]
    assert by_reporter == [["By reporter"], *BY_REPORTER]


def sheet_rows(workbook: openpyxl.Workbook, title: str) -> list[list[object]]:
    return [list(row) for row in workbook[title].iter_rows(values_only=True)]


def test_the_xlsx_report_is_exact(storage: str, built: Callable[[str], DeskReport]) -> None:
    report = built("xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(stored_bytes(report)), read_only=True)
    assert workbook.sheetnames == ["Report", "Stories", "By status", "By reporter"]
    heading = sheet_rows(workbook, "Report")
    assert heading[:3] == [
        ["Desk", "News"],
        ["From", datetime.datetime(2026, 11, 1)],
        ["To", datetime.datetime(2026, 11, 30)],
    ]
    as_text = [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet_rows(workbook, "Stories")
    ]
    expected = expected_stories(report)
    assert as_text[0] == expected[0]
    assert [row[:3] + row[4:7] for row in as_text[1:]] == [
        row[:3] + row[4:7] for row in expected[1:]
    ]
    stories = sheet_rows(workbook, "Stories")
    assert [row[3] for row in stories[1:]] == [
        datetime.datetime(2026, 11, 1),
        datetime.datetime(2026, 11, 3),
        datetime.datetime(2026, 11, 3),
        datetime.datetime(2026, 11, 30),
    ]
    assert stories[2][7] == datetime.datetime(2026, 11, 3, 9, 30)
    assert isinstance(stories[1][0], int)
    assert isinstance(stories[1][5], int)
    assert isinstance(stories[2][6], int)
    assert sheet_rows(workbook, "By status") == [
        [row[0], *(int(cell) for cell in row[1:])] if index else row
        for index, row in enumerate(BY_STATUS)
    ]
    assert sheet_rows(workbook, "By reporter") == [
        [row[0], *(int(cell) for cell in row[1:])] if index else row
        for index, row in enumerate(BY_REPORTER)
    ]


@pytest.mark.usefixtures("filesystem_storages")
def test_it_names_the_file_after_the_desk_and_range(built: Callable[[str], DeskReport]) -> None:
    report = built("xlsx")
    assert report.download_name == f"news-{START}-{END}.xlsx"
    assert report.file_name == f"reports/news/{report.pk}-news-{START}-{END}.xlsx"
    assert report.finished_at is not None
    assert report.error == ""
