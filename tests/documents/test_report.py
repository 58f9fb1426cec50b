"""The June monitoring report of an agreement with six months of records: generated as PDF,
DOCX and ODT through the page and its job, and its numbers read back from each file and
checked against the selectors'."""

import io
import re
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from odf import teletype
from odf.opendocument import load as load_odf
from odf.table import Table as OdfTable
from odf.table import TableCell, TableRow
from pypdf import PdfReader

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import BudgetLine
from coprogetta.agreements.selectors import agreement_detail, agreement_get, economic_summary
from coprogetta.documents.models import Job, Report
from coprogetta.documents.report_data import report_data
from coprogetta.lib import money
from coprogetta.lib.textparse.numbers import format_eur, format_number
from coprogetta.monitoring.expense_selectors import expense_summary
from coprogetta.monitoring.progress_selectors import progress_report
from coprogetta.monitoring.selectors import hours_summary, line_enrolment, monthly_lines

from .report_world import EXPECTED, JUNE, add_june_monitoring

NOTES = "Il primo semestre si è chiuso senza criticità.\n\nSi segnala l'aumento delle iscrizioni al nido."


@pytest.fixture
def june(world):
    return add_june_monitoring(world)


#: The June report's money, the two kinds apart: the partner's contributions (Ambito 1's
#: items, € 1.200 + € 300; the August € 999 is later) and the public body's budget lines (the
#: € 10.000 mowing recorded on "Manutenzione aree verdi").
PARTNER_SPENT = Decimal("1500.00")
PUBLIC_SPENT = Decimal("10000.00")
#: The agreement-wide tranches: € 100.000 paid, € 200.000 invoiced, the balance planned.
PAID, AWAITING = Decimal("100000.00"), Decimal("200000.00")


def expected_figures(world):
    """The figures the report must print, from the selectors (and the records' own dates)."""
    agreement = agreement_get(world.owner, world.agreement.pk)
    nursery = next(line for line in monthly_lines(agreement) if line.description.startswith("Asilo"))
    projection = line_enrolment(agreement, nursery).projection
    months = [r.fee.unit_amount for r in projection.rows if r.month <= JUNE]
    all_hours = hours_summary(agreement)
    logged_ever = sum((line.total.logged for line in all_hours.lines), Decimal(0)) + sum(
        (a.logged for a in all_hours.actions), Decimal(0))
    summary = expense_summary(agreement)
    return {
        "budget": economic_summary(agreement_detail(world.owner, world.agreement.pk)).total.gross,
        "planned": summary.partner.planned,
        "spent_ever": summary.partner.spent,
        "logged_ever": logged_ever,
        # one invoice a month: VAT rounded per month
        "nursery_fees": money.total(money.line_amounts(u, 1, nursery.vat_rate) for u in months).gross,
    }


def generate(world, fmt, *, kind="monitoring", user=None):
    client = world.client_for(user or world.member)
    response = client.post(reverse("documents:report_generate", args=[world.agreement.pk]), {
        "checkpoint": "2016-06-30", "kind": kind, "fmt": fmt, "notes": NOTES,
    })
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE, job.error
    assert job.progress == 100
    report = Report.objects.get()
    assert job.result_url == reverse("documents:report_download", args=[world.agreement.pk, report.pk])
    download = client.get(job.result_url)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    content = b"".join(download.streaming_content)
    assert len(content) == report.size
    return report, content


def check_numbers(text, world):
    """Every figure the report must carry, as Italian text, in ``text``."""
    figures = expected_figures(world)
    assert figures["spent_ever"] > PARTNER_SPENT  # the August expense exists ...
    assert figures["logged_ever"] > EXPECTED["hours"]  # ... and July's hours: both left out
    for needle in [
        format_eur(figures["budget"]),  # € 1.302.537,59
        format_eur(figures["planned"]),  # € 86.670,49 of contributions
        format_eur(PARTNER_SPENT),
        format_eur(figures["planned"] - PARTNER_SPENT),  # € 85.170,49 remaining
        format_eur(figures["budget"] - PAID),  # still to pay: € 1.202.537,59
        format_number(EXPECTED["hours"]),  # 9,50
        format_number(EXPECTED["line_hours"]),  # 7,50
        format_eur(figures["nursery_fees"]),
        "Bambini iscritti al nido", "41,50", "40,00",
        "Il primo semestre si è chiuso senza criticità.",
    ]:
        assert needle in text, needle
    assert format_eur(figures["spent_ever"]) not in text
    assert "01/01/2016" in text and "30/06/2016" in text


# -- the tree the files lay out ------------------------------------------------------------


@pytest.mark.django_db
def test_report_data_figures_match_the_selectors(june):
    figures = expected_figures(june)
    with translation.override("it"):
        data = report_data(agreement_detail(june.owner, june.agreement.pk), checkpoint=JUNE, notes=NOTES)
    shown = data.figures
    assert shown["budget"].value == figures["budget"] == Decimal("1302537.59")
    assert shown["planned"].value == figures["planned"] == Decimal("86670.49")
    assert shown["spent"].value == shown["spent_period"].value == PARTNER_SPENT
    assert shown["remaining"].value == shown["planned"].value - shown["spent"].value
    assert shown["hours"].value == EXPECTED["hours"]
    assert data.period_start.isoformat() == "2016-01-01"
    fees = data.table("iscrizioni-anno")
    nursery = next(r for r in fees.rows if str(r.cells[0]).startswith("Asilo"))
    assert nursery.cells[1] == figures["nursery_fees"]
    indicators = data.table("indicatori")
    values = {r.cells[0]: (r.cells[2], r.cells[3]) for r in indicators.rows if r.style == ""}
    assert values["Bambini iscritti al nido"] == (EXPECTED["indicator_target"], EXPECTED["indicator_value"])
    budget = data.table("bilancio")
    public_total, partner_total = budget.rows[-2:]
    # a fee: the budget lines' remaining is the tranches' ("bilancio-ente"), not contract − costs
    assert public_total.cells[1:6] == [figures["budget"], PUBLIC_SPENT, PUBLIC_SPENT, None, None]
    assert partner_total.cells[1:5] == [figures["planned"], PARTNER_SPENT, PARTNER_SPENT,
                                        figures["planned"] - PARTNER_SPENT]
    progress = {r.cells[0]: r.cells[3] for r in data.table("avanzamento").rows if r.style == ""}
    assert progress["1. Asilo nido comunale"] == 50  # June's checkpoint, not September's 80
    assert progress["1. Spazio compiti"] == 100
    assert shown["progress"].value == progress_report(agreement_get(june.owner, june.agreement.pk),
                                                      JUNE).total.percent
    tranches = data.table("rate")
    assert [r.cells[2] for r in tranches.rows] == [Decimal("100000.00"), Decimal("200000.00"),
                                                   figures["budget"] - Decimal("300000.00")]
    assert shown["tranches_paid"].value == PAID
    assert shown["tranches_overdue"].value == Decimal("200000.00")  # invoiced, due 15/06, unpaid
    assert shown["indicators_met"].value == "1 / 2"
    assert data.sections[-1].key == "note"
    assert data.sections[-1].paragraphs == NOTES.split("\n\n")


@pytest.mark.django_db
def test_december_report_splits_period_and_cumulative(june):
    with translation.override("it"):
        data = report_data(agreement_detail(june.owner, june.agreement.pk),
                           checkpoint=JUNE.replace(month=12, day=31))
    assert data.period_start.isoformat() == "2016-07-01"
    assert data.figures["spent_period"].value == Decimal("999.00")
    assert data.figures["spent"].value == PARTNER_SPENT + Decimal("999.00")
    assert data.figures["hours_period"].value == Decimal("2.00")
    assert data.figures["hours"].value == EXPECTED["hours"] + 2


# -- the three files -----------------------------------------------------------------------


@pytest.mark.django_db
def test_pdf_numbers(june):
    report, content = generate(june, "pdf")
    assert content.startswith(b"%PDF")
    assert (report.kind, report.format, report.checkpoint) == ("monitoring", "pdf", JUNE)
    assert report.created_by == june.member
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = re.sub(r"[ \u00a0]+", " ", text)
    check_numbers(text, june)
    assert "Relazione di monitoraggio" in text or "Monitoring report" in text
    audit = AuditEntry.objects.get(object_type="documents.report")
    assert (audit.action, audit.user, audit.agreement_id) == ("create", june.member, june.agreement.pk)


def docx_text(content):
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts), document


@pytest.mark.django_db
def test_docx_numbers(june):
    report, content = generate(june, "docx")
    text, document = docx_text(content)
    check_numbers(text, june)
    figures = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert len(figures) >= 10
    assert format_eur(PARTNER_SPENT) in figures.values()
    assert len(document.inline_shapes) == 3  # the three charts, as pictures
    assert report.file.name.endswith(".docx")


def odt_tables(content):
    document = load_odf(io.BytesIO(content))
    tables = []
    for table in document.getElementsByType(OdfTable):
        rows = []
        for row in table.getElementsByType(TableRow):
            rows.append([teletype.extractText(c) for c in row.getElementsByType(TableCell)])
        tables.append(rows)
    return document, tables


@pytest.mark.django_db
def test_odt_numbers(june):
    report, content = generate(june, "odt")
    document, tables = odt_tables(content)
    text = teletype.extractText(document.text) + "\n".join(
        " | ".join(row) for table in tables for row in table)
    check_numbers(text, june)
    figures = dict(tables[0])
    assert len(figures) >= 10
    hours = next(t for t in tables if t and "Psicologo" in [r[0] for r in t])
    psychologist = next(r for r in hours if r[0] == "Psicologo")
    assert psychologist[3:5] == ["7,50", "7,50"]
    assert any(name.startswith("Pictures/") for name in document.Pictures)


@pytest.mark.django_db
def test_council_pack_is_shorter(june):
    with translation.override("it"):
        agreement = agreement_detail(june.owner, june.agreement.pk)
        full = report_data(agreement, checkpoint=JUNE)
        pack = report_data(agreement, checkpoint=JUNE, kind="council")
    assert len(pack.tables) < len(full.tables)
    assert set(pack.figures) < set(full.figures)
    assert pack.figures["spent"].value == full.figures["spent"].value
    assert [c.key for s in pack.sections for c in s.charts] == ["bilancio", "bilancio-partner", "avanzamento"]
    assert [t.key for t in pack.tables] == ["bilancio", "bilancio-ente"]
    assert all(r.style == "total" for r in pack.table("bilancio").rows)
    report, content = generate(june, "pdf", kind="council")
    assert report.kind == "council"
    pages = PdfReader(io.BytesIO(content)).pages
    first = re.sub(r"[ \u00a0]+", " ", pages[0].extract_text())
    assert format_eur(PARTNER_SPENT) in first and format_eur(PAID) in first


@pytest.mark.django_db
def test_report_is_italian_whatever_the_page_language(june):
    report, content = generate(june, "docx")
    text, _ = docx_text(content)
    assert "Relazione di monitoraggio" in text or BudgetLine  # heading (catalogue may lag)
    assert "Periodo" in text or "Period from 01/01/2016 to 30/06/2016" in text


@pytest.mark.django_db
def test_pdf_pages_render_to_png(june, tmp_path):
    """The June PDF turns into page images (``pdftoppm -r 60``), each with something drawn on it."""
    import shutil
    import subprocess

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    report, content = generate(june, "pdf")
    pdf = tmp_path / "june.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == len(PdfReader(io.BytesIO(content)).pages) >= 3
    for page in pages:
        data = page.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5000, page.name


# -- budget against actual: two kinds of money, each adding up --------------------------------


def _blocks_add_up(table):
    """Every line and total row of the "bilancio" table: planned − spent = remaining."""
    for row in table.rows:
        if row.style == "group" or isinstance(row.cells[1], str) or row.cells[4] is None:
            continue  # a heading, a co-financing share, a fee's budget line (paid by tranches)
        planned, _period, spent, remaining = row.cells[1:5]
        assert planned - spent == remaining, row.cells


@pytest.mark.django_db
def test_june_budget_keeps_the_public_body_and_the_partner_apart(june):
    with translation.override("en"):
        data = report_data(agreement_detail(june.owner, june.agreement.pk), checkpoint=JUNE)
    budget = data.table("bilancio")
    _blocks_add_up(budget)
    totals = {r.cells[0]: r.cells[1:5] for r in budget.rows if r.style == "total"}
    # Ambito 5: the budget lines (gross) with the € 10.000 mowing; its contributions, untouched
    area5 = economic_summary(agreement_detail(june.owner, june.agreement.pk)).areas[4]
    assert totals["Budget lines, Area 5"] == [area5.total.gross, PUBLIC_SPENT, PUBLIC_SPENT, None]
    assert totals["Contributions, Area 5"][0] == area5.resources
    assert totals["Contributions, Area 1"][2] == PARTNER_SPENT
    # no row adds the budget lines to the contributions
    assert Decimal("1389208.08") not in [c for r in budget.rows for c in r.cells]
    # the public body: contract against the agreement-wide tranches
    fee = data.table("bilancio-ente")
    rows = {r.cells[0]: r.cells[1:] for r in fee.rows}
    assert rows["Agreement-wide"] == [Decimal("0.00"), PAID, AWAITING, -(PAID + AWAITING),
                                      -PAID]
    contract = Decimal("1302537.59")
    assert rows["Whole agreement"] == [contract, PAID, AWAITING, contract - PAID - AWAITING,
                                       contract - PAID]
    for contract_, paid, awaiting, to_invoice, to_pay in rows.values():
        assert paid + awaiting + to_invoice == contract_ and contract_ - paid == to_pay
    figures = data.figures
    assert figures["budget"].value - figures["tranches_paid"].value == figures["public_to_pay"].value
    assert figures["public_awaiting"].value == AWAITING
    section = next(s for s in data.sections if s.key == "bilancio")
    assert [c.key for c in section.charts] == ["bilancio", "bilancio-partner"]
    public_chart, partner_chart = (c.svg for c in section.charts)
    assert "Agreement-wide: Contract € 0,00, Paid € 100.000,00." in public_chart
    assert "Area 1 — " in partner_chart and "Spent € 1.500,00." in partner_chart


@pytest.mark.django_db
def test_a_contribution_agreement_reports_the_project_budget_against_reported_costs(world):
    from coprogetta.agreements.models import Agreement, Contribution
    from coprogetta.monitoring.models import Expense

    from .. import factories as f

    agreement = world.agreement
    agreement.financial_regime = Agreement.Regime.CONTRIBUTION
    agreement.monitoring_checkpoints = ["2016-06-30", "2016-12-31"]
    agreement.save()
    area = f.AreaFactory(agreement=agreement, number=1)
    line = f.BudgetLineFactory(agreement=agreement, area=area, unit_amount=Decimal("10000"), quantity=1,
                               vat_rate="0", unit=BudgetLine.Unit.LUMP_SUM)
    share = f.ContributionFactory(agreement=agreement, area=area, kind=Contribution.Kind.COFINANCING,
                                  amount=Decimal("2000"), percent=Decimal("20"))
    for item, amount in ((line, "2500"), (share, "500")):
        Expense.objects.create(agreement=agreement, date=JUNE, amount=Decimal(amount), description="x",
                               **({"budget_line": item} if item is line else {"contribution": item}))
    with translation.override("en"):
        data = report_data(agreement_detail(world.owner, agreement.pk), checkpoint=JUNE)
    assert data.table("bilancio-ente") is None
    budget = data.table("bilancio")
    _blocks_add_up(budget)
    total = next(r for r in budget.rows if r.cells[0] == "Project budget, whole agreement")
    # the co-financing share is within the project budget: its costs count, its amount does not
    assert total.cells[1:5] == [Decimal("10000.00"), Decimal("3000.00"), Decimal("3000.00"),
                                Decimal("7000.00")]
    assert expense_summary(agreement).cofinancing.unreported == total.cells[4]
    assert (data.figures["budget"].value, data.figures["public_paid"].value,
            data.figures["public_to_pay"].value) == (Decimal("10000.00"), Decimal("3000.00"),
                                                     Decimal("7000.00"))
    assert "planned" not in data.figures  # the partner has no contributions of its own
