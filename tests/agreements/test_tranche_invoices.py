"""Tranches invoiced and paid: the invoice (number unique in the agreement), the payment (never
twice), undoing the last step, what is overdue, and who may do it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements import budget_services as services
from coprogetta.agreements.models import PaymentTranche
from coprogetta.agreements.tranche_selectors import tranche_overview
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def line(world):
    return f.BudgetLineFactory(agreement=world.agreement)  # 12 × 1.000 + 4 % = 12.480


@pytest.fixture
def tranche(world, line):
    return f.PaymentTrancheFactory(
        agreement=world.agreement, due_date=date(2016, 6, 30), percent=Decimal("50"),
    )


def invoiced(tranche, number="12/2016", day=date(2016, 7, 1)):
    PaymentTranche.objects.filter(pk=tranche.pk).update(
        status="invoiced", invoice_number=number, invoice_date=day,
    )
    tranche.refresh_from_db()
    return tranche


def paid(tranche, day=date(2016, 7, 20), invoice_day=date(2016, 7, 1)):
    invoiced(tranche, day=invoice_day)
    PaymentTranche.objects.filter(pk=tranche.pk).update(status="paid", paid_date=day)
    tranche.refresh_from_db()
    return tranche


def test_the_invoice_is_recorded_and_the_tranche_waits_for_the_payment(world, tranche):
    client = world.client_for(world.owner)
    target = url("tranche_invoice", world.agreement.pk, tranche.pk)
    page = client.get(target).content.decode()
    assert 'name="invoice_number"' in page and 'name="version" value="1"' in page
    response = client.post(
        target, {"invoice_number": " 12/2016 ", "invoice_date": "01/07/2016", "version": "1"},
    )
    assert response.status_code == 302 and response["Location"] == url("detail", world.agreement.pk)
    tranche.refresh_from_db()
    assert (tranche.status, tranche.invoice_number, tranche.invoice_date) == (
        "invoiced", "12/2016", date(2016, 7, 1),
    )
    entry = AuditEntry.objects.get()
    assert entry.action == "update" and entry.changes["status"] == ["planned", "invoiced"]


def test_an_invoice_number_is_used_once_in_an_agreement(world, line, tranche):
    invoiced(f.PaymentTrancheFactory(agreement=world.agreement, percent=Decimal("10"), due_text="acconto"))
    other_agreement = f.PaymentTrancheFactory(percent=Decimal("10"))
    invoiced(other_agreement, number="13/2016")
    response = world.client_for(world.owner).post(
        url("tranche_invoice", world.agreement.pk, tranche.pk),
        {"invoice_number": "12/2016", "invoice_date": "2016-07-02"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["invoice_number"] == [
        "Invoice 12/2016 is already recorded on the tranche “acconto” of this agreement: check the number."
    ]
    tranche.refresh_from_db()
    assert tranche.status == "planned" and not AuditEntry.objects.exists()
    # The same number in another agreement is no clash.
    services.tranche_invoice(user=world.owner, tranche=tranche, invoice_number="13/2016",
                             invoice_date=date(2016, 7, 2))
    assert PaymentTranche.objects.get(pk=tranche.pk).invoice_number == "13/2016"


def test_an_invoiced_tranche_is_not_invoiced_again(world, tranche):
    invoiced(tranche)
    with pytest.raises(ValidationError) as caught:
        services.tranche_invoice(
            user=world.owner, tranche=tranche, invoice_number="99", invoice_date=date(2016, 8, 1),
        )
    assert caught.value.messages == [
        "This tranche was already invoiced (invoice 12/2016 of 01/07/2016): reopen it to correct the invoice."
    ]


def test_the_payment_is_recorded(world, tranche):
    invoiced(tranche)
    client = world.client_for(world.owner)
    target = url("tranche_pay", world.agreement.pk, tranche.pk)
    assert client.get(target).status_code == 200
    response = client.post(target, {"paid_date": "2016-07-20", "version": str(tranche.version)})
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert (tranche.status, tranche.paid_date, tranche.version) == ("paid", date(2016, 7, 20), 2)


def test_a_tranche_paid_twice_is_refused_with_the_date(world, tranche):
    invoiced(tranche)
    first = world.client_for(world.owner)
    second = world.client_for(world.member)
    target = url("tranche_pay", world.agreement.pk, tranche.pk)
    # Both open the form on the same version; the first saves.
    assert second.get(target).status_code == 200
    assert first.post(target, {"paid_date": "2016-07-20", "version": "1"}).status_code == 302
    response = second.post(target, {"paid_date": "2016-07-25", "version": "1"})
    assert response.status_code == 200
    assert "This tranche was already paid on 20/07/2016." in response.content.decode()
    tranche.refresh_from_db()
    assert tranche.paid_date == date(2016, 7, 20)
    assert AuditEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("setup", "day", "field", "message"),
    [
        (None, "2016-07-20", None, "This tranche has no invoice yet: record the invoice first."),
        (invoiced, "2016-06-30", "paid_date",
         "The payment date cannot be before the invoice date, 01/07/2016."),
        (invoiced, "31/02/2016", "paid_date", "Enter a valid date."),
    ],
)
def test_bad_payments_are_refused(world, tranche, setup, day, field, message):
    if setup:
        setup(tranche)
    response = world.client_for(world.owner).post(
        url("tranche_pay", world.agreement.pk, tranche.pk), {"paid_date": day},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[field or "__all__"] == [message]
    assert PaymentTranche.objects.get(pk=tranche.pk).paid_date is None
    assert not AuditEntry.objects.exists()


def test_reopen_undoes_the_last_step_and_the_audit_keeps_it(world, tranche):
    paid(tranche)
    client = world.client_for(world.owner)
    target = url("tranche_reopen", world.agreement.pk, tranche.pk)
    page = client.get(target).content.decode()
    assert "its payment will be undone" in page and ">Undo the last step</button>" in page
    assert client.post(target, {"version": str(tranche.version)}).status_code == 302
    tranche.refresh_from_db()
    assert (tranche.status, tranche.paid_date, tranche.invoice_number) == ("invoiced", None, "12/2016")
    assert client.post(target, {}).status_code == 302
    tranche.refresh_from_db()
    assert (tranche.status, tranche.invoice_number, tranche.invoice_date) == ("planned", "", None)
    changes = [e.changes for e in AuditEntry.objects.order_by("id")]
    assert changes[0]["paid_date"] == ["2016-07-20", None]
    assert changes[1]["invoice_number"] == ["12/2016", ""]
    response = client.post(target, {})
    assert response.status_code == 200
    assert "there is no invoice or payment to undo" in response.content.decode()


def test_an_invoiced_tranche_is_not_deleted(world, tranche):
    invoiced(tranche)
    response = world.client_for(world.owner).post(url("tranche_delete", world.agreement.pk, tranche.pk))
    assert response.status_code == 200
    assert "This tranche is invoiced: undo the invoice and the payment (Reopen) before deleting it." in (
        response.content.decode()
    )
    assert PaymentTranche.objects.filter(pk=tranche.pk).exists()


def test_a_stale_edit_of_the_terms_is_told_and_keeps_the_input(world, tranche):
    client = world.client_for(world.owner)
    target = url("tranche_edit", world.agreement.pk, tranche.pk)
    assert 'name="version" value="1"' in client.get(target).content.decode()
    services.tranche_update(
        user=world.member, tranche=PaymentTranche.objects.get(pk=tranche.pk), area=None,
        due_date=date(2016, 6, 30), due_text="primo acconto", amount=None, percent=Decimal("40"),
        is_balance=False, version=1,
    )
    data = {"due_date": "2016-06-30", "kind": "percent", "percent": "45", "version": "1"}
    response = client.post(target, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "while you were editing it" in html and 'value="45"' in html
    tranche.refresh_from_db()
    assert (tranche.percent, tranche.due_text) == (Decimal("40"), "primo acconto")
    # Saving again, knowingly, replaces their values.
    assert client.post(target, {**data, "version": "2"}).status_code == 302
    tranche.refresh_from_db()
    assert tranche.percent == Decimal("45")


@pytest.mark.parametrize("name", ["tranche_invoice", "tranche_pay", "tranche_reopen"])
def test_readers_get_403_and_outsiders_404(world, tranche, name):
    target = url(name, world.agreement.pk, tranche.pk)
    data = {"invoice_number": "1", "invoice_date": "2016-07-01", "paid_date": "2016-07-02"}
    for user, status in ((world.reader, 403), (world.outsider, 404)):
        client = world.client_for(user)
        assert client.get(target).status_code == status
        assert client.post(target, data).status_code == status
    other = f.PaymentTrancheFactory(percent=Decimal("10"))
    assert world.client_for(world.owner).get(url(name, world.agreement.pk, other.pk)).status_code == 404
    assert PaymentTranche.objects.get(pk=tranche.pk).status == "planned"
    assert not AuditEntry.objects.exists()


# -- what is overdue ---------------------------------------------------------------------------


def test_the_overview_numbers_resolves_and_says_what_is_overdue(world, line):
    area = f.AreaFactory(agreement=world.agreement, number=1)
    f.BudgetLineFactory(agreement=world.agreement, area=area, unit_amount=Decimal("100"))  # 1.248
    first = f.PaymentTrancheFactory(
        agreement=world.agreement, due_date=date(2016, 3, 31), percent=Decimal("30"), position=1,
    )
    second = f.PaymentTrancheFactory(agreement=world.agreement, area=area, due_date=date(2016, 5, 31),
                                     percent=None, amount=Decimal("248"), position=2)
    balance = f.PaymentTrancheFactory(agreement=world.agreement, due_date=date(2016, 12, 31), percent=None,
                                      is_balance=True, position=3)
    paid(first, day=date(2016, 4, 20), invoice_day=date(2016, 4, 1))
    invoiced(second, number="20/2016", day=date(2016, 5, 2))

    overview = tranche_overview(world.agreement, date(2016, 6, 10))
    assert [(r.tranche, r.number) for r in overview.rows] == [(first, 1), (second, 2), (balance, 3)]
    # The agreement-wide tranches share what is payable, 13.728 (30 % and the balance is what
    # remains); the area's tranche is an amount of the area's 1.248.
    assert [r.amount for r in overview.rows] == [Decimal("4118.40"), Decimal("248.00"), Decimal("9609.60")]
    assert [(r.overdue, r.overdue_days, r.waiting_for) for r in overview.rows] == [
        (False, 0, ""), (True, 10, "payment"), (False, 0, "invoice"),
    ]
    assert (overview.paid, overview.invoiced, overview.planned, overview.total) == (
        Decimal("4118.40"), Decimal("248.00"), Decimal("9609.60"), Decimal("13976.00"),
    )
    assert [r.tranche for r in overview.overdue] == [second]
    late = tranche_overview(world.agreement, date(2017, 1, 2))
    assert [(r.tranche, r.overdue_days, r.waiting_for) for r in late.overdue] == [
        (second, 216, "payment"), (balance, 2, "invoice"),
    ]


def test_the_money_section_shows_status_invoice_payment_and_overdue(world, line):
    late = f.PaymentTrancheFactory(
        agreement=world.agreement, due_date=date(2016, 3, 31), percent=Decimal("20"),
    )
    done = f.PaymentTrancheFactory(
        agreement=world.agreement, due_date=date(2016, 4, 30), percent=Decimal("20"),
    )
    paid(done)
    html = world.client_for(world.owner).get(url("detail", world.agreement.pk)).content.decode()
    assert "no. 12/2016 of 01/07/2016" in html and "paid on 20/07/2016" in html
    assert "1 payment tranche is overdue:" in html
    assert "due on 31/03/2016" in html and "waiting for the invoice" in html
    assert url("tranche_invoice", world.agreement.pk, late.pk) in html
    assert url("tranche_reopen", world.agreement.pk, done.pk) in html
    assert url("tranche_pay", world.agreement.pk, late.pk) not in html


def _detail_queries(world, count):
    for index in range(count):
        f.PaymentTrancheFactory(agreement=world.agreement, percent=Decimal("1"), position=index,
                                due_date=date(2016, 1, 1 + index % 28))
    client = world.client_for(world.owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("detail", world.agreement.pk)).status_code == 200
    with CaptureQueriesContext(connection) as overview_queries:
        tranche_overview(world.agreement, date(2016, 6, 1))
    return len(queries), len(overview_queries)


def test_query_counts_do_not_grow_with_the_tranches(world, line, django_assert_max_num_queries):
    few = _detail_queries(world, 2)
    PaymentTranche.objects.all().delete()
    many = _detail_queries(world, 30)
    assert few == many
    with django_assert_max_num_queries(8):
        tranche_overview(world.agreement, date(2016, 6, 1))
