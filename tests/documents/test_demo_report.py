"""The demo's June 2016 monitoring report, in PDF, DOCX and ODT: its key figures read back from
each file and checked against the model (issue 6, "Done when")."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from odf import teletype
from odf.opendocument import load as load_odf
from pypdf import PdfReader

from coprogetta.agreements.models import PaymentTranche
from coprogetta.documents import demo
from coprogetta.documents.demo import monitoring_2016
from coprogetta.documents.report_services import report_generate
from coprogetta.lib import money
from coprogetta.lib.textparse.numbers import format_eur, format_number
from coprogetta.monitoring.expense_selectors import expense_summary
from coprogetta.monitoring.models import Expense, TimeEntry

from .test_report import docx_text

pytestmark = pytest.mark.django_db
JUNE = date(2016, 6, 30)


@pytest.fixture(scope="module")
def demo_reports(django_db_setup, django_db_blocker):
    """The demo, loaded once, and its June report in the three formats."""
    with django_db_blocker.unblock():
        agreement = demo.demo_load(password="demo-test-password").agreement
        monitoring_2016.demo_monitoring_load(agreement)
        officer = agreement.parties.get(role="public_body").organization.memberships.first().user
        files = {
            fmt: report_generate(user=officer, agreement=agreement, checkpoint=JUNE, kind="monitoring",
                                 fmt=fmt).file.read()
            for fmt in ("pdf", "docx", "odt")
        }
        figures = _model_figures(agreement)
        yield agreement, files, figures
        # The module's rows go with a flush: this fixture outlives the tests' transactions.
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)


def _model_figures(agreement):
    """What the report must say, straight from the records (not from the report's code)."""
    hours = sum(TimeEntry.objects.filter(agreement=agreement, date__lte=JUNE)
                .values_list("hours", flat=True), Decimal(0))
    partner = sum(Expense.objects.filter(agreement=agreement, date__lte=JUNE, contribution__isnull=False)
                  .values_list("amount", flat=True), money.ZERO)
    planned = expense_summary(agreement).partner.planned  # the contributions' total
    paid = sum(PaymentTranche.objects.filter(agreement=agreement, status="paid")
               .values_list("amount", flat=True), money.ZERO)
    return {
        "hours": format_number(hours, 2),
        "partner_spent": format_eur(partner),
        "partner_planned": format_eur(planned),
        "paid": format_eur(paid),
    }


def _check(text, figures):
    text = re.sub(r"[ \u00a0]+", " ", text)
    assert "Relazione di monitoraggio" in text
    assert "30/06/2016" in text
    for key, value in figures.items():
        assert value in text, (key, value)


def test_the_demo_figures_are_the_hand_checked_ones(demo_reports):
    _agreement, _files, figures = demo_reports
    # 162,50 hours, € 10.694,70 spent of the partner's € 86.670,49, four nursery months paid.
    assert figures == {
        "hours": "162,50", "partner_spent": "€ 10.694,70", "partner_planned": "€ 86.670,49",
        "paid": "€ 103.264,60",
    }


def test_the_pdf_says_them(demo_reports):
    _agreement, files, figures = demo_reports
    reader = PdfReader(io.BytesIO(files["pdf"]))
    _check("\n".join(page.extract_text() for page in reader.pages), figures)


def test_the_docx_says_them(demo_reports):
    _agreement, files, figures = demo_reports
    text, _document = docx_text(files["docx"])
    _check(text, figures)


def test_the_odt_says_them(demo_reports):
    _agreement, files, figures = demo_reports
    document = load_odf(io.BytesIO(files["odt"]))
    _check(teletype.extractText(document.text), figures)
