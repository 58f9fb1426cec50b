"""Errors planted in copies of the sample and of the fixtures are caught at their line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .helpers import fixture, line_of, plant, problems, sample


def _at(findings, line, code, kind="mismatch"):
    return [f for f in findings if f.line == line and f.code == code and f.kind == kind]


# -- the sample --------------------------------------------------------------------------------


def test_sample_wrong_vat_in_the_summary_table():
    lines = plant(sample(), 425, "€ 11.764,22", "€ 11.764,20")
    found = problems(lines)
    assert [f.line for f in found] == [425, 425]
    vat = _at(found, 425, "vat")[0]
    assert (
        vat.message
        == "Importo IVA errato: dichiarato € 11.764,20, calcolato € 11.764,22 (differenza € 0,02) — Ambito 1"
    )
    assert (vat.stated, vat.computed) == (Decimal("11764.20"), Decimal("11764.22"))
    assert vat.text.startswith("Ambito 1")
    assert _at(found, 425, "sum")  # net + VAT no longer gives the gross


def test_sample_wrong_gross_in_the_text():
    lines = plant(sample(), 73, "€. 305.869,79", "€. 305.896,79")
    found = problems(lines)
    finding = _at(found, 73, "vat")[0]
    assert finding.computed == Decimal("305869.79") and finding.stated == Decimal("305896.79")
    assert "Importo IVA errato" in finding.message
    # the summary table still agrees with the net: nothing else is reported
    assert {f.line for f in found} == {73}


def test_sample_wrong_product():
    lines = plant(sample(), 249, "tot. complessivo €. 27.600,00", "tot. complessivo €. 26.700,00")
    found = problems(lines)
    product = _at(found, 249, "product")[0]
    assert product.computed == Decimal("27600.00")
    assert "× 12 mesi" in product.message


def test_sample_wrong_sum_of_items():
    lines = plant(sample(), 80, "€. 5.540,00", "€. 5.450,00")
    found = problems(lines)
    finding = _at(found, 80, "sum")[0]
    assert (finding.stated, finding.computed) == (Decimal("5450.00"), Decimal("5540.00"))
    assert "differenza € 90,00" in finding.message


def test_sample_wrong_total_of_an_area():
    lines = plant(sample(), 390, "TOT. AMBITO 5 = € 611.354,11", "TOT. AMBITO 5 = € 611.345,11")
    found = problems(lines)
    assert _at(found, 390, "sum")[0].computed == Decimal("611354.11")


def test_sample_item_changed_breaks_its_subtotal():
    """An item changed under "€ 39.500,00 come di seguito indicato": the subtotal is caught."""
    lines = plant(sample(), 402, "€ 6.000", "€ 6.500")
    found = problems(lines)
    finding = _at(found, 397, "sum")[0]
    assert finding.computed == Decimal("40000")


def test_sample_changed_line_of_the_summary_table():
    lines = plant(sample(), 429, "€ 42.479,93", "€ 42.497,93")
    found = problems(lines)
    assert _at(found, 429, "vat")
    inconsistency = _at(found, 429, "summary_table", "inconsistency")[0]
    assert inconsistency.computed == Decimal("42479.93")
    assert "ambito 4" in inconsistency.message
    assert _at(found, 433, "sum")  # the column no longer adds up


def test_sample_summary_table_against_the_contributions():
    lines = plant(sample(), 440, "€ 11.140,00", "€ 11.410,00")
    found = problems(lines)
    assert _at(found, 440, "summary_table", "inconsistency")
    assert _at(found, 442, "sum")


def test_sample_wrong_percentage():
    lines = plant(sample(), 444, "(7,5 %", "(9,5 %")
    found = problems(lines)
    finding = _at(found, 444, "percentage")[0]
    assert finding.stated == Decimal("9.5") and finding.computed == Decimal("7.56")


def test_sample_year_outside_the_period():
    lines = plant(sample(), 313, "Anno 2016 =", "Anno 2017 =")
    found = problems(lines)
    assert _at(found, 313, "period", "inconsistency")


# -- the fixtures ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "old", "new", "code", "kind"),
    [
        ("convenzione-articoli.txt", "IVA 5% = € 13.650,00", "IVA 5% = € 13.560,00", "vat", "mismatch"),
        (
            "convenzione-articoli.txt",
            "TOTALE CONVENZIONE: € 44.200,00",
            "TOTALE CONVENZIONE: € 44.000,00",
            "sum",
            "mismatch",
        ),
        ("convenzione-articoli.txt", "€ 650,00", "€ 605,00", "vat", "mismatch"),
        ("budget-subtotali.txt", "Totale A) € 42.350,00", "Totale A) € 42.530,00", "subtotal", "mismatch"),
        ("budget-subtotali.txt", "Totale C) € 4.415,00", "Totale C) € 4.515,00", "subtotal", "mismatch"),
        (
            "budget-subtotali.txt",
            "10% di A) = € 4.235,00",
            "10% di A) = € 4.325,00",
            "percentage",
            "mismatch",
        ),
        ("budget-subtotali.txt", "(A+B+C) € 51.000,00", "(A+B+C) € 50.100,00", "sum", "mismatch"),
        ("budget-subtotali.txt", "x € 28,00 = € 5.600,00", "x € 28,00 = € 6.500,00", "product", "mismatch"),
        (
            "collaborazione-periodi.txt",
            "saldo finale di € 7.200,00",
            "saldo finale di € 7.500,00",
            "tranches",
            "inconsistency",
        ),
        (
            "collaborazione-periodi.txt",
            "del 30%, pari a € 7.200,00",
            "del 30%, pari a € 7.000,00",
            "percentage",
            "mismatch",
        ),
        (
            "collaborazione-periodi.txt",
            "€ 24.000,00 (ventiquattromila/00)",
            "€ 25.000,00 (venticinquemila/00)",
            "sum",
            "mismatch",
        ),
        ("collaborazione-periodi.txt", "durata di 18 mesi", "durata di 12 mesi", "period", "inconsistency"),
        ("contributo-cofinanziamento.txt", "saldo del 20%", "saldo del 25%", "tranches", "inconsistency"),
        (
            "contributo-cofinanziamento.txt",
            "per un importo di € 10.000,00",
            "per un importo di € 10.500,00",
            "sum",
            "mismatch",
        ),
        ("contributo-cofinanziamento.txt", "pari all'80%", "pari al 75%", "percentage", "mismatch"),
        (
            "patto-tranche-saldo.txt",
            "saldo di € 2.500,00",
            "saldo di € 2.800,00",
            "tranches",
            "inconsistency",
        ),
        ("patto-tranche-saldo.txt", "(ottomilacinquecento/00)", "(ottomilatrecento/00)", "words", "mismatch"),
        ("operatore-orario.txt", "€ 5.640,00", "€ 5.460,00", "product", "mismatch"),
        ("patto-tranche-saldo.txt", "97123450153", "97123450151", "tax_code", "mismatch"),
        ("aree-triennio.txt", "pari a € 5.000,00", "pari a € 5.500,00", "vat", "mismatch"),
        (
            "aree-triennio.txt",
            "per complessivi € 105.000,00",
            "per complessivi € 106.000,00",
            "sum",
            "mismatch",
        ),
        ("aree-triennio.txt", "Area I\t€ 25.200,00", "Area I\t€ 25.020,00", "summary_table", "inconsistency"),
        ("aree-triennio.txt", "€ 1.008,00", "€ 1.080,00", "vat", "mismatch"),
        ("aree-triennio.txt", "Totale\t€ 140.200,00", "Totale\t€ 142.000,00", "sum", "mismatch"),
        (
            "aree-triennio.txt",
            "come di seguito indicato:  € 4.000,00",
            "come di seguito indicato:  € 4.400,00",
            "sum",
            "mismatch",
        ),
        ("operatore-orario.txt", "pari a € 21.150,00", "pari a € 21.510,00", "sum", "mismatch"),
    ],
)
def test_fixture_planted_error_is_caught_at_its_line(name, old, new, code, kind):
    lines = fixture(name)
    line = line_of(lines, old)
    assert not problems(lines)
    found = problems(plant(lines, line, old, new))
    assert _at(found, line, code, kind), [(f.line, f.code, f.kind, f.message) for f in found]


def test_fixture_item_changed_is_caught_at_the_header_that_sums_it():
    lines = fixture("collaborazione-periodi.txt")
    header = line_of(lines, "così ripartito per periodo:")
    found = problems(plant(lines, line_of(lines, "anno 2026:"), "€ 15.000,00", "€ 16.000,00"))
    finding = _at(found, header, "sum")[0]
    assert (finding.stated, finding.computed) == (Decimal("24000.00"), Decimal("25000.00"))


def test_tranches_that_do_not_reach_the_budget_without_a_balance():
    lines = fixture("patto-tranche-saldo.txt")
    line = line_of(lines, "3. saldo di € 2.500,00")
    changed = plant(lines, line, "3. saldo di € 2.500,00", "3. terza rata di € 2.000,00")
    found = problems(changed)
    finding = _at(found, line, "tranches", "inconsistency")[0]
    assert (finding.stated, finding.computed) == (Decimal("8000.00"), Decimal("8500"))
    assert "Somma delle rate" in finding.message
