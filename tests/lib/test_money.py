"""The money engine: the sample's summary table to the cent, and the rules as properties."""

import subprocess
import sys
from decimal import Decimal, localcontext

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coprogetta.lib import money
from coprogetta.lib.money import LineAmounts, MoneyError, Tier, TrancheSpec

D = Decimal

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
rates = st.sampled_from([*money.VAT_RATES, None])


def factor(rate: Decimal | None) -> Decimal:
    return 1 + (rate if rate is not None else D(0)) / D(100)


# -- the sample: Crema 2016, "Scheda economica di sintesi" ----------------------------------

# (unit amount, quantity, VAT rate) -> (net, VAT, gross), as the summary table states them.
SAMPLE_LINES = [
    pytest.param("26736.87", 11, "4", ("294105.57", "11764.22", "305869.79"), id="ambito1-nido"),
    pytest.param("3568.85", 6, "4", ("21413.10", "856.52", "22269.62"), id="ambito2-prepost"),
    pytest.param("62280.00", 1, "4", ("62280.00", "2491.20", "64771.20"), id="ambito2-colonia"),
    pytest.param("2300.00", 12, "4", ("27600.00", "1104.00", "28704.00"), id="ambito3-accoglienza"),
    pytest.param("7283.00", 12, "4", ("87396.00", "3495.84", "90891.84"), id="ambito3-equipe"),
    pytest.param("42479.93", 1, "4", ("42479.93", "1699.20", "44179.13"), id="ambito4"),
    pytest.param("426842.00", 1, "22", ("426842.00", "93905.24", "520747.24"), id="ambito5-impianti"),
    pytest.param("16550.00", 1, "22", ("16550.00", "3641.00", "20191.00"), id="ambito5-facchinaggio"),
    pytest.param("167962.11", 1, "22", ("167962.11", "36951.66", "204913.77"), id="ambito5-verde"),
]


def sample_line(unit: str, quantity: int, rate: str) -> LineAmounts:
    return money.line_amounts(D(unit), quantity, rate)


@pytest.mark.parametrize(("unit", "quantity", "rate", "expected"), SAMPLE_LINES)
def test_sample_lines_to_the_cent(unit, quantity, rate, expected):
    assert sample_line(unit, quantity, rate) == LineAmounts(*(D(x) for x in expected))


def test_sample_ambito_3_is_two_lines_summed():
    lines = [sample_line("2300.00", 12, "4"), sample_line("7283.00", 12, "4")]
    assert money.total(lines) == LineAmounts(D("114996.00"), D("4599.84"), D("119595.84"))


def test_sample_area_totals_stated_in_the_text():
    ambito2 = [sample_line("3568.85", 6, "4"), sample_line("62280.00", 1, "4")]
    assert money.total(ambito2) == LineAmounts(D("83693.10"), D("3347.72"), D("87040.82"))
    ambito5 = [
        sample_line("426842.00", 1, "22"),
        sample_line("16550.00", 1, "22"),
        sample_line("167962.11", 1, "22"),
    ]
    assert money.total(ambito5) == LineAmounts(D("611354.11"), D("134497.90"), D("745852.01"))


def test_sample_grand_totals():
    lines = [sample_line(*p.values[:3]) for p in SAMPLE_LINES]
    assert money.total(lines) == LineAmounts(D("1146628.71"), D("155908.88"), D("1302537.59"))


def test_sample_consortium_resources_and_their_ratio():
    items = [D("5540.00"), D("8450.00"), D("11490.00"), D("11140.00"), D("39500.00")]
    quotas = [D("9000.00"), D("1550.49")]
    assert sum(items) == D("76120.00")
    assert sum(quotas) == D("10550.49")
    resources = sum(items + quotas, money.ZERO)
    assert resources == D("86670.49")
    # The document rounds it down to "7,5 %"; to two decimals it is 7.56 %.
    assert money.ratio_percent(resources, D("1146628.71")) == D("7.56")


def test_vat_is_computed_on_the_line_total_not_per_month():
    """The sample applies 4 % to 294105.57 (11764.22), not to each month (11 × 1069.47)."""
    per_month = money.vat_of(D("26736.87"), "4")
    assert per_month == D("1069.47")
    assert per_month * 11 == D("11764.17")
    assert money.line_amounts(D("26736.87"), 11, "4").vat == D("11764.22")


def test_sample_fee_tiers_for_the_nursery():
    tiers = [
        Tier(21, 26, D("22909.58")),
        Tier(20, 20, D("19304.08")),
        Tier(0, 19, None, renegotiate=True),
    ]
    money.check_tiers(tiers)
    assert money.tier_for(27, tiers) is None  # the base monthly fee, 26736.87
    assert money.tier_for(26, tiers) == tiers[0]
    assert money.tier_for(21, tiers) == tiers[0]
    assert money.tier_for(20, tiers) == tiers[1]
    assert money.tier_for(19, tiers) == tiers[2]
    assert [money.describe_range(t) for t in tiers] == ["21–26", "20", "0–19"]
    assert money.describe_range(Tier(27, None, D("26736.87"))) == "≥ 27"


def test_hourly_cost_with_vat_included():
    """26.25 €/h × 76 h, 5 % VAT included: the engine splits the gross."""
    line = money.line_amounts(D("26.25"), 76, "5", vat_included=True)
    assert line == LineAmounts(D("1900.00"), D("95.00"), D("1995.00"))


# -- rounding -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("0.0049", "0.00"),
        ("2.675", "2.68"),
        ("-2.675", "-2.68"),
        ("-0.005", "-0.01"),
        ("1069.4748", "1069.47"),
        ("11764.2228", "11764.22"),
        (7, "7.00"),
    ],
)
def test_round_half_up_examples(value, expected):
    assert str(money.round_half_up(value)) == expected


def test_rounding_never_gives_negative_zero():
    assert str(money.round_half_up(D("-0.004"))) == "0.00"
    assert str(money.vat_of(D("-0.01"), "22")) == "0.00"
    assert str(money.check_amount(D("-0.00"))) == "0.00"


def test_results_do_not_depend_on_the_callers_decimal_context():
    with localcontext() as context:
        context.prec = 6
        assert money.line_amounts(D("26736.87"), 11, "4").gross == D("305869.79")
        assert money.round_half_up(D("99999999999.99")) == D("99999999999.99")


def test_huge_values_raise_money_error_not_invalid_operation():
    assert money.round_half_up("1e30") == D("1e30")
    with pytest.raises(MoneyError):
        money.round_half_up("1e100")
    with pytest.raises(MoneyError):
        money.line_amounts(D("99999999999.99"), 2, "4")


def test_check_amount_normalises_to_cents():
    assert str(money.check_amount(100)) == "100.00"
    assert str(money.check_amount("1E+2")) == "100.00"
    for bad in ("-0.01", "0.001", "100000000000.00", "abc", "NaN", "Infinity"):
        with pytest.raises(MoneyError):
            money.check_amount(bad)


def test_vat_rate_accepts_the_italian_rates_only():
    assert money.vat_rate("4") == D("4")
    assert money.vat_rate(D("22.00")) == D("22")
    assert money.vat_rate(None) is None
    assert money.vat_rate(money.OUT_OF_SCOPE) is None
    for bad in ("3", "0.04", "", "iva"):
        with pytest.raises(MoneyError):
            money.vat_rate(bad)


def test_line_amounts_refuses_bad_lines():
    for unit, quantity in [("-1.00", 1), ("1.001", 1), ("1.00", 0), ("1.00", -1)]:
        with pytest.raises(MoneyError):
            money.line_amounts(unit, quantity, "22")


def test_ratio_percent_of_zero_is_none():
    assert money.ratio_percent(D("10"), D("0")) is None


def test_vat_of_rounds_the_net_first():
    assert money.vat_of(D("0.125"), "4") == money.amounts_from_net(D("0.125"), "4").vat


@given(st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False))
def test_round_half_up_is_idempotent_and_within_half_a_cent(value):
    rounded = money.round_half_up(value)
    assert money.round_half_up(rounded) == rounded
    assert abs(rounded - value) <= D("0.005")
    assert rounded.as_tuple().exponent == -2


# -- lines as properties --------------------------------------------------------------------


@given(amounts, rates)
def test_net_based_line(net, rate):
    line = money.amounts_from_net(net, rate)
    assert line.net == net
    assert line.vat == (money.ZERO if rate is None else money.round_half_up(net * rate / 100))
    assert line.net + line.vat == line.gross


@given(amounts, rates)
def test_gross_based_line_keeps_the_gross_and_is_the_closest_scorporo(gross, rate):
    line = money.amounts_from_gross(gross, rate)
    assert line.gross == gross
    assert line.net + line.vat == line.gross
    assert line.vat >= 0
    assert abs(line.net * factor(rate) - gross) <= D("0.005") * factor(rate)


@given(amounts, st.integers(min_value=1, max_value=24), rates, st.booleans())
def test_line_amounts_is_one_rounding_on_the_line_total(unit, quantity, rate, vat_included):
    assume(unit * quantity <= money.MAX_AMOUNT)
    line = money.line_amounts(unit, quantity, rate, vat_included=vat_included)
    split = money.amounts_from_gross if vat_included else money.amounts_from_net
    assert line == split(unit * quantity, rate)
    assert line.net + line.vat == line.gross


@given(st.lists(st.tuples(amounts, rates, st.booleans()), max_size=12), st.randoms())
def test_totals_are_sums_of_rounded_lines_in_any_order(specs, random):
    lines = [
        (money.amounts_from_gross if included else money.amounts_from_net)(amount, rate)
        for amount, rate, included in specs
    ]
    result = money.total(lines)
    assert result.net == sum((x.net for x in lines), money.ZERO)
    assert result.vat == sum((x.vat for x in lines), money.ZERO)
    assert result.gross == sum((x.gross for x in lines), money.ZERO)
    assert result.net + result.vat == result.gross
    shuffled = list(lines)
    random.shuffle(shuffled)
    assert money.total(shuffled) == result


# -- floats and bools are refused everywhere ------------------------------------------------

REFUSED = [
    pytest.param(lambda: money.to_decimal(0.1), id="to_decimal"),
    pytest.param(lambda: money.round_half_up(0.1), id="round_half_up"),
    pytest.param(lambda: money.check_amount(1.5), id="check_amount"),
    pytest.param(lambda: money.vat_rate(4.0), id="vat_rate"),
    pytest.param(lambda: money.vat_of(100.0, "4"), id="vat_of"),
    pytest.param(lambda: money.amounts_from_net(100.0, "4"), id="amounts_from_net"),
    pytest.param(lambda: money.amounts_from_gross(100.0, "4"), id="amounts_from_gross"),
    pytest.param(lambda: money.line_amounts(26.25, 76, "5"), id="line-unit"),
    pytest.param(lambda: money.line_amounts(D("26.25"), 76.0, "5"), id="line-quantity"),
    pytest.param(lambda: money.line_amounts(D("26.25"), 76, 5.0), id="line-rate"),
    pytest.param(lambda: money.percent_of(100.0, 5), id="percent_of-amount"),
    pytest.param(lambda: money.percent_of(D("100"), 5.0), id="percent_of-percent"),
    pytest.param(lambda: money.ratio_percent(1.0, D("2")), id="ratio_percent"),
    pytest.param(lambda: money.resolve_tranches(100.0, []), id="tranches-budget"),
    pytest.param(
        lambda: money.resolve_tranches(D("100"), [TrancheSpec(amount=10.0)]),
        id="tranches-amount",
    ),
    pytest.param(
        lambda: money.resolve_tranches(D("100"), [TrancheSpec(percent=10.0)]),
        id="tranches-percent",
    ),
    pytest.param(lambda: money.check_tiers([Tier(0, 5, 1.5)]), id="tier-amount"),
    # bools are ints to Python, never amounts, counts or rates here
    pytest.param(lambda: money.to_decimal(True), id="bool-to_decimal"),
    pytest.param(lambda: money.round_half_up(False), id="bool-round_half_up"),
    pytest.param(lambda: money.line_amounts(True, 1, "4"), id="bool-line-unit"),
    pytest.param(lambda: money.line_amounts(D("1"), True, "4"), id="bool-line-quantity"),
    pytest.param(lambda: money.vat_rate(True), id="bool-vat_rate"),
    pytest.param(lambda: money.percent_of(D("100"), True), id="bool-percent_of"),
    pytest.param(lambda: money.resolve_tranches(True, []), id="bool-tranches-budget"),
    pytest.param(lambda: money.check_tiers([Tier(0, 5, True)]), id="bool-tier-amount"),
]


@pytest.mark.parametrize("call", REFUSED)
def test_floats_and_bools_are_refused_with_type_error(call):
    with pytest.raises(TypeError):
        call()


# -- fee tiers ------------------------------------------------------------------------------


@st.composite
def separate_tiers(draw):
    """Non-overlapping tiers in a random order, the highest possibly open-ended."""
    widths = draw(st.lists(st.integers(0, 20), min_size=1, max_size=6))
    tiers = []
    start = draw(st.integers(0, 5))
    for width in widths:
        tiers.append(Tier(start, start + width, D("1.00")))
        start += width + 1 + draw(st.integers(0, 5))
    if draw(st.booleans()):
        last = tiers[-1]
        tiers[-1] = Tier(last.min_count, None, None, renegotiate=True)
    return draw(st.permutations(tiers))


def inside(tier: Tier, count: int) -> bool:
    return tier.min_count <= count and (tier.max_count is None or count <= tier.max_count)


@given(separate_tiers())
def test_tier_for_picks_the_one_containing_tier(tiers):
    money.check_tiers(tiers)
    top = max(t.max_count if t.max_count is not None else t.min_count for t in tiers)
    for count in range(top + 5):
        containing = [t for t in tiers if inside(t, count)]
        assert len(containing) <= 1
        assert money.tier_for(count, tiers) == (containing[0] if containing else None)


def overlap(a: Tier, b: Tier) -> bool:
    a_max = a.max_count if a.max_count is not None else 10**9
    b_max = b.max_count if b.max_count is not None else 10**9
    return a.min_count <= b_max and b.min_count <= a_max


@st.composite
def any_tiers(draw):
    tiers = []
    for _ in range(draw(st.integers(1, 5))):
        low = draw(st.integers(0, 40))
        high = draw(st.one_of(st.none(), st.integers(low, 60)))
        tiers.append(Tier(low, high, D("10.00")))
    return tiers


@given(any_tiers())
def test_check_tiers_raises_exactly_when_two_tiers_overlap(tiers):
    overlapping = any(overlap(a, b) for i, a in enumerate(tiers) for b in tiers[i + 1 :])
    if overlapping:
        with pytest.raises(MoneyError, match="overlap"):
            money.check_tiers(tiers)
    else:
        money.check_tiers(tiers)


@given(separate_tiers(), st.data())
def test_adding_an_overlapping_tier_is_refused(tiers, data):
    victim = data.draw(st.sampled_from(tiers))
    top = victim.max_count if victim.max_count is not None else victim.min_count + 10
    low = data.draw(st.integers(victim.min_count, top))
    intruder = Tier(low, data.draw(st.one_of(st.none(), st.integers(low, low + 30))), D("2.00"))
    with pytest.raises(MoneyError, match="overlap"):
        money.check_tiers([*tiers, intruder])


@pytest.mark.parametrize(
    ("tier", "message"),
    [
        (Tier(-1, 5, D("1.00")), "tier -1–5: a tier's minimum count must not be negative"),
        (Tier(10, 5, D("1.00")), "tier 10–5: a tier's maximum count is below its minimum"),
        (Tier(1, 5, D("1.00"), renegotiate=True), "tier 1–5: a tier has either an amount or the"),
        (Tier(1, 5), "tier 1–5: a tier has either an amount or the renegotiation flag"),
        (Tier(1, 5, D("1.001")), "tier 1–5: amount has more than two decimals"),
        (Tier(1, 5, D("-1.00")), "tier 1–5: amount must not be negative"),
    ],
)
def test_check_tiers_says_which_tier_is_wrong(tier, message):
    with pytest.raises(MoneyError, match=message) as caught:
        money.check_tiers([tier])
    assert isinstance(caught.value, money.TierInvalid)
    assert caught.value.tier == tier


def test_check_tiers_names_the_overlapping_pair():
    with pytest.raises(MoneyError, match="tiers 20–26 and 21–30 overlap") as caught:
        money.check_tiers([Tier(21, 30, D("1.00")), Tier(20, 26, D("2.00"))])
    assert isinstance(caught.value, money.TierOverlap)
    assert (caught.value.first, caught.value.second) == (Tier(20, 26, D("2.00")), Tier(21, 30, D("1.00")))
    with pytest.raises(MoneyError, match="tiers ≥ 20 and 25 overlap") as caught:
        money.check_tiers([Tier(20, None, None, renegotiate=True), Tier(25, 25, D("2.00"))])
    assert isinstance(caught.value, money.TierOverlap)
    assert money.describe_range(caught.value.first) == "≥ 20"
    assert money.describe_range(caught.value.second) == "25"


def test_tier_for_refuses_negative_counts():
    with pytest.raises(MoneyError):
        money.tier_for(-1, [])


# -- payment tranches -----------------------------------------------------------------------

percents = st.decimals(min_value=D("0.01"), max_value=100, places=2, allow_nan=False, allow_infinity=False)
small_amounts = st.decimals(min_value=0, max_value=D("0.20"), places=2)
tranche_specs = st.one_of(
    st.builds(TrancheSpec, amount=amounts.filter(lambda a: a <= 10**6)),
    st.builds(TrancheSpec, percent=percents),
)


@st.composite
def tranche_plans(draw):
    budget = draw(st.one_of(amounts, small_amounts))
    specs = draw(st.lists(tranche_specs, max_size=6))
    if draw(st.booleans()):
        specs.insert(draw(st.integers(0, len(specs))), TrancheSpec(is_balance=True))
    return budget, specs


@given(tranche_plans())
def test_tranches_never_exceed_the_budget_and_the_balance_closes_it(plan):
    budget, specs = plan
    percent_total = sum((s.percent for s in specs if s.percent is not None), D(0))
    exact = sum((s.amount for s in specs if s.amount is not None), D(0)) + budget * percent_total / 100
    if percent_total > 100 or exact > budget:
        with pytest.raises(MoneyError):
            money.resolve_tranches(budget, specs)
        return
    resolved = money.resolve_tranches(budget, specs)
    assert len(resolved) == len(specs)
    assert all(a >= 0 and a == money.round_half_up(a) for a in resolved)
    assert sum(resolved, money.ZERO) <= budget
    if any(s.is_balance for s in specs) or exact == budget:
        assert sum(resolved, money.ZERO) == budget
    with_percent = [i for i, s in enumerate(specs) if s.percent is not None]
    for i, (spec, amount) in enumerate(zip(specs, resolved, strict=True)):
        if spec.amount is not None:
            assert amount == spec.amount
        elif spec.percent is not None:
            share = budget * spec.percent / 100
            slack = D("0.01") if i != with_percent[-1] else D("0.005") * len(with_percent)
            assert abs(amount - share) <= slack


@given(amounts, st.lists(percents, min_size=1, max_size=5))
def test_percentages_summing_to_100_resolve_to_the_budget(budget, parts):
    assume(sum(parts) < 100)
    specs = [TrancheSpec(percent=p) for p in parts] + [TrancheSpec(percent=100 - sum(parts))]
    resolved = money.resolve_tranches(budget, specs)
    assert sum(resolved, money.ZERO) == budget
    assert all(a >= 0 for a in resolved)


@given(amounts, st.lists(amounts, min_size=1, max_size=4))
def test_fixed_part_larger_than_the_budget_is_refused(budget, fixed):
    assume(sum(fixed) > budget)
    with pytest.raises(MoneyError, match="more than the budget"):
        specs = [TrancheSpec(amount=a) for a in fixed] + [TrancheSpec(is_balance=True)]
        money.resolve_tranches(budget, specs)


@pytest.mark.parametrize(
    ("budget", "percents", "expected"),
    [
        ("0.03", ["50", "50"], ["0.02", "0.01"]),
        ("1.00", ["33.33", "33.33", "33.34"], ["0.33", "0.33", "0.34"]),
        ("305869.79", ["30", "30", "40"], ["91760.94", "91760.94", "122347.91"]),
        ("1000.00", ["40", "60"], ["400.00", "600.00"]),
    ],
)
def test_percentages_summing_to_100_are_settled_by_the_last_tranche(budget, percents, expected):
    specs = [TrancheSpec(percent=D(p)) for p in percents]
    assert money.resolve_tranches(D(budget), specs) == [D(x) for x in expected]


def test_tiny_budgets_fall_back_to_cumulative_rounding():
    """Settling on the last tranche would make it negative (0.02 - 0.03): round running totals."""
    specs = [TrancheSpec(percent=D("25"))] * 4
    assert money.resolve_tranches(D("0.02"), specs) == [D("0.01"), D("0.00"), D("0.01"), D("0.00")]


def test_tranches_with_a_balance():
    specs = [TrancheSpec(percent=D("30")), TrancheSpec(amount=D("1000.00")), TrancheSpec(is_balance=True)]
    assert money.resolve_tranches(D("10000.01"), specs) == [D("3000.00"), D("1000.00"), D("6000.01")]
    # rounding each percentage up would overshoot: the balance is then zero, never negative
    specs = [TrancheSpec(percent=D("25"))] * 3 + [TrancheSpec(is_balance=True)]
    assert money.resolve_tranches(D("0.02"), specs) == [D("0.01"), D("0.01"), D("0.00"), D("0.00")]


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ([TrancheSpec(is_balance=True), TrancheSpec(is_balance=True)], "only one tranche"),
        ([TrancheSpec()], "an amount, a percentage or the balance"),
        ([TrancheSpec(amount=D("1"), percent=D("1"))], "an amount, a percentage or the balance"),
        ([TrancheSpec(percent=D("0"))], "between 0 and 100"),
        ([TrancheSpec(percent=D("100.01"))], "between 0 and 100"),
        ([TrancheSpec(percent=D("50")), TrancheSpec(percent=D("50.01"))],
         "the tranches add up to 100.01 % of the budget, more than 100 %"),
        ([TrancheSpec(amount=D("600")), TrancheSpec(amount=D("500"))],
         "the tranches add up to 1100.00, more than the budget of 1000.00"),
        ([TrancheSpec(amount=D("600")), TrancheSpec(percent=D("41"))],
         "the tranches add up to 1010.00, more than the budget of 1000.00"),
        ([TrancheSpec(amount=D("1000.00")), TrancheSpec(percent=D("0.0001"))],
         "the tranches add up to 1000.001000, more than the budget of 1000.00"),
    ],
)
def test_bad_tranches_are_refused(specs, message):
    with pytest.raises(MoneyError, match=message):
        money.resolve_tranches(D("1000.00"), specs)


def test_no_tranches():
    assert money.resolve_tranches(D("10.00"), []) == []
    assert money.resolve_tranches(D("10.00"), [TrancheSpec(is_balance=True)]) == [D("10.00")]


# -- purity -----------------------------------------------------------------------------------


def test_lib_does_not_import_django():
    code = (
        "import sys\n"
        "import coprogetta.lib.money, coprogetta.lib.taxcodes, coprogetta.lib.textparse.numbers\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
