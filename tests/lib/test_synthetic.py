"""The synthetic dataset's plan: reproducible, proportional to the scale, and valid data."""

import re
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from coprogetta.lib import money, synthetic
from coprogetta.lib.taxcodes import normalise_tax_code

seeds = st.integers(min_value=0, max_value=2**32)
indexes = st.integers(min_value=0, max_value=5999)


@settings(max_examples=20, deadline=None)
@given(seeds, indexes)
def test_a_district_is_the_same_for_the_same_seed(seed, index):
    assert synthetic.district(seed, index) == synthetic.district(seed, index)
    one = synthetic.district(seed, index)
    entries = list(synthetic.time_entries(seed, index, 0, 1, 0, one.agreements[0].areas[0].actions[0],
                                          one.agreements[0].end))
    assert entries == list(synthetic.time_entries(seed, index, 0, 1, 0,
                                                  one.agreements[0].areas[0].actions[0],
                                                  one.agreements[0].end))


def test_another_seed_gives_other_data():
    assert synthetic.district(1, 0) != synthetic.district(2, 0)


def test_a_district_has_the_demo_shape_multiplied():
    size = sum((synthetic.sizes(synthetic.district(7, i)) for i in range(30)), synthetic.Sizes())
    per = {name: value / 30 for name, value in zip(
        ("districts", "organizations", "agreements", "areas", "actions", "time_entries", "resources"),
        size.as_tuple(), strict=True)}
    assert per["agreements"] == 10
    assert per["areas"] == 50
    assert 300 <= per["actions"] <= 360
    assert 3000 <= per["time_entries"] <= 3700
    assert 300 <= per["resources"] <= 360
    assert 28 <= per["organizations"] <= 50


@settings(max_examples=5, deadline=None)
@given(seeds, st.integers(min_value=1, max_value=6))
def test_counts_are_proportional_to_the_scale(seed, scale):
    """Scale N is districts 0..N-1: the main counts are exactly N times the agreements of one."""
    districts = [synthetic.district(seed, i) for i in range(scale)]
    size = sum((synthetic.sizes(d) for d in districts), synthetic.Sizes())
    assert size.districts == scale
    assert size.agreements == synthetic.AGREEMENTS_PER_DISTRICT * scale
    assert size.areas == synthetic.AGREEMENTS_PER_DISTRICT * synthetic.AREAS_PER_AGREEMENT * scale
    assert 5 * size.areas <= size.actions <= 8 * size.areas


@settings(max_examples=25, deadline=None)
@given(seeds, indexes)
def test_the_data_keeps_the_services_invariants(seed, index):
    d = synthetic.district(seed, index)
    codes = [o.tax_code for o in d.organizations]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.match(synthetic.TAX_CODE_PATTERN, code)
        assert normalise_tax_code(code) == code  # a valid check digit
    assert {u.role for u in d.users} == set(synthetic.ROLES)
    keys = {o.key for o in d.organizations}
    assert [o.key for o in d.organizations] == list(range(len(d.organizations)))
    for agreement in d.agreements:
        assert agreement.start < agreement.end
        assert agreement.start <= synthetic.AS_OF
        assert {role for _, role in agreement.parties} >= {"public_body", "third_sector"}
        assert len({key for key, _ in agreement.parties}) == len(agreement.parties)
        assert all(key in keys for key, _ in agreement.parties)
        assert [a.number for a in agreement.areas] == list(range(1, len(agreement.areas) + 1))
        for tranche in agreement.tranches:
            assert agreement.start <= tranche.due <= agreement.end
            if tranche.status != "planned":
                assert tranche.invoice_number and tranche.invoice_date
            if tranche.status == "paid":
                assert tranche.paid_date and tranche.paid_date >= tranche.invoice_date
        specs = [money.TrancheSpec(percent=t.percent, is_balance=t.percent is None)
                 for t in agreement.tranches]
        budget = Decimal("123456.78")
        assert sum(money.resolve_tranches(budget, specs)) == budget
        for checkpoint in agreement.checkpoints:
            assert agreement.start <= checkpoint <= agreement.end
        for contribution in agreement.contributions:
            assert contribution.amount >= 0
            for day, amount, _ in contribution.expenses:
                assert agreement.start <= day <= min(agreement.end, synthetic.AS_OF)
                assert amount > 0
        for programme in agreement.programmes:
            assert agreement.start <= programme.start <= programme.end <= agreement.end
            for _, needs, resources, budget_, _ in programme.activities:
                assert all(0 <= n < len(agreement.needs) for n in needs)
                assert all(0 <= r < len(d.resources) for r in resources)
                assert budget_ >= 0
        for area in agreement.areas:
            _check_area(agreement, area)
    for resource in d.resources:
        assert -90 <= resource.latitude <= 90 and -180 <= resource.longitude <= 180
        assert resource.min_age is None or resource.max_age is None or resource.min_age <= resource.max_age
        assert resource.owner in keys


def _check_area(agreement, area):
    numbers = {}
    for action in area.actions:
        numbers.setdefault(action.kind, []).append(action.number)
        assert agreement.start <= action.start <= action.end <= agreement.end
        assert 0 <= action.progress <= 100
        days = [p.day for p in action.checkpoints]
        assert days == sorted(days)
        if action.checkpoints:
            assert (action.status, action.progress) == (action.checkpoints[-1].status,
                                                        action.checkpoints[-1].percent)
        for p in action.checkpoints:
            assert action.start <= p.day <= synthetic.AS_OF and 0 <= p.percent <= 100
    for kind_numbers in numbers.values():
        assert kind_numbers == list(range(1, len(kind_numbers) + 1))
    for line in area.lines:
        assert line.unit_amount >= 0 and line.quantity > 0
        assert line.vat_rate in {"4", "5", "22", "out_of_scope"}
        assert line.action is None or 0 <= line.action < len(area.actions)
        money.check_tiers([money.Tier(lo, hi, amount, amount is None) for lo, hi, amount in line.tiers])
        months = [m for m, _ in line.counts]
        assert len(set(months)) == len(months)
        for month, count in line.counts:
            assert month.day == 1 and count >= 0
            assert agreement.start <= month <= synthetic.AS_OF
    for staff in area.staff:
        assert staff.hours > 0 and staff.count >= 1 and staff.start <= staff.end
    targets = [day for day, _ in area.indicator.targets]
    assert len(set(targets)) == len(targets)
    for day, _, _approved in area.indicator.values:
        assert day in targets and day <= synthetic.AS_OF


@settings(max_examples=25, deadline=None)
@given(seeds, indexes)
def test_time_entries_fall_inside_the_action_and_before_the_cut(seed, index):
    d = synthetic.district(seed, index)
    agreement = d.agreements[index % len(d.agreements)]
    for area_position, area in enumerate(agreement.areas):
        for position, action in enumerate(area.actions):
            rows = list(synthetic.time_entries(seed, index, 0, area_position, position, action,
                                               agreement.end))
            assert len(rows) == action.entries
            for day, hours, _ in rows:
                assert action.start <= day <= min(action.end, synthetic.AS_OF)
                assert Decimal("0.5") <= hours <= 24


def test_the_vat_rates_of_the_issue_appear():
    rates = {line.vat_rate for i in range(5) for a in synthetic.district(3, i).agreements
             for area in a.areas for line in area.lines}
    assert {"4", "5", "22"} <= rates


def test_tax_code_refuses_numbers_out_of_range():
    assert synthetic.tax_code(0) == synthetic.tax_code(0)
    for number in (-1, 1_000_000):
        try:
            synthetic.tax_code(number)
        except ValueError:
            continue
        raise AssertionError(f"{number} accepted")


def test_months_between_counts_first_days():
    assert synthetic.months_between(date(2024, 11, 15), date(2025, 2, 1)) == [
        date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
