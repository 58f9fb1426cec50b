"""Each table of a monitoring report as a file: XLSX, ODS or CSV.

The table comes from ``ReportData`` (the same rows the report shows); the spreadsheets reuse
the summary's writers (``exports_sheets.sheets_xlsx`` / ``sheets_ods``: amounts in euro,
percentages and hours as numbers with Italian formats), the CSV its dialect (``exports``:
UTF-8 with BOM, ``;``, decimal comma, no formula injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy

from . import exports_sheets as sheets
from .exports import csv_number, csv_text
from .report_data import COUNT, EUR, HOURS, NUMBER, PERCENT, TEXT, ReportData, Table, Value

#: Characters a spreadsheet refuses in a sheet's name.
SHEET_NAME_REFUSES = frozenset("[]:*?/\\")
#: Column widths (characters) by kind.
WIDTHS = {TEXT: 34.0, EUR: 17.0, PERCENT: 12.0, HOURS: 14.0, NUMBER: 14.0, COUNT: 10.0}


def _cell(value: Value, kind: str, bold: bool) -> sheets.Cell | None:
    if value is None or value == "":
        return None
    if kind == TEXT or isinstance(value, str):
        return sheets.Cell(str(value), bold=bold, end=kind != TEXT)
    number = Decimal(value)
    if kind == EUR:
        return sheets.Cell(number, sheets.EUR, bold)
    if kind == PERCENT:
        return sheets.Cell(number / 100, sheets.PERCENT, bold)
    return sheets.Cell(number, sheets.NUMBER, bold, places=0 if kind == COUNT else 2)


def table_sheet(data: ReportData, table: Table) -> sheets.Sheet:
    """The table as a sheet: the report's title lines, the header, the rows."""
    name = "".join(ch for ch in table.caption if ch not in SHEET_NAME_REFUSES).strip()[:31]
    sheet = sheets.Sheet(name or table.key, [WIDTHS[c.kind] for c in table.columns])
    sheet.rows = [
        [sheets.Cell(f"{data.heading} — {table.caption}", bold=True, wrap=False)],
        [sheets.Cell(data.title, bold=True, wrap=False)],
        [sheets.Cell(data.period_text, wrap=False)],
        [],
    ]
    sheet.header_row = len(sheet.rows)
    sheet.rows.append([sheets.Cell(c.label, bold=True, end=c.numeric) for c in table.columns])
    for row in table.rows:
        bold = row.style in ("group", "total")
        if row.style == "group":
            sheet.rows.append([sheets.Cell(str(row.cells[0]), bold=True, wrap=False)])
            continue
        sheet.rows.append([_cell(v, row.kind(i, c), bold)
                           for i, (v, c) in enumerate(zip(row.cells, table.columns, strict=False))])
    if table.note:
        sheet.rows.append([])
        sheet.rows.append([sheets.Cell(table.note, wrap=False)])
    return sheet


def table_xlsx(data: ReportData, table: Table) -> bytes:
    return sheets.sheets_xlsx([table_sheet(data, table)])


def table_ods(data: ReportData, table: Table) -> bytes:
    return sheets.sheets_ods([table_sheet(data, table)])


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return csv_number(Decimal(value))


def table_csv(data: ReportData, table: Table) -> bytes:
    """The table as CSV for Italian spreadsheets: a header row, then the rows (percentages in
    percent, hours in hours); a group row carries its name in the first column only."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\r\n")
    units = {EUR: " (€)", PERCENT: "", HOURS: "", NUMBER: "", COUNT: "", TEXT: ""}
    writer.writerow([csv_text(c.label + units[c.kind]) for c in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(v) for v in row.cells])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class TableFormat:
    render: Callable[[ReportData, Table], bytes]
    content_type: str
    label: str


TABLE_FORMATS: dict[str, TableFormat] = {
    "xlsx": TableFormat(
        table_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        gettext_lazy("Spreadsheet (Excel, XLSX)"),
    ),
    "ods": TableFormat(
        table_ods, "application/vnd.oasis.opendocument.spreadsheet",
        gettext_lazy("Spreadsheet (OpenDocument, ODS)"),
    ),
    "csv": TableFormat(table_csv, "text/csv; charset=utf-8", gettext_lazy("Data (CSV)")),
}


def table_filename(data: ReportData, table: Table, fmt: str) -> str:
    return f"tabella-{table.key}-{data.agreement_pk}-{data.checkpoint:%Y-%m-%d}.{fmt}"

