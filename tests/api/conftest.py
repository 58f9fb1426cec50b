"""The API's test world: the base world, an operator, one record of every kind, a token per role."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from coprogetta.accounts.models import Membership
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
    return result
