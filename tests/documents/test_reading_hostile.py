"""Hostile and broken files: each is refused with a sentence, never read in part, never a crash.

The files are generated here (see tests/documents/hostile/__init__.py), none is committed.
"""

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from coprogetta.documents.reading import UnreadableDocument, pdf, read_document

from .hostile import billion_laughs_docx, docx_with_document, encrypted_pdf, many_members_zip, zip_bomb_docx

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLE_PDF = SAMPLES / "crema-2016-negoziazione.pdf"



@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (Italian is the default language)."""
    with translation.override("en"):
        yield

def refused(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(data, name)
    message = caught.value.message
    assert message and "Traceback" not in message
    return message


def test_an_empty_file():
    assert "empty" in refused(b"", "vuoto.docx")


@override_settings(COPROGETTA_IMPORT_MAX_BYTES=1000)
def test_an_oversize_file():
    assert "too big" in refused(b"a" * 1001, "grande.txt")
    assert read_document(b"a" * 1000, "giusto.txt").lines == ["a" * 1000]


def test_a_zip_bomb_is_refused_by_its_ratio():
    assert "zip bomb" in refused(zip_bomb_docx(), "bomba.docx")


@override_settings(COPROGETTA_IMPORT_MAX_UNCOMPRESSED_BYTES=200_000)
def test_a_zip_too_large_once_uncompressed_is_refused():
    # each member alone is small and compresses normally; together they are too much
    assert "zip bomb" in refused(many_members_zip(members=30, size=10_000), "tante.docx")


def test_xml_entity_expansion_inside_a_docx_is_refused():
    assert "DTD" in refused(billion_laughs_docx(), "risate.docx")


def test_an_external_entity_inside_a_docx_is_refused():
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    message = refused(docx_with_document(xml.encode()), "esterno.docx")
    assert "root:" not in message


def test_a_binary_file_renamed_docx():
    assert "not a real DOCX" in refused(os.urandom(4096), "finto.docx")


def test_a_binary_file_renamed_txt():
    assert "binary" in refused(bytes(range(256)) * 16, "finto.txt")


def test_a_zip_that_is_not_a_docx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("foto.jpg", b"\xff\xd8\xff" + b"0" * 100)
    assert "not a real DOCX" in refused(out.getvalue(), "archivio.docx")


def test_a_docx_with_broken_xml():
    assert "damaged" in refused(docx_with_document(b"<w:document><w:body><w:p>"), "rotto.docx")


def test_a_truncated_docx():
    from .test_reading import make_docx

    data = make_docx()
    assert "damaged" in refused(data[: len(data) // 2], "troncato.docx")


@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_a_truncated_pdf(cut):
    if not SAMPLE_PDF.exists():
        pytest.fail("the sample PDF is missing from the repository")
    data = SAMPLE_PDF.read_bytes()
    assert "damaged" in refused(data[: int(len(data) * cut)], "troncato.pdf")


def test_a_pdf_that_is_only_a_header():
    assert "damaged" in refused(b"%PDF-1.7\n%%EOF\n", "vuoto.pdf")


def test_a_protected_pdf():
    assert "password" in refused(encrypted_pdf(), "protetto.pdf")


@override_settings(COPROGETTA_IMPORT_MAX_PAGES=3)
def test_a_pdf_over_the_page_cap():
    if not SAMPLE_PDF.exists():
        pytest.fail("the sample PDF is missing from the repository")
    assert "16 pages: the limit is 3" in refused(SAMPLE_PDF.read_bytes(), "lungo.pdf")


@override_settings(COPROGETTA_IMPORT_PDF_SECONDS=1)
def test_a_pdf_that_takes_too_long_is_stopped(tmp_path, monkeypatch):
    # stands for a pathological file: the worker never answers
    worker = tmp_path / "slow_worker.py"
    worker.write_text("import time\ntime.sleep(30)\n")
    monkeypatch.setattr(pdf, "WORKER", worker)
    assert "longer than 1 seconds" in refused(b"%PDF-1.4\n%%EOF\n", "lento.pdf")


def test_a_pdf_worker_that_dies_gives_a_sentence(tmp_path, monkeypatch):
    worker = tmp_path / "dying_worker.py"
    worker.write_text("import os\nos._exit(9)\n")
    monkeypatch.setattr(pdf, "WORKER", worker)
    assert "too complex" in refused(b"%PDF-1.4\n%%EOF\n", "muore.pdf")


def test_the_pdf_worker_caps_its_own_memory():
    import subprocess

    code = (
        "import runpy, sys; sys.argv = ['w', '5', str(200 * 1024 * 1024), '5'];"
        f"w = runpy.run_path({str(pdf.WORKER)!r}, run_name='worker');"
        "w['_limit'](200 * 1024 * 1024, 5); x = bytearray(400 * 1024 * 1024)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30, check=False)
    assert done.returncode != 0 and b"MemoryError" in done.stderr


def test_a_scanned_pdf_without_text():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    assert "no text" in refused(out.getvalue(), "scansione.pdf")
