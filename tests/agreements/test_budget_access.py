"""Who may open each money page: editors of a party; readers get 403, outsiders and other
agreements' items 404, anonymous users the login page. Nothing is written when refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import BudgetLine, Contribution, FeeTier, PaymentTranche, StaffCost
from tests import factories as f

pytestmark = pytest.mark.django_db

MODELS = (BudgetLine, FeeTier, Contribution, PaymentTranche, StaffCost)


def items_of(agreement):
    """One of each money item in ``agreement``."""
    line = f.BudgetLineFactory(agreement=agreement)
    return {
        "line": line,
        "tier": f.FeeTierFactory(budget_line=line),
        "contribution": f.ContributionFactory(agreement=agreement),
        "tranche": f.PaymentTrancheFactory(agreement=agreement, percent=Decimal("30")),
        "staff": f.StaffCostFactory(agreement=agreement),
    }


#: name -> (item key or None, valid POST data)
PAGES = {
    "budgetline_create": (None, {
        "description": "Nido", "unit_amount": "26.736,87", "quantity": "11", "unit": "month", "vat_rate": "4",
    }),
    "budgetline_edit": ("line", {
        "description": "Nido", "unit_amount": "26.736,87", "quantity": "11", "unit": "month", "vat_rate": "4",
    }),
    "budgetline_delete": ("line", {}),
    "feetier_create": ("line", {"min_count": "0", "max_count": "19", "consequence": "renegotiate"}),
    "feetier_edit": ("tier", {
        "min_count": "21", "max_count": "26", "consequence": "amount", "unit_amount": "1",
    }),
    "feetier_delete": ("tier", {}),
    "contribution_create": (None, {"description": "Risorse", "kind": "item", "amount": "400"}),
    "contribution_edit": ("contribution", {"description": "Risorse", "kind": "item", "amount": "700"}),
    "contribution_delete": ("contribution", {}),
    "tranche_create": (None, {"due_text": "saldo", "kind": "balance"}),
    "tranche_edit": ("tranche", {"due_text": "acconto", "kind": "percent", "percent": "40"}),
    "tranche_delete": ("tranche", {}),
    "staffcost_create": (None, {"role": "Educatore", "count": "1", "hourly_rate": "26,25", "vat_rate": "5",
                                "hours": "10"}),
    "staffcost_edit": ("staff", {"role": "Educatore", "count": "3", "hourly_rate": "26,25", "vat_rate": "5",
                                 "hours": "10"}),
    "staffcost_delete": ("staff", {}),
}


@pytest.fixture
def setup(world):
    return world, items_of(world.agreement), items_of(f.AgreementFactory())


def page_url(name, agreement, items):
    key, _ = PAGES[name]
    args = [agreement.pk] if key is None else [agreement.pk, items[key].pk]
    return reverse(f"agreements:{name}", args=args)


def counts():
    return [m.objects.count() for m in MODELS]


@pytest.mark.parametrize("name", PAGES)
def test_owner_opens_the_page_and_saves(setup, name):
    world, mine, _ = setup
    client = world.client_for(world.owner)
    target = page_url(name, world.agreement, mine)
    assert client.get(target).status_code == 200
    response = client.post(target, PAGES[name][1])
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert response["Location"] == reverse("agreements:detail", args=[world.agreement.pk])
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.agreement_id) == (world.owner, world.agreement.pk)
    assert entry.action == name.rsplit("_", 1)[1].replace("edit", "update")


@pytest.mark.parametrize("name", PAGES)
def test_outsider_gets_404(setup, name):
    world, mine, _ = setup
    client = world.client_for(world.outsider)
    target = page_url(name, world.agreement, mine)
    before = counts()
    assert client.get(target).status_code == 404
    assert client.post(target, PAGES[name][1]).status_code == 404
    assert counts() == before
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", PAGES)
def test_reader_gets_403(setup, name):
    world, mine, _ = setup
    client = world.client_for(world.reader)
    target = page_url(name, world.agreement, mine)
    before = counts()
    assert client.get(target).status_code == 403
    assert client.post(target, PAGES[name][1]).status_code == 403
    assert counts() == before
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(setup, client, name):
    world, mine, _ = setup
    target = page_url(name, world.agreement, mine)
    for response in (client.get(target), client.post(target, PAGES[name][1])):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("name", [n for n, (key, _) in PAGES.items() if key is not None])
def test_another_agreements_item_is_not_found(setup, name):
    world, _, theirs = setup
    client = world.client_for(world.owner)
    key = PAGES[name][0]
    target = reverse(f"agreements:{name}", args=[world.agreement.pk, theirs[key].pk])
    before = counts()
    assert client.get(target).status_code == 404
    assert client.post(target, PAGES[name][1]).status_code == 404
    assert counts() == before


def test_unknown_methods_are_refused(setup):
    world, mine, _ = setup
    client = world.client_for(world.owner)
    assert client.put(page_url("budgetline_edit", world.agreement, mine)).status_code == 405
