"""Reads of agreements, always scoped to the user: another organisation's agreement is a 404."""

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from coprogetta.accounts.models import Membership
from coprogetta.accounts.selectors import AnyUser
from coprogetta.lib import money
from coprogetta.lib.deadlines import checkpoint_dates
from coprogetta.lib.schedules import Interval

from .models import (
    Action,
    Agreement,
    Area,
    BudgetLine,
    Contribution,
    FeeTier,
    Party,
    PaymentTranche,
    StaffCost,
)

logger = logging.getLogger(__name__)


def agreements_visible_to(user: AnyUser) -> QuerySet[Agreement]:
    """Agreements in which one of the user's organisations is a party."""
    if not user.is_authenticated:
        return Agreement.objects.none()
    if user.is_superuser:
        return Agreement.objects.all()
    own = Membership.objects.filter(user=user).values("organization_id")
    return Agreement.objects.filter(
        pk__in=Party.objects.filter(organization__in=own).values("agreement_id")
    )


def agreement_get(user: AnyUser, pk: int, *, for_edit: bool = False) -> Agreement:
    """The agreement if the user may see it (404 otherwise); ``for_edit`` also checks the role."""
    try:
        agreement = agreements_visible_to(user).get(pk=pk)
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_edit and not user_can_edit(user, agreement):
        raise PermissionDenied
    return agreement


def user_can_edit(user: AnyUser, agreement: Agreement) -> bool:
    """Administrators, officers and coordinators of a party, unless narrowed on this agreement."""
    from .access import access_for

    return access_for(user, agreement).can_edit


def require_edit(user: AnyUser, agreement: Agreement) -> None:
    """Raise PermissionDenied unless the user may change the agreement (see ``user_can_edit``)."""
    if not user_can_edit(user, agreement):
        raise PermissionDenied


def agreement_list(user: AnyUser) -> QuerySet[Agreement]:
    """The user's agreements with their parties, for the list page."""
    return agreements_visible_to(user).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organization"))
    )


def agreement_detail(user: AnyUser, pk: int) -> Agreement:
    """An agreement with everything its page shows, in a fixed number of queries."""
    agreement = agreement_get(user, pk)
    return (
        Agreement.objects.filter(pk=agreement.pk)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organization")),
            Prefetch(
                "areas",
                queryset=Area.objects.prefetch_related(
                    Prefetch("actions", queryset=Action.objects.select_related("responsible"))
                ),
            ),
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.prefetch_related(
                    Prefetch("fee_tiers", queryset=FeeTier.objects.all())
                ),
            ),
            Prefetch("contributions", queryset=Contribution.objects.select_related("action")),
            "tranches",
            Prefetch("staff_costs", queryset=StaffCost.objects.select_related("action")),
        )
        .get()
    )


# -- the summary economic table ("scheda economica di sintesi") -----------------------------


@dataclass
class SummaryLine:
    line: BudgetLine
    amounts: money.LineAmounts


@dataclass
class TrancheRow:
    tranche: PaymentTranche
    amount: Decimal | None


def resolve_tranche_rows(budget: Decimal, tranches: list[PaymentTranche]) -> list[TrancheRow]:
    """Each tranche with its amount; amounts are None when the tranches exceed the budget."""
    try:
        amounts: list[Decimal | None] = list(
            money.resolve_tranches(budget, [t.as_spec() for t in tranches])
        )
    except money.MoneyError:
        amounts = [None] * len(tranches)
    return [TrancheRow(t, a) for t, a in zip(tranches, amounts, strict=True)]


@dataclass
class AreaSummary:
    """One area's (or, with area None, the agreement-wide) money."""

    area: Area | None
    lines: list[SummaryLine] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    staff_costs: list[StaffCost] = field(default_factory=list)
    tranches: list[PaymentTranche] = field(default_factory=list)

    @property
    def tranche_rows(self) -> list[TrancheRow]:
        """This area's tranches, against the area's gross total."""
        return resolve_tranche_rows(self.total.gross, self.tranches)

    @property
    def total(self) -> money.LineAmounts:
        return money.total(s.amounts for s in self.lines)

    def contributed(self, kind: str) -> Decimal:
        return sum((c.amount for c in self.contributions if c.kind == kind), money.ZERO)

    @property
    def items(self) -> Decimal:
        return self.contributed(Contribution.Kind.ITEM)

    @property
    def quota(self) -> Decimal:
        return self.contributed(Contribution.Kind.QUOTA)

    @property
    def cofinancing(self) -> Decimal:
        return self.contributed(Contribution.Kind.COFINANCING)

    @property
    def resources(self) -> Decimal:
        return self.items + self.quota + self.cofinancing


@dataclass
class EconomicSummary:
    agreement: Agreement
    areas: list[AreaSummary]

    @property
    def total(self) -> money.LineAmounts:
        return money.total(a.total for a in self.areas)

    @property
    def items(self) -> Decimal:
        return sum((a.items for a in self.areas), money.ZERO)

    @property
    def quota(self) -> Decimal:
        return sum((a.quota for a in self.areas), money.ZERO)

    @property
    def cofinancing(self) -> Decimal:
        return sum((a.cofinancing for a in self.areas), money.ZERO)

    @property
    def resources(self) -> Decimal:
        return self.items + self.quota + self.cofinancing

    @property
    def resources_ratio(self) -> Decimal | None:
        """Third-Sector resources as a percentage of the public body's net resources."""
        return money.ratio_percent(self.resources, self.total.net)

    @property
    def tranche_rows(self) -> list[TrancheRow]:
        """The agreement-wide tranches (those of no area), against the payable total."""
        loose = self.areas[-1] if self.areas and self.areas[-1].area is None else None
        return resolve_tranche_rows(self.payable, loose.tranches if loose else [])

    @property
    def payable(self) -> Decimal:
        """What the public body pays: gross total, less the partner's share under a contribution."""
        if self.agreement.financial_regime == Agreement.Regime.CONTRIBUTION:
            return self.public_contribution
        return self.total.gross

    @property
    def public_contribution(self) -> Decimal:
        """For contribution-based agreements: the project cost less the partner's share."""
        return self.total.gross - self.cofinancing


def economic_summary(agreement: Agreement) -> EconomicSummary:
    """The summary table of an agreement loaded by ``agreement_detail``."""
    by_area: dict[int | None, AreaSummary] = {
        area.pk: AreaSummary(area) for area in agreement.areas.all()
    }
    loose = AreaSummary(None)
    for line in agreement.budget_lines.all():
        by_area.get(line.area_id, loose).lines.append(SummaryLine(line, line.amounts))
    for contribution in agreement.contributions.all():
        by_area.get(contribution.area_id, loose).contributions.append(contribution)
    for cost in agreement.staff_costs.all():
        by_area.get(cost.area_id, loose).staff_costs.append(cost)
    for tranche in agreement.tranches.all():
        by_area.get(tranche.area_id, loose).tranches.append(tranche)
    areas = list(by_area.values())
    if loose.lines or loose.contributions or loose.staff_costs or loose.tranches:
        areas.append(loose)
    return EconomicSummary(agreement, areas)


def listed_checkpoints(agreement: Agreement) -> list[date]:
    """The monitoring dates the agreement lists, as dates; a value that is not one is logged."""
    days = []
    for value in agreement.monitoring_checkpoints or []:
        try:
            days.append(date.fromisoformat(str(value)))
        except ValueError:
            logger.warning("Agreement %s: monitoring checkpoint %r is not a date", agreement.pk, value)
    return days


def monitoring_checkpoints(agreement: Agreement) -> list[date]:
    """The ends of the agreement's monitoring periods: the dates it lists, or every N months.

    The periods that indicators, progress and monitoring reports are measured at.
    """
    explicit = listed_checkpoints(agreement)
    period = Interval(agreement.start_date, agreement.end_date)
    try:
        return checkpoint_dates(period, every_months=agreement.monitoring_every_months, explicit=explicit)
    except ValueError:
        logger.warning("Agreement %s: monitoring rhythm cannot be read", agreement.pk)
        return checkpoint_dates(period, every_months=6, explicit=explicit)
