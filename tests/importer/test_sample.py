"""The real agreement (Crema 2016): what is extracted, and that its arithmetic holds."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coprogetta.documents.interchange_format import validate_document
from coprogetta.lib.importer import extract
from coprogetta.lib.verification import verify

from .helpers import all_of, sample, total


@pytest.fixture(scope="module")
def extraction():
    return extract(sample())


def test_document_is_valid(extraction):
    validate_document(extraction.document)


def test_heading_facts(extraction):
    document = extraction.document
    assert document["kind"] == "codesign"
    assert document["period"] == {"start": "2016-01-01", "end": "2016-12-31"}
    roles = {p["name"]: p["role"] for p in document["parties"]}
    assert roles == {"Comune di Crema": "public_body", "Consorzio “Sul Serio” Crema": "third_sector"}
    assert "Co progettazione" in document["title"]
    assert extraction.sources["/title"] == 3


def test_five_areas_with_titles(extraction):
    areas = extraction.document["areas"]
    assert [a["number"] for a in areas] == [1, 2, 3, 4, 5]
    assert areas[0]["title"].startswith("Servizi rivolti alle famiglie")
    # area 2 has its title on the line after the heading
    assert areas[1]["title"].startswith("Servizi rivolti ai minori")
    assert extraction.sources["/areas/1/number"] == 100
    assert extraction.sources["/areas/1/title"] == 102


def test_every_listed_action_with_its_kind(extraction):
    areas = extraction.document["areas"]
    kinds = [
        (
            sum(a["kind"] == "consolidation" for a in area["actions"]),
            sum(a["kind"] == "development" for a in area["actions"]),
        )
        for area in areas
    ]
    # listed in the object (3 + 10, 2 + 13, 1 + 10, 0 + 5, 4 + 11) plus work-plan items listed nowhere else
    assert kinds[0] == (3, 11)
    assert kinds[2] == (1, 10)
    assert kinds[3][0] == 0 and kinds[3][1] >= 5
    assert kinds[4][0] == 4 and kinds[4][1] >= 11
    first = areas[0]["actions"][3]
    assert first["kind"] == "development" and first["number"] == 1
    assert first["title"].startswith("20 ore nell'anno educativo")
    assert first["schedule_text"] == "dal mese di gennaio"
    assert first["schedule"]["status"] == "resolved"
    assert extraction.sources["/areas/0/actions/3/title"] == 31
    assert extraction.sources["/areas/0/actions/3/schedule_text"] == 52


def test_consolidation_takes_the_kind_schedule(extraction):
    consolidation = [a for a in extraction.document["areas"][0]["actions"] if a["kind"] == "consolidation"]
    assert {a["schedule_text"] for a in consolidation} == {"Gennaio-Dicembre 2016"}
    assert consolidation[0]["schedule"]["intervals"] == [{"start": "2016-01-01", "end": "2016-12-31"}]


def test_every_budget_line_and_the_summary_totals(extraction):
    lines = all_of(extraction.document, "budget_lines")
    assert len(lines) == 9
    assert total(lines, "net") == Decimal("1146628.71")
    assert total(lines, "gross") == Decimal("1302537.59")
    monthly = extraction.document["areas"][0]["budget_lines"][0]
    assert monthly | {"description": "", "fee_tiers": []} == {
        "description": "",
        "unit_amount": "26736.87",
        "quantity": "11",
        "unit": "month",
        "vat_rate": "4",
        "vat_included": False,
        "net": "294105.57",
        "vat": "11764.22",
        "gross": "305869.79",
        "fee_tiers": [],
    }
    assert extraction.sources["/areas/0/budget_lines/0/unit_amount"] == 73
    by_area = {a["number"]: total(a["budget_lines"], "net") for a in extraction.document["areas"]}
    assert by_area == {
        1: Decimal("294105.57"),
        2: Decimal("83693.10"),
        3: Decimal("114996.00"),
        4: Decimal("42479.93"),
        5: Decimal("611354.11"),
    }
    assert {line["vat_rate"] for line in extraction.document["areas"][4]["budget_lines"]} == {"22"}


def test_fee_tiers_of_the_monthly_fee(extraction):
    tiers = extraction.document["areas"][0]["budget_lines"][0]["fee_tiers"]
    assert tiers == [
        {"min_count": 21, "max_count": 26, "unit_amount": "22909.58", "renegotiate": False},
        {"min_count": 20, "max_count": 20, "unit_amount": "19304.08", "renegotiate": False},
        {"min_count": 0, "max_count": 19, "unit_amount": None, "renegotiate": True},
    ]


def test_cofinancing_items_and_quotas(extraction):
    contributions = all_of(extraction.document, "contributions")
    items = [c for c in contributions if c["kind"] == "item"]
    quotas = [c for c in contributions if c["kind"] == "quota"]
    assert total(items, "amount") == Decimal("76120.00")
    assert total(quotas, "amount") == Decimal("10550.49")
    assert len(items) == 7 + 7 + 8 + 6 + 12
    assert {q["percent"] for q in quotas} == {"1"}
    assert items[0]["description"] == "Incontri rivolti ai genitori"


def test_monitoring(extraction):
    monitoring = extraction.document["monitoring"]
    assert monitoring["checkpoints"] == ["2016-06-30", "2016-12-31"]
    assert monitoring["frequency"] == "semestrale"
    assert monitoring["every_months"] == 6


def test_verification_has_no_mismatch_and_reports_the_rounded_percentage(extraction):
    findings = verify(sample(), extraction.document)
    assert [f for f in findings if f.kind in ("mismatch", "inconsistency", "unresolved")] == []
    approximate = [f for f in findings if f.kind == "approximate"]
    assert len(approximate) == 1
    finding = approximate[0]
    assert finding.code == "percentage"
    assert finding.stated == Decimal("7.5") and finding.computed == Decimal("7.56")
    assert "7,5 %" in finding.message and "7,56 %" in finding.message
    assert finding.line == 444
    assert finding.text.startswith("TOTALE RISORSE ECONOMICHE AGGIUNTIVE")
    codes = {f.code for f in findings}
    assert {"vat", "product", "sum", "summary_table", "percentage"} <= codes
    assert len(findings) > 50


def test_findings_are_in_the_document(extraction):
    findings = extraction.document["verification"]["findings"]
    assert findings and all(
        {"kind", "code", "message", "stated", "computed", "location"} <= set(f) for f in findings
    )
    vat = next(f for f in findings if f["code"] == "vat" and f["location"]["line"] == 425)
    assert vat["stated"] == "11764.22" and vat["kind"] == "ok"


def test_noisy_pdf_text_reads_the_same():
    """Page numbers, running heads, hyphenated words and space-separated cells."""
    noisy = []
    for number, line in enumerate(sample(), start=1):
        if number % 40 == 0:
            noisy += ["Comune di Crema – Coprogettazione 2016", f"Pagina {number // 40} di 11"]
        if "\t" in line:
            line = "    ".join(cell or "-" for cell in line.split("\t")).replace("    -    ", "        ")
        noisy.append(line)
    index = next(i for i, line in enumerate(noisy) if line.startswith("- si garantisce la gestione"))
    noisy[index : index + 1] = [
        "- si garantisce la gestione dell'Asilo Nido di Via Dante/Pesa-",
        "dori e del Centro",
    ]
    document = extract(noisy).document
    assert [a["number"] for a in document["areas"]] == [1, 2, 3, 4, 5]
    assert total(all_of(document, "budget_lines"), "gross") == Decimal("1302537.59")
    findings = document["verification"]["findings"]
    assert not [f for f in findings if f["kind"] in ("mismatch", "inconsistency")]
    assert sum(f["code"] == "summary_table" and f["kind"] == "ok" for f in findings) >= 5
    assert any(f["code"] == "percentage" and f["kind"] == "approximate" for f in findings)
