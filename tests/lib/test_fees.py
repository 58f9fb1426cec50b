"""The fee-tier engine on the sample's nursery (Crema 2016, Ambito 1, "Risorse Economiche").

26.736,87 a month for 11 months (no August) + IVA 4 %; 21–26 children: 22.909,58;
20 children: 19.304,08; below 20: the fee is renegotiated.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib.fees import (
    monthly_fee,
    projection,
    projection_months,
    what_if,
)
from coprogetta.lib.money import MoneyError, Tier, TierOverlap

BASE = Decimal("26736.87")
TIERS = [
    Tier(21, 26, Decimal("22909.58")),
    Tier(20, 20, Decimal("19304.08")),
    Tier(0, 19, None, renegotiate=True),
]
START, END = date(2016, 1, 1), date(2016, 12, 31)


def m(month: int) -> date:
    return date(2016, month, 1)


# Counts crossing every threshold. December is counted, so August (no count) is the month
# not paid; November has no count and carries October's 27.
COUNTS = {
    m(1): 27, m(2): 26, m(3): 21, m(4): 20, m(5): 19, m(6): 20, m(7): 21, m(9): 26, m(10): 27,
    m(12): 28,
}


def test_monthly_fee_at_every_threshold():
    assert monthly_fee(BASE, TIERS, 27) == monthly_fee(BASE, TIERS, 40)
    assert monthly_fee(BASE, TIERS, 27).unit_amount == BASE
    assert monthly_fee(BASE, TIERS, 27).tier is None
    assert monthly_fee(BASE, TIERS, 26).unit_amount == Decimal("22909.58")
    assert monthly_fee(BASE, TIERS, 21).unit_amount == Decimal("22909.58")
    assert monthly_fee(BASE, TIERS, 20).unit_amount == Decimal("19304.08")
    below = monthly_fee(BASE, TIERS, 19)
    assert below.renegotiate and below.tier == TIERS[2]
    # provisional: the nearest amount stated above "below 20", the 20-children fee
    assert below.unit_amount == Decimal("19304.08")
    assert monthly_fee(BASE, TIERS, 0).renegotiate


def test_months_follow_the_counts():
    assert projection_months(START, END, 11) == [m(i) for i in range(1, 12)]
    months = projection_months(START, END, 11, list(COUNTS))
    assert months == [m(i) for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12)]
    # counts not yet entered for some months: those months stay paid, carrying a count
    assert projection_months(START, END, 11, [m(1), m(2), m(5)]) == [m(i) for i in range(1, 12)]
    # a counted month is always paid
    assert len(projection_months(START, END, 11, [m(i) for i in range(1, 13)])) == 12
    # never beyond the agreement's end without a count
    assert projection_months(START, date(2016, 6, 30), 11) == [m(i) for i in range(1, 7)]


def test_the_sample_year_checked_by_hand():
    months = projection_months(START, END, 11, list(COUNTS))
    result = projection(BASE, 11, TIERS, COUNTS, months, "4")
    # Contractual: 26.736,87 × 11 = 294.105,57; IVA 4 % = 11.764,2228 -> 11.764,22;
    # gross 305.869,79 (the sample's own figures).
    assert result.contractual.net == Decimal("294105.57")
    assert result.contractual.vat == Decimal("11764.22")
    assert result.contractual.gross == Decimal("305869.79")
    # Month by month:
    #   Jan 27 -> base 26.736,87     Feb 26 -> 22.909,58    Mar 21 -> 22.909,58
    #   Apr 20 -> 19.304,08          May 19 -> renegotiate, provisional 19.304,08
    #   Jun 20 -> 19.304,08          Jul 21 -> 22.909,58    (Aug not paid)
    #   Sep 26 -> 22.909,58          Oct 27 -> 26.736,87
    #   Nov (no count, carries 27) -> 26.736,87   Dec 28 -> 26.736,87
    # base:     26.736,87 × 4 = 106.947,48
    # 21–26:    22.909,58 × 4 =  91.638,32
    # 20 / <20: 19.304,08 × 3 =  57.912,24
    # net = 106.947,48 + 91.638,32 + 57.912,24 = 256.498,04
    # IVA 4 % = 10.259,9216 -> 10.259,92; gross = 266.757,96
    # difference = 266.757,96 − 305.869,79 = −39.111,83
    assert [r.fee.unit_amount for r in result.rows] == [Decimal(x) for x in (
        "26736.87", "22909.58", "22909.58", "19304.08", "19304.08", "19304.08", "22909.58",
        "22909.58", "26736.87", "26736.87", "26736.87",
    )]
    assert result.projected.net == Decimal("256498.04")
    assert result.projected.vat == Decimal("10259.92")
    assert result.projected.gross == Decimal("266757.96")
    assert result.difference == Decimal("-39111.83")
    assert [r.reported for r in result.rows][-2:] == [False, True]
    assert [r.count for r in result.rows][-2:] == [27, 28]


def test_tier_change_and_renegotiate_warnings():
    months = projection_months(START, END, 11, list(COUNTS))
    result = projection(BASE, 11, TIERS, COUNTS, months, "4")
    assert [(c.month.month, c.before, c.after) for c in result.tier_changes] == [
        (2, None, TIERS[0]), (4, TIERS[0], TIERS[1]), (5, TIERS[1], TIERS[2]),
        (6, TIERS[2], TIERS[1]), (7, TIERS[1], TIERS[0]), (10, TIERS[0], None),
    ]
    assert result.renegotiate_months == [m(5)]


def test_no_counts_is_the_contract():
    months = projection_months(START, END, 11)
    result = projection(BASE, 11, TIERS, {}, months, "4")
    assert result.projected == result.contractual
    assert result.difference == 0
    assert not result.tier_changes and not result.renegotiate_months


def test_what_if_22_from_september():
    months = projection_months(START, END, 11, list(COUNTS))
    result = what_if(BASE, 11, TIERS, COUNTS, months, "4", from_month=m(9), count=22)
    # Jan–Jul as reported: 26.736,87 + 22.909,58 × 3 + 19.304,08 × 3 = 26.736,87 + 68.728,74
    #   + 57.912,24 = 153.377,85; Sep–Dec at 22: 22.909,58 × 4 = 91.638,32
    # net 245.016,17; IVA 4 % = 9.800,6468 -> 9.800,65; gross 254.816,82
    assert result.projected.net == Decimal("245016.17")
    assert result.projected.gross == Decimal("254816.82")
    assert [r.count for r in result.rows if r.month >= m(9)] == [22, 22, 22, 22]


def test_vat_included_line_splits_the_total():
    result = projection(Decimal("104.00"), 2, [], {}, [m(1), m(2)], "4", vat_included=True)
    assert (result.projected.net, result.projected.vat, result.projected.gross) == (
        Decimal("200.00"), Decimal("8.00"), Decimal("208.00"),
    )


def test_bad_input_is_refused():
    with pytest.raises(TypeError):
        monthly_fee(26736.87, TIERS, 27)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        monthly_fee(BASE, TIERS, 20.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        monthly_fee(BASE, TIERS, True)
    with pytest.raises(MoneyError, match="negative"):
        monthly_fee(BASE, TIERS, -1)
    with pytest.raises(MoneyError, match="negative"):
        projection(BASE, 11, TIERS, {m(1): -3}, [m(1)], "4")
    with pytest.raises(TypeError):
        projection(BASE, 11.0, TIERS, {}, [m(1)], "4")  # type: ignore[arg-type]
    with pytest.raises(TierOverlap):
        monthly_fee(BASE, [*TIERS, Tier(25, 30, Decimal("1.00"))], 27)
    with pytest.raises(MoneyError, match="negative"):
        what_if(BASE, 11, TIERS, {}, [m(1)], "4", from_month=m(1), count=-2)


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2)


@given(
    base=amounts,
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12),
)
def test_projected_net_is_the_sum_of_monthly_units(base, counts):
    months = [m(i + 1) for i in range(len(counts))]
    result = projection(base, len(counts), TIERS, dict(zip(months, counts, strict=True)), months, None)
    assert result.projected.net == sum(r.fee.unit_amount for r in result.rows)
    assert result.projected.gross == result.projected.net


@given(
    base=amounts,
    counts=st.lists(st.integers(min_value=27, max_value=500), min_size=1, max_size=12),
    rate=st.sampled_from(["0", "4", "5", "10", "22", None]),
    included=st.booleans(),
)
def test_above_the_top_tier_the_projection_is_the_contract(base, counts, rate, included):
    months = [m(i + 1) for i in range(len(counts))]
    result = projection(
        base, len(counts), TIERS, dict(zip(months, counts, strict=True)), months, rate, included
    )
    assert result.projected == result.contractual
    assert not result.tier_changes and not result.renegotiate_months
