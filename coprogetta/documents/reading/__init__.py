"""Reading an uploaded agreement (TXT, DOCX, ODT, PDF) into lines of text, safely.

Every file is untrusted. ``read_document`` checks its size, recognises its format by its
content (the name only breaks ties), refuses zip bombs and XML with entity declarations, and
reads PDFs in a separate process with a page cap, a time cap and a memory cap. A file that
cannot be read raises ``UnreadableDocument`` with a sentence for the user; nothing partial is
ever returned.

The lines have one shape whatever the format: one logical paragraph per line, list items
starting with ``- `` (one leading space per nesting level) or ``N. ``, and table rows as
their cells joined by TAB, as in the plain-text version of a document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from .errors import UnreadableDocument

logger = logging.getLogger(__name__)

__all__ = ["FORMATS", "SourceText", "UnreadableDocument", "max_bytes", "read_document"]

MB = 1024 * 1024
#: Formats read, by the extension a file of that format usually has.
FORMATS = ("txt", "docx", "odt", "pdf")


@dataclass
class SourceText:
    """The text of a document as lines (1-based line numbers are ``index + 1``)."""

    lines: list[str]
    format: str
    pages: int | None = None
    notes: list[str] = field(default_factory=list)


def max_bytes() -> int:
    """The largest file accepted (``COPROGETTA_IMPORT_MAX_BYTES``, 20 MB by default)."""
    return int(getattr(settings, "COPROGETTA_IMPORT_MAX_BYTES", 20 * MB))


def _limits() -> dict[str, int]:
    cap = max_bytes()
    return {
        "max_bytes": cap,
        # a zip may hold at most this much once uncompressed, and no member may shrink more
        "max_uncompressed": int(getattr(settings, "COPROGETTA_IMPORT_MAX_UNCOMPRESSED_BYTES", 10 * cap)),
        "max_ratio": int(getattr(settings, "COPROGETTA_IMPORT_MAX_RATIO", 100)),
        "max_pages": int(getattr(settings, "COPROGETTA_IMPORT_MAX_PAGES", 500)),
        "pdf_seconds": int(getattr(settings, "COPROGETTA_IMPORT_PDF_SECONDS", 60)),
        "pdf_memory": int(getattr(settings, "COPROGETTA_IMPORT_PDF_MEMORY_BYTES", 1024 * MB)),
    }


def sniff(data: bytes, filename: str) -> str:
    """The format of ``data``: its content decides, the extension only breaks ties."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        if extension in {"docx", "odt"}:
            return extension
        return "zip"
    if extension in {"docx", "odt", "pdf"}:
        return "mismatch"
    return "txt"


def read_document(data: bytes, filename: str) -> SourceText:
    """The lines of the uploaded file ``data`` named ``filename``; UnreadableDocument if the
    file is empty, too big, not one of the formats read, damaged or hostile."""
    limits = _limits()
    if not data:
        raise UnreadableDocument(_("The file is empty."))
    if len(data) > limits["max_bytes"]:
        raise UnreadableDocument(
            _("The file is too big: the limit is %(limit)s MB.") % {"limit": _megabytes(limits["max_bytes"])}
        )
    kind = sniff(data, filename)
    if kind == "mismatch":
        raise UnreadableDocument(
            _("The file is not a real %(format)s document: it may be damaged or have the wrong "
              "extension. Save it again as DOCX, ODT, PDF or text and upload it again.")
            % {"format": filename.rsplit(".", 1)[-1].upper()}
        )
    if kind == "zip":
        raise UnreadableDocument(
            _("The file is a zip archive of an unknown kind. Upload a DOCX, ODT, PDF or text file.")
        )
    try:
        if kind == "pdf":
            from .pdf import read_pdf

            result = read_pdf(data, limits)
        elif kind in {"docx", "odt"}:
            from .archive import open_archive

            archive = open_archive(data, limits, kind)
            if kind == "docx":
                from .docx import read_docx

                result = read_docx(archive)
            else:
                from .odt import read_odt

                result = read_odt(archive)
        else:
            from .text import read_text

            result = read_text(data)
    except UnreadableDocument:
        raise
    except (MemoryError, RecursionError):
        logger.warning("Reading %s exhausted the resources", filename, exc_info=True)
        raise UnreadableDocument(_("The file is too complex to be read.")) from None
    except Exception:
        logger.warning("Reading %s failed", filename, exc_info=True)
        raise UnreadableDocument(
            _("The file could not be read: it may be damaged. Save it again and upload it again.")
        ) from None
    if not any(line.strip() for line in result.lines):
        raise UnreadableDocument(
            _("The file holds no text that can be read (a scanned document needs OCR first).")
        )
    return result


def _megabytes(size: int) -> str:
    value = size / MB
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".replace(".", ",")
