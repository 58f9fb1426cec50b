"""Hostile files, generated on demand (none is committed): zip bombs, XML entity expansion
inside a DOCX, protected PDFs."""

import io
import zipfile

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def docx_with_document(document_xml: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX whose word/document.xml is ``document_xml``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(size: int = 50 * 1024 * 1024) -> bytes:
    """A DOCX whose document.xml expands ~1000 times: 50 MB of spaces in ~50 KB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>')
            chunk = b" " * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def many_members_zip(*, members: int, size: int) -> bytes:
    """A DOCX with many moderately compressible members (no single one suspicious)."""
    import random

    rng = random.Random(4)
    extra = {
        f"word/media/part{i}.xml": bytes(rng.choice(b"abcdefghij <>") for _ in range(size))
        for i in range(members)
    }
    return docx_with_document(
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>', extra
    )


def billion_laughs_docx() -> bytes:
    """A DOCX whose document.xml declares nested entities (the "billion laughs")."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    xml = (
        '<?xml version="1.0"?><!DOCTYPE lolz [' + "".join(entities) + "]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return docx_with_document(xml.encode())


def encrypted_pdf() -> bytes:
    """A PDF with text, protected by a user password."""
    from pypdf import PdfWriter
    from weasyprint import HTML

    writer = PdfWriter(clone_from=io.BytesIO(HTML(string="<p>Riservato</p>").write_pdf()))
    writer.encrypt(user_password="segreta", owner_password="segreta", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
