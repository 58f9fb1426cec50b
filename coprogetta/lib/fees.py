"""Monthly fees that depend on a count (children enrolled), and the year they add up to.

No Django import here; all money goes through :mod:`coprogetta.lib.money`.

Rules, kept simple on purpose:

- A month's fee is the unit amount of the tier its count falls in, or the line's base unit
  amount when no tier applies (:func:`monthly_fee`).
- A count in a "renegotiate" tier has no agreed amount: the month is flagged and, until the
  parties agree, projected at the nearest amount the agreement does state above it (the
  next tier up with an amount, else the base).
- A month without a count uses the last count known before it; before the first count the
  base amount applies.
- The projected year is the sum of the monthly units (each already in cents), and VAT is
  computed once on that total, half-up, exactly as the engine does for a line
  (:func:`coprogetta.lib.money.line_amounts`).
- Which months are paid (:func:`projection_months`): the line's quantity of months counted
  from the agreement's start, skipping none, plus every month that has a count. When that
  makes more months than the quantity, months without a count make room, earliest first:
  the nursery pays 11 months, January to November by default, and once December is counted
  the uncounted August drops out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .money import (
    LineAmounts,
    MoneyError,
    Tier,
    check_amount,
    check_tiers,
    line_amounts,
    tier_for,
    to_decimal,
)


@dataclass(frozen=True)
class FeeResult:
    """The unit amount due for one month, the tier that set it (None: the base) and the flag."""

    unit_amount: Decimal
    tier: Tier | None
    renegotiate: bool


@dataclass(frozen=True)
class MonthRow:
    """One month of a projection: the count used, whether it was reported, and the fee."""

    month: date
    count: int | None
    reported: bool
    fee: FeeResult


@dataclass(frozen=True)
class TierChange:
    """The fee moves from one tier (None: the base) to another in ``month``."""

    month: date
    before: Tier | None
    after: Tier | None


@dataclass(frozen=True)
class Projection:
    contractual: LineAmounts
    projected: LineAmounts
    rows: list[MonthRow] = field(default_factory=list)
    tier_changes: list[TierChange] = field(default_factory=list)
    renegotiate_months: list[date] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        """Projected gross less contractual gross (negative: the year costs less)."""
        return self.projected.gross - self.contractual.gross


def check_count(count: object) -> int:
    """A count is a non-negative int; floats and bools are refused (TypeError)."""
    if isinstance(count, bool) or not isinstance(count, int):
        raise TypeError(f"a count is an int, not {type(count).__name__} {count!r}")
    if count < 0:
        raise MoneyError("a count must not be negative")
    return count


def _provisional(base_unit: Decimal, tiers: Sequence[Tier], tier: Tier) -> Decimal:
    """For a renegotiate tier: the amount of the nearest tier above it with an amount, else the base."""
    above = sorted(
        (t for t in tiers if t.unit_amount is not None and t.min_count > tier.min_count),
        key=lambda t: t.min_count,
    )
    return check_amount(above[0].unit_amount) if above and above[0].unit_amount is not None else base_unit


def monthly_fee(base_unit: Decimal | int | str, tiers: Sequence[Tier], count: int) -> FeeResult:
    """The unit amount due for a month with ``count`` (see the module's rules)."""
    base = check_amount(base_unit)
    check_tiers(tiers)
    tier = tier_for(check_count(count), tiers)
    if tier is None:
        return FeeResult(base, None, False)
    if tier.renegotiate or tier.unit_amount is None:
        return FeeResult(_provisional(base, tiers, tier), tier, True)
    return FeeResult(check_amount(tier.unit_amount), tier, False)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month``."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_of(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def months_between(start: date, end: date) -> list[date]:
    """First days of every month from ``start``'s to ``end``'s, both included."""
    months: list[date] = []
    current, last = month_of(start), month_of(end)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def projection_months(
    start: date, end: date, quantity: int, counted: Sequence[date] = ()
) -> list[date]:
    """The paid months of a monthly line (see the module's rules)."""
    reported = {month_of(m) for m in counted}
    months = sorted(set(months_between(start, end)[:quantity]) | reported)
    surplus = len(months) - quantity
    if surplus > 0:
        spare = set([m for m in months if m not in reported][:surplus])
        months = [m for m in months if m not in spare]
    return months


def projection(
    base_unit: Decimal | int | str,
    quantity_months: Decimal | int | str,
    tiers: Sequence[Tier],
    counts_by_month: Mapping[date, int],
    months: Sequence[date],
    rate: Decimal | int | str | None,
    vat_included: bool = False,
) -> Projection:
    """The contractual amounts of the line against the year the counts project."""
    base = check_amount(base_unit)
    check_tiers(tiers)
    contractual = line_amounts(base, to_decimal(quantity_months), rate, vat_included=vat_included)
    counts = {month_of(m): check_count(c) for m, c in counts_by_month.items()}
    rows: list[MonthRow] = []
    last: int | None = None
    for month in months:
        reported = month in counts
        if reported:
            last = counts[month]
        fee = FeeResult(base, None, False) if last is None else monthly_fee(base, tiers, last)
        rows.append(MonthRow(month, last, reported, fee))
    units = sum((r.fee.unit_amount for r in rows), Decimal("0.00"))
    projected = line_amounts(units, 1, rate, vat_included=vat_included)
    changes = [
        TierChange(after.month, before.fee.tier, after.fee.tier)
        for before, after in zip(rows, rows[1:], strict=False)
        if before.fee.tier != after.fee.tier
    ]
    renegotiate = [r.month for r in rows if r.fee.renegotiate]
    return Projection(contractual, projected, rows, changes, renegotiate)


def what_if(
    base_unit: Decimal | int | str,
    quantity_months: Decimal | int | str,
    tiers: Sequence[Tier],
    counts_by_month: Mapping[date, int],
    months: Sequence[date],
    rate: Decimal | int | str | None,
    vat_included: bool = False,
    *,
    from_month: date,
    count: int,
) -> Projection:
    """The projection if the count were ``count`` in every paid month from ``from_month`` on."""
    check_count(count)
    start = month_of(from_month)
    counts = {month_of(m): c for m, c in counts_by_month.items() if month_of(m) < start}
    counts.update({m: count for m in months if m >= start})
    return projection(base_unit, quantity_months, tiers, counts, months, rate, vat_included)

