"""The summary's files: the sample's figures read back from XLSX, ODS, CSV and PDF."""

import csv
import io
import re
import socket
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from odf import teletype
from odf.namespaces import OFFICENS
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow
from pypdf import PdfReader

from coprogetta.agreements.models import Agreement, Contribution, VatRate
from coprogetta.documents import exports_pdf
from coprogetta.documents.exports_table import budget_header

from .. import factories as f
from .conftest import FIGURES, LINES, SHOWN, quota_label

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


def download(world, fmt, *, user=None, language="it", agreement=None):
    agreement = agreement or world.agreement
    client = world.client_for(user or world.owner, language=None)
    url = reverse("documents:summary_export", args=[agreement.pk, fmt])
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.status_code
    return response


def label(msgid, language="it", **values):
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % values if values else text


# -- every format --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(CONTENT_TYPES))
def test_download_headers(crema, fmt):
    response = download(crema, fmt, user=crema.member)
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    expected = f'attachment; filename="scheda-economica-{crema.agreement.pk}.{fmt}"'
    assert response["Content-Disposition"] == expected
    assert len(response.content) > 100


# -- XLSX ----------------------------------------------------------------------------------


def xlsx_sheets(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book.worksheets


def xlsx_row(sheet, column, text):
    """The first row whose cell in ``column`` (1-based) is ``text``."""
    for row in sheet.iter_rows():
        if row[column - 1].value == text:
            return row
    raise AssertionError(f"no row with {text!r} in column {column}")


def dec(cell):
    assert cell.data_type == "n", (cell.coordinate, cell.data_type, cell.value)
    return Decimal(str(cell.value))


@pytest.mark.django_db
def test_xlsx_reads_back_the_sample(crema):
    budget, resources = xlsx_sheets(download(crema, "xlsx").content)
    cells = [c.value for row in budget.iter_rows(max_row=4) for c in row if c.value]
    assert "Coprogettazione 2016" in cells
    assert label("Year %(year)s", year=2016) in cells

    lines = [row for row in budget.iter_rows() if isinstance(row[0].value, int)]
    assert [(r[0].value, r[2].value) for r in lines] == [(a, d) for a, d, *_ in LINES]
    nets = [dec(r[3]) for r in lines]
    assert nets[0] == Decimal("294105.57") and nets[4] == Decimal("87396.00")
    assert [dec(r[4]) for r in lines] == [Decimal("0.04")] * 6 + [Decimal("0.22")] * 3
    assert "%" in lines[0][4].number_format
    assert "€" in lines[0][3].number_format and "#,##0.00" in lines[0][3].number_format
    assert sum(nets) == FIGURES["net"]

    total = xlsx_row(budget, 3, label("Total"))
    assert (dec(total[3]), dec(total[5]), dec(total[6])) == (
        FIGURES["net"], FIGURES["vat"], FIGURES["gross"])
    assert total[3].font.b and total[6].font.b
    area3 = xlsx_row(budget, 3, label("Total area %(number)s", number=3))
    assert (dec(area3[3]), dec(area3[5]), dec(area3[6])) == FIGURES["area3"]
    assert all(c.data_type != "f" for row in budget.iter_rows() for c in row)  # values, not formulas
    assert budget.column_dimensions["C"].width >= 30
    assert budget.freeze_panes

    total = xlsx_row(resources, 2, label("Total"))
    assert [dec(total[i]) for i in (2, 4, 5)] == [FIGURES["items"], FIGURES["quota"],
                                                  FIGURES["resources"]]
    area3 = xlsx_row(resources, 1, 3)
    assert area3[3].value == quota_label()
    assert [dec(area3[i]) for i in (2, 4, 5)] == [Decimal("11490"), Decimal("9000"), Decimal("20490")]
    ratio = [row for row in resources.iter_rows() if row[1].value and "%" in row[-1].number_format]
    assert dec(ratio[-1][-1]) == Decimal("0.0756")


# -- ODS -----------------------------------------------------------------------------------


def ods_tables(content):
    """Each sheet as rows of (value-type, office:value or currency, text) per cell."""
    doc = load_ods(io.BytesIO(content))
    tables = []
    for table in doc.spreadsheet.getElementsByType(Table):
        rows = []
        for row in table.getElementsByType(TableRow):
            cells = []
            for cell in row.getElementsByType(TableCell):
                cells.append({
                    "type": cell.attributes.get((OFFICENS, "value-type")),
                    "value": cell.attributes.get((OFFICENS, "value")),
                    "currency": cell.attributes.get((OFFICENS, "currency")),
                    "text": teletype.extractText(cell),
                })
            rows.append(cells)
        tables.append((table.getAttribute("name"), rows))
    return tables


def ods_row(rows, column, text):
    for row in rows:
        if len(row) > column and row[column]["text"] == text:
            return row
    raise AssertionError(f"no row with {text!r}")


@pytest.mark.django_db
def test_ods_reads_back_the_sample(crema):
    (_, budget), (_, resources) = ods_tables(download(crema, "ods").content)
    total = ods_row(budget, 2, label("Total"))
    for index, key in ((3, "net"), (5, "vat"), (6, "gross")):
        assert total[index]["type"] == "currency" and total[index]["currency"] == "EUR"
        assert Decimal(total[index]["value"]) == FIGURES[key]
    assert total[3]["text"] == SHOWN["net"]
    area3 = ods_row(budget, 2, label("Total area %(number)s", number=3))
    assert tuple(Decimal(area3[i]["value"]) for i in (3, 5, 6)) == FIGURES["area3"]

    lines = [row for row in budget if row and row[0]["type"] == "float"]
    assert len(lines) == 9
    assert [row[4]["type"] for row in lines] == ["percentage"] * 9
    assert [Decimal(row[4]["value"]) for row in lines] == [Decimal("0.04")] * 6 + [Decimal("0.22")] * 3
    assert sum(Decimal(row[3]["value"]) for row in lines) == FIGURES["net"]
    assert sum(Decimal(row[6]["value"]) for row in lines) == FIGURES["gross"]

    total = ods_row(resources, 1, label("Total"))
    assert [Decimal(total[i]["value"]) for i in (2, 4, 5)] == [
        FIGURES["items"], FIGURES["quota"], FIGURES["resources"]]
    ratio = [c for row in resources for c in row if c["type"] == "percentage"]
    assert Decimal(ratio[-1]["value"]) == Decimal("0.0756")
    assert ratio[-1]["text"] == SHOWN["ratio"]


# -- CSV -----------------------------------------------------------------------------------


def it_decimal(text):
    assert "." not in text, text  # no thousands separator
    return Decimal(text.replace(",", "."))


def csv_rows(content):
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.django_db
def test_csv_reads_back_the_sample(crema):
    rows = csv_rows(download(crema, "csv").content)
    assert rows[0] == budget_header_in("it")
    lines = rows[1:10]
    assert [(int(r[0]), r[2]) for r in lines] == [(a, d) for a, d, *_ in LINES]
    assert lines[0][3:] == ["294105,57", "4", "11764,22", "305869,79"]
    assert lines[6][3:] == ["426842,00", "22", "93905,24", "520747,24"]
    total = rows[10]
    assert total[2] == label("Total")
    assert [it_decimal(total[i]) for i in (3, 5, 6)] == [FIGURES["net"], FIGURES["vat"],
                                                         FIGURES["gross"]]
    assert sum(it_decimal(r[3]) for r in lines) == FIGURES["net"]
    assert sum(it_decimal(r[5]) for r in lines) == FIGURES["vat"]
    assert rows[11] == []

    resources = rows[13:18]
    assert [int(r[0]) for r in resources] == [1, 2, 3, 4, 5]
    assert resources[2][2:] == ["11490,00", quota_label(), "9000,00", "20490,00"]
    total = rows[18]
    assert [it_decimal(total[i]) for i in (2, 4, 5)] == [FIGURES["items"], FIGURES["quota"],
                                                         FIGURES["resources"]]
    assert it_decimal(rows[19][-1]) == FIGURES["ratio"]


def budget_header_in(language):
    with translation.override(language):
        return budget_header(rate_in_percent=True)


@pytest.mark.django_db
def test_csv_labels_follow_the_language_and_numbers_do_not(crema):
    english = csv_rows(download(crema, "csv", language="en").content)
    italian = csv_rows(download(crema, "csv", language="it").content)
    assert english[0] == budget_header_in("en") == ["Area number", "Area", "Description",
                                                    "Net amount", "VAT rate (%)", "VAT",
                                                    "Gross amount"]
    assert italian[0] == budget_header_in("it")

    def numbers(rows):
        return [cell for row in rows for cell in row if re.fullmatch(r"-?\d+(,\d+)?", cell)]

    assert numbers(english) == numbers(italian)


@pytest.mark.django_db
def test_spreadsheet_numbers_are_the_same_in_both_languages(crema):
    def values(content):
        return [c.value for ws in xlsx_sheets(content) for row in ws.iter_rows() for c in row
                if c.data_type == "n" and c.value is not None]

    english = values(download(crema, "xlsx", language="en").content)
    assert english == values(download(crema, "xlsx", language="it").content)
    assert len(english) > 50

    def ods_values(content):
        return [c["value"] for _, rows in ods_tables(content) for row in rows for c in row
                if c["value"] is not None]

    assert ods_values(download(crema, "ods", language="en").content) == ods_values(
        download(crema, "ods", language="it").content)


# -- PDF -----------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a Python socket fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the PDF renderer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_pdf_reads_back_the_sample(crema, no_network):
    reader, text = pdf_text(download(crema, "pdf").content)
    for figure in (SHOWN["net"], SHOWN["vat"], SHOWN["gross"], *SHOWN["area3"], SHOWN["items"],
                   SHOWN["quota"], SHOWN["resources"], SHOWN["ratio"], "€ 294.105,57",
                   "€ 93.905,24", quota_label()):
        assert figure in text, figure
    assert f"{label('Total')} {SHOWN['net']} {SHOWN['vat']} {SHOWN['gross']}" in text
    assert label("Year %(year)s", year=2016) in text
    assert "Comune di Crema" in text and "Consorzio Sul Serio" in text
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    assert round(float(page.mediabox.width) / 72 * 25.4) == 297
    with translation.override("it"):
        numbering = translation.pgettext("page numbering", "Page")
    assert f"{numbering} 1 " in text
    assert reader.metadata.title.endswith("Coprogettazione 2016")


@pytest.mark.django_db
def test_pdf_renders_with_debian_fonts_when_bootstrap_italia_is_absent(crema, monkeypatch):
    monkeypatch.setattr(exports_pdf, "font_faces", lambda: [])
    reader, text = pdf_text(download(crema, "pdf").content)
    assert SHOWN["gross"] in text and SHOWN["ratio"] in text
    fonts = {str(font.get("/BaseFont")) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    assert not any("Titillium" in name for name in fonts)


def test_pdf_fetcher_serves_only_local_static_files():
    fetcher = exports_pdf.StaticFilesFetcher()
    response = fetcher.fetch(exports_pdf.BASE_URL + "static/coprogetta/coprogetta.css")
    assert b"td.amount" in response.read()
    assert response.content_type == "text/css"
    for url in ("https://example.org/static/coprogetta/coprogetta.css",
                "http://coprogetta.invalid/static/coprogetta/coprogetta.css",
                "file:///etc/passwd",
                exports_pdf.BASE_URL + "static/../settings.py",
                exports_pdf.BASE_URL + "static/%2e%2e/%2e%2e/etc/passwd",
                exports_pdf.BASE_URL + "media/secret.txt",
                exports_pdf.BASE_URL + "static/coprogetta/missing.css"):
        with pytest.raises(exports_pdf.RefusedURL):
            fetcher.fetch(url)


@pytest.mark.django_db
def test_pdf_does_not_fetch_what_the_data_names(world, no_network):
    agreement = world.agreement
    agreement.title = '<img src="https://example.org/x.png"> <link rel=stylesheet href="//x">'
    agreement.save()
    _, text = pdf_text(download(world, "pdf").content)
    assert "example.org" in text  # escaped, shown as text


# -- contribution regime --------------------------------------------------------------------


@pytest.fixture
def contribution(world):
    agreement = world.agreement
    agreement.financial_regime = Agreement.Regime.CONTRIBUTION
    agreement.save()
    area = f.AreaFactory(agreement=agreement, number=1, title="Servizi educativi")
    f.BudgetLineFactory(agreement=agreement, area=area, unit_amount=Decimal("1000.00"),
                        quantity=Decimal("10"), vat_rate=VatRate.OUT_OF_SCOPE)
    f.ContributionFactory(agreement=agreement, area=area, kind=Contribution.Kind.COFINANCING,
                          amount=Decimal("2000.00"), percent=Decimal("20"))
    return world


@pytest.mark.django_db
def test_contribution_regime_in_every_format(contribution):
    rows = csv_rows(download(contribution, "csv").content)
    cost, share, public = rows[-3:]
    assert cost[1] == label("Project cost") and it_decimal(cost[2]) == Decimal("10000")
    assert it_decimal(share[2]) == Decimal("2000") and it_decimal(share[3]) == Decimal("20")
    assert public[1] == label("Public contribution") and it_decimal(public[2]) == Decimal("8000")
    assert rows[1][4] == str(VatRate.OUT_OF_SCOPE.label)

    budget, resources = xlsx_sheets(download(contribution, "xlsx").content)
    public = xlsx_row(budget, 3, label("Public contribution"))
    assert dec(public[3]) == Decimal("8000") and dec(public[4]) == Decimal("0.8")
    total = xlsx_row(resources, 2, label("Total"))
    assert dec(total[5]) == Decimal("2000")  # co-financing column

    (_, budget), _ = ods_tables(download(contribution, "ods").content)
    public = ods_row(budget, 2, label("Public contribution"))
    assert Decimal(public[3]["value"]) == Decimal("8000")

    _, text = pdf_text(download(contribution, "pdf").content)
    assert "€ 10.000,00" in text and "€ 2.000,00" in text and "€ 8.000,00" in text


# -- the demo --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_agreement_reproduces_the_sample_in_every_format():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    call_command("load_demo", stdout=io.StringIO())
    [agreement] = Agreement.objects.all()
    officer, outsider = Client(), Client()
    officer.force_login(get_user_model().objects.get(username="funzionario"))
    outsider.force_login(get_user_model().objects.get(username="esterno"))

    html = officer.get(reverse("documents:summary", args=[agreement.pk])).content.decode()
    for figure in (SHOWN["net"], SHOWN["vat"], SHOWN["gross"], *SHOWN["area3"], SHOWN["items"],
                   SHOWN["quota"], SHOWN["resources"]):
        assert f'<td class="amount">{figure}</td>' in html, figure
    assert f'<td class="amount">{SHOWN["ratio"]}</td>' in html

    def get(fmt):
        response = officer.get(reverse("documents:summary_export", args=[agreement.pk, fmt]))
        assert response.status_code == 200
        return response.content

    budget, resources = xlsx_sheets(get("xlsx"))
    total = xlsx_row(budget, 3, label("Total"))
    assert (dec(total[3]), dec(total[5]), dec(total[6])) == (
        FIGURES["net"], FIGURES["vat"], FIGURES["gross"])
    area3 = xlsx_row(budget, 3, label("Total area %(number)s", number=3))
    assert (dec(area3[3]), dec(area3[5]), dec(area3[6])) == FIGURES["area3"]
    total = xlsx_row(resources, 2, label("Total"))
    assert [dec(total[i]) for i in (2, 4, 5)] == [FIGURES["items"], FIGURES["quota"],
                                                  FIGURES["resources"]]

    (_, budget), (_, resources) = ods_tables(get("ods"))
    total = ods_row(budget, 2, label("Total"))
    assert [Decimal(total[i]["value"]) for i in (3, 5, 6)] == [
        FIGURES["net"], FIGURES["vat"], FIGURES["gross"]]
    total = ods_row(resources, 1, label("Total"))
    assert Decimal(total[5]["value"]) == FIGURES["resources"]

    rows = csv_rows(get("csv"))
    [total] = [r for r in rows if len(r) > 6 and r[2] == label("Total")]
    assert [it_decimal(total[i]) for i in (3, 5, 6)] == [FIGURES["net"], FIGURES["vat"],
                                                         FIGURES["gross"]]
    assert it_decimal(rows[-1][-1]) == FIGURES["ratio"]

    _, text = pdf_text(get("pdf"))
    for figure in (SHOWN["net"], SHOWN["vat"], SHOWN["gross"], *SHOWN["area3"], SHOWN["resources"],
                   SHOWN["ratio"], quota_label()):
        assert figure in text, figure

    assert outsider.get(reverse("documents:summary", args=[agreement.pk])).status_code == 404
    for fmt in CONTENT_TYPES:
        url = reverse("documents:summary_export", args=[agreement.pk, fmt])
        assert outsider.get(url).status_code == 404, fmt


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", list(CONTENT_TYPES))
def test_an_agreement_without_money_exports_zeros(world, fmt):
    content = download(world, fmt).content
    if fmt == "csv":
        rows = csv_rows(content)
        assert rows[1][2:] == [label("Total"), "0,00", "", "0,00", "0,00"]
        assert rows[-1][-1] == ""  # no ratio without net resources
    elif fmt == "xlsx":
        budget, _ = xlsx_sheets(content)
        assert dec(xlsx_row(budget, 3, label("Total"))[6]) == 0
    elif fmt == "ods":
        (_, budget), _ = ods_tables(content)
        assert Decimal(ods_row(budget, 2, label("Total"))[6]["value"]) == 0
    else:
        assert "€ 0,00" in pdf_text(content)[1]


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_stays_text(world):
    area = f.AreaFactory(agreement=world.agreement, number=1, title="@SUM(A1:A9)")
    f.BudgetLineFactory(agreement=world.agreement, area=area, description='=HYPERLINK("x","y")')
    rows = csv_rows(download(world, "csv").content)
    assert rows[1][1:3] == ["'@SUM(A1:A9)", '\'=HYPERLINK("x","y")']
    budget, _ = xlsx_sheets(download(world, "xlsx").content)
    cell = xlsx_row(budget, 3, '=HYPERLINK("x","y")')[2]
    assert cell.data_type == "s"
