"""PDF: read in a child process (pdf_worker.py) with caps on pages, time and memory, so a
pathological file can neither hang nor exhaust the server."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import SourceText
from .errors import UnreadableDocument

logger = logging.getLogger(__name__)
WORKER = Path(__file__).resolve().parent / "pdf_worker.py"


def read_pdf(data: bytes, limits: dict[str, Any]) -> SourceText:
    seconds = limits["pdf_seconds"]
    command = [sys.executable, "-I", str(WORKER), str(limits["max_pages"]), str(limits["pdf_memory"]),
               str(seconds)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=seconds, check=False)
    except subprocess.TimeoutExpired:
        raise UnreadableDocument(
            _("Reading the PDF took longer than %(seconds)s seconds, the limit: it was stopped. "
              "The file may be damaged or built in an unusual way; save it again (or as DOCX) "
              "and upload it again.") % {"seconds": seconds}
        ) from None
    try:
        result = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        logger.warning("The PDF reader stopped (exit %s): %s", done.returncode, done.stderr[-2000:])
        raise UnreadableDocument(
            _("The PDF is too complex to be read within the limits of the server.")
        ) from None
    error = result.get("error")
    if error == "pages":
        pages = int(result.get("pages", 0))
        raise UnreadableDocument(
            ngettext(
                "The PDF has %(pages)s page: the limit is %(limit)s.",
                "The PDF has %(pages)s pages: the limit is %(limit)s.",
                pages,
            ) % {"pages": pages, "limit": limits["max_pages"]}
        )
    if error == "encrypted":
        raise UnreadableDocument(
            _("The PDF is protected by a password. Remove the protection and upload it again.")
        )
    if error == "complex":
        raise UnreadableDocument(_("The PDF is too complex to be read within the limits of the server."))
    if error:
        logger.info("Unreadable PDF: %s", result.get("detail", error))
        raise UnreadableDocument(
            _("The file could not be read: it may be damaged. Save it again and upload it again.")
        )
    return SourceText(lines=[str(line) for line in result["lines"]], format="pdf", pages=int(result["pages"]))
