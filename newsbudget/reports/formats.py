"""A report's content as a file, built in memory: CSV (the csv module) or XLSX (openpyxl).

Nothing touches the local disk: the bytes go straight to the private storage,
so any worker can build a report that any web node then serves.

Spreadsheets run what looks like a formula.  A headline such as
``=HYPERLINK("http://evil.example", "Click")`` must stay text, so CSV cells
that begin with ``= + - @``, a tab or a carriage return get a leading
apostrophe (OWASP's advice for CSV injection), and XLSX cells holding text are
typed as strings, never formulas, with the control characters XML cannot hold
removed.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from newsbudget.reports.contents import STORY_COLUMNS, TALLY_COLUMNS, ReportContent, Tally
from newsbudget.reports.models import Format

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def csv_text(value: object) -> str:
    """One CSV cell: ISO dates, minutes for times, nothing for None, formulas defused."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return f"'{text}"
    return text


def story_rows(content: ReportContent) -> list[list[object]]:
    rows: list[list[object]] = [list(STORY_COLUMNS)]
    rows.extend(row.cells() for row in content.stories)
    return rows


def tally_rows(first_column: str, tallies: Iterable[Tally]) -> list[list[object]]:
    rows: list[list[object]] = [[first_column, *TALLY_COLUMNS]]
    rows.extend([tally.label, tally.stories, tally.words, tally.page_views] for tally in tallies)
    return rows


def csv_sections(content: ReportContent) -> list[tuple[str | None, list[list[object]]]]:
    """The CSV's blocks, each under a title line, separated by blank lines."""
    return [
        (None, [[label, value] for label, value in content.heading()]),
        ("Stories", story_rows(content)),
        ("By status", tally_rows("Status", [*content.by_status, content.total])),
        ("By reporter", tally_rows("Reporter", content.by_reporter)),
    ]


def as_csv(content: ReportContent) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accented bylines right; CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for index, (title, rows) in enumerate(csv_sections(content)):
        if index:
            writer.writerow([])
        if title:
            writer.writerow([title])
        writer.writerows([[csv_text(value) for value in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A typed cell: text is always text (never a formula), dates are dates."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def add_sheet(workbook: Workbook, title: str, rows: Sequence[Sequence[object]]) -> None:
    sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])


def as_xlsx(content: ReportContent) -> bytes:
    """A workbook of four sheets (Report, Stories, By status, By reporter), in write-only mode."""
    workbook = Workbook(write_only=True)
    add_sheet(workbook, "Report", [[label, value] for label, value in content.heading()])
    add_sheet(workbook, "Stories", story_rows(content))
    add_sheet(workbook, "By status", tally_rows("Status", [*content.by_status, content.total]))
    add_sheet(workbook, "By reporter", tally_rows("Reporter", content.by_reporter))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


RENDERERS = {Format.CSV: as_csv, Format.XLSX: as_xlsx}


def render(content: ReportContent, file_format: str) -> bytes:
    return RENDERERS[Format(file_format)](content)
