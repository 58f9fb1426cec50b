"""Amounts and percentages found inside Italian sentences."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib.textparse.amounts import find_amounts, find_percents, parse_amount
from coprogetta.lib.textparse.numbers import format_number
from coprogetta.lib.textparse.words import number_to_words

D = Decimal


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("13.000€", "13000"),
        ("€ 13.000", "13000"),
        ("€. 13.000,00", "13000.00"),
        ("€.3.568,85", "3568.85"),
        ("euro 13.000", "13000"),
        ("EUR 1.234,50", "1234.50"),
        ("13 mila euro", "13000"),
        ("13mila euro", "13000"),
        ("2 milioni e 700mila euro", "2700000"),
        ("1,5 milioni di euro", "1500000"),
        ("9.450,00 euro", "9450.00"),
    ],
)
def test_amounts_written_every_way(text, value):
    found = find_amounts(f"un importo di {text} per il servizio")
    assert [a.value for a in found] == [D(value)]
    assert found[0].currency


def test_amount_in_words_in_brackets():
    (amount,) = find_amounts("pari a € 13.000,00 (tredicimila/00) annui")
    assert amount.value == D("13000.00") and amount.in_words == D("13000")
    (amount,) = find_amounts("euro 8.500 (ottomilacinquecento/00)")
    assert amount.in_words == D("8500")
    (amount,) = find_amounts("€ 1.550,49 (totale)")
    assert amount.in_words is None


def test_unit_amounts_and_circa():
    amounts = find_amounts("€ 26.736,87 mensili + iva; € 22,00/ora; € 150 al giorno; circa € 3.000,00")
    assert [a.unit for a in amounts] == ["month", "hour", "day", None]
    assert [a.approximate for a in amounts] == [False, False, False, True]
    assert find_amounts("€ 400 per incontri rivolti ai genitori")[0].unit is None


def test_bare_numbers_only_when_asked_and_never_dates_or_rates():
    text = "= 22.269,62 il 31.12.2025, n. 3 sedi, iva 4%, 1.000 ore"
    assert find_amounts(text) == []
    assert [a.value for a in find_amounts(text, bare=True)] == [D("22269.62"), D("1000")]
    assert parse_amount("22.269,62") == D("22269.62")
    with pytest.raises(ValueError):
        parse_amount("nulla")


def test_percentages():
    assert [p.value for p in find_percents("iva 4%, il 7,5 % e il 10 per cento; 33.33%")] == [
        D("4"),
        D("7.5"),
        D("10"),
        D("33.33"),
    ]


amounts = st.decimals(min_value=D("0.01"), max_value=D("99999999.99"), places=2)


@given(amounts, st.sampled_from(["€ {}", "€. {}", "€.{}", "{} €", "{}€", "euro {}", "{} euro"]))
def test_formatted_amounts_read_back(value, layout):
    text = "corrispettivo pari a " + layout.format(format_number(value)) + " per 12 mesi"
    assert [a.value for a in find_amounts(text)] == [value]


@given(st.integers(min_value=1, max_value=999_999))
def test_amount_with_words_reads_back_both(value):
    text = f"€ {format_number(D(value))} ({number_to_words(value)}/00)"
    (amount,) = find_amounts(text)
    assert amount.value == value and amount.in_words == value
