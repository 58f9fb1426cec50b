"""Numbers as Italian documents write them: parsing, display, and the round trip."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib.textparse.numbers import (
    NumberFormatError,
    format_date,
    format_eur,
    format_number,
    format_percent,
    parse_number,
)

D = Decimal

cents = st.decimals(
    min_value=-(10**13), max_value=10**13, places=2, allow_nan=False, allow_infinity=False
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26,25", "26.25"),
        ("1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("€ 1.234", "1234"),
        ("1.234,56 €", "1234.56"),
        ("1.234,56€", "1234.56"),
        ("EUR 1.234,56", "1234.56"),
        ("euro 12", "12"),
        ("12 euro", "12"),
        # "€." is how the sample writes the euro sign: "€. 26.736,87", "€.3.568,85"
        ("€. 26.736,87", "26736.87"),
        ("€.3.568,85", "3568.85"),
        # signs, before or after the currency mark
        ("-1.234,56", "-1234.56"),
        ("€ -1.234,56", "-1234.56"),
        ("-€ 1.234,56", "-1234.56"),
        ("- € 1.234,56", "-1234.56"),
        ("\u22121.234,56", "-1234.56"),
        ("+5", "5"),
        ("-0", "0"),
        ("-0,00", "0.00"),
        # grouping with dots (Italian) or commas (international)
        ("1.234.567", "1234567"),
        ("1.234.567,89", "1234567.89"),
        ("1,234.56", "1234.56"),
        ("1,234,567", "1234567"),
        ("1,234,567.89", "1234567.89"),
        # a lone dot before three digits groups thousands; otherwise it is decimal
        ("1.234", "1234"),
        ("-1.234", "-1234"),
        ("12.345", "12345"),
        ("1.23", "1.23"),
        ("1234.567", "1234.567"),
        ("0.123", "0.123"),
        ("0.5", "0.5"),
        # a lone comma is always decimal, as in Italian
        ("1,234", "1.234"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        (".5", "0.5"),
        ("12,", "12"),
        # spaces (regular, no-break, narrow no-break) may group thousands, by three
        ("1 234,56", "1234.56"),
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234,56", "1234.56"),
        ("1\u202f234,56", "1234.56"),
        ("1 234.56", "1234.56"),
        ("€\u00a01.234,56", "1234.56"),
        ("  \t7 \n", "7"),
    ],
)
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == D(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "€",
        "-",
        "+",
        ".",
        ",",
        "--5",
        "-€ -5",
        "5-",
        "(5)",
        "5%",
        "abc",
        "12a",
        "1e5",
        "NaN",
        "Infinity",
        "inf",
        "1_000",
        "1'234,56",
        "\u0661\u0662\u0663",  # Arabic-Indic digits
        "1.2.3",
        "12.345.6",
        "1,23,456",
        "1.234,567.89",
        "1.23,45",
        "1,234,56",
        "01.234.567",
        "12 34",
        "1 2 3",
        "1 234.567,89",
        "1.234 567",
        "1 ,5",
    ],
)
def test_parse_number_refuses(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


def test_long_numbers_are_neither_rounded_nor_truncated():
    """Beyond the 28 digits of the default decimal context, both ways."""
    text = "-123.456.789.012.345.678.901.234.567.890,12"
    value = D("-123456789012345678901234567890.12")
    assert parse_number(text) == value
    assert format_number(value) == text


def test_parse_number_never_returns_negative_zero():
    assert str(parse_number("-0,00")) == "0.00"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("1234.5", 2, "1.234,50"),
        ("26736.87", 2, "26.736,87"),
        ("1302537.59", 2, "1.302.537,59"),
        ("0", 2, "0,00"),
        ("0.5", 2, "0,50"),
        ("-1234.56", 2, "-1.234,56"),
        ("-0.50", 2, "-0,50"),
        ("-0.00", 2, "0,00"),
        ("-0.004", 2, "0,00"),
        ("1234.565", 2, "1.234,57"),  # half up, not half even
        ("0.125", 2, "0,13"),
        ("-0.005", 2, "-0,01"),
        ("2.5", 0, "3"),
        ("-1234.5", 0, "-1.235"),
        ("1234.5678", 3, "1.234,568"),
        ("1E+3", 2, "1.000,00"),
        ("99999999999.99", 2, "99.999.999.999,99"),
        ("123456789012345678901234567890.125", 2, "123.456.789.012.345.678.901.234.567.890,13"),
    ],
)
def test_format_number(value, places, expected):
    assert format_number(D(value), places) == expected


def test_format_number_refuses_what_it_cannot_show():
    with pytest.raises(TypeError):
        format_number(1234.5)
    for bad in (D("NaN"), D("Infinity"), D("-Infinity")):
        with pytest.raises(ValueError):
            format_number(bad)
    with pytest.raises(ValueError):
        format_number(D("1"), -1)


def test_format_eur():
    assert format_eur(D("1234.56")) == "€ 1.234,56"
    assert format_eur(D("-86670.49")) == "€ -86.670,49"
    assert format_eur(D("-0.00")) == "€ 0,00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7.56", "7,56 %"), ("4", "4 %"), ("22.00", "22 %"), ("7.5", "7,50 %"), ("7.999", "8 %"),
     ("0.005", "0,01 %"), ("-0.001", "0 %"), ("100", "100 %")],
)
def test_format_percent(value, expected):
    assert format_percent(D(value)) == expected


def test_format_percent_refuses_floats():
    with pytest.raises(TypeError):
        format_percent(7.56)


def test_format_date():
    assert format_date(date(2016, 12, 31)) == "31/12/2016"
    assert format_date(date(2016, 1, 5)) == "05/01/2016"
    assert format_date(date(5, 1, 2)) == "02/01/0005"
    assert format_date(datetime(2016, 6, 30, 23, 59)) == "30/06/2016"  # noqa: DTZ001


@given(cents)
def test_format_then_parse_round_trips(value):
    assert parse_number(format_number(value)) == value
    assert parse_number(format_eur(value)) == value


@given(st.integers(min_value=0, max_value=4), st.data())
def test_format_then_parse_round_trips_for_any_places(places, data):
    value = data.draw(
        st.decimals(min_value=-(10**12), max_value=10**12, places=places, allow_nan=False,
                    allow_infinity=False)
    )
    assert parse_number(format_number(value, places)) == value


@given(cents)
def test_parse_reads_every_usual_way_of_writing_an_amount(value):
    italian = format_number(value)
    sign, body = ("-", italian[1:]) if italian.startswith("-") else ("", italian)
    international = f"{value:,.2f}"
    written = [
        italian,
        italian.replace(".", ""),  # "1234,56"
        international,  # "1,234.56"
        international.replace(",", ""),  # "1234.56"
        f"€ {italian}",
        f"€. {italian}",
        f"{italian} €",
        f"{sign}€ {body}",
        italian.replace(".", " "),
        italian.replace(".", "\u00a0"),
    ]
    for text in written:
        assert parse_number(text) == value, text
