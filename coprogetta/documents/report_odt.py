"""The monitoring report as an OpenDocument text (odfpy): the same sections, figures and
tables as the PDF; charts as PNG images drawn from the same SVG."""

from __future__ import annotations

import io
import struct

from django.utils.translation import gettext as _
from odf.draw import Frame, Image
from odf.opendocument import OpenDocumentText
from odf.style import (
    GraphicProperties,
    PageLayout,
    PageLayoutProperties,
    ParagraphProperties,
    Style,
    TableCellProperties,
    TableColumnProperties,
    TableProperties,
    TextProperties,
)
from odf.style import MasterPage as OdfMasterPage
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, P

from coprogetta.lib.textparse.numbers import format_date

from .report_data import ReportData, Table
from .report_docx import chart_png

TEXT_WIDTH_CM = 17.0


class _Styles:
    """The automatic styles the document uses, created once."""

    def __init__(self, doc: OpenDocumentText) -> None:
        def paragraph(name: str, *, size: str = "9pt", bold: bool = False, end: bool = False,
                      colour: str = "#17324d", below: str = "0.1cm", family: str = "paragraph") -> Style:
            style = Style(name=name, family=family)
            text = {"fontsize": size, "color": colour, "fontname": "DejaVu Sans",
                    "language": "it", "country": "IT"}
            if bold:
                text.update(fontweight="bold")
            style.addElement(TextProperties(**text))
            style.addElement(ParagraphProperties(
                textalign="end" if end else "start", marginbottom=below))
            doc.automaticstyles.addElement(style)
            return style

        self.title = paragraph("P-title", size="18pt", bold=True, below="0.2cm")
        self.lead = paragraph("P-lead", size="11pt", bold=True)
        self.text = paragraph("P-text")
        self.small = paragraph("P-small", size="7.5pt", colour="#5c6f82")
        self.caption = paragraph("P-caption", bold=True, below="0.1cm")
        self.cell = paragraph("P-cell", size="8pt", below="0cm")
        self.cell_end = paragraph("P-cell-end", size="8pt", end=True, below="0cm")
        self.cell_bold = paragraph("P-cell-bold", size="8pt", bold=True, below="0cm")
        self.cell_bold_end = paragraph("P-cell-bold-end", size="8pt", bold=True, end=True, below="0cm")
        self.heading = Style(name="H-section", family="paragraph")
        self.heading.addElement(TextProperties(fontsize="13pt", fontweight="bold", color="#17324d"))
        self.heading.addElement(ParagraphProperties(margintop="0.4cm", marginbottom="0.15cm",
                                                    keepwithnext="always"))
        doc.automaticstyles.addElement(self.heading)
        self.table = Style(name="T-table", family="table")
        self.table.addElement(TableProperties(width=f"{TEXT_WIDTH_CM}cm", align="margins"))
        doc.automaticstyles.addElement(self.table)
        self.cells = {}
        for name, fill in (("plain", None), ("header", "#e6e9f2"), ("total", "#f5f6f7")):
            style = Style(name=f"C-{name}", family="table-cell")
            properties = {"border": "0.5pt solid #c5c7c9", "padding": "0.08cm"}
            if fill:
                properties["backgroundcolor"] = fill
            style.addElement(TableCellProperties(**properties))
            doc.automaticstyles.addElement(style)
            self.cells[name] = style
        self.frame = Style(name="F-chart", family="graphic")
        self.frame.addElement(GraphicProperties(anchortype="as-char", verticalpos="top"))
        doc.automaticstyles.addElement(self.frame)

    def para(self, *, bold: bool, end: bool) -> Style:
        if bold:
            return self.cell_bold_end if end else self.cell_bold
        return self.cell_end if end else self.cell


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _cell(text: str, styles: _Styles, *, kind: str, bold: bool = False, end: bool = False,
          span: int = 1) -> TableCell:
    attrs = {"stylename": styles.cells[kind], "valuetype": "string"}
    if span > 1:
        attrs["numbercolumnsspanned"] = str(span)
    cell = TableCell(**attrs)
    cell.addElement(P(stylename=styles.para(bold=bold, end=end), text=text))
    return cell


def _table(doc: OpenDocumentText, table: Table, styles: _Styles, index: int) -> None:
    doc.text.addElement(P(stylename=styles.caption, text=table.caption))
    grid = OdfTable(name=f"{table.key}-{index}", stylename=styles.table)
    width = TEXT_WIDTH_CM / len(table.columns)
    column_style = Style(name=f"TC-{table.key}-{index}", family="table-column")
    column_style.addElement(TableColumnProperties(columnwidth=f"{width:.2f}cm"))
    doc.automaticstyles.addElement(column_style)
    grid.addElement(TableColumn(numbercolumnsrepeated=len(table.columns), stylename=column_style))
    header_rows = TableHeaderRows()
    header = TableRow()
    for column in table.columns:
        header.addElement(_cell(column.label, styles, kind="header", bold=True, end=column.numeric))
    header_rows.addElement(header)
    grid.addElement(header_rows)
    for style, cells in table.shown():
        row = TableRow()
        if style == "group":
            row.addElement(_cell(cells[0].text, styles, kind="total", bold=True, span=len(table.columns)))
        else:
            kind = "total" if style == "total" else "plain"
            for shown in cells:
                row.addElement(_cell(shown.text, styles, kind=kind, bold=style == "total", end=shown.numeric))
        grid.addElement(row)
    if not table.rows:
        row = TableRow()
        row.addElement(_cell(_("Nothing to show for this period."), styles, kind="plain",
                             span=len(table.columns)))
        grid.addElement(row)
    doc.text.addElement(grid)
    if table.note:
        doc.text.addElement(P(stylename=styles.small, text=table.note))


def report_odt(data: ReportData) -> bytes:
    """The report as ODT (A4 portrait, Italian)."""
    doc = OpenDocumentText()
    layout = PageLayout(name="PL-A4")
    layout.addElement(PageLayoutProperties(
        pagewidth="21cm", pageheight="29.7cm", printorientation="portrait",
        margintop="1.8cm", marginbottom="1.8cm", marginleft="2cm", marginright="2cm"))
    doc.automaticstyles.addElement(layout)
    doc.masterstyles.addElement(OdfMasterPage(name="Standard", pagelayoutname=layout))
    styles = _Styles(doc)
    doc.text.addElement(P(stylename=styles.title, text=data.heading))
    doc.text.addElement(P(stylename=styles.lead, text=data.title))
    doc.text.addElement(P(stylename=styles.text, text=data.period_text))
    doc.text.addElement(P(stylename=styles.text, text=" – ".join(
        f"{name} ({role})" for name, role in data.parties)))
    doc.text.addElement(P(stylename=styles.small, text=_("Generated by Coprogetta on %(date)s") % {
        "date": format_date(data.generated_on)}))
    index = 0
    for number, part in enumerate(data.sections, start=1):
        doc.text.addElement(H(outlinelevel=1, stylename=styles.heading, text=f"{number}. {part.title}"))
        for text in part.paragraphs:
            doc.text.addElement(P(stylename=styles.text, text=text))
        if part.figures:
            doc.text.addElement(P(stylename=styles.caption, text=_("Key figures")))
            grid = OdfTable(name=f"figures-{number}", stylename=styles.table)
            grid.addElement(TableColumn(numbercolumnsrepeated=2))
            for figure in part.figures:
                row = TableRow()
                row.addElement(_cell(figure.label, styles, kind="plain"))
                row.addElement(_cell(figure.text, styles, kind="plain", bold=True, end=True))
                grid.addElement(row)
            doc.text.addElement(grid)
        for chart in part.charts:
            png = chart_png(chart)
            width, height = _png_size(png)
            href = doc.addPictureFromString(png, "image/png")
            frame = Frame(stylename=styles.frame, width=f"{TEXT_WIDTH_CM}cm",
                          height=f"{TEXT_WIDTH_CM * height / width:.2f}cm", anchortype="as-char",
                          name=f"chart-{chart.key}-{number}")
            frame.addElement(Image(href=href))
            holder = P(stylename=styles.text)
            holder.addElement(frame)
            doc.text.addElement(holder)
            doc.text.addElement(P(stylename=styles.small, text=chart.title))
        for table in part.tables:
            index += 1
            _table(doc, table, styles, index)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()
