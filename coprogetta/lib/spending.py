"""Planned, spent and remaining money of an agreement's lines, and the partner's co-financing.

No Django import here: the callers pass planned amounts and the amounts spent, already
checked by the money engine (Decimal only, two decimals). Nothing here rounds except
``cofinancing`` (a percentage of an amount, through ``money.percent_of``).

A remaining amount below zero is an overspend: it is kept negative, never clipped, so that
the sums of the lines are always the area's and the agreement's figures.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from coprogetta.lib import money


@dataclass(frozen=True)
class Spend:
    """What was planned and what was spent of it."""

    planned: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        """Planned less spent: negative when the plan is exceeded."""
        return money.round_half_up(self.planned - self.spent)

    @property
    def over(self) -> bool:
        return self.spent > self.planned

    @property
    def overspend(self) -> Decimal:
        """How much the spending exceeds the plan (zero when it does not)."""
        return money.round_half_up(max(self.spent - self.planned, money.ZERO))

    def __add__(self, other: Spend) -> Spend:
        return Spend(self.planned + other.planned, self.spent + other.spent)


NOTHING = Spend(money.ZERO, money.ZERO)


def spend_total(items: Iterable[Spend]) -> Spend:
    """The sum of ``items`` (an area's lines, or an agreement's areas)."""
    result = NOTHING
    for item in items:
        result = result + item
    return result


def spent_by_line(expenses: Iterable[tuple[Hashable, Decimal]]) -> dict[Hashable, Decimal]:
    """``(line key, amount)`` pairs summed per line."""
    totals: dict[Hashable, Decimal] = {}
    for key, amount in expenses:
        totals[key] = totals.get(key, money.ZERO) + money.to_decimal(amount)
    return totals


def line_spend(planned: Decimal, spent: Mapping[Hashable, Decimal], key: Hashable) -> Spend:
    """One line's spend, from the per-line totals of ``spent_by_line``."""
    return Spend(money.to_decimal(planned), spent.get(key, money.ZERO))


def exceeds(planned: Decimal, spent_elsewhere: Decimal, amount: Decimal) -> bool:
    """Whether adding ``amount`` to what the line has already spent takes it over its plan."""
    return spent_elsewhere + amount > planned


@dataclass(frozen=True)
class Cofinancing:
    """A contribution-based agreement's reported costs and the partner's co-financing share.

    The partner must cover ``percent`` % of the project cost (``share``). Each reported
    cost is co-financed in the same proportion, so the reported costs cover
    ``percent`` % of themselves, up to the whole share.
    """

    project_cost: Decimal
    reported: Decimal
    percent: Decimal | None
    share: Decimal

    @property
    def unreported(self) -> Decimal:
        """Project cost not yet reported (negative when more was reported)."""
        return money.round_half_up(self.project_cost - self.reported)

    @property
    def covered(self) -> Decimal:
        """How much of the partner's share the reported costs cover."""
        if self.percent is None:
            return min(self.reported, self.share)
        return min(money.percent_of(self.reported, self.percent), self.share)

    @property
    def to_cover(self) -> Decimal:
        """What of the share the reported costs do not cover yet."""
        return money.round_half_up(self.share - self.covered)

    @property
    def public_part(self) -> Decimal:
        """What of the reported costs falls to the public body."""
        return money.round_half_up(self.reported - self.covered)


def cofinancing(
    project_cost: Decimal, reported: Decimal, *, percent: Decimal | None, amount: Decimal,
) -> Cofinancing:
    """The partner's share: ``percent`` % of ``project_cost`` when a percentage is stated,
    otherwise the stated ``amount`` (its percentage then follows from the project cost)."""
    if percent is not None:
        share = money.percent_of(project_cost, percent)
    else:
        share = money.to_decimal(amount)
        percent = money.ratio_percent(share, project_cost) if share else None
    return Cofinancing(money.to_decimal(project_cost), money.to_decimal(reported), percent, share)


# -- the two kinds of money --------------------------------------------------------------------
#
# An agreement's "budget against actual" never adds the public body's money (its budget
# lines) to the partner's (its contributions): each has its own planned, actual and remaining.


@dataclass(frozen=True)
class Billing:
    """A fee agreement's contract (gross) against what its payment tranches invoiced and paid.

    The contract splits into three parts that always add up to it: ``paid``, ``awaiting``
    (invoiced, not paid yet) and ``to_invoice`` (negative when the tranches invoiced more).
    """

    contract: Decimal
    paid: Decimal
    awaiting: Decimal

    @property
    def invoiced(self) -> Decimal:
        """Invoiced so far, paid or not."""
        return self.paid + self.awaiting

    @property
    def to_invoice(self) -> Decimal:
        """Contract less what was invoiced: negative when more was invoiced."""
        return money.round_half_up(self.contract - self.invoiced)

    @property
    def to_pay(self) -> Decimal:
        """Contract less what was paid: what the public body still pays."""
        return money.round_half_up(self.contract - self.paid)

    @property
    def over(self) -> bool:
        return self.invoiced > self.contract

    @property
    def overbilled(self) -> Decimal:
        """How much the invoices exceed the contract (zero when they do not)."""
        return money.round_half_up(max(self.invoiced - self.contract, money.ZERO))

    def __add__(self, other: Billing) -> Billing:
        return Billing(self.contract + other.contract, self.paid + other.paid,
                       self.awaiting + other.awaiting)


NOT_BILLED = Billing(money.ZERO, money.ZERO, money.ZERO)


def billing(
    contract: Decimal, tranches: Iterable[tuple[Decimal | None, str]], *,
    paid: str = "paid", invoiced: str = "invoiced",
) -> Billing:
    """``contract`` against ``(amount, status)`` tranches: those with status ``paid`` are
    paid, those with status ``invoiced`` await payment; the others (planned) and those whose
    amount cannot be computed (None) count for nothing."""
    paid_sum, awaiting = money.ZERO, money.ZERO
    for amount, status in tranches:
        if amount is None:
            continue
        if status == paid:
            paid_sum += money.to_decimal(amount)
        elif status == invoiced:
            awaiting += money.to_decimal(amount)
    return Billing(money.to_decimal(contract), paid_sum, awaiting)


def billing_total(items: Iterable[Billing]) -> Billing:
    """The sum of ``items`` (the areas' and the agreement-wide billing)."""
    result = NOT_BILLED
    for item in items:
        result = result + item
    return result


@dataclass(frozen=True)
class Split:
    """The public body's spend and the partner's, side by side, never added together."""

    public: Spend
    partner: Spend

    def __add__(self, other: Split) -> Split:
        return Split(self.public + other.public, self.partner + other.partner)


NOTHING_SPLIT = Split(NOTHING, NOTHING)


def split_total(items: Iterable[Split]) -> Split:
    """The sum of ``items``, each kind of money on its own."""
    result = NOTHING_SPLIT
    for item in items:
        result = result + item
    return result
