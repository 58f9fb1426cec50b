"""The agreement's own parts carry a version: of two edits started from the same one, the second
is told (the page keeps the input, the API answers 409) and nothing is lost.

One case per model (agreement, party, area, budget line, fee tier, contribution, staff cost),
each run through the service, the page and the API.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from coprogetta.accounts.models import AuditEntry
from coprogetta.accounts.services import EditConflict
from coprogetta.agreements import budget_services, services
from coprogetta.agreements.models import Party
from coprogetta.api.token_services import api_token_create
from tests import factories as f

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Case:
    """How to edit one kind of record, by service, page and API, to two different values."""

    name: str
    make: Callable[[Any], models.Model]
    #: The field compared, and its two values as stored (first edit, second edit).
    field: str
    values: tuple[Any, Any]
    #: The service that edits, called with ``user``, the record and the changed value.
    edit: Callable[[Any, models.Model, Any, int | None], models.Model]
    #: The page: its URL name, and the POST body for a value (the version added by the test).
    page: str
    form: Callable[[Any, models.Model, Any], dict[str, str]]
    #: How the page shows a typed value back (the input kept after the refusal).
    typed: Callable[[Any], str]
    #: The API: the segment under the agreement ("" for the agreement itself) and the PUT body.
    segment: str
    body: Callable[[Any, models.Model, Any], dict[str, Any]]


def _agreement(world):
    return world.agreement


def _party(world):
    return world.agreement.parties.get(organization=world.consortium)


def _area(world):
    return f.AreaFactory(agreement=world.agreement, number=1, title="Prima infanzia")


def _line(world):
    return f.BudgetLineFactory(agreement=world.agreement)


def _tier(world):
    return f.FeeTierFactory(budget_line=f.BudgetLineFactory(agreement=world.agreement))


def _contribution(world):
    return f.ContributionFactory(agreement=world.agreement)


def _cost(world):
    return f.StaffCostFactory(agreement=world.agreement)


AGREEMENT_FORM = {
    "kind": "codesign", "status": "active", "start_date": "2016-01-01", "end_date": "2016-12-31",
    "financial_regime": "fee", "monitoring_every_months": "6",
}
AGREEMENT_BODY = {
    "kind": "codesign", "status": "active", "start_date": "2016-01-01", "end_date": "2016-12-31",
}


def _euro(value: Decimal) -> str:
    """An amount as a person types it on the pages (1.000,00)."""
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


CASES = [
    Case(
        "agreement", _agreement, "title", ("Accordo del Comune", "Accordo del Consorzio"),
        edit=lambda user, obj, value, version: services.agreement_update(
            user=user, agreement=obj, title=value, version=version),
        page="edit", form=lambda world, obj, value: {**AGREEMENT_FORM, "title": value},
        typed=lambda value: f'value="{value}"',
        segment="", body=lambda world, obj, value: {**AGREEMENT_BODY, "title": value},
    ),
    Case(
        "party", _party, "role", (Party.Role.PARTNER, Party.Role.PUBLIC_BODY),
        edit=lambda user, obj, value, version: services.party_update(
            user=user, party=obj, role=value, version=version),
        page="party_edit",
        form=lambda world, obj, value: {"organization": str(world.consortium.pk), "role": value},
        typed=lambda value: f'value="{value}" selected',
        segment="parties",
        body=lambda world, obj, value: {"organization": world.consortium.pk, "role": value},
    ),
    Case(
        "area", _area, "title", ("Prima infanzia 0-3", "Infanzia e famiglie"),
        edit=lambda user, obj, value, version: services.area_update(
            user=user, area=obj, title=value, version=version),
        page="area_edit", form=lambda world, obj, value: {"number": "1", "title": value, "target": ""},
        typed=lambda value: f'value="{value}"',
        segment="areas", body=lambda world, obj, value: {"number": 1, "title": value, "target": ""},
    ),
    Case(
        "budget line", _line, "unit_amount", (Decimal("1100.00"), Decimal("1250.50")),
        edit=lambda user, obj, value, version: budget_services.budget_line_update(
            user=user, line=obj, area=None, action=None, description=obj.description, unit_amount=value,
            quantity=obj.quantity, unit=obj.unit, vat_rate=obj.vat_rate, vat_included=obj.vat_included,
            version=version),
        page="budgetline_edit",
        form=lambda world, obj, value: {
            "area": "", "action": "", "description": "Corrispettivo mensile",
            "unit_amount": _euro(value), "quantity": "12", "unit": "month", "vat_rate": "4",
        },
        typed=lambda value: f'value="{_euro(value)}"',
        segment="budget-lines",
        body=lambda world, obj, value: {
            "description": "Corrispettivo mensile", "unit_amount": str(value), "quantity": "12",
            "unit": "month", "vat_rate": "4", "vat_included": False,
        },
    ),
    Case(
        "fee tier", _tier, "unit_amount", (Decimal("950.00"), Decimal("875.25")),
        edit=lambda user, obj, value, version: budget_services.fee_tier_update(
            user=user, tier=obj, min_count=obj.min_count, max_count=obj.max_count, unit_amount=value,
            renegotiate=False, version=version),
        page="feetier_edit",
        form=lambda world, obj, value: {
            "min_count": "21", "max_count": "26", "consequence": "amount", "unit_amount": _euro(value),
        },
        typed=lambda value: f'value="{_euro(value)}"',
        segment="fee-tiers",
        body=lambda world, obj, value: {
            "min_count": 21, "max_count": 26, "unit_amount": str(value), "renegotiate": False,
        },
    ),
    Case(
        "contribution", _contribution, "amount", (Decimal("600.00"), Decimal("725.00")),
        edit=lambda user, obj, value, version: budget_services.contribution_update(
            user=user, item=obj, area=None, action=None, description=obj.description, kind=obj.kind,
            amount=value, percent=None, version=version),
        page="contribution_edit",
        form=lambda world, obj, value: {
            "area": "", "action": "", "description": "Risorse del Consorzio", "kind": "item",
            "amount": _euro(value), "percent": "",
        },
        typed=lambda value: f'value="{_euro(value)}"',
        segment="contributions",
        body=lambda world, obj, value: {
            "description": "Risorse del Consorzio", "kind": "item", "amount": str(value),
        },
    ),
    Case(
        "staff cost", _cost, "hours", (Decimal("80.00"), Decimal("95.50")),
        edit=lambda user, obj, value, version: budget_services.staff_cost_update(
            user=user, cost=obj, area=None, action=None, role=obj.role, count=obj.count,
            hourly_rate=obj.hourly_rate, vat_included=obj.vat_included, vat_rate=obj.vat_rate,
            hours=value, period_start=None, period_end=None, version=version),
        page="staffcost_edit",
        form=lambda world, obj, value: {
            "area": "", "action": "", "role": "Educatore", "count": "1", "hourly_rate": "26,25",
            "vat_included": "on", "vat_rate": "5", "hours": _euro(value),
        },
        typed=lambda value: f'value="{_euro(value)}"',
        segment="staff-costs",
        body=lambda world, obj, value: {
            "role": "Educatore", "count": 1, "hourly_rate": "26.25", "vat_included": True,
            "vat_rate": "5", "hours": str(value),
        },
    ),
]

cases = pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])


def _fresh(obj: models.Model) -> Any:
    return type(obj)._default_manager.get(pk=obj.pk)


def _page_url(case: Case, world: Any, obj: models.Model) -> str:
    if case.page == "edit":
        return reverse("agreements:edit", args=[world.agreement.pk])
    return reverse(f"agreements:{case.page}", args=[world.agreement.pk, obj.pk])


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')[1]}")
    return client


def _api_url(case: Case, world: Any, obj: models.Model) -> str:
    url = f"/api/v1/agreements/{world.agreement.pk}/"
    return f"{url}{case.segment}/{obj.pk}/" if case.segment else url


# -- the service -----------------------------------------------------------------------------


@cases
def test_every_edit_moves_the_version_on(world, case):
    obj = case.make(world)
    assert obj.version == 1
    case.edit(world.owner, _fresh(obj), case.values[0], 1)
    case.edit(world.owner, _fresh(obj), case.values[1], 2)
    stored = _fresh(obj)
    assert (getattr(stored, case.field), stored.version) == (case.values[1], 3)


@cases
def test_the_second_edit_from_the_same_version_is_refused_and_nothing_is_written(world, case):
    obj = case.make(world)
    first, second = _fresh(obj), _fresh(obj)  # both opened at version 1
    case.edit(world.owner, first, case.values[0], 1)
    rows = AuditEntry.objects.count()

    with pytest.raises(EditConflict) as refused, translation.override("en"):
        case.edit(world.member, second, case.values[1], 1)

    stored = _fresh(obj)
    assert (getattr(stored, case.field), stored.version) == (case.values[0], 2)
    assert AuditEntry.objects.count() == rows
    assert refused.value.current_version == 2
    assert "while you were editing it" in refused.value.messages[0]
    assert getattr(second, case.field) == getattr(obj, case.field)  # the refused copy is unchanged


@cases
def test_the_audit_row_of_an_edit_records_the_version(world, case):
    obj = case.make(world)
    case.edit(world.owner, _fresh(obj), case.values[0], 1)
    entry = AuditEntry.objects.filter(action="update", object_type=obj._meta.label_lower).get()
    assert entry.changes["version"] == [1, 2]


# -- the page --------------------------------------------------------------------------------


@cases
def test_the_page_refuses_a_stale_edit_keeps_the_input_and_saves_it_knowingly(world, case):
    obj = case.make(world)
    url = _page_url(case, world, obj)
    owner, member = world.client_for(world.owner), world.client_for(world.member)
    assert 'name="version" value="1"' in member.get(url).content.decode()

    saved = owner.post(url, {**case.form(world, obj, case.values[0]), "version": "1"})
    assert saved.status_code == 302, saved.context["form"].errors

    stale = member.post(url, {**case.form(world, obj, case.values[1]), "version": "1"})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "while you were editing it" in page
    assert "nothing has been overwritten" in page
    assert case.typed(case.values[1]) in page  # the input is still in the form
    assert 'name="version" value="2"' in page  # saving again replaces knowingly
    assert getattr(_fresh(obj), case.field) == case.values[0]

    again = member.post(url, {**case.form(world, obj, case.values[1]), "version": "2"})
    assert again.status_code == 302, again.context["form"].errors
    stored = _fresh(obj)
    assert (getattr(stored, case.field), stored.version) == (case.values[1], 3)


# -- the API ---------------------------------------------------------------------------------


@cases
def test_the_api_answers_409_to_a_stale_edit(world, case):
    obj = case.make(world)
    url = _api_url(case, world, obj)
    owner, member = _api(world.owner), _api(world.member)
    assert owner.get(url).json()["version"] == 1

    first = owner.put(url, {**case.body(world, obj, case.values[0]), "version": 1}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2

    stale = member.put(url, {**case.body(world, obj, case.values[1]), "version": 1}, format="json",
                       HTTP_ACCEPT_LANGUAGE="en")
    assert stale.status_code == 409, stale.json()
    assert stale.json()["current_version"] == 2
    assert "while you were editing it" in stale.json()["detail"]
    assert getattr(_fresh(obj), case.field) == case.values[0]

    again = member.put(url, {**case.body(world, obj, case.values[1]), "version": 2}, format="json")
    assert again.status_code == 200, again.json()
    stored = _fresh(obj)
    assert (getattr(stored, case.field), stored.version) == (case.values[1], 3)


@pytest.mark.parametrize(("segment", "body"), [
    ("parties", {"role": "partner"}),
    ("areas", {"number": 2, "title": "Ambito nuovo"}),
    ("budget-lines", {"description": "Trasporto", "unit_amount": "10.00", "quantity": "1",
                      "unit": "lump_sum", "vat_rate": "22"}),
    ("contributions", {"description": "Volontari", "kind": "item", "amount": "100.00"}),
    ("staff-costs", {"role": "Coordinatore", "count": 1, "hourly_rate": "30.00", "vat_rate": "5",
                     "hours": "10"}),
])
def test_a_create_through_the_api_takes_no_version_and_starts_at_one(world, segment, body):
    if segment == "parties":
        body = {**body, "organization": world.other.pk}
    url = f"/api/v1/agreements/{world.agreement.pk}/{segment}/"
    response = _api(world.owner).post(url, {**body, "version": 7}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["version"] == 1
