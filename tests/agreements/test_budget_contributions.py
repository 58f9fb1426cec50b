"""The Third-Sector party's contributions: itemised, a quota of the tender base, a co-financing share."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import Contribution
from coprogetta.agreements.selectors import agreement_detail, economic_summary
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


@pytest.fixture
def area(world):
    return f.AreaFactory(agreement=world.agreement, number=5, title="Integrazione lavorativa")


def post(world, data, user=None):
    client = world.client_for(user or world.owner)
    return client.post(url("contribution_create", world.agreement.pk), data)


def test_itemised_resource(world, area):
    action = f.ActionFactory(area=area, title="Coordinamento azioni")
    response = post(world, {
        "area": area.pk, "action": action.pk, "description": "Coordinamento azioni e progetti",
        "kind": "item", "amount": "6.000",
    }, user=world.member)
    assert response.status_code == 302
    item = Contribution.objects.get()
    assert (item.amount, item.action, item.area) == (Decimal("6000"), action, area)
    entry = AuditEntry.objects.get(object_type="agreements.contribution")
    assert (entry.action, entry.user) == ("create", world.member)

    agreement = agreement_detail(world.owner, world.agreement.pk)
    summary = economic_summary(agreement)
    html = render_to_string(
        "agreements/budget/_area_money.html",
        {"area_summary": summary.areas[0], "agreement": agreement, "can_edit": True},
    )
    assert "Coordinamento azioni e progetti" in html and "€ 6.000,00" in html


def test_quota_computed_from_the_tender_base(world, area):
    world.agreement.tender_base_amount = Decimal("155049.00")
    world.agreement.save()
    response = post(world, {
        "area": area.pk, "description": "Quota parte dell'1% della base di gara", "kind": "quota",
        "amount": "", "percent": "1",
    })
    assert response.status_code == 302
    item = Contribution.objects.get()
    assert (item.amount, item.percent) == (Decimal("1550.49"), Decimal("1"))


def test_quota_as_stated_keeps_the_amount(world):
    world.agreement.tender_base_amount = Decimal("1146628.71")
    world.agreement.save()
    response = post(world, {"description": "Quota parte", "kind": "quota", "amount": "9.000", "percent": "1"})
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("9000")


def test_quota_without_a_tender_base_is_refused(world):
    response = post(world, {"description": "Quota parte", "kind": "quota", "percent": "1"})
    assert response.status_code == 200
    assert "no tender base amount" in " ".join(response.context["form"].errors["percent"])
    assert not Contribution.objects.exists()


def test_cofinancing_share_of_the_area_project_cost(world, area):
    f.BudgetLineFactory(
        agreement=world.agreement, area=area, unit_amount=Decimal("26736.87"), quantity=Decimal("11")
    )
    f.BudgetLineFactory(agreement=world.agreement, unit_amount=Decimal("1000"), quantity=Decimal("1"))
    response = post(world, {
        "area": area.pk, "description": "Cofinanziamento", "kind": "cofinancing", "percent": "10",
    })
    assert response.status_code == 302
    assert Contribution.objects.get().amount == Decimal("30586.98")  # 10 % of € 305.869,79


def test_cofinancing_without_lines_is_refused(world):
    response = post(world, {"description": "Cofinanziamento", "kind": "cofinancing", "percent": "10"})
    assert "no budget lines" in " ".join(response.context["form"].errors["percent"])
    assert not Contribution.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "item"}, "amount", "Enter the amount."),
        ({"kind": "item", "amount": "100", "percent": "1"}, "percent", "only to a quota"),
        ({"kind": "quota"}, "amount", "or the percentage"),
        ({"kind": "quota", "amount": "100", "percent": "0"}, "percent", "above 0 and at most 100"),
        ({"kind": "quota", "amount": "100", "percent": "150"}, "percent", "above 0 and at most 100"),
        ({"kind": "gift", "amount": "100"}, "kind", ""),
        ({"kind": "item", "amount": "-100"}, "amount", ""),
        ({"kind": "item", "amount": "1.500,5,5"}, "amount", ""),
    ],
)
def test_bad_contributions_are_refused(world, data, field, message):
    response = post(world, {"description": "Risorse", **data})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert 'class="alert alert-danger"' in response.content.decode()
    assert not Contribution.objects.exists()


def test_another_agreements_action_is_refused(world, area):
    foreign_action = f.ActionFactory()
    response = post(
        world, {"description": "Risorse", "kind": "item", "amount": "10", "action": foreign_action.pk}
    )
    assert "Choose one of this agreement's actions." in response.context["form"].errors["action"]
    assert not Contribution.objects.exists()


def test_an_action_of_another_area_is_refused(world, area):
    other_area = f.AreaFactory(agreement=world.agreement, number=2)
    action = f.ActionFactory(area=other_area)
    response = post(world, {
        "area": area.pk, "description": "Risorse", "kind": "item", "amount": "10", "action": action.pk,
    })
    assert "not to the chosen area" in " ".join(response.context["form"].errors["action"])
    assert not Contribution.objects.exists()


def test_edit_and_delete(world, area):
    item = f.ContributionFactory(agreement=world.agreement, area=area, amount=Decimal("1500"))
    client = world.client_for(world.owner)
    page = client.get(url("contribution_edit", world.agreement.pk, item.pk)).content.decode()
    assert 'value="1.500,00"' in page
    response = client.post(url("contribution_edit", world.agreement.pk, item.pk), {
        "area": area.pk, "description": "Ricerca attiva di finanziamenti", "kind": "item", "amount": "1.550",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.amount, item.description) == (Decimal("1550"), "Ricerca attiva di finanziamenti")
    assert AuditEntry.objects.get(action="update").changes["amount"] == ["1500.00", "1550.00"]

    response = client.post(url("contribution_delete", world.agreement.pk, item.pk))
    assert response.status_code == 302
    assert not Contribution.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="agreements.contribution").exists()


def test_agreement_partial_shows_resources_and_their_ratio(world):
    f.BudgetLineFactory(agreement=world.agreement, unit_amount=Decimal("1146628.71"), quantity=Decimal("1"))
    f.ContributionFactory(agreement=world.agreement, amount=Decimal("76120"))
    f.ContributionFactory(agreement=world.agreement, amount=Decimal("10550.49"), kind="quota")
    agreement = agreement_detail(world.owner, world.agreement.pk)
    html = render_to_string(
        "agreements/budget/_agreement_money.html",
        {"summary": economic_summary(agreement), "agreement": agreement, "can_edit": False},
    )
    assert "€ 86.670,49" in html
    assert "7,56 %" in html


def test_a_computed_amount_follows_a_changed_percentage(world):
    world.agreement.tender_base_amount = Decimal("155049.00")
    world.agreement.save()
    computed = f.ContributionFactory(
        agreement=world.agreement, kind="quota", percent=Decimal("1"), amount=Decimal("1550.49")
    )
    stated = f.ContributionFactory(
        agreement=world.agreement, kind="quota", percent=Decimal("1"), amount=Decimal("9000")
    )
    client = world.client_for(world.owner)
    page = client.get(url("contribution_edit", world.agreement.pk, computed.pk)).content.decode()
    assert 'name="amount" inputmode="decimal"' in page and 'value="1.550,49"' not in page
    page = client.get(url("contribution_edit", world.agreement.pk, stated.pk)).content.decode()
    assert 'value="9.000,00"' in page

    response = client.post(url("contribution_edit", world.agreement.pk, computed.pk), {
        "description": "Quota parte", "kind": "quota", "amount": "", "percent": "2",
    })
    assert response.status_code == 302
    computed.refresh_from_db()
    assert computed.amount == Decimal("3100.98")
