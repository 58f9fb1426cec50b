"""Reads of expenses: planned, spent and remaining per line, per area and for the agreement.

The page works on ``(line, amount)`` rows summed in Python by ``coprogetta.lib.spending``:
a fixed number of queries however many expenses there are.

Budget against actual keeps two kinds of money apart, never added together: the public
body's (``AreaRow.public``: its budget lines; under a fee, ``AreaRow.billing``: the contract
against the tranches) and the partner's (``AreaRow.partner``: its contributions against
their expenses). The Spese page, the dashboard and the monitoring report read the same
``ExpenseSummary``.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, prefetch_related_objects

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.access import access_for
from coprogetta.agreements.models import Agreement, Area, BudgetLine, Contribution, PaymentTranche
from coprogetta.agreements.selectors import economic_summary
from coprogetta.agreements.tranche_selectors import TrancheOverview, tranche_overview
from coprogetta.lib import money, spending

from .models import EnrolmentCount, Expense
from .selectors import LineEnrolment, line_enrolment

#: A line an expense is recorded on.
Line = Contribution | BudgetLine


def user_can_change_expense(user: AnyUser, expense: Expense, agreement: Agreement) -> bool:
    """The agreement's editors, and who recorded it while still allowed to record on its line."""
    access = access_for(user, agreement)
    if access.can_edit:
        return True
    line = expense.line
    return (
        expense.recorded_by_id == user.pk and access.can_log
        and line is not None and access.may_write_on_item(line)
    )


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


#: The two kinds of money an agreement's lines plan: the public body's budget lines and the
#: partner's contributions. They are never added together.
PUBLIC, PARTNER = "public", "partner"


@dataclass
class LineRow:
    line: Line
    spend: spending.Spend
    #: Spent from the start of the period asked for (``expense_summary(since=...)``).
    period_spent: Decimal = money.ZERO

    @property
    def is_contribution(self) -> bool:
        return isinstance(self.line, Contribution)

    @property
    def block(self) -> str:
        """PUBLIC for a budget line and, under a contribution, for a co-financing share (its
        costs are the project's); PARTNER for the partner's other contributions."""
        if not isinstance(self.line, Contribution) or self.within_budget:
            return PUBLIC
        return PARTNER

    @property
    def within_budget(self) -> bool:
        """A co-financing share of a contribution agreement: its amount is part of the project
        budget (the budget lines), so it adds its costs to the project but nothing to its plan."""
        return (
            isinstance(self.line, Contribution)
            and self.line.kind == Contribution.Kind.COFINANCING
            and self.line.agreement.financial_regime == Agreement.Regime.CONTRIBUTION
        )

    @property
    def part(self) -> spending.Spend:
        """What the line adds to its block's planned and spent."""
        return spending.Spend(money.ZERO, self.spend.spent) if self.within_budget else self.spend


@dataclass
class AreaRow:
    """An area's lines (or, with area None, the agreement-wide ones and tranches)."""

    area: Area | None
    lines: list[LineRow] = field(default_factory=list)
    #: Fee agreements: the area's contract against its tranches (``with_billing``).
    billing: spending.Billing | None = None

    @property
    def public_lines(self) -> list[LineRow]:
        return [row for row in self.lines if row.block == PUBLIC]

    @property
    def partner_lines(self) -> list[LineRow]:
        return [row for row in self.lines if row.block == PARTNER]

    @property
    def partner_over(self) -> list[LineRow]:
        """The partner's lines spent over their plan."""
        return [row for row in self.partner_lines if row.spend.over]

    @property
    def public(self) -> spending.Spend:
        """The public body's budget lines (gross) against the costs reported on them."""
        return spending.spend_total(row.part for row in self.public_lines)

    @property
    def partner(self) -> spending.Spend:
        """The partner's contributions against the expenses recorded on them."""
        return spending.spend_total(row.part for row in self.partner_lines)

    @property
    def split(self) -> spending.Split:
        return spending.Split(self.public, self.partner)

    @property
    def public_period(self) -> Decimal:
        return sum((row.period_spent for row in self.public_lines), money.ZERO)

    @property
    def partner_period(self) -> Decimal:
        return sum((row.period_spent for row in self.partner_lines), money.ZERO)

    @property
    def spent(self) -> Decimal:
        """Every expense recorded on the area's lines, of either kind."""
        return sum((row.spend.spent for row in self.lines), money.ZERO)

    @property
    def spend(self) -> spending.Spend:
        """Every line together. Its ``planned`` adds the public body's budget to the partner's
        contributions: show ``public`` and ``partner`` instead; ``spent`` is ``self.spent``."""
        return spending.spend_total(row.spend for row in self.lines)


@dataclass
class ExpenseSummary:
    agreement: Agreement
    areas: list[AreaRow]
    cofinancing: spending.Cofinancing | None
    #: Fee agreements, after ``with_billing``: the monthly lines' counts and projections.
    fees: list[LineEnrolment] = field(default_factory=list)

    @property
    def is_fee(self) -> bool:
        return self.agreement.financial_regime == Agreement.Regime.FEE

    @property
    def split(self) -> spending.Split:
        return spending.split_total(area.split for area in self.areas)

    @property
    def public(self) -> spending.Spend:
        return self.split.public

    @property
    def partner(self) -> spending.Spend:
        return self.split.partner

    @property
    def has_partner(self) -> bool:
        """Whether the partner has contributions of its own (beyond a co-financing share)."""
        return any(area.partner_lines for area in self.areas)

    @property
    def billing(self) -> spending.Billing | None:
        """Fee agreements (after ``with_billing``): the contract against every tranche."""
        rows = [area.billing for area in self.areas if area.billing is not None]
        return spending.billing_total(rows) if rows else None

    @property
    def billing_areas(self) -> list[AreaRow]:
        return [area for area in self.areas if area.billing is not None]

    @property
    def counted_fees(self) -> list[LineEnrolment]:
        """The monthly lines with enrolment counts: the fees they make due against the contract."""
        return [item for item in self.fees if item.counts and item.projection is not None]

    @property
    def spent(self) -> Decimal:
        """Every expense recorded, on either kind of line."""
        return sum((area.spent for area in self.areas), money.ZERO)

    @property
    def spend(self) -> spending.Spend:
        """Every line together. Its ``planned`` adds the public body's budget to the partner's
        contributions: show ``public`` and ``partner`` instead; ``spent`` is ``self.spent``."""
        return spending.spend_total(row.spend for area in self.areas for row in area.lines)

    @property
    def warnings(self) -> list[LineRow]:
        return [row for area in self.areas for row in area.lines if row.spend.over]


def _spent(
    agreement: Agreement, until: date | None, since: date | None,
) -> tuple[dict[Hashable, Decimal], dict[Hashable, Decimal]]:
    """Per line: spent up to ``until`` (all when None), and from ``since`` to it."""
    rows = Expense.objects.filter(agreement=agreement)
    if until is not None:
        rows = rows.filter(date__lte=until)
    upto: list[tuple[tuple[str, int], Decimal]] = []
    within: list[tuple[tuple[str, int], Decimal]] = []
    for contribution, line, day, amount in rows.values_list(
        "contribution_id", "budget_line_id", "date", "amount"
    ):
        [(key, value)] = _keyed([(contribution, line, amount)])
        upto.append((key, value))
        if since is not None and day >= since:
            within.append((key, value))
    return spending.spent_by_line(upto), spending.spent_by_line(within)


def expense_summary(
    agreement: Agreement, *, until: date | None = None, since: date | None = None,
) -> ExpenseSummary:
    """Every line of the agreement with what it planned and spent (up to ``until``, and from
    ``since`` in ``LineRow.period_spent``), by area; the co-financing block."""
    spent, within = _spent(agreement, until, since)
    by_area: dict[int | None, AreaRow] = {area.pk: AreaRow(area) for area in agreement.areas.all()}
    loose = AreaRow(None)
    budget_lines = list(agreement.budget_lines.all())
    contributions = list(agreement.contributions.all())
    lines: list[Line] = [*budget_lines, *contributions]
    for line in lines:
        line.agreement = agreement  # the regime is read from it, without a query
        key = line_key(line)
        row = LineRow(line, spending.line_spend(planned(line), spent, key), within.get(key, money.ZERO))
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


def with_billing(
    summary: ExpenseSummary, tranches: TrancheOverview, enrolments: list[LineEnrolment],
) -> ExpenseSummary:
    """A fee agreement's summary with each area's contract (its budget lines, gross) against
    its tranches, the agreement-wide tranches on the agreement-wide row, and the monthly
    lines' ``enrolments`` (the fees their counts make due). Other regimes are left as they are."""
    if not summary.is_fee:
        return summary
    by_area: dict[int | None, list[tuple[Decimal | None, str]]] = {}
    for row in tranches.rows:
        by_area.setdefault(row.tranche.area_id, []).append((row.amount, row.tranche.status))
    if None in by_area and not any(area.area is None for area in summary.areas):
        summary.areas.append(AreaRow(None))
    for area in summary.areas:
        key = area.area.pk if area.area is not None else None
        contract = sum((row.spend.planned for row in area.lines if not row.is_contribution), money.ZERO)
        area.billing = spending.billing(
            contract, by_area.get(key, []),
            paid=PaymentTranche.Status.PAID, invoiced=PaymentTranche.Status.INVOICED,
        )
    summary.fees = enrolments
    return summary


def monthly_enrolments(agreement: Agreement) -> list[LineEnrolment]:
    """The monthly lines' counts and projections, for an agreement whose budget lines (with
    their fee tiers) are loaded: one query for the counts."""
    lines = [line for line in agreement.budget_lines.all() if line.unit == BudgetLine.Unit.MONTH]
    prefetch_related_objects(
        lines, Prefetch("enrolment_counts", queryset=EnrolmentCount.objects.order_by("month"))
    )
    return [line_enrolment(agreement, line) for line in lines]


def budget_actual(agreement: Agreement, *, as_of: date) -> ExpenseSummary:
    """The expense summary of the Spese page: with, for a fee agreement, the tranches (as of
    ``as_of``) and the fees the counts make due. A fixed number of queries."""
    prefetch_related_objects(
        [agreement], "areas",
        Prefetch("budget_lines", queryset=BudgetLine.objects.prefetch_related("fee_tiers")),
        "contributions", "staff_costs", "tranches",
    )
    summary = expense_summary(agreement)
    if not summary.is_fee:
        return summary
    tranches = tranche_overview(agreement, as_of, summary=economic_summary(agreement))
    return with_billing(summary, tranches, monthly_enrolments(agreement))


def expenses(agreement: Agreement) -> QuerySet[Expense]:
    """The agreement's expenses, newest first, with their line and who recorded them."""
    return (
        Expense.objects.filter(agreement=agreement)
        .select_related("contribution", "budget_line", "recorded_by")
        .order_by("-date", "-id")
    )
