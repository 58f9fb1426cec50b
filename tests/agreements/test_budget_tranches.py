"""Payment tranches: an amount, a percentage or the balance, never more than their budget."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import Agreement, PaymentTranche
from coprogetta.agreements.selectors import agreement_detail, economic_summary
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def nursery(world):
    """The sample's nursery line: gross € 305.869,79, in area 1."""
    area = f.AreaFactory(agreement=world.agreement, number=1)
    return f.BudgetLineFactory(
        agreement=world.agreement, area=area, unit_amount=Decimal("26736.87"), quantity=Decimal("11")
    )


def post(world, data, user=None):
    client = world.client_for(user or world.owner)
    return client.post(url("tranche_create", world.agreement.pk), data)


def summary(world):
    return economic_summary(agreement_detail(world.owner, world.agreement.pk))


def test_sixty_and_fifty_percent_are_refused_with_the_figures(world, nursery):
    assert post(world, {"due_date": "2016-06-30", "kind": "percent", "percent": "60"}).status_code == 302
    response = post(world, {"due_text": "saldo", "kind": "percent", "percent": "50"})

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "The tranches of the whole agreement would add up to € 336.456,77, "  # 183.521,87 + 152.934,90
        "more than its budget of € 305.869,79."
    ) in html
    assert PaymentTranche.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="agreements.paymenttranche").count() == 1


def test_thirty_percent_an_amount_and_the_balance(world, nursery):
    for data in (
        {"due_date": "2016-03-31", "kind": "percent", "percent": "30"},
        {"due_date": "30/06/2016", "kind": "amount", "amount": "100.000"},
        {"due_text": "on approval of the final report", "kind": "balance"},
    ):
        response = post(world, data)
        assert response.status_code == 302, response.context["form"].errors
        assert response["Location"] == url("detail", world.agreement.pk)

    rows = summary(world).tranche_rows
    assert [r.amount for r in rows] == [Decimal("91760.94"), Decimal("100000.00"), Decimal("114108.85")]
    balance = PaymentTranche.objects.get(is_balance=True)
    assert (balance.amount, balance.percent) == (None, None)
    assert balance.due_text == "on approval of the final report"
    assert PaymentTranche.objects.get(amount__isnull=False).due_date.isoformat() == "2016-06-30"

    agreement = agreement_detail(world.owner, world.agreement.pk)
    html = render_to_string(
        "agreements/budget/_agreement_money.html",
        {"summary": economic_summary(agreement), "agreement": agreement, "can_edit": True},
    )
    assert "€ 114.108,85" in html and "30 % of the budget" in html and "31/03/2016" in html
    assert "add up to more than the budget" not in html


def test_only_one_balance_per_scope(world, nursery):
    area = nursery.area
    assert post(world, {"due_text": "saldo", "kind": "balance"}).status_code == 302
    assert post(world, {"due_text": "saldo ambito", "kind": "balance", "area": area.pk}).status_code == 302
    response = post(world, {"due_text": "altro saldo", "kind": "balance"})
    assert "There is already a balance tranche for the whole agreement." in response.content.decode()
    response = post(world, {"due_text": "altro saldo ambito", "kind": "balance", "area": area.pk})
    assert f"There is already a balance tranche for area {area}." in response.content.decode()
    assert PaymentTranche.objects.count() == 2


def test_area_tranches_share_the_area_budget(world, nursery):
    f.BudgetLineFactory(agreement=world.agreement, unit_amount=Decimal("1000000"), quantity=Decimal("1"))
    area = nursery.area
    advance = {"area": area.pk, "due_text": "anticipo", "kind": "amount"}
    response = post(world, {**advance, "amount": "305.869,80"})
    assert (
        f"The tranches of area {area} would add up to € 305.869,80, more than its budget of € 305.869,79."
    ) in response.content.decode()
    response = post(world, {**advance, "amount": "305.869,79"})
    assert response["Location"] == url("area_detail", world.agreement.pk, area.pk)
    rows = summary(world).areas[0].tranche_rows
    assert [r.amount for r in rows] == [Decimal("305869.79")]


def test_contribution_regime_pays_the_cost_less_the_partners_share(world, nursery):
    Agreement.objects.filter(pk=world.agreement.pk).update(financial_regime=Agreement.Regime.CONTRIBUTION)
    f.ContributionFactory(agreement=world.agreement, kind="cofinancing", amount=Decimal("5869.79"))
    response = post(world, {"due_text": "unica", "kind": "amount", "amount": "300.000,01"})
    assert "more than its budget of € 300.000,00" in response.content.decode()
    assert post(world, {"due_text": "unica", "kind": "percent", "percent": "100"}).status_code == 302
    assert [r.amount for r in summary(world).tranche_rows] == [Decimal("300000.00")]

    agreement = agreement_detail(world.owner, world.agreement.pk)
    html = render_to_string(
        "agreements/budget/_agreement_money.html",
        {"summary": economic_summary(agreement), "agreement": agreement, "can_edit": False},
    )
    assert "Public contribution" in html and "€ 300.000,00" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"due_text": "x", "kind": "amount"}, "amount", "Enter the amount"),
        ({"due_text": "x", "kind": "amount", "amount": "10", "percent": "5"}, "percent",
         "leave the percentage"),
        ({"due_text": "x", "kind": "percent"}, "percent", "Enter the percentage"),
        ({"due_text": "x", "kind": "percent", "percent": "5", "amount": "10"}, "amount", "leave the amount"),
        ({"due_text": "x", "kind": "balance", "amount": "10"}, "amount", "The balance is computed"),
        ({"due_text": "x", "kind": "percent", "percent": "120"}, "percent", "at most 100"),
        ({"due_text": "x", "kind": "percent", "percent": "0"}, "percent", "above 0"),
        ({"due_text": "x"}, "kind", ""),
        ({"kind": "balance"}, "due_date", "Enter a due date or describe"),
        ({"due_date": "31/02/2016", "kind": "balance"}, "due_date", ""),
    ],
)
def test_bad_tranches_are_refused(world, nursery, data, field, message):
    response = post(world, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not PaymentTranche.objects.exists()


def test_edit_checks_the_tranches_without_the_old_version(world, nursery):
    first = f.PaymentTrancheFactory(agreement=world.agreement, percent=Decimal("60"), position=1)
    f.PaymentTrancheFactory(agreement=world.agreement, percent=Decimal("30"), position=2)
    client = world.client_for(world.owner)
    page = client.get(url("tranche_edit", world.agreement.pk, first.pk)).content.decode()
    assert 'value="60,00"' in page and 'value="2016-06-30"' in page

    edit = url("tranche_edit", world.agreement.pk, first.pk)
    data = {"due_date": "2016-06-30", "kind": "percent", "status": "paid"}
    response = client.post(edit, {**data, "percent": "70"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.percent, first.status) == (Decimal("70"), "planned")  # the status is not typed here
    response = client.post(edit, {**data, "percent": "71"})
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.percent == Decimal("70")


def test_partial_warns_when_tranches_exceed_the_budget(world, nursery):
    f.PaymentTrancheFactory(agreement=world.agreement, percent=None, amount=Decimal("400000"))
    agreement = agreement_detail(world.owner, world.agreement.pk)
    html = render_to_string(
        "agreements/budget/_agreement_money.html",
        {"summary": economic_summary(agreement), "agreement": agreement, "can_edit": False},
    )
    assert "alert-warning" in html and "add up to more than the budget" in html


def test_delete(world, nursery):
    tranche = f.PaymentTrancheFactory(agreement=world.agreement)
    response = world.client_for(world.owner).post(url("tranche_delete", world.agreement.pk, tranche.pk))
    assert response.status_code == 302
    assert not PaymentTranche.objects.exists()
    assert AuditEntry.objects.get(action="delete").object_type == "agreements.paymenttranche"
