"""Expenses ("Spese"): recording them on contributions and budget lines, the over-plan
warning and its reason, documents, access, and the planned/spent/remaining totals."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements import budget_services
from coprogetta.agreements.models import Agreement, BudgetLine, Contribution, Party
from coprogetta.agreements.selectors import economic_summary
from coprogetta.documents.demo import demo_document
from coprogetta.documents.interchange import agreement_import
from coprogetta.lib import spending
from coprogetta.lib.textparse.numbers import format_eur
from coprogetta.monitoring import expense_selectors
from coprogetta.monitoring.expense_selectors import expense_summary
from coprogetta.monitoring.models import Expense
from tests import factories as f

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a receipt\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


@pytest.fixture
def sample(world):
    """The sample agreement (Crema 2016), with the world's organisations as its parties."""
    agreement = agreement_import(user=None, document=demo_document())
    for organization, role in ((world.municipality, Party.Role.PUBLIC_BODY),
                               (world.consortium, Party.Role.THIRD_SECTOR)):
        Party.objects.get_or_create(agreement=agreement, organization=organization,
                                    defaults={"role": role})
    return agreement


@pytest.fixture
def supervision(sample):
    """Ambito 1: "Supervisione psicologica presso le due sedi del nido comunale", € 700."""
    item = Contribution.objects.get(agreement=sample, area__number=1,
                                    description__startswith="Supervisione psicologica")
    assert item.amount == Decimal("700.00")
    return item


def data(item, **change):
    prefix = "c" if isinstance(item, Contribution) else "b"
    return {"line": f"{prefix}{item.pk}", "date": "2016-03-10", "amount": "250,00",
            "description": "Supervisione di marzo", "over_budget_reason": "", **change}


def spend(agreement, amount, line, day=date(2016, 2, 1), user=None, **extra):
    kind = "contribution" if isinstance(line, Contribution) else "budget_line"
    return Expense.objects.create(agreement=agreement, date=day, amount=Decimal(amount),
                                  description="Spesa", recorded_by=user, **{kind: line}, **extra)


@pytest.mark.parametrize("who", ["owner", "member", "operator"])
def test_an_expense_under_plan_is_recorded(world, sample, supervision, who):
    if who == "operator":  # assigned to the contribution's area
        user = f.assigned_operator(world.consortium, sample, area=supervision.area)
    else:
        user = getattr(world, who)
    client = world.client_for(user)
    response = client.post(url("expense_create", sample.pk), data(supervision))
    assert response.status_code == 302
    assert response["Location"] == url("expense_list", sample.pk)
    expense = Expense.objects.get()
    assert (expense.amount, expense.contribution, expense.budget_line, expense.recorded_by) == (
        Decimal("250.00"), supervision, None, user)
    audit = AuditEntry.objects.get(object_type="monitoring.expense")
    assert audit.action == "create" and audit.agreement_id == sample.pk
    page = client.get(url("expense_list", sample.pk))
    row = next(r for a in page.context["summary"].areas for r in a.lines if r.line == supervision)
    assert (row.spend.planned, row.spend.spent, row.spend.remaining) == (
        Decimal("700.00"), Decimal("250.00"), Decimal("450.00"))
    assert "expense-warnings" not in page.content.decode()


def test_over_plan_warns_with_the_figures_and_asks_for_a_reason(world, sample, supervision):
    spend(sample, "500", supervision)
    client = world.client_for(world.member)
    response = client.post(url("expense_create", sample.pk), data(supervision, amount="300"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="over-budget"' in page and "Nothing has been saved" in page
    message = response.context["form"].errors["over_budget_reason"][0]
    assert message == (
        "This expense takes “Supervisione psicologica presso le due sedi del nido comunale” over its "
        "plan: planned € 700,00, already spent € 500,00, remaining € 200,00, this expense € 300,00 "
        "(€ 100,00 over). Give the reason for exceeding the plan to record it anyway."
    )
    assert Expense.objects.count() == 1
    # blank reasons are no reason
    response = client.post(url("expense_create", sample.pk),
                           data(supervision, amount="300", over_budget_reason="   "))
    assert response.status_code == 200 and Expense.objects.count() == 1
    response = client.post(url("expense_create", sample.pk), data(
        supervision, amount="300", over_budget_reason="Two extra sessions asked by the nursery"))
    assert response.status_code == 302
    assert Expense.objects.get(amount=300).over_budget_reason == "Two extra sessions asked by the nursery"
    page = client.get(url("expense_list", sample.pk)).content.decode()
    assert 'id="expense-warnings"' in page
    assert "€ 800,00 spent against € 700,00 planned (€ 100,00 over)" in page
    assert "€ 100,00 overspent" in page


def test_exactly_the_plan_needs_no_reason_and_an_edit_does_not_count_itself(world, sample, supervision):
    expense = spend(sample, "500", supervision, user=world.member)
    client = world.client_for(world.member)
    assert client.post(url("expense_create", sample.pk), data(supervision, amount="200")).status_code == 302
    assert client.post(url("expense_edit", sample.pk, expense.pk),
                       data(supervision, amount="450")).status_code == 302
    expense.refresh_from_db()
    assert expense.amount == Decimal("450.00")
    response = client.post(url("expense_edit", sample.pk, expense.pk), data(supervision, amount="501"))
    assert "over_budget_reason" in response.context["form"].errors
    expense.refresh_from_db()
    assert expense.amount == Decimal("450.00")


def test_budget_lines_are_planned_at_their_gross(world, sample):
    line = BudgetLine.objects.get(agreement=sample, area__number=1)
    gross = line.amounts.gross
    client = world.client_for(world.owner)
    response = client.post(url("expense_create", sample.pk), data(line, amount="26.736,87"))
    assert response.status_code == 302
    assert Expense.objects.get().budget_line == line
    summary = expense_summary(sample)
    row = next(r for r in summary.areas[0].lines if r.line == line)
    assert row.spend.remaining == gross - Decimal("26736.87")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "2017-01-02"}, "date", "within the agreement's period, 01/01/2016 – 31/12/2016"),
        ({"date": "2015-12-31"}, "date", "within the agreement's period"),
        ({"amount": "0"}, "amount", "more than € 0"),
        ({"amount": "-5"}, "amount", "greater than or equal to 0"),
        ({"amount": "12,345"}, "amount", "decimal"),
        ({"amount": "dieci"}, "amount", "Enter a number"),
        ({"line": ""}, "line", "required"),
        ({"line": "c999999"}, "line", "this agreement's contributions or budget lines"),
        ({"description": ""}, "description", "required"),
    ],
)
def test_bad_expenses_write_nothing(world, sample, supervision, change, field, message):
    response = world.client_for(world.owner).post(url("expense_create", sample.pk),
                                                  data(supervision, **change))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Expense.objects.exists() and not AuditEntry.objects.filter(
        object_type="monitoring.expense").exists()


def test_another_agreements_line_is_refused(world, sample):
    foreign = f.ContributionFactory(agreement=world.agreement)
    response = world.client_for(world.owner).post(url("expense_create", sample.pk), data(foreign))
    assert "line" in response.context["form"].errors
    assert not Expense.objects.exists()


def test_a_document_is_kept_and_served_only_to_who_sees_the_agreement(world, sample, supervision, client):
    upload = SimpleUploadedFile("ricevuta marzo.pdf", PDF, content_type="text/html")
    response = world.client_for(world.member).post(url("expense_create", sample.pk),
                                                   {**data(supervision), "document": upload})
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert expense.document.name.startswith("expenses/") and expense.document.name.endswith(".pdf")
    path = url("expense_document", sample.pk, expense.pk)
    for user in (world.owner, world.member, world.reader):
        response = world.client_for(user).get(path)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"  # never the client's text/html
        assert b"".join(response.streaming_content) == PDF
    assert world.client_for(world.outsider).get(path).status_code == 404
    assert client.get(path)["Location"].startswith("/accesso/")
    # an expense without a document has none to serve
    other = spend(sample, "10", supervision)
    assert world.client_for(world.owner).get(url("expense_document", sample.pk, other.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00",
         "Attach a document of one of these types: PDF, JPG, PNG, ODT, DOCX, XLSX, ODS."),
        ("ricevuta.html", b"<html>", "Attach a document of one of these types"),
        ("ricevuta", PDF, "Attach a document of one of these types"),
        ("finto.pdf", PNG, "The document's content is not a PDF file"),
        ("grande.pdf", PDF + b"\0" * (10 * 1024 * 1024), "too large: attach one of at most 10 MB"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_saved(world, sample, supervision, name, content, message):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = world.client_for(world.owner).post(url("expense_create", sample.pk),
                                                  {**data(supervision), "document": upload})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["document"])
    assert not Expense.objects.exists()


def test_edit_replaces_or_removes_the_document_and_delete_takes_it(
    world, sample, supervision, django_capture_on_commit_callbacks,
):
    expense = spend(sample, "100", supervision, user=world.member,
                    document=ContentFile(PDF, name="prima.pdf"))
    first = expense.document.name
    storage = expense.document.storage
    client = world.client_for(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("expense_edit", sample.pk, expense.pk), {
            **data(supervision), "document": SimpleUploadedFile("seconda.png", PNG)})
    assert response.status_code == 302
    expense.refresh_from_db()
    second = expense.document.name
    assert second.endswith(".png") and not storage.exists(first) and storage.exists(second)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("expense_edit", sample.pk, expense.pk),
                               {**data(supervision), "remove_document": "on"})
    assert response.status_code == 302
    expense.refresh_from_db()
    assert not expense.document and not storage.exists(second)
    expense.document.save("terza.pdf", ContentFile(PDF))
    third = expense.document.name
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("expense_delete", sample.pk, expense.pk)).status_code == 302
    assert not Expense.objects.exists() and not storage.exists(third)


def test_reader_is_refused_every_write(world, sample, supervision):
    expense = spend(sample, "100", supervision, user=world.member)
    reader = world.client_for(world.reader)
    pk = sample.pk
    assert reader.get(url("expense_list", pk)).status_code == 200
    assert reader.get(url("expense_create", pk)).status_code == 403
    assert reader.post(url("expense_create", pk), data(supervision)).status_code == 403
    assert reader.get(url("expense_edit", pk, expense.pk)).status_code == 403
    assert reader.post(url("expense_edit", pk, expense.pk), data(supervision)).status_code == 403
    assert reader.post(url("expense_delete", pk, expense.pk)).status_code == 403
    assert Expense.objects.get().amount == Decimal("100.00")


def test_outsider_and_anonymous(world, sample, supervision, client):
    expense = spend(sample, "100", supervision, document=ContentFile(PDF, name="r.pdf"))
    outsider = world.client_for(world.outsider)
    pk = sample.pk
    for name, args in [("expense_list", [pk]), ("expense_create", [pk]),
                       ("expense_edit", [pk, expense.pk]), ("expense_delete", [pk, expense.pk]),
                       ("expense_document", [pk, expense.pk])]:
        assert outsider.get(url(name, *args)).status_code == 404
        assert client.get(url(name, *args))["Location"].startswith("/accesso/")
    assert outsider.post(url("expense_create", pk), data(supervision)).status_code == 404
    assert outsider.post(url("expense_edit", pk, expense.pk), data(supervision)).status_code == 404
    assert outsider.post(url("expense_delete", pk, expense.pk)).status_code == 404
    assert Expense.objects.count() == 1


def test_an_expense_of_another_agreement_is_404(world, sample, supervision):
    expense = spend(world.agreement, "10", f.ContributionFactory(agreement=world.agreement))
    owner = world.client_for(world.owner)
    assert owner.get(url("expense_edit", sample.pk, expense.pk)).status_code == 404
    assert owner.get(url("expense_document", sample.pk, expense.pk)).status_code == 404


def test_an_operator_changes_only_their_own_expenses(world, sample, supervision):
    operator = f.assigned_operator(world.consortium, sample, area=supervision.area)
    own = spend(sample, "100", supervision, user=operator)
    theirs = spend(sample, "100", supervision, user=world.member)
    client = world.client_for(operator)
    assert client.post(url("expense_edit", sample.pk, theirs.pk), data(supervision)).status_code == 403
    assert client.post(url("expense_delete", sample.pk, own.pk)).status_code == 302
    assert list(Expense.objects.all()) == [theirs]
    assert AuditEntry.objects.filter(object_type="monitoring.expense", action="delete").count() == 1


def test_lines_with_expenses_are_not_deleted(world, sample, supervision):
    line = BudgetLine.objects.get(agreement=sample, area__number=1)
    line.enrolment_counts.all().delete()
    spend(sample, "100", supervision)
    spend(sample, "100", line)
    with pytest.raises(Exception, match="Expenses are recorded on this contribution"):
        budget_services.contribution_delete(user=world.owner, item=supervision)
    with pytest.raises(Exception, match="Expenses are recorded on this line"):
        budget_services.budget_line_delete(user=world.owner, line=line)
    assert Contribution.objects.filter(pk=supervision.pk).exists()
    sample.delete()
    assert not Expense.objects.exists()


def test_totals_per_line_area_and_agreement(world, sample, supervision):
    area_one = [c for c in sample.contributions.all() if c.area.number == 1]
    line = BudgetLine.objects.get(agreement=sample, area__number=1)
    parents = next(c for c in area_one if c.description == "Incontri rivolti ai genitori")
    spend(sample, "250", supervision)
    spend(sample, "500", supervision)  # € 50 over the € 700
    spend(sample, "400", parents)
    spend(sample, "10000", line)
    summary = expense_summary(sample)
    area = next(a for a in summary.areas if a.area and a.area.number == 1)
    rows = {row.line.pk: row.spend for row in area.lines if row.is_contribution}
    assert (rows[supervision.pk].spent, rows[supervision.pk].remaining) == (Decimal("750"), Decimal("-50.00"))
    assert rows[supervision.pk].overspend == Decimal("50.00")
    assert rows[parents.pk].remaining == Decimal("0.00")
    # Ambito 1: contributions 400 + 700 + 300 + 1.000 + 640 + 1.000 + 1.500 = 5.540 (the
    # partner's), and the nursery line (the public body's): two totals, never added together
    totals = economic_summary(sample)
    nursery = next(a for a in totals.areas if a.area and a.area.number == 1).total.gross
    assert (area.partner.planned, area.partner.spent) == (Decimal("5540.00"), Decimal("1150.00"))
    assert (area.public.planned, area.public.spent) == (nursery, Decimal("10000.00"))
    for block in (area.public, area.partner, summary.public, summary.partner):
        assert block.planned - block.spent == block.remaining
    assert summary.public.planned == totals.total.gross == totals.payable
    assert summary.partner.planned == totals.resources
    assert summary.public.spent + summary.partner.spent == summary.spent == Decimal("11150.00")
    assert [row.line for row in summary.warnings] == [supervision]
    assert [row.line for row in area.partner_over] == [supervision]
    assert summary.cofinancing is None  # the sample is a fee agreement
    page = world.client_for(world.reader).get(url("expense_list", sample.pk)).content.decode()
    assert "€ 50,00 overspent" in page and 'id="cofinancing"' not in page
    assert "1 line over its plan" in page
    public = re.search(r'id="agreement-total-public">(.*?)</tr>', page, re.S).group(1)
    partner = re.search(r'id="agreement-total-partner">(.*?)</tr>', page, re.S).group(1)
    # under a fee the budget lines' remaining is the tranches' (the block above), not shown here
    assert cells(public) == [format_eur(totals.total.gross), "€ 10.000,00",
                             "— paid through the payment tranches"]
    assert cells(partner) == [format_eur(totals.resources), "€ 1.150,00",
                              format_eur(totals.resources - Decimal("1150"))]
    assert format_eur(totals.total.gross + totals.resources) not in page  # the old mixed total


def cells(row_html):
    """The amounts of a table row, as the page shows them."""
    return [re.sub(r"<[^>]+>", "", c).strip().replace("\xa0", " ")
            for c in re.findall(r"<td[^>]*>(.*?)</td>", row_html, re.S)]


def test_a_fee_agreement_shows_the_contract_against_its_tranches(world, sample):
    """Tranches of an area count in that area; tranches of the whole agreement on their own row."""
    area_one = sample.areas.get(number=1)
    f.PaymentTrancheFactory(agreement=sample, area=area_one, percent=None, amount=Decimal("1000.00"),
                            status="paid", invoice_number="1", invoice_date=date(2016, 2, 1),
                            paid_date=date(2016, 3, 1), position=1)
    f.PaymentTrancheFactory(agreement=sample, percent=None, amount=Decimal("500.00"), status="invoiced",
                            invoice_number="2", invoice_date=date(2016, 2, 1), position=2)
    f.PaymentTrancheFactory(agreement=sample, percent=None, amount=Decimal("300.00"), position=3)
    summary = expense_selectors.budget_actual(sample, as_of=date(2016, 7, 1))
    by_area = {(a.area.number if a.area else None): a.billing for a in summary.billing_areas}
    totals = economic_summary(sample)
    nursery = totals.areas[0].total.gross
    assert by_area[1] == spending.Billing(nursery, Decimal("1000.00"), Decimal("0"))
    assert by_area[None] == spending.Billing(Decimal("0"), Decimal("0"), Decimal("500.00"))
    assert by_area[2].invoiced == Decimal("0")
    b = summary.billing
    assert (b.contract, b.paid, b.awaiting) == (totals.payable, Decimal("1000.00"), Decimal("500.00"))
    assert b.to_invoice == totals.payable - Decimal("1500.00")
    assert b.to_pay == totals.payable - Decimal("1000")
    page = world.client_for(world.reader).get(url("expense_list", sample.pk)).content.decode()
    total = re.search(r'id="public-total"[^>]*>(.*?)</tr>', page, re.S).group(1)
    assert cells(total) == [format_eur(totals.payable), "€ 1.000,00", "€ 500,00",
                            format_eur(totals.payable - Decimal("1500"))]
    assert 'id="public-to-pay">' + format_eur(totals.payable - Decimal("1000")) in page.replace("\xa0", " ")


def test_contribution_agreements_show_the_cofinancing_share(world):
    agreement = world.agreement
    Agreement.objects.filter(pk=agreement.pk).update(financial_regime=Agreement.Regime.CONTRIBUTION)
    agreement.refresh_from_db()
    line = f.BudgetLineFactory(agreement=agreement, unit_amount=Decimal("10000"), quantity=1,
                               vat_rate="0", unit=BudgetLine.Unit.LUMP_SUM)
    share = f.ContributionFactory(agreement=agreement, kind=Contribution.Kind.COFINANCING,
                                  amount=Decimal("2000"), percent=Decimal("20"))
    spend(agreement, "2500", line)
    spend(agreement, "500", share)
    summary = expense_summary(agreement)
    c = summary.cofinancing
    # project € 10.000, partner 20 % = € 2.000; reported € 3.000, of which 20 % = € 600 co-financed
    assert (c.project_cost, c.reported, c.unreported) == (
        Decimal("10000.00"), Decimal("3000.00"), Decimal("7000.00"))
    assert (c.percent, c.share, c.covered, c.to_cover, c.public_part) == (
        Decimal("20"), Decimal("2000.00"), Decimal("600.00"), Decimal("1400.00"), Decimal("2400.00"))
    # the project budget: the budget lines against the costs reported on them and on the share,
    # the same figures as the co-financing block; the share's amount is within the budget
    assert (summary.public.planned, summary.public.spent, summary.public.remaining) == (
        c.project_cost, c.reported, c.unreported)
    assert not summary.has_partner and summary.partner == spending.NOTHING
    [row] = [r for a in summary.areas for r in a.lines if r.is_contribution]
    assert row.within_budget and row.part == spending.Spend(Decimal("0"), Decimal("500"))
    page = world.client_for(world.member).get(url("expense_list", agreement.pk)).content.decode()
    assert 'id="cofinancing"' in page and "€ 1.400,00" in page and "(20,00 %)" in page
    assert "within the project budget" in page and 'id="partner-budget"' not in page
    public = re.search(r'id="public-total"[^>]*>(.*?)</tr>', page, re.S).group(1)
    assert cells(public) == ["€ 10.000,00", "€ 3.000,00", "€ 7.000,00"]


def test_cofinancing_without_a_percentage_uses_the_amount(world):
    agreement = world.agreement
    Agreement.objects.filter(pk=agreement.pk).update(financial_regime=Agreement.Regime.CONTRIBUTION)
    agreement.refresh_from_db()
    f.BudgetLineFactory(agreement=agreement, unit_amount=Decimal("8000"), quantity=1, vat_rate="0",
                        unit=BudgetLine.Unit.LUMP_SUM)
    f.ContributionFactory(agreement=agreement, kind=Contribution.Kind.COFINANCING, amount=Decimal("2000"))
    c = expense_summary(agreement).cofinancing
    assert (c.share, c.percent, c.covered) == (Decimal("2000"), Decimal("25.00"), Decimal("0.00"))


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_expenses(world, sample, supervision):
    line = BudgetLine.objects.get(agreement=sample, area__number=1)
    path = url("expense_list", sample.pk)
    spend(sample, "1", supervision, user=world.member)
    spend(sample, "1", line, document=ContentFile(PDF, name="r.pdf"))
    client = world.client_for(world.member)
    few = _queries(client, path)
    for day in range(1, 29):
        for month in (1, 5, 9):
            spend(sample, "1", supervision if day % 2 else line, date(2016, month, day), user=world.owner)
    assert _queries(client, path) == few
    # 16 reads (the lines, tranches and counts the split needs) and the session's renewal (3)
    assert few <= 19
