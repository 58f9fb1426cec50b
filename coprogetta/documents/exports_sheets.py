"""The summary table as spreadsheets: XLSX (openpyxl) and ODS (odfpy), laid out once.

``workbook`` describes the sheets as typed cells (text, euro amounts, percentages, numbers);
the two writers (``sheets_xlsx``, ``sheets_ods``: any list of ``Sheet``, also the monitoring
report's tables) only translate that description. Amounts are real numbers written from their Decimal
text (exact), with an Italian euro format; totals are values, not formulas; every text is typed
as text, never a formula (``sheet_text``; the CSV's rule is ``safe_text``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from odf import number
from odf.namespaces import LOEXTNS
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import (
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TextProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl import Workbook
from openpyxl.cell import Cell as OpenpyxlCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from coprogetta.agreements.selectors import EconomicSummary
from coprogetta.lib.textparse.numbers import format_eur, format_number, format_percent

from .exports_table import SummaryTable, budget_header, resources_header, summary_table

TEXT, EUR, PERCENT, NUMBER = "text", "eur", "percent", "number"


#: What a spreadsheet may take for the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r\0")


def looks_like_formula(value: str) -> bool:
    return value[:1] in FORMULA_STARTS


def safe_text(value: str) -> str:
    """A CSV field no spreadsheet runs as a formula: NULs dropped, and ``'`` before a leading
    ``=``, ``+``, ``-``, ``@``, tab, carriage return or NUL (``exports.csv_text``)."""
    text = value.replace("\0", "")
    return f"'{text}" if looks_like_formula(value) else text


def sheet_text(value: str) -> str:
    """A text cell of a spreadsheet: the text as it is, without NULs (which XML cannot hold).
    The writers type it as text, so it is never a formula: an XLSX cell that starts like one is
    also marked ``quotePrefix`` (Excel keeps it text when it is edited); an ODS cell is of type
    ``string``, which LibreOffice never evaluates."""
    return value.replace("\0", "")


#: Excel/LibreOffice number formats: "€ 1.234,56" in an Italian locale.
XLSX_EUR = "[$€-410] #,##0.00;-[$€-410] #,##0.00"
XLSX_PERCENT = {0: "0%", 2: "0.00%"}
XLSX_NUMBER = {0: "#,##0", 2: "#,##0.00"}


@dataclass(frozen=True)
class Cell:
    """A typed cell: text, an amount in euro, a percentage stored as a fraction, or a number."""

    value: str | Decimal | None
    kind: str = TEXT
    bold: bool = False
    places: int = 2  # percentages and numbers: decimals shown (0 or 2)
    wrap: bool = True  # text only: False lets a long label run over the empty cells beside it
    end: bool = False  # text only: aligned right, as the header of a column of numbers

    @property
    def display(self) -> str:
        """The text a reader sees, Italian-formatted."""
        if self.value is None:
            return ""
        if self.kind == EUR:
            return format_eur(Decimal(self.value))
        if self.kind == PERCENT:
            return format_percent(Decimal(self.value) * 100)
        if self.kind == NUMBER:
            return format_number(Decimal(self.value), self.places)
        return str(self.value)


Row = list[Cell | None]


@dataclass
class Sheet:
    name: str
    widths: list[float]  # in characters
    rows: list[Row] = field(default_factory=list)
    header_row: int = 0  # index of the column-name row (frozen, repeated when printing)


def _title_rows(table: SummaryTable, heading: str) -> list[Row]:
    parties = "; ".join(f"{name} ({role})" for name, role in table.parties)
    return [
        [Cell(heading, bold=True)],
        [Cell(table.title, bold=True)],
        [Cell(table.period)],
        [Cell(parties)],
        [],
    ]


def _header(names: list[str], numeric: set[int]) -> Row:
    """Column names; those over numbers (by index) are aligned right like the numbers."""
    return [Cell(name, bold=True, end=i in numeric) for i, name in enumerate(names)]


def _rate_cell(rate: Decimal | None, label: str) -> Cell | None:
    if rate is not None:
        return Cell(rate / 100, PERCENT, places=0 if rate == rate.to_integral_value() else 2)
    return Cell(label) if label else None


def budget_sheet(table: SummaryTable) -> Sheet:
    sheet = Sheet(_("Summary table")[:31], [8, 40, 50, 17, 11, 15, 17])
    sheet.rows = _title_rows(table, f"{table.heading} — {table.budget_caption}")
    sheet.header_row = len(sheet.rows)
    sheet.rows.append(_header(budget_header(), {3, 4, 5, 6}))
    for row in table.budget_rows:
        bold = row.kind != "line"
        sheet.rows.append([
            Cell(Decimal(row.area_number) if row.kind == "line" and row.area_number else None),
            Cell(row.area_title or row.area_label, bold=bold) if row.kind == "line" else None,
            Cell(row.description, bold=bold),
            Cell(row.net, EUR, bold),
            _rate_cell(row.vat_rate, row.rate_label),
            Cell(row.vat, EUR, bold),
            Cell(row.gross, EUR, bold),
        ])
    if table.contribution:
        sheet.rows.append([])
        sheet.rows.append(
            [None, None, *_header([_("Item"), _("Amount"), _("Share of the project cost")], {1, 2})]
        )
        for figure in table.contribution:
            sheet.rows.append([
                None, None, Cell(figure.label), Cell(figure.amount, EUR),
                None if figure.share is None else Cell(figure.share / 100, PERCENT),
            ])
    return sheet


def resources_sheet(table: SummaryTable) -> Sheet:
    widths = [8, 40, 17, 30, 17] + ([17] if table.has_cofinancing else []) + [17]
    sheet = Sheet(_("Resources")[:31], widths)
    sheet.rows = _title_rows(table, table.resources_caption)
    sheet.header_row = len(sheet.rows)
    names = resources_header(table)
    sheet.rows.append(_header(names, {2, *range(4, len(names))}))
    for res in [*table.resources, table.resources_total]:
        bold = res.kind == "total"
        row: Row = [
            Cell(Decimal(res.area_number) if res.area_number else None),
            Cell(res.area_label if bold else (res.area_title or res.area_label), bold=bold),
            Cell(res.items, EUR, bold),
            Cell(res.quota_label) if res.quota_label else None,
            None if res.quota is None else Cell(res.quota, EUR, bold),
        ]
        if table.has_cofinancing:
            row.append(None if res.cofinancing is None else Cell(res.cofinancing, EUR, bold))
        sheet.rows.append([*row, Cell(res.total, EUR, bold)])
    ratio_row: Row = [None] * (len(widths) - 1)
    ratio_row[1] = Cell(table.ratio_label, bold=True, wrap=False)
    sheet.rows.append([*ratio_row, None if table.ratio is None else Cell(table.ratio_fraction, PERCENT,
                                                                          bold=True)])
    return sheet


def workbook(summary: EconomicSummary) -> list[Sheet]:
    table = summary_table(summary)
    return [budget_sheet(table), resources_sheet(table)]


# -- XLSX ------------------------------------------------------------------------------------


def _wrapped_lines(sheet: Sheet, row: Row) -> int:
    """How many lines the row's longest wrapped text needs in its column."""
    lines = 1
    for cell, width in zip(row, sheet.widths, strict=False):
        if cell is not None and cell.kind == TEXT and cell.wrap and cell.value:
            lines = max(lines, math.ceil(len(str(cell.value)) / (width * 1.15)))
    return lines


def summary_xlsx(summary: EconomicSummary) -> bytes:
    """The table as an Office Open XML workbook, numbers as numbers."""
    return sheets_xlsx(workbook(summary))


class _XlsxStyles:
    """The workbook's styled cells, one per column and style, reused from row to row.

    Setting a font or an alignment on a cell looks the style up by value, which costs more
    than writing the cell; in write-only mode ``append`` writes a row's cells out at once, so
    the next row may reuse them with new values: a style is set once per column, not on each
    of 70,000 cells.
    """

    def __init__(self) -> None:
        self.cells: dict[tuple[int, tuple[object, ...]], OpenpyxlCell] = {}

    def cell(
        self, ws: WriteOnlyWorksheet, value: object, column: int, key: tuple[object, ...]
    ) -> OpenpyxlCell:
        target = self.cells.get((column, key))
        if target is None or target.parent is not ws:
            target = self.cells[(column, key)] = _StyledCell(ws)
            _apply(target, *key)
            target.fixed_style_id = OpenpyxlCell.style_id.fget(target)  # type: ignore[attr-defined]
        target.value = value
        return target


class _StyledCell(OpenpyxlCell):
    """A cell whose style is set once: its index in the workbook's styles is kept instead of
    being looked up again (by hashing the style) each time the cell is written."""

    __slots__ = ("fixed_style_id",)

    @property
    def style_id(self) -> int:
        return self.fixed_style_id  # type: ignore[no-any-return]


def _apply(target: OpenpyxlCell, kind: str, places: int, bold: bool, align: str, rule: bool,
           fill: bool, heading: bool, quote: bool) -> None:
    """Set one style on ``target`` (see ``_xlsx_key``)."""
    if kind == EUR:
        target.number_format = XLSX_EUR
    elif kind == PERCENT:
        target.number_format = XLSX_PERCENT.get(places, "0.00%")
    elif kind == NUMBER:
        target.number_format = XLSX_NUMBER.get(places, "#,##0.00")
    if align:
        target.alignment = Alignment(vertical="top", **(
            {"wrap_text": True} if align != "top" else {}), **(
            {"horizontal": "right"} if align == "wrap_end" else {}))
    if heading:
        target.font = Font(bold=True, size=13)
    elif bold:
        target.font = Font(bold=True)
    if rule:
        target.border = Border(top=Side(style="thin"))
    if fill:
        target.fill = PatternFill("solid", fgColor="E6E9F2")
    if quote:
        target.quotePrefix = True  # a description such as "=1+1" stays text, also once edited


def _xlsx_key(cell: Cell | None, r: int, c: int, header: int) -> tuple[object, ...]:
    """What styles a cell: its kind, bold, alignment (from the header down), the rule over a
    bold amount, the header's fill, the heading's size, the quote prefix of a formula-like text."""
    if cell is None or cell.value is None:
        return (TEXT, 2, False, "", False, r == header, (r, c) == (1, 1), False)
    align = ""
    if r >= header:
        if cell.kind != TEXT or not cell.wrap:
            align = "top"
        else:
            align = "wrap_end" if cell.end else "wrap"
    quote = isinstance(cell.value, str) and looks_like_formula(cell.value)
    return (cell.kind, cell.places, cell.bold, align, cell.bold and r > header and cell.kind == EUR,
            r == header, (r, c) == (1, 1), quote)


def _placed(cells: list[OpenpyxlCell | None], row_idx: int) -> Iterator[OpenpyxlCell]:
    """The row's cells at their places: what openpyxl's write-only ``append`` does with a row,
    for rows of styled cells only (openpyxl's own way first tries each cell as a value, and
    builds an exception message, with the cell's repr, for every one of them)."""
    for col_idx, cell in enumerate(cells, 1):
        if cell is not None:
            cell.column, cell.row = col_idx, row_idx
            yield cell


def sheets_xlsx(sheets: list[Sheet]) -> bytes:
    """``sheets`` as an Office Open XML workbook, numbers as numbers.

    Written in openpyxl's write-only mode, row by row: the layout (column widths, frozen header,
    print titles) is set before the first row, each row's height before the row.
    """
    book = Workbook(write_only=True)
    styles = _XlsxStyles()
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        ws._values_to_row = _placed  # type: ignore[method-assign]
        for index, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        header = sheet.header_row + 1
        ws.freeze_panes = f"A{header + 1}"
        ws.print_title_rows = f"{header}:{header}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        # Rows are 15 points high unless their wrapped text needs more lines (a RowDimension per
        # row would cost as much as writing its cells).
        ws.sheet_format.defaultRowHeight, ws.sheet_format.customHeight = 15, True
        for r, row in enumerate(sheet.rows, start=1):
            if r >= header and (lines := _wrapped_lines(sheet, row)) > 1:
                ws.row_dimensions[r].height = 15 * lines
            cells: list[OpenpyxlCell | None] = []
            for c, cell in enumerate(row, start=1):
                if cell is None or cell.value is None:
                    styled = r == header or (r, c) == (1, 1)
                    cells.append(styles.cell(ws, None, c, _xlsx_key(None, r, c, header)) if styled else None)
                    continue
                value = sheet_text(cell.value) if isinstance(cell.value, str) else cell.value
                target = styles.cell(ws, value, c, _xlsx_key(cell, r, c, header))
                if isinstance(value, str) and looks_like_formula(cell.value):
                    target.data_type = "s"
                cells.append(target)
            if r == header:  # the header's fill runs across every column
                cells += [styles.cell(ws, None, c, _xlsx_key(None, r, c, header))
                          for c in range(len(cells) + 1, len(sheet.widths) + 1)]
            ws.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- ODS -------------------------------------------------------------------------------------


def _ods_number_styles(doc: OpenDocumentSpreadsheet) -> None:
    """``€ 1.234,56`` and ``4 %`` / ``7,56 %`` as Italian data styles."""
    euro = number.CurrencyStyle(name="N-EUR", language="it", country="IT")
    euro.addElement(number.CurrencySymbol(language="it", country="IT", text="€"))
    euro.addElement(number.Text(text=" "))
    euro.addElement(number.Number(decimalplaces="2", minintegerdigits="1", grouping="true"))
    doc.styles.addElement(euro)
    for places in (0, 2):
        percent = number.PercentageStyle(name=f"N-PCT{places}", language="it", country="IT")
        percent.addElement(number.Number(decimalplaces=str(places), minintegerdigits="1"))
        percent.addElement(number.Text(text=" %"))
        doc.styles.addElement(percent)
        plain = number.NumberStyle(name=f"N-NUM{places}", language="it", country="IT")
        plain.addElement(number.Number(decimalplaces=str(places), minintegerdigits="1", grouping="true"))
        doc.styles.addElement(plain)


def _ods_cell_style(doc: OpenDocumentSpreadsheet, name: str, *, bold: bool = False,
                    data: str | None = None, size: str | None = None, wrap: bool = False,
                    end: bool = False,
                    rule: bool = False, fill: str | None = None) -> Style:
    style = Style(name=name, family="table-cell", **({"datastylename": data} if data else {}))
    text: dict[str, str] = {}
    if bold:
        text.update(fontweight="bold", fontweightasian="bold", fontweightcomplex="bold")
    if size:
        text["fontsize"] = size
    if text:
        style.addElement(TextProperties(**text))
    if data or end:
        style.addElement(ParagraphProperties(textalign="end"))
    cell: dict[str, str] = {"verticalalign": "top"}
    if wrap:
        cell["wrapoption"] = "wrap"
    if rule:
        cell["bordertop"] = "0.5pt solid #000000"
    if fill:
        cell["backgroundcolor"] = fill
    style.addElement(TableCellProperties(**cell))
    doc.automaticstyles.addElement(style)
    return style


def _ods_page(doc: OpenDocumentSpreadsheet) -> Style:
    """A table style printing on A4 landscape, scaled to the page width."""
    layout = PageLayout(name="pm-landscape")
    properties = PageLayoutProperties(
        pagewidth="29.7cm", pageheight="21cm", printorientation="landscape",
        margintop="1.5cm", marginbottom="1.5cm", marginleft="1.2cm", marginright="1.2cm",
    )
    properties.setAttrNS(LOEXTNS, "scale-to-X", "1")
    properties.setAttrNS(LOEXTNS, "scale-to-Y", "0")
    layout.addElement(properties)
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(MasterPage(name="Landscape", pagelayoutname=layout))
    table_style = Style(name="ta-landscape", family="table", masterpagename="Landscape")
    doc.automaticstyles.addElement(table_style)
    return table_style


def summary_ods(summary: EconomicSummary) -> bytes:
    """The table as an OpenDocument spreadsheet: currency and percentage cells with values."""
    return sheets_ods(workbook(summary))


def sheets_ods(sheets: list[Sheet]) -> bytes:
    """``sheets`` as an OpenDocument spreadsheet: currency, percentage and number cells with values."""
    doc = OpenDocumentSpreadsheet()
    _ods_number_styles(doc)
    styles: dict[tuple[str, bool], Style] = {}
    for bold in (False, True):
        suffix = "B" if bold else "R"
        styles[(TEXT, bold)] = _ods_cell_style(doc, f"ce-text-{suffix}", bold=bold, wrap=True)
        styles[("nowrap", bold)] = _ods_cell_style(doc, f"ce-nowrap-{suffix}", bold=bold)
        styles[("float", bold)] = _ods_cell_style(doc, f"ce-float-{suffix}", bold=bold)
        styles[(EUR, bold)] = _ods_cell_style(doc, f"ce-eur-{suffix}", bold=bold, data="N-EUR",
                                              rule=bold)
        for places in (0, 2):
            styles[(f"{PERCENT}{places}", bold)] = _ods_cell_style(
                doc, f"ce-pct{places}-{suffix}", bold=bold, data=f"N-PCT{places}"
            )
            styles[(f"{NUMBER}{places}", bold)] = _ods_cell_style(
                doc, f"ce-num{places}-{suffix}", bold=bold, data=f"N-NUM{places}"
            )
    heading = _ods_cell_style(doc, "ce-heading", bold=True, size="13pt")
    title = {False: _ods_cell_style(doc, "ce-title-R"), True: _ods_cell_style(doc, "ce-title-B",
                                                                                bold=True)}
    header = {end: _ods_cell_style(doc, f"ce-header-{int(end)}", bold=True, wrap=True, end=end,
                                   fill="#e6e9f2") for end in (False, True)}
    table_style = _ods_page(doc)

    for s, sheet in enumerate(sheets):
        table = Table(name=sheet.name, stylename=table_style)
        for c, width in enumerate(sheet.widths):
            column_style = Style(name=f"co-{s}-{c}", family="table-column")
            column_style.addElement(TableColumnProperties(columnwidth=f"{width * 0.19:.2f}cm"))
            doc.automaticstyles.addElement(column_style)
            table.addElement(TableColumn(stylename=column_style))
        for r, row in enumerate(sheet.rows):
            table_row = TableRow()
            for c, cell in enumerate(row):
                override = None
                if r < sheet.header_row:
                    override = heading if (r, c) == (0, 0) else title[bool(cell and cell.bold)]
                elif r == sheet.header_row:
                    override = header[bool(cell and cell.end)]
                table_row.addElement(_ods_cell(cell, styles, override))
            if not row:
                table_row.addElement(TableCell())
            table.addElement(table_row)
        doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _ods_cell(cell: Cell | None, styles: dict[tuple[str, bool], Style],
              override: Style | None) -> TableCell:
    """One ``table:table-cell``: ``office:value`` set on numbers, the Italian text inside."""
    if cell is None or cell.value is None:
        return TableCell()
    if cell.kind == EUR:
        element = TableCell(valuetype="currency", currency="EUR", value=f"{cell.value:f}",
                            stylename=styles[(EUR, cell.bold)])
    elif cell.kind == PERCENT:
        element = TableCell(valuetype="percentage", value=f"{Decimal(cell.value):f}",
                            stylename=styles[(f"{PERCENT}{cell.places}", cell.bold)])
    elif cell.kind == NUMBER:
        element = TableCell(valuetype="float", value=f"{Decimal(cell.value):f}",
                            stylename=styles[(f"{NUMBER}{cell.places}", cell.bold)])
    elif isinstance(cell.value, Decimal):
        element = TableCell(valuetype="float", value=f"{cell.value:f}",
                            stylename=styles[("float", cell.bold)])
    else:
        kind = TEXT if cell.wrap else "nowrap"
        element = TableCell(valuetype="string", stylename=override or styles[(kind, cell.bold)])
        element.addElement(P(text=sheet_text(cell.display)))
        return element
    element.addElement(P(text=cell.display))
    return element
