"""The report pages: list, generate form, preview, download, tables; refusals and query counts."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation
from odf.opendocument import load as load_ods
from odf.table import Table, TableCell, TableRow

from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_detail
from coprogetta.documents import report_services
from coprogetta.documents.models import Job, Report
from coprogetta.documents.report_data import report_data

from .. import factories as f
from .report_world import EXPECTED, JUNE, add_june_monitoring


@pytest.fixture
def june(world):
    return add_june_monitoring(world)


def url(name, agreement, *args):
    return reverse(f"documents:{name}", args=[agreement.pk, *args])


def stored_report(agreement, user, *, checkpoint=JUNE, fmt="pdf"):
    report = Report(agreement=agreement, kind=Report.Kind.MONITORING, format=fmt, checkpoint=checkpoint,
                    created_by=user, size=9)
    report.file.save(f"r-{agreement.pk}.{fmt}", ContentFile(b"%PDF-1.7"), save=False)
    report.save()
    return report


def test_urls():
    agreement = Agreement(pk=7)
    assert url("report_list", agreement) == "/accordi/7/relazioni/"
    assert url("report_generate", agreement) == "/accordi/7/relazioni/genera/"
    assert url("report_preview", agreement) == "/accordi/7/relazioni/anteprima/"
    assert url("report_download", agreement, 3) == "/accordi/7/relazioni/3/scarica/"
    assert url("report_table", agreement) == "/accordi/7/relazioni/tabelle/"


# -- the list ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_checkpoints_reports_and_tables(june):
    report = stored_report(june.agreement, june.member)
    response = june.client_for(june.reader).get(url("report_list", june.agreement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Period ending on 30/06/2016" in html and "Period ending on 31/12/2016" in html
    assert url("report_download", june.agreement, report.pk) in html
    assert "?periodo=2016-06-30&amp;tabella=bilancio&amp;formato=ods" in html
    assert html.count('name="fmt" value="docx"') == 4  # 2 checkpoints x (report, pack)
    assert '<nav class="breadcrumb-container"' in html and "<h1" in html
    assert 'scope="col"' in html and "<caption>" in html


@pytest.mark.django_db
def test_list_queries_do_not_grow(june, django_assert_max_num_queries):
    client = june.client_for(june.owner)
    counted = []
    for count in (2, 30):
        Report.objects.all().delete()
        for _ in range(count):
            stored_report(june.agreement, june.member)
        with django_assert_max_num_queries(8) as queries:
            response = client.get(url("report_list", june.agreement))
        assert response.content.decode().count("/scarica/") == count
        counted.append(len(queries))
    assert counted[0] == counted[1]


@pytest.mark.django_db
def test_outsider_sees_nothing(june):
    report = stored_report(june.agreement, june.member)
    client = june.client_for(june.outsider)
    for name, args in [("report_list", []), ("report_generate", []), ("report_preview", []),
                       ("report_download", [report.pk]), ("report_table", [])]:
        assert client.get(url(name, june.agreement, *args)).status_code == 404, name
    response = client.post(url("report_generate", june.agreement),
                           {"checkpoint": "2016-06-30", "kind": "monitoring", "fmt": "pdf"})
    assert response.status_code == 404
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_download_only_from_its_own_agreement(june):
    other = f.AgreementFactory()
    f.PartyFactory(agreement=other, organization=june.municipality)
    foreign = stored_report(other, june.owner)
    client = june.client_for(june.owner)
    assert client.get(url("report_download", june.agreement, foreign.pk)).status_code == 404
    response = client.get(url("report_download", other, foreign.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="relazione-monitoraggio-{other.pk}-2016-06-30.pdf"')


# -- generating ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_form(june):
    response = june.client_for(june.owner).get(url("report_generate", june.agreement) + "?tipo=council")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2016-06-30"' in html and "<textarea" in html
    assert '<input type="radio" name="kind" value="council" id="id_kind_1" required checked>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(("data", "field", "message"), [
    ({"checkpoint": "2016-05-31", "kind": "monitoring", "fmt": "pdf"}, "checkpoint",
     "Select a valid choice"),
    ({"checkpoint": "2016-06-30", "kind": "monitoring", "fmt": "rtf"}, "fmt", "Select a valid choice"),
    ({"checkpoint": "2016-06-30", "kind": "other", "fmt": "pdf"}, "kind", "Select a valid choice"),
])
def test_generate_refuses_bad_params(june, data, field, message):
    response = june.client_for(june.member).post(url("report_generate", june.agreement), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_service_refuses_a_date_that_is_no_checkpoint(june):
    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError) as error:
        report_services.report_start(user=june.owner, agreement=june.agreement, checkpoint=date(2016, 5, 31),
                                     kind="monitoring", fmt="pdf")
    assert error.value.message_dict["checkpoint"] == [
        "31/05/2016 is not a monitoring checkpoint of this agreement; choose one of: 30/06/2016, 31/12/2016."]


@pytest.mark.django_db
def test_generation_reports_its_progress(june):
    steps = []
    report = report_services.report_generate(
        user=june.reader, agreement=june.agreement, checkpoint=JUNE, kind="council", fmt="odt",
        progress=lambda percent, text="": steps.append((percent, text)))
    percents = [p for p, _ in steps]
    assert percents == sorted(percents) and len(steps) >= 6 and percents[-1] == 95
    assert all(text for _, text in steps)
    assert report.created_by == june.reader and report.size > 1000


@pytest.mark.django_db
def test_job_page_after_generation(june):
    client = june.client_for(june.member)
    response = client.post(url("report_generate", june.agreement),
                           {"checkpoint": "2016-06-30", "kind": "council", "fmt": "docx"}, follow=True)
    assert response.status_code == 200
    job = Job.objects.get()
    assert job.kind == "report" and job.agreement == june.agreement
    assert job.result_url in response.content.decode()
    assert june.client_for(june.owner).get(reverse("jobs:detail", args=[job.pk])).status_code == 404


# -- preview -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_shows_the_report(june):
    response = june.client_for(june.reader).get(url("report_preview", june.agreement) + "?periodo=2016-06-30")
    assert response.status_code == 200
    html = response.content.decode()
    # the partner's € 1.500 spent and the public body's € 1.202.537,59 still to pay, never € 11.500
    assert "€ 1.500,00" in html and "€ 1.202.537,59" in html and "€ 11.500,00" not in html
    assert 'role="img"' in html and "Bambini iscritti al nido" in html
    assert '<div lang="it">' in html
    assert "tabella=ore&amp;formato=csv" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "message"), [
    ("?periodo=2016-05-31", "31/05/2016 is not a monitoring checkpoint of this agreement"),
    ("?periodo=giugno", "“giugno” is not a date"),
    ("?periodo=2016-06-30&tipo=bilancio", "“bilancio” is not a kind of report"),
])
def test_preview_refuses_bad_params(june, query, message):
    response = june.client_for(june.owner).get(url("report_preview", june.agreement) + query)
    assert response.status_code == 400
    assert message in response.content.decode()


# -- tables --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bare_table_request_gives_a_spreadsheet(june):
    response = june.client_for(june.owner).get(url("report_table", june.agreement))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "tabella-bilancio" in response["Content-Disposition"]


def get_table(world, key, fmt):
    response = world.client_for(world.owner).get(
        url("report_table", world.agreement) + f"?periodo=2016-06-30&tabella={key}&formato={fmt}")
    assert response.status_code == 200
    return response.content


@pytest.mark.django_db
def test_tables_as_xlsx_ods_csv(june):
    book = openpyxl.load_workbook(io.BytesIO(get_table(june, "bilancio", "xlsx")))
    sheet = book.worksheets[0]
    with translation.override("it"):
        data = report_data(agreement_detail(june.owner, june.agreement.pk), checkpoint=JUNE)
    public, partner = (row.cells[0] for row in data.table("bilancio").rows[-2:])
    totals = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0] in (public, partner)}
    assert set(totals) == {public, partner}, [r[0] for r in sheet.iter_rows(values_only=True)]
    # the public body's budget lines and the partner's contributions, spent in the period, apart
    assert Decimal(str(totals[public][2])) + Decimal(str(totals[partner][2])) == EXPECTED["spent"]
    assert Decimal(str(totals[partner][2])) == Decimal("1500.00")

    rows = list(csv.reader(io.StringIO(get_table(june, "ore", "csv").decode("utf-8-sig")), delimiter=";"))
    psychologist = next(r for r in rows if r[0] == "Psicologo")
    assert psychologist[3] == "7,50" and psychologist[4] == "7,50"

    document = load_ods(io.BytesIO(get_table(june, "indicatori", "ods")))
    values = []
    for row in document.spreadsheet.getElementsByType(Table)[0].getElementsByType(TableRow):
        for cell in row.getElementsByType(TableCell):
            if cell.getAttribute("valuetype") == "float":
                values.append(Decimal(cell.getAttribute("value")))
    assert EXPECTED["indicator_value"] in values and EXPECTED["indicator_target"] in values
    assert Decimal("41.50") in values


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "message"), [
    ("?tabella=segreti", "“segreti” is not a table of the report"),
    ("?formato=pdf", "“pdf” is not a table format: use xlsx, ods, csv."),
    ("?periodo=2017-06-30", "30/06/2017 is not a monitoring checkpoint of this agreement"),
])
def test_table_refuses_bad_params(june, query, message):
    response = june.client_for(june.owner).get(url("report_table", june.agreement) + query)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_every_table_in_every_format(june):
    from coprogetta.documents.report_data import TABLE_CAPTIONS
    from coprogetta.documents.report_tables import TABLE_FORMATS

    client = june.client_for(june.owner)
    for key in TABLE_CAPTIONS:
        for fmt, export in TABLE_FORMATS.items():
            response = client.get(url("report_table", june.agreement) + f"?tabella={key}&formato={fmt}")
            assert response.status_code == 200, (key, fmt)
            assert response["Content-Type"] == export.content_type
            assert f'filename="tabella-{key}-{june.agreement.pk}-' in response["Content-Disposition"]
