"""Reads of expenses: planned, spent and remaining per line, per area and for the agreement.

The page works on ``(line, amount)`` rows summed in Python by ``coprogetta.lib.spending``:
a fixed number of queries however many expenses there are.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Agreement, Area, BudgetLine, Contribution
from coprogetta.agreements.selectors import user_can_edit
from coprogetta.lib import money, spending

from .models import Expense
from .selectors import user_can_log

#: A line an expense is recorded on.
Line = Contribution | BudgetLine


def user_can_change_expense(user: AnyUser, expense: Expense, agreement: Agreement) -> bool:
    """Who recorded it (while still allowed to record) and the agreement's editors."""
    if user_can_edit(user, agreement):
        return True
    return expense.recorded_by_id == user.pk and user_can_log(user, agreement)


def planned(line: Line) -> Decimal:
    """What a line plans: a contribution's amount, a budget line's gross amount."""
    if isinstance(line, Contribution):
        return line.amount
    return line.amounts.gross


def line_key(line: Line) -> tuple[str, int]:
    return ("contribution" if isinstance(line, Contribution) else "budget_line", line.pk)


def _keyed(rows: Iterable[tuple[int | None, int | None, Decimal]]) -> list[tuple[tuple[str, int], Decimal]]:
    return [
        (("contribution", c) if c is not None else ("budget_line", b or 0), amount)
        for c, b, amount in rows
    ]


def spent_on_line(line: Line, *, exclude: Expense | None = None) -> Decimal:
    """What the expenses of ``line`` add up to, leaving out ``exclude`` (the one being edited)."""
    expenses = line.expenses.all()  # type: ignore[union-attr]
    if exclude is not None and exclude.pk is not None:
        expenses = expenses.exclude(pk=exclude.pk)
    return sum(expenses.values_list("amount", flat=True), money.ZERO)


@dataclass
class LineRow:
    line: Line
    spend: spending.Spend

    @property
    def is_contribution(self) -> bool:
        return isinstance(self.line, Contribution)


@dataclass
class AreaRow:
    """An area's lines (or, with area None, the agreement-wide ones)."""

    area: Area | None
    lines: list[LineRow] = field(default_factory=list)

    @property
    def spend(self) -> spending.Spend:
        return spending.spend_total(row.spend for row in self.lines)


@dataclass
class ExpenseSummary:
    agreement: Agreement
    areas: list[AreaRow]
    cofinancing: spending.Cofinancing | None

    @property
    def spend(self) -> spending.Spend:
        return spending.spend_total(area.spend for area in self.areas)

    @property
    def warnings(self) -> list[LineRow]:
        return [row for area in self.areas for row in area.lines if row.spend.over]


def expense_summary(agreement: Agreement) -> ExpenseSummary:
    """Every line of the agreement with what it planned and spent; the co-financing block."""
    spent = spending.spent_by_line(_keyed(
        Expense.objects.filter(agreement=agreement)
        .values_list("contribution_id", "budget_line_id", "amount")
    ))
    by_area: dict[int | None, AreaRow] = {area.pk: AreaRow(area) for area in agreement.areas.all()}
    loose = AreaRow(None)
    budget_lines = list(agreement.budget_lines.all())
    contributions = list(agreement.contributions.all())
    lines: list[Line] = [*contributions, *budget_lines]
    for line in lines:
        row = LineRow(line, spending.line_spend(planned(line), spent, line_key(line)))
        by_area.get(line.area_id, loose).lines.append(row)
    areas = list(by_area.values())
    if loose.lines:
        areas.append(loose)
    cofinancing = None
    if agreement.financial_regime == Agreement.Regime.CONTRIBUTION:
        shares = [c for c in contributions if c.kind == Contribution.Kind.COFINANCING]
        percents = [c.percent for c in shares if c.percent is not None]
        percent = sum(percents, Decimal(0)) if shares and len(percents) == len(shares) else None
        reported = sum(
            (spent.get(line_key(line), money.ZERO) for line in [*shares, *budget_lines]), money.ZERO
        )
        cofinancing = spending.cofinancing(
            money.total(line.amounts for line in budget_lines).gross, reported,
            percent=percent, amount=sum((c.amount for c in shares), money.ZERO),
        )
    return ExpenseSummary(agreement, areas, cofinancing)


def expenses(agreement: Agreement) -> QuerySet[Expense]:
    """The agreement's expenses, newest first, with their line and who recorded them."""
    return (
        Expense.objects.filter(agreement=agreement)
        .select_related("contribution", "budget_line", "recorded_by")
        .order_by("-date", "-id")
    )
