"""Small counts in the monitoring report: an enrolment count (or a count indicator's value)
below COPROGETTA_MIN_COUNT is shown as "< N" in the report and in every table download, while
the enrolment records themselves, which the parties edit, stay exact."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from odf import teletype
from odf.opendocument import load as load_odf
from pypdf import PdfReader
from rest_framework.test import APIClient

from coprogetta.agreements.models import BudgetLine
from coprogetta.agreements.selectors import agreement_detail
from coprogetta.api.token_services import api_token_create
from coprogetta.documents.report_data import report_data
from coprogetta.documents.report_docx import report_docx
from coprogetta.documents.report_odt import report_odt
from coprogetta.documents.report_pdf import report_pdf
from coprogetta.documents.report_tables import table_csv, table_ods, table_xlsx
from coprogetta.monitoring.models import EnrolmentCount, Indicator, IndicatorTarget, IndicatorValue
from tests import factories as f

pytestmark = pytest.mark.django_db

JUNE = date(2016, 6, 30)
#: January 2, February 1, March none (last known: 1), April 5, May 3, June 2.
COUNTS = {1: 2, 2: 1, 4: 5, 5: 3, 6: 2}


@pytest.fixture
def small(world):
    agreement = world.agreement
    agreement.monitoring_checkpoints = ["2016-06-30", "2016-12-31"]
    agreement.save()
    line = f.BudgetLineFactory(agreement=agreement, description="Centro prima infanzia",
                               unit=BudgetLine.Unit.MONTH, quantity=Decimal("12"))
    for month, count in COUNTS.items():
        EnrolmentCount.objects.create(budget_line=line, month=date(2016, month, 1), count=count)
    families = Indicator.objects.create(agreement=agreement, name="Famiglie seguite",
                                        unit=Indicator.Unit.COUNT)
    IndicatorTarget.objects.create(indicator=families, period_end=JUNE, target=Decimal("10"))
    IndicatorValue.objects.create(indicator=families, period_end=JUNE, value=Decimal("2"),
                                  reported_by=world.member)
    children = Indicator.objects.create(agreement=agreement, name="Bambini al centro estivo",
                                        unit=Indicator.Unit.COUNT)
    IndicatorTarget.objects.create(indicator=children, period_end=JUNE, target=Decimal("20"))
    IndicatorValue.objects.create(indicator=children, period_end=JUNE, value=Decimal("15"),
                                  reported_by=world.member)
    world.line = line
    return world


def _data(world):
    with translation.override("it"):
        return report_data(agreement_detail(world.owner, world.agreement.pk), checkpoint=JUNE)


def _month_counts(data):
    rows = data.table("iscrizioni").rows
    return {row.cells[0]: row.cells[1] for row in rows if row.style != "group"}


def test_the_enrolment_table_shows_counts_below_three_as_less_than_three(small):
    counts = _month_counts(_data(small))
    assert counts == {
        "01/2016": "< 3", "02/2016": "< 3", "03/2016": "< 3 (ultimo noto)", "04/2016": 5,
        "05/2016": 3, "06/2016": "< 3",
    }


def test_a_count_indicator_below_three_shows_neither_its_value_nor_its_attainment(small):
    data = _data(small)
    rows = {row.cells[0]: row.cells for row in data.table("indicatori").rows}
    assert rows["Famiglie seguite"][3:5] == ["< 3", None]  # 2 of 10 would give it away as 20 %
    assert rows["Bambini al centro estivo"][3] == Decimal("15")
    assert rows["Bambini al centro estivo"][4] == Decimal("75")
    assert "< 3" in data.table("indicatori").note


def test_the_threshold_is_the_setting(small, settings):
    settings.COPROGETTA_MIN_COUNT = 6
    counts = _month_counts(_data(small))
    assert counts["04/2016"] == "< 6" and counts["05/2016"] == "< 6"
    assert "< 6" in _data(small).table("iscrizioni").note


def test_every_table_download_suppresses_them(small):
    data = _data(small)
    table = data.table("iscrizioni")

    rows = list(csv.reader(io.StringIO(table_csv(data, table).decode("utf-8-sig")), delimiter=";"))
    counts = [row[1] for row in rows[1:] if len(row) > 1 and re.match(r"\d\d/2016", row[0])]
    assert counts == ["< 3", "< 3", "< 3 (ultimo noto)", "5", "3", "< 3"]

    sheet = openpyxl.load_workbook(io.BytesIO(table_xlsx(data, table))).active
    cells = [row[1] for row in sheet.iter_rows(values_only=True) if re.match(r"\d\d/2016", str(row[0]))]
    assert cells == ["< 3", "< 3", "< 3 (ultimo noto)", 5, 3, "< 3"]

    ods = teletype.extractText(load_odf(io.BytesIO(table_ods(data, table))).spreadsheet)
    assert ods.count("< 3") == 4 + 1  # and once in the note under the table


def _month_lines(text):
    return [line for line in text.splitlines() if re.search(r"0[1-6]/2016", line)]


def test_the_pdf_docx_and_odt_reports_suppress_them(small):
    data = _data(small)
    pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(report_pdf(data))).pages)
    document = docx.Document(io.BytesIO(report_docx(data)))
    docx_rows = [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
    odt = teletype.extractText(load_odf(io.BytesIO(report_odt(data))).text)
    for text in (pdf, "\n".join(docx_rows), odt):
        assert "< 3" in text
        assert "< 3 (ultimo noto)" in re.sub(r"\s+", " ", text)
    months = [r for r in docx_rows if re.match(r"0[1-6]/2016 \|", r)]
    assert [r.split(" | ")[1] for r in months] == ["< 3", "< 3", "< 3 (ultimo noto)", "5", "3", "< 3"]


def test_the_enrolment_records_the_parties_edit_stay_exact(small):
    page = small.client_for(small.owner).get(reverse("monitoring:enrolment_list", args=[small.agreement.pk]))
    assert page.status_code == 200
    assert "&lt; 3" not in page.content.decode() and "< 3" not in page.content.decode()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=small.owner, name='t')[1]}")
    records = client.get(f"/api/v1/agreements/{small.agreement.pk}/enrolments/").json()["results"]
    assert sorted(r["count"] for r in records) == sorted(COUNTS.values())
