"""The work plan as PDF: WeasyPrint renders the page's own partial (charts and table), offline,
through the summary export's static-files-only fetcher."""

from __future__ import annotations

from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration

from coprogetta.documents.exports_pdf import BASE_URL, StaticFilesFetcher, font_faces

from .workplan_chart import workplan_charts
from .workplan_selectors import WorkPlan


def workplan_pdf_render(plan: WorkPlan, today: date) -> bytes:
    """The work plan (charts, then the table) as an A4 landscape PDF."""
    html = render_to_string("planning/workplan_pdf.html", {
        "plan": plan,
        "charts": workplan_charts(plan, today),
        "fonts": font_faces(),
        "generated_on": timezone.localdate(),
    })
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(font_config=FontConfiguration())
