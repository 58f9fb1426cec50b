"""CSV and spreadsheet cells that a spreadsheet could run as a formula are neutralised."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from coprogetta.documents import exports, report_tables
from coprogetta.documents.exports_sheets import EUR, Cell, Sheet, safe_text, sheets_ods, sheets_xlsx
from coprogetta.territory import coverage_exports

DANGEROUS = ["=1+1", "+39 0373", "-2+3", "@SUM(A1)", "\tcmd", "\rx", "\0=HYPERLINK(\"x\")"]
HARMLESS = ["Asilo nido", "1+1", "a=b", "", "'già citato"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_a_dangerous_start_gets_a_quote_and_no_nul(text):
    safe = exports.csv_text(text)
    assert safe.startswith("'")
    assert "\0" not in safe
    assert safe[1:] == text.replace("\0", "")


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_text_is_unchanged(text):
    assert exports.csv_text(text) == text == safe_text(text)


def _sheet() -> Sheet:
    sheet = Sheet("Prova", [20, 20])
    sheet.rows = [[Cell("Titolo")]] + [[Cell(text), Cell(Decimal("-12.50"), EUR)] for text in DANGEROUS]
    return sheet


def test_xlsx_text_cells_stay_text_and_numbers_stay_numbers():
    book = load_workbook(io.BytesIO(sheets_xlsx([_sheet()])))
    ws = book["Prova"]
    texts = [ws.cell(r, 1) for r in range(2, 2 + len(DANGEROUS))]
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in texts)
    assert [c.value for c in texts] == [text.replace("\0", "") for text in DANGEROUS]
    assert ws.cell(2, 2).value == -12.5 and ws.cell(2, 2).data_type == "n"
    assert not ws["A1"].quotePrefix


def test_ods_text_cells_are_strings_never_formulas():
    from odf.opendocument import load
    from odf.table import TableCell
    from odf.teletype import extractText

    document = load(io.BytesIO(sheets_ods([_sheet()])))
    cells = document.spreadsheet.getElementsByType(TableCell)
    assert not [c for c in cells if c.getAttribute("formula")]
    texts = [extractText(c) for c in cells if c.getAttribute("valuetype") == "string"]
    assert texts == ["Titolo"] + [text.replace("\0", "").replace("\r", "\n") for text in DANGEROUS]
    amounts = [c.getAttribute("value") for c in cells if c.getAttribute("valuetype") == "currency"]
    assert amounts == ["-12.50"] * len(DANGEROUS)


def test_the_report_tables_and_the_coverage_export_use_the_shared_writers():
    assert report_tables.csv_text is exports.csv_text
    assert coverage_exports.csv_text is exports.csv_text
    assert report_tables.sheets.sheets_xlsx is sheets_xlsx


def test_summary_csv_neutralises_a_description(world):
    from coprogetta.agreements.selectors import economic_summary
    from tests import factories as f

    f.BudgetLineFactory(agreement=world.agreement, description="=HYPERLINK(\"http://x\")")
    content = exports.summary_csv(economic_summary(world.agreement)).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(content), delimiter=";") for cell in row]
    assert "'=HYPERLINK(\"http://x\")" in cells
    assert not any(cell.startswith("=") for cell in cells)
