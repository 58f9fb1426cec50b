"""Indicator values as typed (unit marks, wrong units, bounds), attainment and the roll-up."""

from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from coprogetta.lib.indicators import (
    UNITS,
    IndicatorValueError,
    Row,
    attainment,
    capped,
    check_value,
    format_value,
    met,
    parse_value,
    roll_up,
)

D = Decimal


@pytest.mark.parametrize(
    ("unit", "text", "expected"),
    [
        ("percent", "45", "45"),
        ("percent", "45 %", "45"),
        ("percent", "45%", "45"),
        ("percent", "45,5 per cento", "45.5"),
        ("percent", "45,5 percento", "45.5"),
        ("percent", "0", "0"),
        ("percent", "100", "100"),
        ("hours", "12", "12"),
        ("hours", "12 ore", "12"),
        ("hours", "12,5 h", "12.5"),
        ("hours", "1 ora", "1"),
        ("hours", "1.234,5 h", "1234.5"),
        ("eur", "€ 1.200,00", "1200.00"),
        ("eur", "1200 euro", "1200"),
        ("eur", "1.200 EUR", "1200"),
        ("eur", "1200,50 €", "1200.50"),
        ("eur", "€. 26.736,87", "26736.87"),
        ("count", "22", "22"),
        ("count", "22 bambini", "22"),
        ("count", "  22   bambini iscritti ", "22"),
        ("count", "1.500", "1500"),
        ("count", "22,0", "22"),
        ("decimal", "-3,5", "-3.5"),
        ("decimal", "−2", "-2"),
        ("decimal", "3,25 km", "3.25"),
        ("decimal", "0", "0"),
    ],
)
def test_accepted(unit, text, expected):
    assert parse_value(text, unit) == D(expected)


@pytest.mark.parametrize(
    ("unit", "text", "reason", "found"),
    [
        ("percent", "45 h", "wrong_unit", "hours"),
        ("percent", "€ 45", "wrong_unit", "eur"),
        ("percent", "45 bambini", "wrong_unit", "noun"),
        ("percent", "120", "over_100", None),
        ("percent", "100,01", "over_100", None),
        ("percent", "-3", "negative", None),
        ("hours", "12 %", "wrong_unit", "percent"),
        ("hours", "12 euro", "wrong_unit", "eur"),
        ("hours", "-1 h", "negative", None),
        ("eur", "45 %", "wrong_unit", "percent"),
        ("eur", "45 ore", "wrong_unit", "hours"),
        ("eur", "€ -5", "negative", None),
        ("count", "22,5", "not_whole", None),
        ("count", "22 %", "wrong_unit", "percent"),
        ("count", "3 ore", "wrong_unit", "hours"),
        ("count", "€ 3", "wrong_unit", "eur"),
        ("count", "-1", "negative", None),
        ("decimal", "3 h", "wrong_unit", "hours"),
        ("decimal", "1,234", "too_many_decimals", None),
        ("decimal", "1.000.000.000.000", "too_large", None),
        ("decimal", "", "empty", None),
        ("decimal", "   ", "empty", None),
        ("decimal", "tre", "not_a_number", None),
        ("decimal", "3 e 4", "not_a_number", None),
        ("count", "22 bambini 3", "not_a_number", None),
        ("eur", "€ 5 euro", "not_a_number", None),
        ("decimal", "- -3", "not_a_number", None),
        ("decimal", "1..2", "not_a_number", None),
        ("decimal", "45 #", "not_a_number", None),
    ],
)
def test_refused_with_a_reason(unit, text, reason, found):
    with pytest.raises(IndicatorValueError) as caught:
        parse_value(text, unit)
    assert caught.value.reason == reason
    assert caught.value.found == found


def test_unknown_unit_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown unit"):
        parse_value("3", "litres")


@pytest.mark.parametrize(
    ("unit", "value", "shown"),
    [
        ("count", "22", "22"),
        ("decimal", "-3.5", "-3,50"),
        ("percent", "45", "45 %"),
        ("percent", "45.5", "45,50 %"),
        ("hours", "12.5", "12,50 h"),
        ("eur", "1200", "€ 1.200,00"),
    ],
)
def test_format_value(unit, value, shown):
    assert format_value(D(value), unit) == shown


values = st.decimals(min_value=-(10**12) + 1, max_value=10**12 - 1, places=2,
                     allow_nan=False, allow_infinity=False)


@given(st.sampled_from(UNITS), values, st.booleans())
def test_round_trip(unit, value, mark):
    """What a unit accepts, written out (with or without its mark), reads back the same."""
    try:
        check_value(value, unit)
    except IndicatorValueError:
        assume(False)
    assert parse_value(format_value(value, unit, mark=mark), unit) == value


@given(st.sampled_from(UNITS), values)
def test_bounds(unit, value):
    """No unit ever yields a value outside its range, whichever way it is refused."""
    text = format_value(value, "decimal")
    try:
        parsed = parse_value(text, unit)
    except IndicatorValueError as error:
        assert error.reason in {"negative", "not_whole", "over_100"}
        return
    assert parsed == value
    if unit != "decimal":
        assert parsed >= 0
    if unit == "percent":
        assert parsed <= 100
    if unit == "count":
        assert parsed == parsed.to_integral_value()


@given(values, st.sampled_from(["h", "ore", "%", "per cento", "euro"]))
def test_a_count_refuses_every_unit_mark(value, mark):
    with pytest.raises(IndicatorValueError) as caught:
        parse_value(f"{format_value(abs(value).to_integral_value(), 'count')} {mark}", "count")
    assert caught.value.reason == "wrong_unit"


@pytest.mark.parametrize(
    ("value", "target", "baseline", "higher", "expected"),
    [
        ("15", "20", "10", True, "50.0"),
        ("20", "20", "10", True, "100.0"),
        ("25", "20", "10", True, "150.0"),
        ("5", "20", "10", True, "-50.0"),
        ("10", "20", None, True, "50.0"),
        ("1", "3", None, True, "33.3"),
        ("2", "3", None, True, "66.7"),
        # lower is better: waiting days from 30 down to 10
        ("20", "10", "30", False, "50.0"),
        ("10", "10", "30", False, "100.0"),
        ("35", "10", "30", False, "-25.0"),
        # a target equal to the baseline, or no improvement on it, is a limit
        ("10", "10", "10", True, "100.0"),
        ("9", "10", "10", True, "0.0"),
        ("15", "20", "10", False, "100.0"),
        ("25", "20", "10", False, "0.0"),
    ],
)
def test_attainment(value, target, baseline, higher, expected):
    result = attainment(D(value), D(target), None if baseline is None else D(baseline),
                        higher_is_better=higher)
    assert result == D(expected)
    assert str(result) == expected


def test_met_honours_the_direction():
    assert met(D(20), D(20)) and met(D(21), D(20)) and not met(D(19), D(20))
    assert met(D(9), D(10), higher_is_better=False) and not met(D(11), D(10), higher_is_better=False)


small = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)


@given(small, small, st.one_of(st.none(), small), st.booleans())
def test_attainment_reaches_100_exactly_when_met(value, target, baseline, higher):
    base = baseline if baseline is not None else D(0)
    assume(target != base)
    result = attainment(value, target, baseline, higher_is_better=higher)
    improves = (target > base) if higher else (target < base)
    if improves:
        # Met means at least 100 %; not met, at most 100 % (99,96 rounds to 100,0).
        if met(value, target, higher_is_better=higher):
            assert result >= 100
        else:
            assert result <= 100
        assert result == result.quantize(D("0.1"))
    else:
        assert result == (D(100) if met(value, target, higher_is_better=higher) else D(0))


@given(st.lists(st.tuples(st.one_of(st.none(), small), st.booleans(), st.booleans(),
                          st.one_of(st.none(), st.booleans())), max_size=30))
def test_roll_up_counts_and_mean_within_bounds(items):
    rows = [Row(a, reported, approved and reported, m) for a, reported, approved, m in items]
    result = roll_up(rows)
    assert result.total == len(rows)
    assert result.reported == sum(r.reported for r in rows)
    assert result.approved == sum(r.approved for r in rows) <= result.reported
    assert result.met == sum(1 for r in rows if r.met)
    attained = [capped(r.attainment) for r in rows if r.attainment is not None]
    if not attained:
        assert result.attainment is None
    else:
        assert 0 <= result.attainment <= 100
        assert min(attained) - D("0.05") <= result.attainment <= max(attained) + D("0.05")


def test_roll_up_caps_each_row_before_the_mean():
    rows = [Row(D("150.0"), True, True, True), Row(D("-20.0"), True, False, False),
            Row(D("50.0"), True, False, False), Row(None, False, False, None)]
    result = roll_up(rows)
    assert result.attainment == D("50.0")  # (100 + 0 + 50) / 3
    assert (result.reported, result.approved, result.met, result.total) == (3, 1, 1, 4)
    assert roll_up([]).attainment is None
