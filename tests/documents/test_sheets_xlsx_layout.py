"""The XLSX writer (write-only, styles reused per column) keeps the layout of every sheet."""

import io
from decimal import Decimal

from openpyxl import load_workbook

from coprogetta.documents import exports_sheets as s


def _sheet(name: str) -> s.Sheet:
    sheet = s.Sheet(name, [8, 20, 17])
    sheet.rows = [[s.Cell("Titolo", bold=True)], [s.Cell("Accordo")], []]
    sheet.header_row = 3
    sheet.rows.append([s.Cell("N."), s.Cell("Descrizione", bold=True),
                       s.Cell("Importo", bold=True, end=True)])
    sheet.rows.append([s.Cell(Decimal(1)), s.Cell("breve"), s.Cell(Decimal("10.50"), s.EUR)])
    sheet.rows.append([None, s.Cell("una descrizione lunga " * 4),
                       s.Cell(Decimal("0.04"), s.PERCENT, places=0)])
    sheet.rows.append([None, s.Cell("=SOMMA(A1)"), s.Cell(Decimal("11.00"), s.EUR, bold=True)])
    sheet.rows.append([None, s.Cell("Totale", bold=True), s.Cell(Decimal("21.50"), s.EUR, bold=True)])
    return sheet


def test_two_sheets_keep_widths_header_styles_heights_and_text_cells():
    book = load_workbook(io.BytesIO(s.sheets_xlsx([_sheet("Uno"), _sheet("Due")])))
    assert book.sheetnames == ["Uno", "Due"]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A5"
        assert ws.print_title_rows == "$4:$4"
        assert ws.page_setup.orientation == "landscape"
        assert [ws.column_dimensions[c].width for c in "ABC"] == [8, 20, 17]
        assert ws["A1"].font.b and ws["A1"].font.sz == 13
        assert [ws.cell(4, c).fill.fgColor.rgb for c in (1, 2, 3)] == ["00E6E9F2"] * 3
        assert ws["C4"].alignment.horizontal == "right" and ws["B4"].font.b
        assert ws["C5"].value == 10.5 and ws["C5"].number_format == s.XLSX_EUR
        assert ws["C6"].number_format == "0%" and ws["C6"].alignment.vertical == "top"
        assert ws["B6"].alignment.wrap_text
        assert ws.row_dimensions[6].height == 60  # 88 characters, 23 a line in a column 20 wide: 4 lines
        assert ws.sheet_format.defaultRowHeight == 15
        assert ws["B7"].value == "=SOMMA(A1)" and ws["B7"].data_type == "s" and ws["B7"].quotePrefix
        assert not ws["B5"].quotePrefix  # a style reused from row to row is not carried over
        assert ws["C7"].border.top.style == "thin" and ws["C8"].font.b
        assert ws["C5"].border.top.style is None and not ws["C5"].font.b
