"""Money rules of Italian administrative tables: Decimal only, half-up cents per line.

No Django import here. Every amount the project shows or stores is computed by these
functions; nothing else rounds money.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

#: VAT rates allowed on a budget line, in percent. ``None`` is "outside the scope of VAT".
VAT_RATES: tuple[Decimal, ...] = tuple(Decimal(r) for r in ("0", "4", "5", "10", "22"))
OUT_OF_SCOPE = "out_of_scope"

#: Larger than any amount an agreement can state (one hundred billion euro).
MAX_AMOUNT = Decimal("99999999999.99")


class MoneyError(ValueError):
    """An amount, rate or split that the engine refuses."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a Decimal; floats (and bools) are refused, never converted."""
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"money engine refuses {type(value).__name__} {value!r}: use Decimal or str")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise MoneyError(f"not a number: {value!r}") from None
    else:
        raise TypeError(f"money engine refuses {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise MoneyError(f"not a finite number: {value!r}")
    return result


def round_half_up(value: Decimal | int | str) -> Decimal:
    """Round to the cent, half away from zero, as Italian administrative tables do."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def vat_rate(rate: Decimal | int | str | None) -> Decimal | None:
    """Validate a VAT rate in percent; ``None`` or ``"out_of_scope"`` means outside VAT."""
    if rate is None or rate == OUT_OF_SCOPE:
        return None
    value = to_decimal(rate)
    for allowed in VAT_RATES:
        if value == allowed:
            return allowed
    raise MoneyError(f"VAT rate {value}% is not one of 0, 4, 5, 10, 22 %")


@dataclass(frozen=True)
class LineAmounts:
    """Net, VAT and gross of one line, each already rounded to the cent."""

    net: Decimal
    vat: Decimal
    gross: Decimal

    def __add__(self, other: LineAmounts) -> LineAmounts:
        return LineAmounts(self.net + other.net, self.vat + other.vat, self.gross + other.gross)


NO_AMOUNTS = LineAmounts(ZERO, ZERO, ZERO)


def vat_of(net: Decimal, rate: Decimal | int | str | None) -> Decimal:
    """VAT on a rounded net amount: ``round_half_up(net * rate / 100)``; 0 outside VAT."""
    checked = vat_rate(rate)
    if checked is None:
        return ZERO
    return round_half_up(to_decimal(net) * checked / HUNDRED)


def amounts_from_net(net: Decimal | int | str, rate: Decimal | int | str | None) -> LineAmounts:
    """Split a net amount into net, VAT and gross."""
    rounded = round_half_up(net)
    vat = vat_of(rounded, rate)
    return LineAmounts(rounded, vat, rounded + vat)


def amounts_from_gross(gross: Decimal | int | str, rate: Decimal | int | str | None) -> LineAmounts:
    """Split a VAT-inclusive amount: net is the rounded scorporo, VAT the remainder."""
    rounded = round_half_up(gross)
    checked = vat_rate(rate)
    if checked is None:
        return LineAmounts(rounded, ZERO, rounded)
    net = round_half_up(rounded * HUNDRED / (HUNDRED + checked))
    return LineAmounts(net, rounded - net, rounded)


def line_amounts(
    unit_amount: Decimal | int | str,
    quantity: Decimal | int | str,
    rate: Decimal | int | str | None,
    *,
    vat_included: bool = False,
) -> LineAmounts:
    """Amounts of ``unit_amount × quantity``, the unit net of VAT unless ``vat_included``."""
    unit = check_amount(unit_amount)
    qty = to_decimal(quantity)
    if qty <= 0:
        raise MoneyError("quantity must be greater than zero")
    total = unit * qty
    if total > MAX_AMOUNT:
        raise MoneyError("amount too large")
    if vat_included:
        return amounts_from_gross(total, rate)
    return amounts_from_net(total, rate)


def check_amount(value: Decimal | int | str) -> Decimal:
    """Return a non-negative amount with at most two decimals, or raise MoneyError."""
    amount = to_decimal(value)
    if amount < 0:
        raise MoneyError("amount must not be negative")
    if amount > MAX_AMOUNT:
        raise MoneyError("amount too large")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise MoneyError("amount has more than two decimals")
    return amount


def total(lines: Iterable[LineAmounts]) -> LineAmounts:
    """Sum of already rounded lines (totals are never rounded again)."""
    result = NO_AMOUNTS
    for line in lines:
        result = result + line
    return result


def percent_of(amount: Decimal | int | str, percent: Decimal | int | str) -> Decimal:
    """``percent`` % of ``amount``, rounded to the cent."""
    return round_half_up(to_decimal(amount) * to_decimal(percent) / HUNDRED)


def ratio_percent(part: Decimal | int | str, whole: Decimal | int | str) -> Decimal | None:
    """``part / whole`` in percent, to two decimals; ``None`` when ``whole`` is zero."""
    denominator = to_decimal(whole)
    if denominator == 0:
        return None
    return round_half_up(to_decimal(part) * HUNDRED / denominator)


# -- fee tiers -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tier:
    """A count range ``[min_count, max_count]`` (max open when None) and its consequence."""

    min_count: int
    max_count: int | None
    unit_amount: Decimal | None = None
    renegotiate: bool = False

    def contains(self, count: int) -> bool:
        return count >= self.min_count and (self.max_count is None or count <= self.max_count)


def check_tiers(tiers: Sequence[Tier]) -> None:
    """Raise MoneyError if a tier is malformed or two tiers overlap."""
    for tier in tiers:
        if tier.min_count < 0:
            raise MoneyError("a tier's minimum count must not be negative")
        if tier.max_count is not None and tier.max_count < tier.min_count:
            raise MoneyError("a tier's maximum count is below its minimum")
        if tier.renegotiate == (tier.unit_amount is not None):
            raise MoneyError("a tier has either an amount or the renegotiation flag")
        if tier.unit_amount is not None:
            check_amount(tier.unit_amount)
    ordered = sorted(tiers, key=lambda t: t.min_count)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.max_count is None or before.max_count >= after.min_count:
            raise MoneyError(
                f"tiers {describe_range(before)} and {describe_range(after)} overlap"
            )


def describe_range(tier: Tier) -> str:
    """``21–26``, ``20``, ``≥ 27``."""
    if tier.max_count is None:
        return f"≥ {tier.min_count}"
    if tier.max_count == tier.min_count:
        return str(tier.min_count)
    return f"{tier.min_count}–{tier.max_count}"


def tier_for(count: int, tiers: Sequence[Tier]) -> Tier | None:
    """The tier that applies to ``count``, or None when the base amount applies."""
    if count < 0:
        raise MoneyError("a count must not be negative")
    for tier in tiers:
        if tier.contains(count):
            return tier
    return None


# -- payment tranches ----------------------------------------------------------------------


@dataclass(frozen=True)
class TrancheSpec:
    """One tranche as agreed: a fixed amount, a percentage of the total, or the balance."""

    amount: Decimal | None = None
    percent: Decimal | None = None
    is_balance: bool = False


def resolve_tranches(budget: Decimal | int | str, specs: Sequence[TrancheSpec]) -> list[Decimal]:
    """Amount of each tranche; the balance takes what remains, absorbing rounding.

    Raises MoneyError when the tranches exceed the budget, when more than one is the
    balance, or when a tranche is not exactly one of amount, percent or balance.
    """
    base = check_amount(round_half_up(budget))
    balances = [s for s in specs if s.is_balance]
    if len(balances) > 1:
        raise MoneyError("only one tranche can be the balance")
    amounts: list[Decimal | None] = []
    for spec in specs:
        given = sum(x is not None for x in (spec.amount, spec.percent)) + int(spec.is_balance)
        if given != 1:
            raise MoneyError("a tranche is an amount, a percentage or the balance")
        if spec.amount is not None:
            amounts.append(check_amount(spec.amount))
        elif spec.percent is not None:
            percent = to_decimal(spec.percent)
            if percent <= 0 or percent > HUNDRED:
                raise MoneyError("a tranche percentage is between 0 and 100")
            amounts.append(percent_of(base, percent))
        else:
            amounts.append(None)
    fixed = sum((a for a in amounts if a is not None), ZERO)
    if fixed > base:
        raise MoneyError(f"the tranches add up to {fixed}, more than the budget of {base}")
    remainder = base - fixed
    return [remainder if a is None else a for a in amounts]
