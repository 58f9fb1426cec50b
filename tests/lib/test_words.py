"""Numbers and dates in Italian words."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib.textparse.words import WordsError, find_dates, number_from_words, number_to_words


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("duemilaventicinque", "2025"),
        ("diciotto", "18"),
        ("ventotto", "28"),
        ("centotto", "108"),
        ("tredicimila/00", "13000"),
        ("ottomilacinquecento/50", "8500.50"),
        ("due milioni e settecentomila", "2700000"),
        ("un milione", "1000000"),
        ("Mille", "1000"),
    ],
)
def test_number_from_words(text, value):
    assert number_from_words(text) == Decimal(value)


def test_not_a_number():
    with pytest.raises(WordsError):
        number_from_words("tantissimi")
    with pytest.raises(WordsError):
        number_from_words("")


@given(st.integers(min_value=0, max_value=999_999_999))
def test_words_round_trip(value):
    assert number_from_words(number_to_words(value)) == value


def test_dates_every_way():
    text = (
        "L'anno duemilaventicinque, il giorno diciotto del mese di febbraio; scadenze 31/12/2025, "
        "31.12.2025, 31-12-25, 2025-12-31, 31 dicembre 2025 e 1° gennaio"
    )
    found = find_dates(text, default_year=2026)
    assert [d.value for d in found] == [date(2025, 2, 18)] + [date(2025, 12, 31)] * 5 + [date(2026, 1, 1)]
    assert [d.year_given for d in found] == [True] * 6 + [False]


def test_dates_day_first_in_words_and_without_year():
    found = find_dates("il giorno quindici del mese di marzo dell'anno duemilaventisei")
    assert [d.value for d in found] == [date(2026, 3, 15)]
    assert find_dates("dal 1° gennaio al 30 giugno") == []
    assert find_dates("il 31 aprile 2025") == []  # no such day


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2069, 12, 31)))
def test_numeric_and_word_dates_read_back(day):
    months = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ]
    texts = [
        f"entro il {day:%d/%m/%Y}",
        f"entro il {day:%d.%m.%Y}",
        f"entro il {day.day} {months[day.month - 1]} {day.year}",
        f"l'anno {number_to_words(day.year)}, il giorno {number_to_words(day.day)} del mese di "
        f"{months[day.month - 1]}",
    ]
    for text in texts:
        assert [d.value for d in find_dates(text)] == [day], text
