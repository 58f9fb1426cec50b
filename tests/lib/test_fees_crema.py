"""The fee-tier engine on the sample's nursery tiers, over a year whose counts cross every threshold.

The sample (Crema 2016, Ambito 1, "Risorse Economiche"): € 26.736,87 a month for 11 months
(no August) + IVA 4 %; "qualora il numero dei bambini iscritti al servizio sia tra 21 e 26"
€ 22.909,58; "pari a 20" € 19.304,08; "inferiore a 20 si provvederà alla rimodulazione
complessiva del corrispettivo mensile" (renegotiate).

The thresholds are between 27 and 26 (base / 21–26), 21 and 20 (21–26 / 20) and 20 and 19
(20 / renegotiate). The year below goes down through each of them and back up through each.
"""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib.fees import monthly_fee, projection, projection_months, what_if
from coprogetta.lib.money import Tier, line_amounts

BASE = Decimal("26736.87")
TIER_21_26 = Tier(21, 26, Decimal("22909.58"))
TIER_20 = Tier(20, 20, Decimal("19304.08"))
TIER_BELOW_20 = Tier(0, 19, None, renegotiate=True)
TIERS = [TIER_21_26, TIER_20, TIER_BELOW_20]
START, END = date(2016, 1, 1), date(2016, 12, 31)


def m(month: int) -> date:
    return date(2016, month, 1)


# Every month counted but August (the nursery is closed): the 11 paid months are exactly these.
COUNTS = {
    m(1): 28,   # base
    m(2): 27,   # base, the lowest count that keeps it
    m(3): 26,   # down across 27/26: 21–26
    m(4): 21,   # 21–26, its lower edge
    m(5): 20,   # down across 21/20: the 20 tier
    m(6): 19,   # down across 20/19: renegotiate
    m(7): 15,   # still renegotiate
    m(9): 20,   # up across 19/20
    m(10): 21,  # up across 20/21
    m(11): 27,  # up across 26/27: base again
    m(12): 26,  # and down once more
}


@pytest.mark.parametrize(("count", "unit", "tier", "renegotiate"), [
    (28, BASE, None, False),
    (27, BASE, None, False),
    (26, Decimal("22909.58"), TIER_21_26, False),
    (21, Decimal("22909.58"), TIER_21_26, False),
    (20, Decimal("19304.08"), TIER_20, False),
    # below 20 there is no agreed amount: provisionally the nearest stated above, the 20 fee
    (19, Decimal("19304.08"), TIER_BELOW_20, True),
    (0, Decimal("19304.08"), TIER_BELOW_20, True),
])
def test_each_side_of_every_threshold(count, unit, tier, renegotiate):
    fee = monthly_fee(BASE, TIERS, count)
    assert (fee.unit_amount, fee.tier, fee.renegotiate) == (unit, tier, renegotiate)


def test_the_paid_months_are_the_counted_ones():
    assert projection_months(START, END, 11, list(COUNTS)) == sorted(COUNTS)
    assert m(8) not in projection_months(START, END, 11, list(COUNTS))


def test_the_year_crossing_every_threshold_checked_by_hand():
    months = projection_months(START, END, 11, list(COUNTS))
    result = projection(BASE, 11, TIERS, COUNTS, months, "4")
    # Month by month (unit amounts net of VAT):
    #   Jan 28 -> base        26.736,87
    #   Feb 27 -> base        26.736,87
    #   Mar 26 -> 21–26       22.909,58
    #   Apr 21 -> 21–26       22.909,58
    #   May 20 -> 20          19.304,08
    #   Jun 19 -> renegotiate 19.304,08 (provisional: the 20 fee)
    #   Jul 15 -> renegotiate 19.304,08 (provisional)
    #   Aug    -> not paid (nursery closed, no count)
    #   Sep 20 -> 20          19.304,08
    #   Oct 21 -> 21–26       22.909,58
    #   Nov 27 -> base        26.736,87
    #   Dec 26 -> 21–26       22.909,58
    # Base 3 × 26.736,87 = 80.210,61; 21–26 4 × 22.909,58 = 91.638,32;
    # 20 and provisional 4 × 19.304,08 = 77.216,32.
    # Net: 80.210,61 + 91.638,32 + 77.216,32 = 249.065,25
    # IVA 4 % on the total: 249.065,25 × 0,04 = 9.962,61 (exact)
    # Gross: 249.065,25 + 9.962,61 = 259.027,86
    assert [r.fee.unit_amount for r in result.rows] == [
        Decimal(x) for x in (
            "26736.87", "26736.87", "22909.58", "22909.58", "19304.08", "19304.08", "19304.08",
            "19304.08", "22909.58", "26736.87", "22909.58",
        )
    ]
    assert result.projected.net == Decimal("249065.25")
    assert result.projected.vat == Decimal("9962.61")
    assert result.projected.gross == Decimal("259027.86")
    # Contractual (the sample's): 305.869,79; the year costs 305.869,79 − 259.027,86 = 46.841,93 less.
    assert result.contractual.gross == Decimal("305869.79")
    assert result.difference == Decimal("-46841.93")
    assert result.renegotiate_months == [m(6), m(7)]
    assert [(c.month, c.before, c.after) for c in result.tier_changes] == [
        (m(3), None, TIER_21_26),
        (m(5), TIER_21_26, TIER_20),
        (m(6), TIER_20, TIER_BELOW_20),
        (m(9), TIER_BELOW_20, TIER_20),
        (m(10), TIER_20, TIER_21_26),
        (m(11), TIER_21_26, None),
        (m(12), None, TIER_21_26),
    ]


def test_monthly_invoices_add_up_to_four_cents_less_than_the_year():
    """Invoiced month by month, VAT is rounded eleven times; the engine rounds it once.

    26.736,87 × 1,04 = 27.806,3448 -> 27.806,34 (× 3 = 83.419,02)
    22.909,58 × 1,04 = 23.825,9632 -> 23.825,96 (× 4 = 95.303,84)
    19.304,08 × 1,04 = 20.076,2432 -> 20.076,24 (× 4 = 80.304,96)
    Sum of the invoices: 83.419,02 + 95.303,84 + 80.304,96 = 259.027,82, against 259.027,86.
    """
    months = projection_months(START, END, 11, list(COUNTS))
    result = projection(BASE, 11, TIERS, COUNTS, months, "4")
    invoices = [line_amounts(r.fee.unit_amount, 1, "4").gross for r in result.rows]
    assert sum(invoices) == Decimal("259027.82")
    assert result.projected.gross - sum(invoices) == Decimal("0.04")


def test_what_if_the_count_stays_at_20_from_september():
    months = projection_months(START, END, 11, list(COUNTS))
    result = what_if(BASE, 11, TIERS, COUNTS, months, "4", from_month=m(9), count=20)
    # Jan–Jul as above: 26.736,87 × 2 + 22.909,58 × 2 + 19.304,08 × 3 = 53.473,74 + 45.819,16
    # + 57.912,24 = 157.205,14; Sep–Dec at 20: 19.304,08 × 4 = 77.216,32. Net 234.421,46;
    # IVA 4 % = 9.376,8584 -> 9.376,86; gross 243.798,32.
    assert result.projected.net == Decimal("234421.46")
    assert result.projected.vat == Decimal("9376.86")
    assert result.projected.gross == Decimal("243798.32")


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=11, max_size=11))
def test_the_year_is_the_sum_of_its_months(counts):
    """Whatever the counts, the projected net is the sum of each paid month's fee."""
    months = [m(i) for i in (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12)]
    by_month = dict(zip(months, counts, strict=True))
    result = projection(BASE, 11, TIERS, by_month, months, "4")
    assert result.projected.net == sum(monthly_fee(BASE, TIERS, c).unit_amount for c in counts)
    assert result.projected == line_amounts(result.projected.net, 1, "4")
