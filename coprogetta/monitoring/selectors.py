"""Reads of hours and enrolments, scoped to the user, and who may log them.

The hours page works on ``(line, date, hours)`` rows summed in Python: a fixed number of
queries however many entries there are.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.access import access_for
from coprogetta.agreements.models import Action, Agreement, BudgetLine, FeeTier, StaffCost
from coprogetta.agreements.selectors import agreement_get
from coprogetta.lib import fees, money

from .models import EnrolmentCount, TimeEntry

logger = logging.getLogger(__name__)

ZERO_HOURS = Decimal("0.00")


# -- who may write -------------------------------------------------------------------------


def user_can_log(user: AnyUser, agreement: Agreement) -> bool:
    """Editors and operators of a party (operators only on what they are assigned: see
    ``agreements.access.Access.may_write_on``)."""
    return access_for(user, agreement).can_log


def agreement_for_logging(user: AnyUser, pk: int) -> Agreement:
    """The agreement (404 if not visible), if the user may log on it (403 otherwise)."""
    agreement = agreement_get(user, pk)
    if not user_can_log(user, agreement):
        raise PermissionDenied
    return agreement


def user_may_record(user: AnyUser, agreement: Agreement) -> bool:
    """Whether the user may record anything at all: editors, and operators with an assignment."""
    access = access_for(user, agreement)
    return access.can_edit or (access.can_log and access.has_assignments)


def user_can_change_enrolment(user: AnyUser, line: BudgetLine, agreement: Agreement) -> bool:
    """Editors, and operators assigned to the line (its area or action), record its counts."""
    access = access_for(user, agreement)
    return access.can_log and access.may_write_on_item(line)


def user_can_change_entry(user: AnyUser, entry: TimeEntry, agreement: Agreement) -> bool:
    """The agreement's editors, and the author while still allowed to log on its line or action."""
    access = access_for(user, agreement)
    if access.can_edit:
        return True
    item = entry.staff_cost or entry.action
    return (
        entry.user_id == user.pk and access.can_log
        and item is not None and access.may_write_on_item(item)
    )


def loggable(
    user: AnyUser, agreement: Agreement, queryset: QuerySet[Any], *, action: str = "action",
) -> QuerySet[Any]:
    """The items of ``queryset`` (staff costs, actions, budget lines, contributions of
    ``agreement``) the user may log on: all for editors, the assigned ones for operators."""
    scope = access_for(user, agreement).scope(action=action)
    return queryset if scope is None else queryset.filter(scope)


def assignment_notice(user: AnyUser, agreement: Agreement) -> str:
    """For an operator with nothing assigned on the agreement, whom to ask; otherwise ""."""
    from coprogetta.agreements.people_selectors import assigner_names

    access = access_for(user, agreement)
    if not access.is_operator or access.has_assignments:
        return ""
    names = assigner_names(agreement)
    if not names:
        return _(
            "You are an operator on this agreement, but no area or action is assigned to you yet, "
            "so you cannot record anything. Ask an administrator to assign you on the page People."
        )
    return _(
        "You are an operator on this agreement, but no area or action is assigned to you yet, "
        "so you cannot record anything. Ask %(names)s to assign you on the page People."
    ) % {"names": ", ".join(names)}


# -- periods -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def days(self) -> int:
        return (self.end - self.start).days + 1


def four_month_periods(start: date, end: date) -> list[Period]:
    """January–April, May–August, September–December, cut to ``start``–``end``."""
    periods = []
    first = date(start.year, (start.month - 1) // 4 * 4 + 1, 1)
    while first <= end:
        following = fees.add_months(first, 4)
        last = date.fromordinal(following.toordinal() - 1)
        periods.append(Period(max(first, start), min(last, end)))
        first = following
    return periods


def split_hours(hours: Decimal, span: Period, periods: list[Period]) -> list[Decimal]:
    """``hours`` planned over ``span``, shared among ``periods`` by days, in hundredths.

    The last period that overlaps takes what rounding leaves, so the shares add up exactly.
    """
    overlaps = [
        max(0, (min(p.end, span.end) - max(p.start, span.start)).days + 1) for p in periods
    ]
    total_days = sum(overlaps)
    if total_days == 0:
        return [ZERO_HOURS for _ in periods]
    shares = [money.round_half_up(hours * d / total_days) for d in overlaps]
    last = max(i for i, d in enumerate(overlaps) if d)
    shares[last] = hours - sum(s for i, s in enumerate(shares) if i != last)
    return shares


# -- hours ---------------------------------------------------------------------------------


def _cost(cost: StaffCost, hours: Decimal) -> money.LineAmounts:
    """What ``hours`` cost at the line's agreed rate and VAT."""
    if hours <= 0:
        return money.NO_AMOUNTS
    return money.line_amounts(cost.hourly_rate, hours, cost.vat_rate, vat_included=cost.vat_included)


@dataclass
class HoursRow:
    """Planned, logged and remaining hours of a line in one period (or in all)."""

    cost: StaffCost
    period: Period | None
    planned: Decimal
    logged: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.logged

    @property
    def over(self) -> bool:
        return self.logged > self.planned

    @property
    def planned_cost(self) -> money.LineAmounts:
        return _cost(self.cost, self.planned)

    @property
    def logged_cost(self) -> money.LineAmounts:
        return _cost(self.cost, self.logged)

    @property
    def remaining_cost(self) -> money.LineAmounts:
        return _cost(self.cost, self.remaining)


@dataclass
class StaffHours:
    cost: StaffCost
    total: HoursRow
    periods: list[HoursRow]


@dataclass
class ActionHours:
    action: Action
    logged: Decimal
    periods: list[Decimal]


@dataclass
class HoursSummary:
    periods: list[Period]
    lines: list[StaffHours] = field(default_factory=list)
    actions: list[ActionHours] = field(default_factory=list)

    @property
    def warnings(self) -> list[HoursRow]:
        """Every line and period whose logged hours exceed the plan."""
        rows = []
        for line in self.lines:
            rows.extend(r for r in [line.total, *line.periods] if r.over)
        return rows


def _sum_by_period(rows: Iterable[tuple[date, Decimal]], periods: list[Period]) -> list[Decimal]:
    sums = [ZERO_HOURS for _ in periods]
    for day, hours in rows:
        for i, period in enumerate(periods):
            if period.contains(day):
                sums[i] += hours
                break
    return sums


def hours_summary(agreement: Agreement) -> HoursSummary:
    """Planned, logged and remaining hours per staff-cost line and period; hours per action."""
    periods = four_month_periods(agreement.start_date, agreement.end_date)
    by_line: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    by_action: dict[int, list[tuple[date, Decimal]]] = defaultdict(list)
    for line_id, action_id, day, hours in TimeEntry.objects.filter(agreement=agreement).values_list(
        "staff_cost_id", "action_id", "date", "hours"
    ):
        (by_line[line_id] if line_id else by_action[action_id]).append((day, hours))
    summary = HoursSummary(periods)
    for cost in agreement.staff_costs.all():
        span = Period(cost.period_start or agreement.start_date, cost.period_end or agreement.end_date)
        planned = split_hours(cost.hours, span, periods)
        logged = _sum_by_period(by_line[cost.pk], periods)
        summary.lines.append(StaffHours(
            cost,
            HoursRow(cost, None, cost.hours, sum(logged, ZERO_HOURS)),
            [HoursRow(cost, p, pl, lg) for p, pl, lg in zip(periods, planned, logged, strict=True)],
        ))
    actions = Action.objects.filter(pk__in=list(by_action)).select_related("area")
    for action in sorted(actions, key=lambda a: (a.area.number, a.kind, a.number)):
        logged = _sum_by_period(by_action[action.pk], periods)
        summary.actions.append(ActionHours(action, sum(logged, ZERO_HOURS), logged))
    return summary


def time_entries(
    agreement: Agreement, *, staff_cost: StaffCost | None = None, action: Action | None = None
) -> QuerySet[TimeEntry]:
    """The agreement's entries, newest first, optionally of one line or one action."""
    entries = TimeEntry.objects.filter(agreement=agreement).select_related(
        "staff_cost", "action", "user"
    )
    if staff_cost is not None:
        entries = entries.filter(staff_cost=staff_cost)
    if action is not None:
        entries = entries.filter(action=action)
    return entries


# -- enrolments ----------------------------------------------------------------------------


@dataclass
class LineEnrolment:
    """A monthly line's counts, and the year they project."""

    line: BudgetLine
    counts: list[EnrolmentCount]
    months: list[date]
    projection: fees.Projection | None
    error: str = ""
    what_if: fees.Projection | None = None

    @property
    def tier_changes(self) -> list[tuple[date, str, str]]:
        """(month, fee before, fee after), written as "the 21–26 tier" or "the base fee"."""
        if self.projection is None:
            return []
        return [(c.month, _label(c.before), _label(c.after)) for c in self.projection.tier_changes]

    @property
    def renegotiate_months(self) -> str:
        """``05/2016, 06/2016``: the months whose count asks for renegotiation."""
        if self.projection is None:
            return ""
        return ", ".join(f"{m:%m/%Y}" for m in self.projection.renegotiate_months)

    @property
    def rows(self) -> list[tuple[fees.MonthRow, str, EnrolmentCount | None]]:
        """Each paid month with its tier written out and its count record, if any."""
        if self.projection is None:
            return []
        by_month = {c.month: c for c in self.counts}
        return [(r, _range(r.fee.tier), by_month.get(r.month)) for r in self.projection.rows]


def _range(tier: money.Tier | None) -> str:
    return "" if tier is None else money.describe_range(tier)


def _label(tier: money.Tier | None) -> str:
    if tier is None:
        return _("the base fee")
    return _("the %(range)s tier") % {"range": money.describe_range(tier)}


def monthly_lines(agreement: Agreement) -> QuerySet[BudgetLine]:
    """The agreement's monthly lines with their tiers and counts."""
    return agreement.budget_lines.filter(unit=BudgetLine.Unit.MONTH).prefetch_related(
        Prefetch("fee_tiers", queryset=FeeTier.objects.all()),
        Prefetch("enrolment_counts", queryset=EnrolmentCount.objects.order_by("month")),
    ).select_related("area")


def line_months(agreement: Agreement, line: BudgetLine, counts: Iterable[EnrolmentCount]) -> list[date]:
    """The paid months of ``line`` (see :func:`coprogetta.lib.fees.projection_months`)."""
    quantity = int(line.quantity)
    return fees.projection_months(
        agreement.start_date, agreement.end_date, quantity, [c.month for c in counts]
    )


def line_enrolment(
    agreement: Agreement, line: BudgetLine, *, what_if: tuple[date, int] | None = None
) -> LineEnrolment:
    """Counts and projection of one line loaded by :func:`monthly_lines`."""
    counts = list(line.enrolment_counts.all())
    months = line_months(agreement, line, counts)
    tiers = [t.as_tier() for t in line.fee_tiers.all()]
    args = (
        line.unit_amount, line.quantity, tiers, {c.month: c.count for c in counts}, months,
        line.vat_rate, line.vat_included,
    )
    result = LineEnrolment(line, counts, months, None)
    try:
        result.projection = fees.projection(*args)
        if what_if is not None:
            result.what_if = fees.what_if(*args, from_month=what_if[0], count=what_if[1])
    except money.MoneyError:
        logger.warning("Projection refused for budget line %s", line.pk, exc_info=True)
        result.error = _("The fee tiers of this line are not valid: correct them on the agreement page.")
    return result
