"""The summary economic table as files: XLSX, ODS, CSV and PDF.

Each ``summary_<format>`` function takes an ``EconomicSummary`` and returns the file's bytes;
all of them lay out the rows of ``exports_table.summary_table``, so the figures come from one
place. Labels follow the active language; numbers are the same in every language.

CSV dialect (what Italian Excel and LibreOffice open without an import dialog):

- UTF-8 with a byte-order mark, rows ended by CRLF;
- fields separated by ``;``, quoted with ``"`` only when needed;
- amounts with a decimal comma and no thousands separator (``1146628,71``);
- VAT rates and ratios in percent, as numbers with a decimal comma (``4``, ``7,56``); a line
  outside the scope of VAT carries a label instead of a rate;
- a text that a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``, ``@``,
  a tab, a carriage return or NUL) is prefixed with ``'`` (``csv_text``); NULs are dropped. (The
  XLSX and ODS files type such a text as text instead: ``exports_sheets.sheet_text``.)

Its sections, separated by an empty row: the public body's budget (header; one row per budget
line: area number; area title; description; net; VAT rate; VAT; gross; then the total row),
the Third-Sector party's resources (header; one row per area; the total row; the ratio row)
and, for contribution-based agreements, the project cost, co-financing and public contribution.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coprogetta.agreements.selectors import EconomicSummary

from .exports_pdf import summary_pdf
from .exports_sheets import FORMULA_STARTS, safe_text, summary_ods, summary_xlsx
from .exports_table import BudgetRow, SummaryTable, budget_header, resources_header, summary_table

__all__ = ["EXPORTS", "FORMULA_STARTS", "Export", "summary_csv", "summary_ods", "summary_pdf", "summary_xlsx"]


def csv_number(value: Decimal | None) -> str:
    """``Decimal("1146628.71")`` -> ``1146628,71``; empty for None."""
    return "" if value is None else f"{value:f}".replace(".", ",")


def csv_text(value: str) -> str:
    """A text field that no spreadsheet will run as a formula (``exports_sheets.safe_text``)."""
    return safe_text(value)


def _csv_rate(row: BudgetRow) -> str:
    return csv_number(row.vat_rate) if row.vat_rate is not None else row.rate_label


def csv_rows(table: SummaryTable) -> list[list[str]]:
    """The CSV's rows, as strings."""
    rows = [budget_header(rate_in_percent=True)]
    for line in table.line_rows:
        rows.append([
            str(line.area_number or ""), csv_text(line.area_title or line.area_label),
            csv_text(line.description),
            csv_number(line.net), _csv_rate(line), csv_number(line.vat), csv_number(line.gross),
        ])
    total = table.budget_total
    rows.append(["", "", total.description, csv_number(total.net), "", csv_number(total.vat),
                 csv_number(total.gross)])
    rows.append([])
    rows.append(resources_header(table))
    for res in [*table.resources, table.resources_total]:
        row = [
            str(res.area_number or ""),
            csv_text(res.area_title or res.area_label if res.kind == "area" else res.area_label),
            csv_number(res.items), csv_text(res.quota_label), csv_number(res.quota),
        ]
        if table.has_cofinancing:
            row.append(csv_number(res.cofinancing))
        rows.append([*row, csv_number(res.total)])
    rows.append(["", f"{table.ratio_label} (%)", csv_number(table.ratio)])
    if table.contribution:
        rows.append([])
        rows.append(["", _("Item"), _("Amount"), _("Share of the project cost (%)")])
        rows.extend(["", f.label, csv_number(f.amount), csv_number(f.share)]
                    for f in table.contribution)
    return rows


def summary_csv(summary: EconomicSummary) -> bytes:
    """The table as CSV for Italian spreadsheets (see the module docstring for the dialect)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quotechar='"', lineterminator="\r\n")
    writer.writerows(csv_rows(summary_table(summary)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Export:
    """A downloadable format of the summary table."""

    render: Callable[[EconomicSummary], bytes]
    content_type: str
    label: str


EXPORTS: dict[str, Export] = {
    "xlsx": Export(
        summary_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        gettext_lazy("Spreadsheet (Excel, XLSX)"),
    ),
    "ods": Export(
        summary_ods,
        "application/vnd.oasis.opendocument.spreadsheet",
        gettext_lazy("Spreadsheet (OpenDocument, ODS)"),
    ),
    "csv": Export(summary_csv, "text/csv; charset=utf-8", gettext_lazy("Data (CSV)")),
    "pdf": Export(summary_pdf, "application/pdf", gettext_lazy("Document (PDF)")),
}
