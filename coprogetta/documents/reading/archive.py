"""DOCX and ODT files are zip archives: open them only after checking they are not bombs,
and parse their XML only through defusedxml (no DTD, no entities, no external references)."""

from __future__ import annotations

import io
import zipfile
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from .errors import UnreadableDocument

MAX_MEMBERS = 5000
#: Members smaller than this are not checked by ratio (tiny XML compresses very well).
RATIO_FLOOR = 256 * 1024
REQUIRED = {"docx": "word/document.xml", "odt": "content.xml"}


class Archive:
    """A checked zip archive whose members are read within the declared sizes."""

    def __init__(self, zf: zipfile.ZipFile, kind: str) -> None:
        self.zf = zf
        self.kind = kind
        self.names = {info.filename: info for info in zf.infolist()}

    def has(self, name: str) -> bool:
        return name in self.names

    def read(self, name: str) -> bytes:
        info = self.names[name]
        with self.zf.open(info) as member:
            data = member.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise UnreadableDocument(_bomb_message())
        return data

    def xml(self, name: str) -> Element:
        """The parsed XML of member ``name``; entity declarations and DTDs are refused."""
        return parse_xml(self.read(name))


def parse_xml(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise UnreadableDocument(
            _("The file contains XML constructs that are refused for safety (a DTD or entity "
              "declarations). Save it again from your word processor and upload it again.")
        ) from None
    except ParseError:
        raise UnreadableDocument(_damaged_message()) from None


def open_archive(data: bytes, limits: dict[str, Any], kind: str) -> Archive:
    """The archive in ``data`` once its sizes are checked; UnreadableDocument otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UnreadableDocument(_damaged_message()) from None
    if len(infos) > MAX_MEMBERS:
        raise UnreadableDocument(_bomb_message())
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnreadableDocument(
                _("The file is protected by a password. Remove the protection and upload it again.")
            )
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > limits["max_ratio"]:
            raise UnreadableDocument(_bomb_message())
    if total > limits["max_uncompressed"]:
        raise UnreadableDocument(_bomb_message())
    archive = Archive(zf, kind)
    if not archive.has(REQUIRED[kind]):
        raise UnreadableDocument(
            _("The file is not a real %(format)s document: it may be damaged or have the wrong "
              "extension. Save it again as DOCX, ODT, PDF or text and upload it again.")
            % {"format": kind.upper()}
        )
    return archive


def _bomb_message() -> str:
    return _("The file expands to far more data than a document holds (it may be a zip bomb): "
             "it was not read.")


def _damaged_message() -> str:
    return _("The file could not be read: it may be damaged. Save it again and upload it again.")
