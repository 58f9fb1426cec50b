"""Plain text: UTF-8 (with or without BOM, or UTF-16 with a BOM), else Windows-1252."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from . import SourceText
from .errors import UnreadableDocument

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes) -> str:
    """The text of ``data``; UnreadableDocument if it is binary rather than text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    controls = len(_CONTROL.findall(text[:65536]))
    if "\x00" in text or controls > max(8, len(text[:65536]) // 200):
        raise UnreadableDocument(
            _("The file is not text: it looks like a binary file. Upload a DOCX, ODT, PDF or text file.")
        )
    return text


def read_text(data: bytes) -> SourceText:
    """One line per line of the file, so that line numbers are the file's own."""
    text = decode(data)
    lines = [_CONTROL.sub("", line).replace("\x0c", "") for line in re.split(r"\r\n|\r|\n", text)]
    while lines and not lines[-1].strip():
        lines.pop()
    return SourceText(lines=lines, format="txt")
