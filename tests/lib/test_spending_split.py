"""The two kinds of money apart (coprogetta.lib.spending): a fee's contract against its
tranches (Billing), and the public body's spend beside the partner's (Split)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import spending

D = Decimal
cents = st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n) / 100)
status = st.sampled_from(["planned", "invoiced", "paid"])
tranche = st.tuples(st.one_of(st.none(), cents), status)
scope = st.tuples(cents, st.lists(tranche, max_size=6))


@given(st.lists(scope, max_size=6))
def test_billing_parts_add_up_to_the_contract_in_every_scope_and_in_total(scopes):
    rows = [spending.billing(contract, tranches) for contract, tranches in scopes]
    for row, (contract, tranches) in zip(rows, scopes, strict=True):
        assert row.paid == sum((a for a, s in tranches if a is not None and s == "paid"), D(0))
        assert row.awaiting == sum((a for a, s in tranches if a is not None and s == "invoiced"), D(0))
        assert row.paid + row.awaiting + row.to_invoice == row.contract == contract
        assert row.contract - row.paid == row.to_pay
        assert row.over == (row.to_invoice < 0)
        assert row.overbilled == max(-row.to_invoice, D(0))
    total = spending.billing_total(rows)
    assert total.contract == sum((r.contract for r in rows), D(0))
    assert total.to_invoice == sum((r.to_invoice for r in rows), D(0))
    assert total.to_pay == sum((r.to_pay for r in rows), D(0))
    assert total.paid + total.awaiting + total.to_invoice == total.contract


def test_billing_of_the_demo_nursery():
    # Ambito 1 of the demo: the nursery's € 305.869,79; four tranches paid (2 × 27.806,34 +
    # 2 × 23.825,96), one invoiced, one planned, and one whose amount cannot be computed.
    tranches = [(D("27806.34"), "paid"), (D("27806.34"), "paid"), (D("23825.96"), "paid"),
                (D("23825.96"), "paid"), (D("23825.96"), "invoiced"), (D("23825.96"), "planned"),
                (None, "paid")]
    row = spending.billing(D("305869.79"), tranches)
    assert (row.paid, row.awaiting, row.invoiced) == (D("103264.60"), D("23825.96"), D("127090.56"))
    assert (row.to_invoice, row.to_pay, row.over) == (D("178779.23"), D("202605.19"), False)
    # tranches of the whole agreement, on a row with no contract of its own
    loose = spending.billing(D("0"), [(D("100"), "paid")])
    assert (loose.to_invoice, loose.over, loose.overbilled) == (D("-100.00"), True, D("100.00"))
    assert spending.billing_total([]) == spending.NOT_BILLED


@given(st.lists(st.tuples(cents, cents, cents, cents), max_size=8))
def test_split_keeps_each_kind_apart(areas):
    splits = [spending.Split(spending.Spend(a, b), spending.Spend(c, d)) for a, b, c, d in areas]
    total = spending.split_total(splits)
    assert total.public == spending.spend_total(s.public for s in splits)
    assert total.partner == spending.spend_total(s.partner for s in splits)
    assert total.public.remaining == total.public.planned - total.public.spent
    assert total.partner.remaining == total.partner.planned - total.partner.spent
    assert total.public.planned == sum((a for a, _b, _c, _d in areas), D(0))


def test_the_demo_no_longer_adds_the_two_kinds():
    # The demo's dashboard used to say € 1.302.537,59 budget and € 1.378.513,38 remaining: the
    # remaining took in the consortium's € 86.670,49. Apart, each remaining is its budget less
    # its actual.
    public = spending.Spend(D("1302537.59"), D("0.00"))
    partner = spending.Spend(D("86670.49"), D("10694.70"))
    total = spending.split_total([spending.Split(public, partner)])
    assert total.public.remaining == D("1302537.59")
    assert total.partner.remaining == D("75975.79")
    assert (public + partner).remaining == D("1378513.38")  # the sum that made no sense
