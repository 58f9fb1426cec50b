"""Planned, spent and remaining, and the partner's co-financing share (coprogetta.lib.spending)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import spending

cents = st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n) / 100)
line = st.tuples(cents, st.lists(st.integers(min_value=1, max_value=10**9).map(lambda n: Decimal(n) / 100),
                                 max_size=8))
areas = st.lists(st.lists(line, max_size=6), max_size=5)


@given(areas)
def test_remaining_is_planned_less_spent_and_sums_agree(plan):
    expenses = [
        ((a, i), amount) for a, lines in enumerate(plan) for i, (_, amounts) in enumerate(lines)
        for amount in amounts
    ]
    spent = spending.spent_by_line(expenses)
    area_spends = []
    for a, lines in enumerate(plan):
        rows = [spending.line_spend(planned, spent, (a, i)) for i, (planned, _) in enumerate(lines)]
        for row, (planned, amounts) in zip(rows, lines, strict=True):
            assert row.spent == sum(amounts, Decimal(0))
            assert row.remaining == planned - row.spent
            assert row.over == (row.remaining < 0)
            assert row.overspend == max(-row.remaining, Decimal(0))
        area = spending.spend_total(rows)
        assert area.planned == sum((r.planned for r in rows), Decimal(0))
        assert area.spent == sum((r.spent for r in rows), Decimal(0))
        assert area.remaining == sum((r.remaining for r in rows), Decimal(0))
        area_spends.append(area)
    agreement = spending.spend_total(area_spends)
    assert agreement.remaining == sum((a.remaining for a in area_spends), Decimal(0))
    assert agreement.remaining == agreement.planned - agreement.spent
    assert isinstance(agreement.remaining, Decimal)


def test_supervision_of_the_sample():
    # Ambito 1, "Supervisione psicologica": € 700 planned; € 250 + € 500 spent -> € 50 over
    row = spending.line_spend(Decimal("700.00"), spending.spent_by_line(
        [("sup", Decimal("250")), ("sup", Decimal("500")), ("other", Decimal("9"))]), "sup")
    assert (row.spent, row.remaining, row.over, row.overspend) == (
        Decimal("750"), Decimal("-50.00"), True, Decimal("50.00"))
    assert spending.line_spend(Decimal("700.00"), {}, "none").remaining == Decimal("700.00")
    assert spending.exceeds(Decimal("700"), Decimal("500"), Decimal("201"))
    assert not spending.exceeds(Decimal("700"), Decimal("500"), Decimal("200"))


def test_floats_are_refused():
    with pytest.raises(TypeError):
        spending.spent_by_line([("a", 1.5)])  # type: ignore[list-item]


@given(cents, cents, st.integers(min_value=1, max_value=10000).map(lambda n: Decimal(n) / 100))
def test_cofinancing_share_and_cover(project, reported, percent):
    c = spending.cofinancing(project, reported, percent=percent, amount=Decimal(0))
    assert 0 <= c.covered <= c.share
    assert c.covered + c.to_cover == c.share
    assert c.covered + c.public_part == reported
    assert c.unreported == project - reported


def test_cofinancing_by_hand():
    # € 10.000 project, partner 20 % -> € 2.000; € 3.000 reported -> € 600 covered, € 1.400 to go
    c = spending.cofinancing(Decimal("10000"), Decimal("3000"), percent=Decimal("20"), amount=Decimal(0))
    assert (c.share, c.covered, c.to_cover, c.public_part) == (
        Decimal("2000.00"), Decimal("600.00"), Decimal("1400.00"), Decimal("2400.00"))
    # reported beyond the project: the share is covered whole, never more
    c = spending.cofinancing(Decimal("10000"), Decimal("12000"), percent=Decimal("20"), amount=Decimal(0))
    assert (c.covered, c.to_cover, c.unreported) == (Decimal("2000.00"), Decimal("0.00"), Decimal("-2000.00"))
    # no percentage: the stated amount, and its percentage of the project
    c = spending.cofinancing(Decimal("8000"), Decimal("0"), percent=None, amount=Decimal("2000"))
    assert (c.share, c.percent) == (Decimal("2000"), Decimal("25.00"))
