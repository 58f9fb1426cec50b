"""The monitoring report as PDF: WeasyPrint lays out ``report_pdf.html`` (the shared PDF frame,
the report's body partial, charts as inline SVG), fetching only the project's static files."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from .exports_pdf import BASE_URL, StaticFilesFetcher, font_faces
from .report_data import ReportData


def report_html(data: ReportData) -> str:
    """The PDF's HTML (in the active language, Italian for a report)."""
    return render_to_string("documents/report_pdf.html", {
        "data": data, "fonts": font_faces(), "generated_on": data.generated_on,
    })


def html_pdf(html: str) -> bytes:
    """Any of the project's PDF pages, offline."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(font_config=FontConfiguration())


def report_pdf(data: ReportData) -> bytes:
    """The report as an A4 PDF with running title and page numbers."""
    return html_pdf(report_html(data))
