"""The API's test world: the base world, an operator, one record of every kind, a token per role."""

import os
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from coprogetta.accounts.models import Membership
from coprogetta.agreements.models import AgreementRole, Assignment
from coprogetta.api.token_services import api_token_create
from coprogetta.documents.models import Report
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)

from .. import factories as f

ROLES = ("owner", "member", "operator", "reader", "outsider")


@dataclass
class ApiWorld:
    world: Any
    operator: Any
    ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def agreement(self) -> Any:
        return self.world.agreement

    def user(self, role: str) -> Any:
        return self.operator if role == "operator" else getattr(self.world, role)

    def client(self, role: str) -> APIClient:
        """A client that sends the role's bearer token."""
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {self.token(role)}")
        return client

    def token(self, role: str) -> str:
        if role not in self.tokens:
            self.tokens[role] = api_token_create(user=self.user(role), name=f"test {role}")[1]
        return self.tokens[role]

    def url(self, segment: str = "", pk: int | None = None, step: str = "") -> str:
        url = f"/api/v1/agreements/{self.agreement.pk}/"
        if segment:
            url += f"{segment}/"
        if pk is not None:
            url += f"{pk}/"
        if step:
            url += f"{step}/"
        return url


def furnish(world: Any, agreement: Any) -> dict[str, int]:
    """One record of every kind in ``agreement``; their ids by kind."""
    area = f.AreaFactory(agreement=agreement)
    action = f.ActionFactory(area=area, responsible=world.consortium)
    line = f.BudgetLineFactory(agreement=agreement, area=area, action=action)
    tier = f.FeeTierFactory(budget_line=line)
    contribution = f.ContributionFactory(agreement=agreement, area=area)
    tranche = f.PaymentTrancheFactory(agreement=agreement)
    cost = f.StaffCostFactory(agreement=agreement, area=area)
    entry = TimeEntry.objects.create(
        agreement=agreement, staff_cost=cost, user=world.owner, date=agreement.start_date,
        hours=Decimal(2),
    )
    enrolment = EnrolmentCount.objects.create(budget_line=line, month=date(2016, 1, 1), count=22)
    expense = Expense.objects.create(
        agreement=agreement, contribution=contribution, date=agreement.start_date,
        amount=Decimal(10), description="Supervisione", recorded_by=world.owner,
    )
    indicator = Indicator.objects.create(
        agreement=agreement, area=area, name="Bambini iscritti", unit=Indicator.Unit.COUNT,
    )
    target = IndicatorTarget.objects.create(indicator=indicator, period_end=agreement.end_date, target=20)
    value = IndicatorValue.objects.create(
        indicator=indicator, period_end=agreement.end_date, value=18, reported_by=world.member,
    )
    progress = ActionProgress.objects.create(
        action=action, date=agreement.start_date, status="in_progress", percent=10,
        recorded_by=world.owner,
    )
    report = Report.objects.create(
        agreement=agreement, kind=Report.Kind.MONITORING, format=Report.Format.PDF,
        checkpoint=agreement.end_date, created_by=world.owner,
        file=ContentFile(b"%PDF-1.4 report", name="relazione.pdf"),
    )
    party = agreement.parties.get(organization=world.consortium)
    return {
        "areas": area.pk, "actions": action.pk, "budget-lines": line.pk, "fee-tiers": tier.pk,
        "contributions": contribution.pk, "tranches": tranche.pk, "staff-costs": cost.pk,
        "time-entries": entry.pk, "enrolments": enrolment.pk, "expenses": expense.pk,
        "indicators": indicator.pk, "indicator-targets": target.pk, "indicator-values": value.pk,
        "progress": progress.pk, "reports": report.pk, "parties": party.pk,
    }


@pytest.fixture
def api(world) -> ApiWorld:
    operator = f.MembershipFactory(organization=world.consortium, role=Membership.Role.OPERATOR).user
    result = ApiWorld(world, operator)
    result.ids = furnish(world, world.agreement)
    # the operator works on the furnished area; the reader's role is narrowed (to reader) here
    result.ids["assignments"] = Assignment.objects.create(
        agreement=world.agreement, user=operator, area_id=result.ids["areas"],
    ).pk
    result.ids["roles"] = AgreementRole.objects.create(
        agreement=world.agreement, user=world.reader, role=Membership.Role.READER,
    ).pk
    return result


# -- which schemathesis runs ``make test`` does -----------------------------------------------

#: ``make test`` runs schemathesis on these operations per role (100 examples each, every default
#: check), about three minutes; COPROGETTA_SCHEMATHESIS=full runs every operation for every role.
SCHEMATHESIS_SUBSET = {
    # the municipality's officer: the agreement, its money, approvals, the read-only tables
    "owner": {
        "PUT /api/v1/agreements/{agreement_pk}/",
        "POST /api/v1/agreements/{agreement_pk}/budget-lines/",
        "PUT /api/v1/agreements/{agreement_pk}/budget-lines/{id}/",
        "POST /api/v1/agreements/{agreement_pk}/tranches/",
        "POST /api/v1/agreements/{agreement_pk}/tranches/{id}/invoice/",
        "POST /api/v1/agreements/{agreement_pk}/tranches/{id}/pay/",
        "POST /api/v1/agreements/{agreement_pk}/indicator-values/{id}/approve/",
        "POST /api/v1/agreements/{agreement_pk}/indicators/",
        "GET /api/v1/agreements/{agreement_pk}/summary/",
        "GET /api/v1/agreements/{agreement_pk}/deadlines/",
        "POST /api/v1/agreements/{agreement_pk}/roles/",
        "POST /api/v1/agreements/{agreement_pk}/assignments/",
    },
    # the consortium's coordinator: actions, their progress, the partner's money
    "member": {
        "POST /api/v1/agreements/{agreement_pk}/actions/",
        "PUT /api/v1/agreements/{agreement_pk}/actions/{id}/",
        "POST /api/v1/agreements/{agreement_pk}/contributions/",
        "POST /api/v1/agreements/{agreement_pk}/staff-costs/",
        "POST /api/v1/agreements/{agreement_pk}/progress/",
        "POST /api/v1/agreements/{agreement_pk}/fee-tiers/",
    },
    # the operator: what it writes, and one write it may not do
    "operator": {
        "POST /api/v1/agreements/{agreement_pk}/time-entries/",
        "PUT /api/v1/agreements/{agreement_pk}/time-entries/{id}/",
        "POST /api/v1/agreements/{agreement_pk}/enrolments/",
        "POST /api/v1/agreements/{agreement_pk}/expenses/",
        "POST /api/v1/agreements/{agreement_pk}/indicator-values/",
        "POST /api/v1/agreements/{agreement_pk}/budget-lines/",
    },
    # the reader: reads, and writes it is refused
    "reader": {
        "GET /api/v1/agreements/",
        "GET /api/v1/agreements/{agreement_pk}/expenses/",
        "GET /api/v1/agreements/{agreement_pk}/time-entries/{id}/",
        "DELETE /api/v1/agreements/{agreement_pk}/tranches/{id}/",
        "POST /api/v1/agreements/{agreement_pk}/areas/",
        "DELETE /api/v1/agreements/{agreement_pk}/assignments/{id}/",
    },
    # the other organisation: nothing of the agreement, whatever it sends
    "outsider": {
        "GET /api/v1/agreements/{agreement_pk}/",
        "GET /api/v1/agreements/{agreement_pk}/summary/",
        "PUT /api/v1/agreements/{agreement_pk}/budget-lines/{id}/",
        "POST /api/v1/agreements/{agreement_pk}/parties/",
    },
}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("COPROGETTA_SCHEMATHESIS") == "full":
        return
    skip = pytest.mark.skip(reason="not in make test's schemathesis subset; COPROGETTA_SCHEMATHESIS=full")
    for item in items:
        if not item.nodeid.startswith("tests/api/test_schemathesis.py::"):
            continue
        operation, _, role = item.name.partition("[")[2].rstrip("]").partition("][")
        if operation not in SCHEMATHESIS_SUBSET.get(role, set()):
            item.add_marker(skip)
