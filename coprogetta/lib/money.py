"""Money rules of Italian administrative tables: Decimal only, half-up cents per line.

No Django import here. Every amount the project shows or stores is computed by these
functions; nothing else rounds money.

The arithmetic runs in the engine's own decimal context (wide precision, half-up), so a
result never depends on the decimal context of the thread that calls it. Zero results are
always positive (``0.00``, never ``-0.00``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

#: VAT rates allowed on a budget line, in percent. ``None`` is "outside the scope of VAT".
VAT_RATES: tuple[Decimal, ...] = tuple(Decimal(r) for r in ("0", "4", "5", "10", "22"))
OUT_OF_SCOPE = "out_of_scope"

#: Larger than any amount an agreement can state (one hundred billion euro).
MAX_AMOUNT = Decimal("99999999999.99")

#: Wide enough that products of amounts and quantities are exact before rounding to the cent.
_CONTEXT = Context(
    prec=60, rounding=ROUND_HALF_UP, traps=[InvalidOperation, DivisionByZero, Overflow]
)


class MoneyError(ValueError):
    """An amount, rate or split that the engine refuses."""


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Return ``value`` as a finite Decimal; floats (and bools) are refused, never converted."""
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


def _positive_zero(value: Decimal) -> Decimal:
    """``-0.00`` -> ``0.00``; any other value unchanged."""
    return value.copy_abs() if value.is_zero() else value


def round_half_up(value: Decimal | int | str) -> Decimal:
    """Round to the cent, half away from zero, as Italian administrative tables do."""
    number = to_decimal(value)
    try:
        rounded = number.quantize(CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)
    except InvalidOperation:
        raise MoneyError(f"amount too large to round to the cent: {number}") from None
    return _positive_zero(rounded)


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
        with localcontext(_CONTEXT):
            return LineAmounts(
                self.net + other.net, self.vat + other.vat, self.gross + other.gross
            )


NO_AMOUNTS = LineAmounts(ZERO, ZERO, ZERO)


def vat_of(net: Decimal, rate: Decimal | int | str | None) -> Decimal:
    """VAT on a net amount: ``round_half_up(net * rate / 100)``; 0 outside VAT.

    The net is rounded to the cent first, as it is on the line, so ``vat_of(n, r)`` always
    equals ``amounts_from_net(n, r).vat``.
    """
    checked = vat_rate(rate)
    rounded = round_half_up(net)
    if checked is None:
        return ZERO
    with localcontext(_CONTEXT):
        return round_half_up(rounded * checked / HUNDRED)


def amounts_from_net(net: Decimal | int | str, rate: Decimal | int | str | None) -> LineAmounts:
    """Split a net amount into net, VAT and gross: ``gross = net + vat``."""
    rounded = round_half_up(net)
    vat = vat_of(rounded, rate)
    with localcontext(_CONTEXT):
        return LineAmounts(rounded, vat, rounded + vat)


def amounts_from_gross(gross: Decimal | int | str, rate: Decimal | int | str | None) -> LineAmounts:
    """Split a VAT-inclusive amount (scorporo): net is ``gross / (1 + rate)`` rounded, VAT the rest.

    The gross is kept exactly, so ``net + vat == gross``; the net is the cent closest to
    the exact scorporo, hence ``|net * (1 + rate) - gross| <= 0.005 * (1 + rate)``.
    """
    rounded = round_half_up(gross)
    checked = vat_rate(rate)
    if checked is None:
        return LineAmounts(rounded, ZERO, rounded)
    with localcontext(_CONTEXT):
        net = round_half_up(rounded * HUNDRED / (HUNDRED + checked))
        return LineAmounts(net, _positive_zero(rounded - net), rounded)


def line_amounts(
    unit_amount: Decimal | int | str,
    quantity: Decimal | int | str,
    rate: Decimal | int | str | None,
    *,
    vat_included: bool = False,
) -> LineAmounts:
    """Amounts of ``unit_amount × quantity``, the unit net of VAT unless ``vat_included``.

    The line is rounded once, on its total: VAT is computed on the line's net total (as the
    administrative tables do), not per unit and then multiplied.
    """
    unit = check_amount(unit_amount)
    qty = to_decimal(quantity)
    if qty <= 0:
        raise MoneyError("quantity must be greater than zero")
    with localcontext(_CONTEXT):
        amount = unit * qty
    if amount > MAX_AMOUNT:
        raise MoneyError("amount too large")
    if vat_included:
        return amounts_from_gross(amount, rate)
    return amounts_from_net(amount, rate)


def check_amount(value: Decimal | int | str) -> Decimal:
    """Return a non-negative amount with at most two decimals (as ``x.yy``), or raise MoneyError."""
    amount = to_decimal(value)
    if amount < 0:
        raise MoneyError("amount must not be negative")
    if amount > MAX_AMOUNT:
        raise MoneyError("amount too large")
    rounded = round_half_up(amount)
    if amount != rounded:
        raise MoneyError("amount has more than two decimals")
    return rounded


def total(lines: Iterable[LineAmounts]) -> LineAmounts:
    """Sum of already rounded lines (totals are never rounded again)."""
    result = NO_AMOUNTS
    for line in lines:
        result = result + line
    return result


def percent_of(amount: Decimal | int | str, percent: Decimal | int | str) -> Decimal:
    """``percent`` % of ``amount``, rounded to the cent."""
    with localcontext(_CONTEXT):
        return round_half_up(to_decimal(amount) * to_decimal(percent) / HUNDRED)


def ratio_percent(part: Decimal | int | str, whole: Decimal | int | str) -> Decimal | None:
    """``part / whole`` in percent, to two decimals; ``None`` when ``whole`` is zero."""
    denominator = to_decimal(whole)
    if denominator == 0:
        return None
    with localcontext(_CONTEXT):
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
        """Whether ``count`` falls in this tier's range, both ends included."""
        return count >= self.min_count and (self.max_count is None or count <= self.max_count)


class TierInvalid(MoneyError):
    """A tier refused on its own (range or consequence); ``tier`` is that tier."""

    def __init__(self, message: str, tier: Tier) -> None:
        super().__init__(message)
        self.tier = tier


class TierOverlap(MoneyError):
    """Two tiers whose ranges overlap; ``first`` starts no later than ``second``."""

    def __init__(self, message: str, first: Tier, second: Tier) -> None:
        super().__init__(message)
        self.first = first
        self.second = second


def check_tiers(tiers: Sequence[Tier]) -> None:
    """Raise MoneyError if a tier is malformed or two tiers overlap (TypeError for a float amount).

    The error is a :class:`TierInvalid` or a :class:`TierOverlap`, which carry the tiers
    concerned so that the interface can word the problem in its own language.
    """
    for tier in tiers:
        label = describe_range(tier)
        if tier.min_count < 0:
            raise TierInvalid(f"tier {label}: a tier's minimum count must not be negative", tier)
        if tier.max_count is not None and tier.max_count < tier.min_count:
            raise TierInvalid(f"tier {label}: a tier's maximum count is below its minimum", tier)
        if tier.renegotiate == (tier.unit_amount is not None):
            raise TierInvalid(
                f"tier {label}: a tier has either an amount or the renegotiation flag", tier
            )
        if tier.unit_amount is not None:
            try:
                check_amount(tier.unit_amount)
            except MoneyError as error:
                raise TierInvalid(f"tier {label}: {error}", tier) from None
    ordered = sorted(tiers, key=lambda t: t.min_count)
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.max_count is None or before.max_count >= after.min_count:
            raise TierOverlap(
                f"tiers {describe_range(before)} and {describe_range(after)} overlap", before, after
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

    Fixed amounts are kept as given; a percentage tranche is ``percent_of(budget, percent)``.
    The tranches never add up to more than the budget, and when they cover it exactly (a
    balance, or amounts and percentages worth exactly the budget) they add up to it to the
    cent. Where rounding each percentage on its own would break that (``50 % + 50 %`` of
    ``0.03``; ``33.33 + 33.33 + 33.34 %`` of ``1.00``), the last percentage tranche absorbs
    the difference, as a final payment (saldo) does; should that make it negative (budgets
    of a few cents), the percentages are rounded cumulatively instead.

    Raises MoneyError when the tranches exceed the budget (or their percentages 100 %),
    when more than one is the balance, or when a tranche is not exactly one of amount,
    percent or balance.
    """
    base = check_amount(round_half_up(budget))
    if sum(1 for s in specs if s.is_balance) > 1:
        raise MoneyError("only one tranche can be the balance")
    fixed: list[Decimal | None] = []
    percents: list[Decimal | None] = []
    for spec in specs:
        given = sum(x is not None for x in (spec.amount, spec.percent)) + int(spec.is_balance)
        if given != 1:
            raise MoneyError("a tranche is an amount, a percentage or the balance")
        fixed.append(None if spec.amount is None else check_amount(spec.amount))
        percent = None if spec.percent is None else to_decimal(spec.percent)
        if percent is not None and (percent <= 0 or percent > HUNDRED):
            raise MoneyError("a tranche percentage is between 0 and 100")
        percents.append(percent)
    with localcontext(_CONTEXT):
        percent_total = sum((p for p in percents if p is not None), Decimal(0))
        if percent_total > HUNDRED:
            raise MoneyError(f"the tranches add up to {percent_total} % of the budget, more than 100 %")
        exact = sum((a for a in fixed if a is not None), ZERO) + base * percent_total / HUNDRED
        if exact > base:
            shown = round_half_up(exact)
            raise MoneyError(
                f"the tranches add up to {shown if shown > base else exact}, "
                f"more than the budget of {base}"
            )
        amounts = [
            a if p is None else percent_of(base, p) for a, p in zip(fixed, percents, strict=True)
        ]
        covered = sum((a for a in amounts if a is not None), ZERO)
        has_balance = any(s.is_balance for s in specs)
        if covered > base or (not has_balance and exact == base and covered != base):
            amounts = _settle_rounding(base, round_half_up(exact), amounts, fixed, percents)
            covered = sum((a for a in amounts if a is not None), ZERO)
        remainder = base - covered
    return [remainder if a is None else a for a in amounts]


def _settle_rounding(
    base: Decimal,
    target: Decimal,
    amounts: list[Decimal | None],
    fixed: Sequence[Decimal | None],
    percents: Sequence[Decimal | None],
) -> list[Decimal | None]:
    """Make the non-balance tranches add up to ``target``, the rounded exact sum.

    The last percentage tranche takes the difference; if it would go negative, tranche
    ``i`` becomes ``round(S_i) - round(S_i-1)``, ``S_i`` the exact running total: fixed
    amounts come out unchanged, the amounts add up to ``round(S_n)`` and each percentage
    stays within a cent of its exact share.
    """
    last = max(i for i, p in enumerate(percents) if p is not None)
    others = sum((a for i, a in enumerate(amounts) if a is not None and i != last), ZERO)
    if others <= target:
        settled = list(amounts)
        settled[last] = target - others
        return settled
    result: list[Decimal | None] = []
    running = Decimal(0)
    paid = ZERO
    for amount, percent in zip(fixed, percents, strict=True):
        if amount is not None:
            running += amount
        elif percent is not None:
            running += base * percent / HUNDRED
        else:
            result.append(None)
            continue
        reached = round_half_up(running)
        result.append(reached - paid)
        paid = reached
    return result
