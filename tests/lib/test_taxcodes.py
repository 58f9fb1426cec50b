"""Codice fiscale and partita IVA: normalised and checked."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.it import codicefiscale

from coprogetta.lib.taxcodes import TaxCodeError, normalise_tax_code

# Synthetic persons; the check characters are computed with stdnum (calc_check_digit).
MARIO = "RSSMRA85T10A562S"  # male, born 10/12/1985
LAURA = "BNCLRA90A41H501F"  # female (day + 40), born 01/01/1990, in Rome (H501)


def test_the_synthetic_codes_are_built_with_stdnum():
    assert MARIO[-1] == codicefiscale.calc_check_digit(MARIO[:-1])
    assert LAURA[-1] == codicefiscale.calc_check_digit(LAURA[:-1])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("00111540191", "00111540191"),  # a partita IVA with a valid check digit
        ("IT00111540191", "00111540191"),
        ("it00111540191", "00111540191"),
        (" IT 001 115 401 91 ", "00111540191"),
        ("001-115-401-91", "00111540191"),
        ("00111540191\n", "00111540191"),
        ("\u00a000111540191\u00a0", "00111540191"),
        (MARIO, MARIO),
        (MARIO.lower(), MARIO),
        ("rss mra 85t10 a562s", MARIO),
        (" " + LAURA.lower() + " ", LAURA),
    ],
)
def test_valid_codes_are_normalised(text, expected):
    assert normalise_tax_code(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "00111540192",  # wrong check digit
        "00111540190",
        "IT00111540192",
        "0011154019",  # too short
        "001115401911",  # too long
        "0011154019A",
        "00000000000",
        "RSSMRA85T10A562T",  # wrong check character
        "BNCLRA90A41H501G",
        "RSSMRA85T10A562",  # too short
        "RSSMRA85T10A562SX",
        "ITRSSMRA85T10A562S",  # the IT prefix belongs to VAT numbers only
        "RSSMRA85T1!A562S",
    ],
)
def test_invalid_codes_are_refused(text):
    with pytest.raises(TaxCodeError):
        normalise_tax_code(text)


def test_a_code_with_an_impossible_birth_date_is_refused():
    body = "RSSMRA85T32A562"  # 32 December
    with pytest.raises(TaxCodeError):
        normalise_tax_code(body + codicefiscale.calc_check_digit(body))


def test_a_tax_code_is_text():
    with pytest.raises(TypeError):
        normalise_tax_code(111540191)


partite_iva = st.builds(
    lambda serial, office: f"{serial:07d}{office:03d}",
    st.integers(min_value=1, max_value=9_999_999),
    st.one_of(st.integers(min_value=1, max_value=100), st.sampled_from([120, 121, 888, 999])),
)


@given(partite_iva)
def test_exactly_one_check_digit_is_valid(body):
    good = luhn.calc_check_digit(body)
    assert normalise_tax_code(body + good) == body + good
    assert normalise_tax_code("IT " + body + good) == body + good
    for digit in "0123456789":
        if digit != good:
            with pytest.raises(TaxCodeError):
                normalise_tax_code(body + digit)
