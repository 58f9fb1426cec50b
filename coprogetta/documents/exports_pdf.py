"""The summary table as PDF: WeasyPrint renders the page's own table partial, offline.

WeasyPrint fetches nothing from the network: ``StaticFilesFetcher`` serves only the project's
static files (through Django's static-file finders) and refuses every other URL. The font is
Titillium Web when Bootstrap Italia's fonts are installed, otherwise DejaVu Sans from Debian.
"""

from __future__ import annotations

import mimetypes
import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from coprogetta.agreements.selectors import EconomicSummary

from .exports_table import summary_table

#: The documents' base URL: never resolved, only used to recognise the project's own files.
BASE_URL = "https://coprogetta.invalid/"

TITILLIUM = "bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-{}.ttf"


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch."""


class StaticFilesFetcher(URLFetcher):
    """Serve ``/static/...`` from the static-file finders; refuse everything else."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            raise RefusedURL(f"the PDF renderer fetches only the project's static files: {url}")
        found = None
        try:
            found = finders.find(path)
        except SuspiciousFileOperation:
            pass
        if not found:
            raise RefusedURL(f"no such static file: {path}")
        with open(found, "rb") as handle:
            body = handle.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def static_path(url: str) -> str | None:
    """``https://coprogetta.invalid/static/a/b.css`` -> ``a/b.css``; None for any other URL."""
    if not url.startswith(BASE_URL):
        return None
    prefix = urlsplit(static("")).path  # "/static/"
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    relative = posixpath.normpath(path[len(prefix):])
    if relative.startswith(("..", "/")) or relative == ".":
        return None
    return relative


@dataclass(frozen=True)
class FontFace:
    url: str
    weight: int
    style: str


def font_faces() -> list[FontFace]:
    """Titillium Web's faces when the static files include them (none otherwise)."""
    faces = [("regular", 400, "normal"), ("600", 600, "normal"), ("700", 700, "normal"),
             ("italic", 400, "italic")]
    found = [FontFace(static(TITILLIUM.format(name)), weight, style)
             for name, weight, style in faces if finders.find(TITILLIUM.format(name))]
    return found if len(found) == len(faces) else []


def summary_pdf(summary: EconomicSummary) -> bytes:
    """The summary as an A4 landscape PDF with running header and page numbers."""
    context = {
        "table": summary_table(summary),
        "fonts": font_faces(),
        "generated_on": timezone.localdate(),
    }
    html = render_to_string("documents/summary_pdf.html", context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    return document.write_pdf(font_config=FontConfiguration())
