"""Agreements written for the tests in other layouts: what the importer reads from each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coprogetta.documents.interchange_format import validate_document
from coprogetta.lib.importer import extract

from .helpers import FIXTURES, all_of, fixture, line_of, problems, total

NAMES = sorted(p.name for p in FIXTURES.glob("*.txt"))


def test_there_are_at_least_six_fixtures():
    assert len(NAMES) >= 6


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_valid_and_its_arithmetic_holds(name):
    lines = fixture(name)
    extraction = extract(lines)
    validate_document(extraction.document)
    assert problems(lines) == []
    findings = extraction.document["verification"]["findings"]
    assert len([f for f in findings if f["kind"] == "ok"]) >= 3
    for pointer, line in extraction.sources.items():
        assert pointer.startswith("/") and 1 <= line <= len(lines)


@pytest.mark.parametrize("name", NAMES)
def test_every_action_has_its_schedule(name):
    document = extract(fixture(name)).document
    actions = [a for area in document["areas"] for a in area["actions"]]
    assert len(actions) >= 3
    assert all(a["schedule_text"] and a["schedule"] for a in actions), [a["title"] for a in actions]


def test_collaboration_with_a_plan_split_by_period():
    lines = fixture("collaborazione-periodi.txt")
    extraction = extract(lines)
    document = extraction.document
    assert document["kind"] == "collaboration"
    assert document["period"] == {"start": "2025-09-01", "end": "2027-02-28"}
    assert document["parties"] == [
        {"name": "Comune di Valdoria", "role": "public_body", "tax_code": "00123450199"},
        {"name": "Associazione Genitori in Rete APS", "role": "third_sector", "tax_code": "91012340195"},
    ]
    area = document["areas"][0]
    assert [a["title"] for a in area["actions"]][2] == "Incontri di orientamento scolastico con le famiglie"
    assert area["actions"][1]["schedule"]["intervals"] == [{"start": "2025-10-01", "end": "2025-12-31"}]
    lines_ = area["budget_lines"]
    assert [x["net"] for x in lines_] == ["6000.00", "15000.00", "3000.00"]
    assert {x["vat_rate"] for x in lines_} == {"out_of_scope"}
    assert document["financial_regime"] == "contribution"
    assert area["tranches"] == [
        {
            "due_date": "2025-10-31",
            "due_text": "entro il 31/10/2025",
            "amount": "9600.00",
            "percent": None,
            "is_balance": False,
        },
        {
            "due_date": "2026-06-30",
            "due_text": "entro il 30.06.2026",
            "amount": "7200.00",
            "percent": None,
            "is_balance": False,
        },
        {
            "due_date": "2027-03-31",
            "due_text": "alla presentazione della rendicontazione finale",
            "amount": None,
            "percent": None,
            "is_balance": True,
        },
    ]
    assert extraction.sources["/areas/0/tranches/2/is_balance"] == line_of(lines, "saldo finale")


def test_operator_paid_by_the_hour_with_hours_per_period():
    document = extract(fixture("operatore-orario.txt")).document
    staff = document["areas"][0]["staff_costs"]
    assert [(s["hours"], s["amount"]) for s in staff] == [
        ("320", "7520.00"),
        ("240", "5640.00"),
        ("340", "7990.00"),
    ]
    assert {s["hourly_rate"] for s in staff} == {"23.50"}
    assert all(
        s["vat_included"] and s["count"] == 2 and s["role"] == "educatori professionali" for s in staff
    )
    assert staff[1]["period"] == {"start": "2025-05-01", "end": "2025-08-31"}
    assert document["areas"][0]["budget_lines"] == []
    approximate = [f for f in document["verification"]["findings"] if f["kind"] == "approximate"]
    assert (
        len(approximate) == 1
        and approximate[0]["stated"] == "8000.00"
        and approximate[0]["computed"] == "7990.00"
    )
    assert document["monitoring"]["every_months"] == 4
    assert document["monitoring"]["checkpoints"] == ["2025-04-30", "2025-08-31", "2025-12-31"]


def test_pact_with_dates_in_words_and_tranches_with_a_balance():
    document = extract(fixture("patto-tranche-saldo.txt")).document
    assert document["kind"] == "collaboration"
    assert document["period"] == {"start": "2025-03-01", "end": "2026-02-28"}
    assert [p["tax_code"] for p in document["parties"]] == ["80012340156", "97123450153"]
    area = document["areas"][0]
    assert [a["title"][:12] for a in area["actions"]] == ["Manutenzione", "Apertura e c", "Organizzazio"]
    assert area["budget_lines"][0]["net"] == "8500.00"
    assert area["budget_lines"][0]["vat_rate"] == "out_of_scope"
    tranches = area["tranches"]
    assert [t["due_date"] for t in tranches] == ["2025-04-30", "2025-08-31", "2026-01-31"]
    assert [t["is_balance"] for t in tranches] == [False, False, True]
    words = [f for f in document["verification"]["findings"] if f["code"] == "words"]
    assert words and words[0]["kind"] == "ok"


def test_convention_in_numbered_articles_with_amounts_written_many_ways():
    document = extract(fixture("convenzione-articoli.txt")).document
    assert document["kind"] == "convention"
    assert document["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert len(document["areas"]) == 1
    lines = document["areas"][0]["budget_lines"]
    assert [(x["unit_amount"], x["quantity"], x["unit"], x["vat_rate"]) for x in lines] == [
        ("1850.00", "12", "month", "5"),
        ("13000.00", "1", "lump_sum", "5"),
        ("9000.00", "1", "lump_sum", "5"),
    ]
    assert total(lines, "gross") == Decimal("46410.00")
    codes = {f["code"] for f in document["verification"]["findings"] if f["kind"] == "ok"}
    assert {"product", "vat", "sum"} <= codes


def test_contribution_outside_vat_with_a_cofinancing_share():
    document = extract(fixture("contributo-cofinanziamento.txt")).document
    area = document["areas"][0]
    assert area["number"] == 1 and area["title"] == "Contrasto alla solitudine delle persone anziane"
    assert document["financial_regime"] == "contribution"
    assert total(area["budget_lines"], "gross") == Decimal("50000.00")
    assert [(c["kind"], c["amount"], c["percent"]) for c in area["contributions"]] == [
        ("cofinancing", "10000.00", "20")
    ]
    assert area["contributions"][0]["description"].startswith("La Fondazione assicura un cofinanziamento")
    assert [(t["percent"], t["is_balance"]) for t in area["tranches"]] == [
        ("50", False),
        ("30", False),
        (None, True),
    ]
    percentages = [f for f in document["verification"]["findings"] if f["code"] == "percentage"]
    assert {f["stated"] for f in percentages} == {"80", "20"}
    assert all(f["kind"] == "ok" for f in percentages)


def test_budget_with_subtotals_and_overhead_on_personnel():
    document = extract(fixture("budget-subtotali.txt")).document
    area = document["areas"][0]
    assert area["title"] == "Centro di aggregazione giovanile"
    staff = area["staff_costs"]
    assert [(s["role"], s["count"], s["hours"], s["hourly_rate"]) for s in staff] == [
        ("Coordinatore", 1, "200", "28.00"),
        ("Educatori", 2, "1500", "22.50"),
        ("Tecnico di laboratorio", 1, "118", "25.00"),
    ]
    assert [(x["description"], x["net"]) for x in area["budget_lines"]] == [
        ("Spese generali", "4235.00"),
        ("Strumenti musicali", "2500.00"),
        ("Attrezzatura video", "1915.00"),
    ]
    findings = document["verification"]["findings"]
    assert {f["code"] for f in findings if f["kind"] == "ok"} >= {"subtotal", "percentage", "sum", "product"}
    approximate = [f for f in findings if f["kind"] == "approximate"]
    assert [(f["stated"], f["computed"]) for f in approximate] == [("3000.00", "2950.00")]
    assert all_of(document, "contributions") == []


def test_areas_in_roman_numerals_with_vat_amounts_and_a_summary_table():
    document = extract(fixture("aree-triennio.txt")).document
    assert document["period"] == {"start": "2025-01-01", "end": "2027-12-31"}
    assert document["parties"][1]["tax_code"] == "02345670166"
    assert [(a["number"], a["title"]) for a in document["areas"]] == [
        (1, "Sostegno alla domiciliarità"),
        (2, "Inclusione sociale"),
    ]
    first = document["areas"][0]["actions"]
    assert [(a["kind"], a["number"]) for a in first] == [
        ("consolidation", 1),
        ("consolidation", 2),
        ("development", 1),
        ("development", 2),
    ]
    assert first[0]["schedule_text"] == "Gennaio 2025 - Dicembre 2027"
    assert first[2]["schedule"]["recurrences"][0]["ordinals"] == [1, 3]
    lines = all_of(document, "budget_lines")
    assert [(x["unit_amount"], x["vat_rate"], x["vat_included"], x["net"]) for x in lines] == [
        ("100000.00", "5", False, "100000.00"),
        ("2100.00", "4", False, "25200.00"),
        ("18300.00", "22", True, "15000.00"),
    ]
    assert total(lines, "gross") == Decimal("149508.00")
    summary = [f for f in document["verification"]["findings"] if f["code"] == "summary_table"]
    assert len(summary) == 2 and all(f["kind"] == "ok" for f in summary)
