"""The roll-up of action progress (coprogetta.lib.progress)."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import progress
from coprogetta.lib.progress import Item, rollup

statuses = st.sampled_from(progress.STATUSES)
weights = st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n) / 100)
items = st.builds(Item, statuses, st.integers(0, 100), weights)


def test_weighted_by_budget_and_rounded_half_up():
    # (30 × 1000 + 100 × 3000) / 4000 = 82,5; the cancelled one is left out.
    result = rollup([
        Item("in_progress", 30, Decimal("1000")),
        Item("done", 100, Decimal("3000")),
        Item("cancelled", 80, Decimal("999999")),
    ])
    assert result == progress.Rollup(Decimal("82.5"), True, 2)


def test_done_counts_as_a_hundred_whatever_its_percentage():
    assert rollup([Item("done", 40, Decimal(1)), Item("delayed", 0, Decimal(1))]).percent == Decimal("50.0")


def test_no_budget_in_scope_means_equal_weights_and_says_so():
    result = rollup([Item("in_progress", 10, Decimal(0)), Item("delayed", 15, Decimal(0))])
    assert result == progress.Rollup(Decimal("12.5"), False, 2)


def test_an_action_without_budget_weighs_nothing_when_others_have_one():
    result = rollup([Item("in_progress", 10, Decimal(0)), Item("in_progress", 50, Decimal("200"))])
    assert result.percent == Decimal("50.0") and result.weighted_by_budget


def test_half_up_at_the_second_decimal():
    # (100 × 1 + 0 × 15) / 16 = 6,25 -> 6,3 (half-up, not half-even 6,2)
    result = rollup([Item("in_progress", 100, Decimal(1)), Item("in_progress", 0, Decimal(15))])
    assert result.percent == Decimal("6.3")


def test_nothing_to_count():
    assert rollup([]) == progress.Rollup(None, False, 0)
    assert rollup([Item("cancelled", 0, Decimal(5))]).percent is None


@pytest.mark.parametrize(
    "item",
    [Item("maybe", 0, Decimal(0)), Item("done", 101, Decimal(0)), Item("done", -1, Decimal(0)),
     Item("done", 100, Decimal(-1))],
)
def test_bad_items_are_refused(item):
    with pytest.raises(progress.ProgressError):
        rollup([item])


@given(st.lists(items, max_size=12))
def test_the_rollup_is_the_weighted_mean_within_bounds(values):
    result = rollup(values)
    counted = [i for i in values if i.status != "cancelled"]
    assert result.counted == len(counted)
    if not counted:
        assert result.percent is None
        return
    percents = [progress.counted_percent(i) for i in counted]
    by_budget = any(i.weight > 0 for i in counted)
    assert result.weighted_by_budget == by_budget
    ws = [i.weight if by_budget else Decimal(1) for i in counted]
    exact = sum((w * p for w, p in zip(ws, percents, strict=True)), Decimal(0)) / sum(ws, Decimal(0))
    assert result.percent == exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert result.percent.as_tuple().exponent == -1
    weighted = [p for w, p in zip(ws, percents, strict=True) if w > 0]
    assert min(weighted) - Decimal("0.05") <= result.percent <= max(weighted) + Decimal("0.05")


@given(st.lists(items, max_size=8), items)
def test_a_cancelled_action_never_changes_the_result(values, extra):
    cancelled = Item("cancelled", extra.percent, extra.weight)
    assert rollup([*values, cancelled]).percent == rollup(values).percent


@given(st.lists(items, min_size=1, max_size=8), st.integers(1, 10**6))
def test_scaling_every_budget_changes_nothing(values, factor):
    scaled = [Item(i.status, i.percent, i.weight * factor) for i in values]
    assert rollup(scaled) == rollup(values)


@pytest.mark.parametrize(
    ("status", "percent", "problem"),
    [("done", 100, None), ("done", 90, "done_not_100"), ("not_started", 0, None),
     ("not_started", 5, "not_started_not_0"), ("in_progress", 101, "percent_range"),
     ("delayed", 0, None), ("cancelled", 40, None), ("x", 0, "status")],
)
def test_checkpoint_problem(status, percent, problem):
    assert progress.checkpoint_problem(status, percent) == problem
