"""Reading uploaded documents into lines: the sample's three formats give the same lines, and
DOCX, ODT and PDF files built here keep paragraphs, lists and tables in order."""

import io
import re
from pathlib import Path

import pytest
from django.utils import translation

from coprogetta.documents.reading import read_document

SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "samples"
SAMPLE = "crema-2016-negoziazione"



@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (Italian is the default language)."""
    with translation.override("en"):
        yield

def sample(extension: str) -> bytes:
    path = SAMPLES / f"{SAMPLE}.{extension}"
    if not path.exists():
        pytest.fail(f"the sample {path} is missing from the repository")
    return path.read_bytes()


def significant(lines: list[str]) -> list[str]:
    """The lines as the importer reads them: blank lines and edge spaces aside."""
    return [line.strip(" ") for line in lines if line.strip()]


@pytest.mark.parametrize("extension", ["docx", "pdf"])
def test_the_sample_reads_the_same_in_every_format(extension):
    text = read_document(sample("txt"), f"{SAMPLE}.txt")
    other = read_document(sample(extension), f"{SAMPLE}.{extension}")
    assert other.format == extension
    assert significant(other.lines) == significant(text.lines)


def test_the_sample_pdf_keeps_its_tables_and_nested_items():
    source = read_document(sample("pdf"), "sample.pdf")
    assert source.pages == 16
    assert "Ambito 1\t€ 294.105,57\t4%\t€ 11.764,22\t€ 305.869,79" in source.lines
    assert "\t€ 1.146.628,71\t\t\t€ 1.302.537,59" in source.lines
    assert "\t€ 76.120,00\t\t€ 10.550,49" in source.lines
    assert " - € 400 per incontri rivolti ai genitori" in source.lines
    assert "11. Ricerca attiva di finanziamenti ad hoc: in corso" in source.lines
    # a dash that only starts a wrapped line stays in its sentence
    assert any(line.endswith("preadolescenti/adolescenti – S.Carlo") for line in source.lines)


def test_text_keeps_the_files_own_line_numbers():
    data = b"Titolo\r\n\r\nPrima riga\rSeconda\tcella\n"
    assert read_document(data, "a.txt").lines == ["Titolo", "", "Prima riga", "Seconda\tcella"]


def test_text_in_windows_1252_is_read():
    data = "Attività: € 1.000,00 – più IVA".encode("cp1252")
    assert read_document(data, "a.txt").lines == ["Attività: € 1.000,00 – più IVA"]


def test_text_with_a_bom_is_read():
    assert read_document("\ufeffCiao".encode(), "a.txt").lines == ["Ciao"]
    assert read_document("Ciao\n".encode("utf-16"), "a.txt").lines == ["Ciao"]


# -- DOCX built here ---------------------------------------------------------------------------


def make_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Convenzione per il servizio di prova", 1)
    document.add_paragraph("Art. 1 – Oggetto")
    document.add_paragraph("Il Comune affida al Consorzio le attività seguenti:")
    document.add_paragraph("prima attività", style="List Bullet")
    document.add_paragraph("sotto-attività", style="List Bullet 2")
    document.add_paragraph("seconda attività", style="List Bullet")
    document.add_paragraph("prima azione", style="List Number")
    document.add_paragraph("seconda azione", style="List Number")
    paragraph = document.add_paragraph("Un paragrafo ")
    paragraph.add_run("in grassetto").bold = True
    paragraph.add_run(" con\tuna tabulazione.")
    document.add_paragraph("terza azione, in un nuovo elenco", style="List Number")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Voce", "Importo", "IVA"], ["Ambito 1", "€ 1.000,00", "4%"],
                             ["", "€ 1.000,00", ""]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Totale"
    merged.cell(0, 2).text = "€ 5,00"
    document.add_paragraph("Fine.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_paragraphs_lists_and_tables_in_document_order():
    source = read_document(make_docx(), "convenzione.docx")
    assert source.format == "docx"
    assert source.lines == [
        "Convenzione per il servizio di prova",
        "Art. 1 – Oggetto",
        "Il Comune affida al Consorzio le attività seguenti:",
        "- prima attività",
        " - sotto-attività",
        "- seconda attività",
        "1. prima azione",
        "2. seconda azione",
        "Un paragrafo in grassetto con una tabulazione.",
        "1. terza azione, in un nuovo elenco",
        "Voce\tImporto\tIVA",
        "Ambito 1\t€ 1.000,00\t4%",
        "\t€ 1.000,00\t",
        "Totale\t\t€ 5,00",
        "Fine.",
    ]


# -- ODT built here ----------------------------------------------------------------------------


def make_odt() -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ListLevelProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P, S, Tab

    document = OpenDocumentText()
    bullets = ListStyle(name="Bullets")
    for level in (1, 2):
        style = ListLevelStyleBullet(level=level, bulletchar="•")
        style.addElement(ListLevelProperties())
        bullets.addElement(style)
    numbers = ListStyle(name="Numbers")
    numbers.addElement(ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))
    letters = ListStyle(name="Letters")
    letters.addElement(ListLevelStyleNumber(level=1, numformat="a", numsuffix=")"))
    for style in (bullets, numbers, letters):
        document.automaticstyles.addElement(style)
    body = document.text
    body.addElement(H(outlinelevel=1, text="Accordo di collaborazione"))
    paragraph = P(text="Importo:")
    paragraph.addElement(S(c=3))
    paragraph.addText("€ 13.000")
    paragraph.addElement(Tab())
    paragraph.addText("annui")
    body.addElement(paragraph)
    outer = List(stylename="Bullets")
    item = ListItem()
    item.addElement(P(text="primo punto"))
    inner = List()
    inner_item = ListItem()
    inner_item.addElement(P(text="dettaglio"))
    inner.addElement(inner_item)
    item.addElement(inner)
    outer.addElement(item)
    body.addElement(outer)
    numbered = List(stylename="Numbers")
    for text in ("prima azione", "seconda azione"):
        entry = ListItem()
        entry.addElement(P(text=text))
        numbered.addElement(entry)
    body.addElement(numbered)
    lettered = List(stylename="Letters")
    for text in ("prima rata", "saldo"):
        entry = ListItem()
        entry.addElement(P(text=text))
        lettered.addElement(entry)
    body.addElement(lettered)
    table = Table(name="Piano")
    table.addElement(TableColumn(numbercolumnsrepeated=3))
    for values in (["Periodo", "Ore", "Importo"], ["2025", "100", "€ 2.500,00"]):
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        # a filler cell repeated a million times must not explode
        row.addElement(TableCell(numbercolumnsrepeated=1000000))
        table.addElement(row)
    body.addElement(table)
    body.addElement(P(text="Fine."))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def test_odt_headings_lists_and_tables():
    source = read_document(make_odt(), "accordo.odt")
    assert source.format == "odt"
    assert source.lines == [
        "Accordo di collaborazione",
        "Importo: € 13.000 annui",
        "- primo punto",
        " - dettaglio",
        "1. prima azione",
        "2. seconda azione",
        "a) prima rata",
        "b) saldo",
        "Periodo\tOre\tImporto",
        "2025\t100\t€ 2.500,00",
        "Fine.",
    ]


# -- PDF built here ----------------------------------------------------------------------------

PARAGRAPH = (
    "Il Consorzio garantisce la gestione del servizio di accoglienza con personale qualificato, "
    "secondo il progetto organizzativo presentato, per l'intera durata della convenzione e con "
    "rendicontazione semestrale delle attività svolte nei quartieri della città. "
) * 3


def make_pdf() -> bytes:
    from weasyprint import HTML

    html = f"""<html lang="it"><head><style>
    @page {{ size: A5; margin: 2.5cm 2cm;
      @top-center {{ content: "Comune di Prova – Convenzione sociale"; font-size: 9pt }}
      @bottom-right {{ content: "Pagina " counter(page) " di " counter(pages); font-size: 9pt }} }}
    body {{ font-family: serif; font-size: 11pt; hyphens: auto; text-align: justify }}
    p {{ margin: 0 0 1em 0 }} td {{ padding: 0 1.2em 0 0 }}
    </style></head><body>
    <h1>Convenzione di prova</h1>
    <p>{PARAGRAPH}</p>
    <ul><li>primo punto dell'elenco con un testo abbastanza lungo da andare a capo almeno una
    volta nella colonna</li><li>secondo punto</li></ul>
    <ol><li>prima azione numerata</li><li>seconda azione numerata</li></ol>
    <table><tr><td>Voce</td><td>Importo</td><td>Iva</td></tr>
    <tr><td>Ambito 1</td><td>€ 1.000,00</td><td>€ 40,00</td></tr>
    <tr><td>Ambito 2</td><td>€ 2.000,00</td><td>€ 80,00</td></tr></table>
    <p>{PARAGRAPH}</p>
    <p>Fine del documento.</p>
    </body></html>"""
    return HTML(string=html).write_pdf()


def test_pdf_joins_wrapped_and_hyphenated_lines_and_drops_headers_and_page_numbers():
    source = read_document(make_pdf(), "prova.pdf")
    assert source.pages and source.pages >= 2
    expected = PARAGRAPH.strip()
    assert source.lines == [
        "Convenzione di prova",
        expected,
        "- primo punto dell'elenco con un testo abbastanza lungo da andare a capo almeno una volta "
        "nella colonna",
        "- secondo punto",
        "1. prima azione numerata",
        "2. seconda azione numerata",
        "Voce\tImporto\tIva",
        "Ambito 1\t€ 1.000,00\t€ 40,00",
        "Ambito 2\t€ 2.000,00\t€ 80,00",
        expected,
        "Fine del documento.",
    ]
    assert not any(re.search(r"Pagina \d", line) or "Comune di Prova" in line for line in source.lines)
