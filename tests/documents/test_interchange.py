"""The JSON interchange format: schema, export, checked import, byte-identical round trip."""

import copy
import itertools
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from stdnum import luhn

from coprogetta.accounts.models import AuditEntry, Organization
from coprogetta.agreements import models as m
from coprogetta.documents import interchange
from coprogetta.documents.interchange import (
    DocumentError,
    agreement_import,
    agreement_to_document,
    dumps,
    loads,
    validate_document,
)
from coprogetta.lib import money
from tests import factories as f

pytestmark = pytest.mark.django_db

COUNTED = (
    m.Agreement, m.Party, m.Area, m.Action, m.BudgetLine, m.FeeTier, m.Contribution,
    m.StaffCost, m.PaymentTranche, Organization, AuditEntry,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def partita_iva(prefix: str) -> str:
    """A valid partita IVA built from ten digits."""
    return prefix + luhn.calc_check_digit(prefix)


def line(unit: str, quantity: str, rate: str, *, included: bool = False, **extra: object) -> dict:
    amounts = money.line_amounts(unit, quantity, rate, vat_included=included)
    return {
        "description": "Corrispettivo", "unit_amount": unit, "quantity": quantity, "unit": "month",
        "vat_rate": rate, "vat_included": included, "net": str(amounts.net), "vat": str(amounts.vat),
        "gross": str(amounts.gross), "fee_tiers": [], "action": None, **extra,
    }


NO_INVOICE = {"invoice_number": "", "invoice_date": None, "paid_date": None}


def schedule(*intervals: tuple[str, str], deadlines: tuple = (), status: str = "resolved", **extra) -> dict:
    """A normalised schedule as the format writes it."""
    return {"status": status, "intervals": [{"start": a, "end": b} for a, b in intervals],
            "deadlines": list(deadlines), "recurrences": [], "notes": [], "reason": None, **extra}


def small_document() -> dict:
    """A valid document with a bit of everything."""
    return {
        "format": "coprogetta/agreement@1",
        "title": "Accordo di prova",
        "kind": "codesign",
        "status": "active",
        "period": {"start": "2016-01-01", "end": "2016-12-31"},
        "financial_regime": "fee",
        "tender_base_amount": "155049.00",
        "parties": [
            {"name": "Comune di Prova", "role": "public_body", "tax_code": "", "kind": "public_body"},
            {"name": "Cooperativa Prova", "role": "third_sector", "tax_code": "", "kind": "cooperative"},
        ],
        "areas": [
            {
                "number": 1,
                "title": "Infanzia",
                "target": "Famiglie",
                "actions": [
                    {"number": 1, "kind": "consolidation", "title": "Asilo nido", "description": "",
                     "schedule_text": "Gennaio-Dicembre 2016",
                     "schedule": schedule(("2016-01-01", "2016-12-31")),
                     "responsible": "Cooperativa Prova"},
                    {"number": 1, "kind": "development", "title": "Supervisione", "description": "20 ore",
                     "schedule_text": "entro maggio", "schedule": schedule(deadlines=["2016-05-31"]),
                     "responsible": None},
                ],
                "budget_lines": [
                    line("26736.87", "11", "4", fee_tiers=[
                        {"min_count": 21, "max_count": 26, "unit_amount": "22909.58", "renegotiate": False},
                        {"min_count": 20, "max_count": 20, "unit_amount": "19304.08", "renegotiate": False},
                        {"min_count": 0, "max_count": 19, "unit_amount": None, "renegotiate": True},
                    ]),
                ],
                "contributions": [
                    {"description": "Supervisione", "amount": "700.00", "kind": "item", "percent": None,
                     "action": {"kind": "development", "number": 1}},
                    {"description": "Quota 1%", "amount": "1550.49", "kind": "quota", "percent": "1",
                     "action": None},
                ],
                "staff_costs": [
                    {"role": "Educatore", "count": 2, "hourly_rate": "26.25", "vat_included": True,
                     "vat_rate": "5", "hours": "76", "amount": "1995.00",
                     "period": {"start": "2016-01-01", "end": "2016-06-30"},
                     "action": {"kind": "consolidation", "number": 1}},
                ],
                "tranches": [
                    {"due_date": "2016-06-30", "due_text": "al 30 giugno", "amount": None, "percent": "50",
                     "is_balance": False, "status": "paid", "invoice_number": "12/2016",
                     "invoice_date": "2016-06-15", "paid_date": "2016-07-20"},
                    {"due_date": None, "due_text": "a saldo", "amount": None, "percent": None,
                     "is_balance": True, "status": "planned", **NO_INVOICE},
                ],
            }
        ],
        "budget_lines": [line("100.00", "1.5", "out_of_scope")],
        "contributions": [],
        "staff_costs": [],
        "tranches": [
            {"due_date": "2016-03-31", "due_text": "", "amount": "1000.00", "percent": None,
             "is_balance": False, "status": "invoiced", "invoice_number": "3/2016",
             "invoice_date": "2016-03-31", "paid_date": None},
        ],
        "monitoring": {"checkpoints": ["2016-06-30", "2016-12-31"], "frequency": "semestrale",
                       "every_months": 6, "programme_every_months": 4},
    }


def refused(document: object) -> str:
    """Import ``document``, expect a refusal that saves nothing, and return the message."""
    before = row_counts()
    with pytest.raises(DocumentError) as caught:
        agreement_import(user=None, document=document)
    assert row_counts() == before
    return str(caught.value)


# -- the schema --------------------------------------------------------------------------------


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(interchange.schema())


@pytest.mark.parametrize(
    ("definition", "choices"),
    [
        ("#/properties/kind", m.Agreement.Kind),
        ("#/properties/status", m.Agreement.Status),
        ("#/properties/financial_regime", m.Agreement.Regime),
        ("#/$defs/party/properties/role", m.Party.Role),
        ("#/$defs/party/properties/kind", Organization.Kind),
        ("#/$defs/action/properties/kind", m.Action.Kind),
        ("#/$defs/budget_line/properties/unit", m.BudgetLine.Unit),
        ("#/$defs/vat_rate", m.VatRate),
        ("#/$defs/contribution/properties/kind", m.Contribution.Kind),
        ("#/$defs/tranche/properties/status", m.PaymentTranche.Status),
    ],
)
def test_the_schema_enumerations_are_the_model_choices(definition, choices):
    node = interchange.schema()
    for part in definition.removeprefix("#/").split("/"):
        node = node[part]
    assert node["enum"] == [c.value for c in choices]


def test_a_small_document_is_valid():
    validate_document(small_document())


# -- export and round trip ---------------------------------------------------------------------


def test_round_trip_of_a_small_document_is_byte_identical():
    text = dumps(small_document())
    agreement = agreement_import(user=None, document=loads(text))
    first = dumps(agreement_to_document(agreement))
    assert first == text
    again = agreement_import(user=None, document=loads(first))
    assert dumps(agreement_to_document(again)) == first


def test_export_of_an_agreement_built_with_factories_round_trips():
    agreement = f.AgreementFactory(tender_base_amount=Decimal("1000.5"))
    org = f.OrganizationFactory(name="Cooperativa Uno", tax_code=partita_iva("1234567019"))
    f.PartyFactory(agreement=agreement, organization=org, role=m.Party.Role.THIRD_SECTOR)
    f.PartyFactory(agreement=agreement, role=m.Party.Role.PUBLIC_BODY)
    area = f.AreaFactory(agreement=agreement, number=2)
    f.AreaFactory(agreement=agreement, number=1)
    second = f.ActionFactory(area=area, number=2, responsible=org)
    f.ActionFactory(area=area, number=1)
    f.ActionFactory(area=area, number=1, kind=m.Action.Kind.CONSOLIDATION)
    budget = f.BudgetLineFactory(agreement=agreement, area=area, position=1, action=second)
    f.BudgetLineFactory(agreement=agreement, area=area, position=0, vat_included=True)
    f.FeeTierFactory(budget_line=budget)
    f.FeeTierFactory(budget_line=budget, min_count=0, max_count=20, unit_amount=None, renegotiate=True)
    f.ContributionFactory(agreement=agreement, area=area, action=second)
    f.ContributionFactory(agreement=agreement, kind=m.Contribution.Kind.COFINANCING, percent=Decimal("20"))
    f.StaffCostFactory(agreement=agreement, area=area, action=second, period_start=date(2016, 1, 1))
    f.PaymentTrancheFactory(
        agreement=agreement, area=area, status="paid", invoice_number="5/2016",
        invoice_date=date(2016, 6, 30), paid_date=date(2016, 7, 31),
    )
    f.PaymentTrancheFactory(agreement=agreement, percent=None, is_balance=True, due_date=None)

    document = agreement_to_document(agreement)
    validate_document(document)
    assert [a["number"] for a in document["areas"]] == [1, 2]
    assert [(a["kind"], a["number"]) for a in document["areas"][1]["actions"]] == [
        ("consolidation", 1), ("development", 1), ("development", 2),
    ]
    assert [p["role"] for p in document["parties"]] == ["public_body", "third_sector"]
    assert document["tender_base_amount"] == "1000.50"
    lines = document["areas"][1]["budget_lines"]
    assert lines[0]["vat_included"] is True and lines[0]["quantity"] == "12"
    assert [t["min_count"] for t in lines[1]["fee_tiers"]] == [21, 0]
    assert document["areas"][1]["staff_costs"][0]["period"] == {"start": "2016-01-01", "end": None}
    assert document["areas"][1]["staff_costs"][0]["amount"] == "1995.00"
    assert [x["action"] for x in lines] == [None, {"kind": "development", "number": 2}]
    assert document["areas"][1]["tranches"][0] | {"due_text": ""} == {
        "due_date": "2016-06-30", "due_text": "", "amount": None, "percent": "50", "is_balance": False,
        "status": "paid", "invoice_number": "5/2016", "invoice_date": "2016-06-30",
        "paid_date": "2016-07-31",
    }
    assert document["tranches"][0]["invoice_number"] == "" and document["tranches"][0]["paid_date"] is None

    text = dumps(document)
    copy_ = agreement_import(user=None, document=loads(text))
    assert dumps(agreement_to_document(copy_)) == text
    assert copy_.parties.get(role=m.Party.Role.THIRD_SECTOR).organization == org


def test_dumps_is_canonical_utf8_text_with_a_final_newline():
    text = dumps({"title": "Attività – “prova”", "n": 1})
    assert text == '{\n  "title": "Attività – “prova”",\n  "n": 1\n}\n'


# -- what the import writes --------------------------------------------------------------------


def test_import_writes_everything_and_an_audit_row():
    user = f.UserFactory()
    agreement = agreement_import(user=user, document=small_document())
    assert agreement.status == "active" and agreement.tender_base_amount == Decimal("155049.00")
    area = agreement.areas.get()
    assert area.actions.count() == 2
    line_ = area.budget_lines.get()
    assert line_.amounts.gross == Decimal("305869.79")
    assert line_.fee_tiers.count() == 3
    assert area.contributions.get(kind="item").action.title == "Supervisione"
    assert area.staff_costs.get().action.kind == "consolidation"
    paid = area.tranches.get(status="paid")
    assert (paid.invoice_number, paid.invoice_date, paid.paid_date) == (
        "12/2016", date(2016, 6, 15), date(2016, 7, 20),
    )
    assert agreement.tranches.get(area=None).invoice_number == "3/2016"
    assert agreement.monitoring_checkpoints == ["2016-06-30", "2016-12-31"]
    entry = AuditEntry.objects.get(action="import")
    assert entry.user == user and entry.agreement_id == agreement.pk
    assert entry.object_type == "agreements.agreement"


def test_import_fills_in_defaults_for_optional_properties():
    document = {
        "format": "coprogetta/agreement@1", "title": "Minimo", "kind": "convention",
        "period": {"start": "2017-01-01", "end": "2017-12-31"},
        "parties": [{"name": "Comune di Minimo", "role": "public_body"}],
        "areas": [{"number": 1, "title": "Unico", "budget_lines": [
            {"description": "Forfait", "unit_amount": "10.00", "vat_rate": "22",
             "net": "10.00", "vat": "2.20", "gross": "12.20"}]}],
    }
    agreement = agreement_import(user=None, document=document)
    assert agreement.status == "draft" and agreement.financial_regime == "fee"
    assert agreement.parties.get().organization.kind == Organization.Kind.PUBLIC_BODY
    exported = agreement_to_document(agreement)
    assert exported["areas"][0]["budget_lines"][0]["unit"] == "lump_sum"
    assert exported["monitoring"] == {
        "checkpoints": [], "frequency": "", "every_months": 6, "programme_every_months": None,
    }


def test_organisations_are_matched_by_tax_code_then_by_exact_name():
    code = partita_iva("7654321019")
    by_code = f.OrganizationFactory(name="Nome registrato", tax_code=code)
    by_name = f.OrganizationFactory(name="Comune di Prova", kind=Organization.Kind.PUBLIC_BODY)
    document = small_document()
    document["parties"][1]["tax_code"] = f"IT {code[:5]} {code[5:]}"  # normalised before matching
    before = Organization.objects.count()
    agreement = agreement_import(user=None, document=document)
    assert Organization.objects.count() == before
    assert {p.organization for p in agreement.parties.all()} == {by_code, by_name}
    # an exact name only: "comune di prova" is another organisation, created with its kind
    document["parties"][0]["name"] = "comune di prova"
    document["parties"][1]["tax_code"] = ""
    document["parties"][1]["name"] = "Cooperativa Nuova"
    document["areas"][0]["actions"][0]["responsible"] = "Cooperativa Nuova"
    agreement = agreement_import(user=None, document=document)
    assert Organization.objects.count() == before + 2
    created = Organization.objects.get(name="Cooperativa Nuova")
    assert created.kind == Organization.Kind.COOPERATIVE and created.tax_code == ""
    assert agreement.areas.get().actions.get(kind="consolidation").responsible == created


def test_verification_is_accepted_and_ignored():
    document = small_document()
    document["verification"] = {"findings": [
        {"kind": "mismatch", "message": "IVA dichiarata diversa", "stated": "11764.23",
         "computed": "11764.22", "location": {"line": 40, "text": "+ iva 4%"}},
    ]}
    agreement = agreement_import(user=None, document=document)
    assert "verification" not in agreement_to_document(agreement)


def test_a_null_schedule_is_read_from_the_text_against_the_period():
    document = small_document()
    document["period"] = {"start": "2017-01-01", "end": "2017-12-31"}
    document["areas"][0]["actions"][1].update(schedule_text="da aprile", schedule=None)
    agreement = agreement_import(user=None, document=document)
    action = agreement.areas.get().actions.get(kind="development")
    assert action.schedule == schedule(("2017-04-01", "2017-12-31"))
    assert not action.schedule_manual
    empty = small_document()
    empty["areas"][0]["actions"][1].update(schedule_text="", schedule=None)
    action = agreement_import(user=None, document=empty).areas.get().actions.get(kind="development")
    assert action.schedule is None


def test_a_schedule_that_is_the_reading_of_the_text_is_not_a_correction():
    agreement = agreement_import(user=None, document=small_document())
    assert not agreement.areas.get().actions.filter(schedule_manual=True).exists()


def test_a_schedule_other_than_the_reading_is_kept_as_a_correction_and_round_trips():
    document = small_document()
    given = schedule(("2015-10-01", "2016-03-31"), deadlines=["2016-05-15"])
    document["areas"][0]["actions"][1]["schedule"] = given
    agreement = agreement_import(user=None, document=document)
    action = agreement.areas.get().actions.get(kind="development")
    assert action.schedule_manual
    outside = {"code": "outside_period", "params": {"end": "2016-03-31", "start": "2015-10-01"}}
    assert action.schedule == {**given, "notes": [outside]}
    first = dumps(agreement_to_document(agreement))
    again = agreement_import(user=None, document=loads(first))
    assert again.areas.get().actions.get(kind="development").schedule_manual
    assert dumps(agreement_to_document(again)) == first


def test_a_malformed_stored_schedule_is_exported_as_null():
    agreement = agreement_import(user=None, document=small_document())
    m.Action.objects.filter(kind="development").update(schedule={"status": "resolved", "deadlines": ["x"]})
    document = agreement_to_document(agreement)
    assert document["areas"][0]["actions"][1]["schedule"] is None
    validate_document(document)


@pytest.mark.parametrize(("given", "expected"), [
    ({"from": "2016-01"}, "$.areas[0].actions[0].schedule: {'from': '2016-01'} is not valid under any"),
    (schedule(status="maybe"), "$.areas[0].actions[0].schedule: {"),
    (schedule(("2016-02-30", "2016-03-01")), "$.areas[0].actions[0].schedule"),
    (schedule(("2016-06-01", "2016-03-01")),
     "$.areas[0].actions[0].schedule: not a schedule the format accepts: the interval 2016-06-01 – "
     "2016-03-01 ends before it starts"),
    (schedule(recurrences=[{"kind": "hourly", "start": "2016-01-01", "end": "2016-12-31"}]),
     "$.areas[0].actions[0].schedule"),
])
def test_a_schedule_the_format_does_not_accept_is_refused(given, expected):
    document = small_document()
    document["areas"][0]["actions"][0]["schedule"] = given
    assert expected in refused(document)


# -- refusals: a readable message, and nothing saved --------------------------------------------


def test_a_wrong_stated_vat_is_refused():
    document = small_document()
    document["areas"][0]["budget_lines"][0]["vat"] = "11764.23"
    message = refused(document)
    assert message == (
        "$.areas[0].budget_lines[0].vat: the document states a VAT of 11764.23, "
        "but the computation gives 11764.22"
    )


def test_a_wrong_stated_gross_and_net_are_both_reported():
    document = small_document()
    document["budget_lines"][0]["net"] = "150.01"
    document["budget_lines"][0]["gross"] = "150.01"
    message = refused(document)
    assert "$.budget_lines[0].net: the document states a net amount of 150.01" in message
    assert "$.budget_lines[0].gross: the document states a gross amount of 150.01" in message


def test_a_wrong_staff_cost_amount_is_refused():
    document = small_document()
    document["areas"][0]["staff_costs"][0]["amount"] = "1995.01"
    assert refused(document) == (
        "$.areas[0].staff_costs[0].amount: the document states an amount of 1995.01, "
        "but the computation gives 1995.00"
    )


def test_an_unknown_vat_rate_is_refused():
    document = small_document()
    document["areas"][0]["budget_lines"][0]["vat_rate"] = "7"
    message = refused(document)
    assert message.startswith("$.areas[0].budget_lines[0].vat_rate: '7' is not one of")


def test_overlapping_tiers_are_refused():
    document = small_document()
    document["areas"][0]["budget_lines"][0]["fee_tiers"][1]["max_count"] = 22
    assert refused(document) == "$.areas[0].budget_lines[0].fee_tiers: tiers 20–22 and 21–26 overlap"


def test_a_tier_with_both_an_amount_and_renegotiation_is_refused():
    document = small_document()
    document["areas"][0]["budget_lines"][0]["fee_tiers"][2]["unit_amount"] = "1.00"
    message = refused(document)
    assert message.startswith("$.areas[0].budget_lines[0].fee_tiers: ") and "renegotiat" in message


def test_tranches_over_the_area_budget_are_refused():
    document = small_document()
    document["areas"][0]["tranches"][0] = {"amount": "400000.00", "due_text": "subito"}
    assert refused(document) == (
        "$.areas[0].tranches: the tranches add up to 400000.00, more than the budget of 305869.79"
    )


def test_agreement_wide_tranches_over_what_is_payable_are_refused():
    document = small_document()
    document["tranches"].append({"percent": "100"})
    assert refused(document).startswith("$.tranches: the tranches add up to")


def test_a_tranche_with_an_amount_and_a_percentage_is_refused():
    document = small_document()
    document["tranches"][0]["percent"] = "10"
    assert refused(document) == "$.tranches: a tranche is an amount, a percentage or the balance"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"invoice_number": ""},
         "$.areas[0].tranches[0]: a tranche with status paid needs its invoice_number and invoice_date"),
        ({"invoice_date": None},
         "$.areas[0].tranches[0]: a tranche with status paid needs its invoice_number and invoice_date"),
        ({"paid_date": None}, "$.areas[0].tranches[0]: a tranche with status paid needs its paid_date"),
        ({"paid_date": "2016-06-14"},
         "$.areas[0].tranches[0].paid_date: the payment 2016-06-14 is before the invoice 2016-06-15"),
        ({"status": "invoiced"},
         "$.areas[0].tranches[0]: a tranche with status invoiced has no paid_date: give status paid"),
        ({"status": "planned", "paid_date": None},
         "$.areas[0].tranches[0]: a planned tranche has no invoice: give status invoiced or paid, "
         "or leave out invoice_number and invoice_date"),
        ({"invoice_number": "3/2016"},
         "$.tranches[0].invoice_number: the invoice number '3/2016' is used by another tranche"),
    ],
)
def test_a_tranche_without_what_its_status_needs_is_refused(change, expected):
    document = small_document()
    document["areas"][0]["tranches"][0].update(change)
    assert expected in refused(document)


def test_a_budget_line_paying_for_an_unknown_action_is_refused():
    document = small_document()
    document["areas"][0]["budget_lines"][0]["action"] = {"kind": "development", "number": 9}
    document["budget_lines"][0]["action"] = {"kind": "development", "number": 1}
    message = refused(document)
    assert "$.areas[0].budget_lines[0].action: the area has no development action number 9" in message
    assert (
        "$.budget_lines[0].action: only an item of an area can refer to one of the area's actions"
    ) in message


def test_an_end_before_the_start_is_refused():
    document = small_document()
    document["period"] = {"start": "2016-12-31", "end": "2016-01-01"}
    assert refused(document) == "$.period.end: the end 2016-01-01 is not after the start 2016-12-31"


def test_amounts_written_as_json_numbers_are_refused():
    text = dumps(small_document()).replace('"unit_amount": "26736.87"', '"unit_amount": 26736.87')
    assert '"unit_amount": 26736.87' in text
    message = refused(loads(text))
    assert message == (
        "$.areas[0].budget_lines[0].unit_amount: 26736.87 is a floating-point number: amounts, "
        'rates, quantities and percentages are decimal strings (e.g. "26736.87") and counts are '
        "whole numbers"
    )


def test_a_float_reaching_the_import_is_refused_even_where_the_schema_would_take_it():
    document = small_document()
    document["areas"][0]["staff_costs"][0]["count"] = 2.0  # jsonschema counts 2.0 as an integer
    document["areas"][0]["number"] = 1.0
    message = refused(document)
    assert "$.areas[0].number: 1.0 is a floating-point number" in message
    assert "$.areas[0].staff_costs[0].count: 2.0 is a floating-point number" in message


def test_a_decimal_object_is_refused():
    document = small_document()
    document["tender_base_amount"] = Decimal("10.00")
    assert "$.tender_base_amount: Decimal('10.00') is not a JSON value" in refused(document)


def test_an_integer_amount_is_refused_with_a_hint():
    document = small_document()
    document["areas"][0]["contributions"][0]["amount"] = 700
    assert refused(document) == (
        "$.areas[0].contributions[0].amount: 700 is not accepted: write amounts as decimal strings "
        'with two decimals, e.g. "26736.87"'
    )


def test_an_amount_with_a_comma_is_refused_with_a_hint():
    document = small_document()
    document["tender_base_amount"] = "155.049,00"
    assert "write amounts as decimal strings" in refused(document)


def test_an_impossible_date_is_refused():
    document = small_document()
    document["monitoring"]["checkpoints"] = ["2016-02-30"]
    assert refused(document) == (
        "$.monitoring.checkpoints[0]: '2016-02-30' is not accepted: write dates as ISO dates, "
        'e.g. "2016-12-31"'
    )


def test_negative_amounts_are_refused():
    document = small_document()
    document["areas"][0]["contributions"][0]["amount"] = "-700.00"
    message = refused(document)
    assert message.startswith("$.areas[0].contributions[0].amount: ") and "negative" in message


def test_several_problems_are_listed_together_in_document_order():
    document = small_document()
    document["title"] = ""
    document["areas"][0]["budget_lines"][0]["vat_rate"] = "7"
    document["surprise"] = True
    with pytest.raises(DocumentError) as caught:
        agreement_import(user=None, document=document)
    assert len(caught.value.problems) == 3
    assert caught.value.problems[0].startswith("$: Additional properties are not allowed")
    assert caught.value.problems[1].startswith("$.areas[0].budget_lines[0].vat_rate")
    assert caught.value.problems[2].startswith("$.title:")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["areas"].append({**copy.deepcopy(d["areas"][0]), "tranches": []}),
         "$.areas[1].number: there are two areas numbered 1"),
        (lambda d: d["areas"][0]["actions"].append(dict(d["areas"][0]["actions"][0])),
         "$.areas[0].actions[2]: there are two consolidation actions numbered 1"),
        (lambda d: d["areas"][0]["actions"][1].update(responsible="Nessuno"),
         "$.areas[0].actions[1].responsible: 'Nessuno' is not the name of one of the parties"),
        (lambda d: d["areas"][0]["contributions"][0].update(action={"kind": "development", "number": 9}),
         "$.areas[0].contributions[0].action: the area has no development action number 9"),
        (lambda d: d["contributions"].append(
            {"description": "x", "amount": "1.00", "action": {"kind": "development", "number": 1}}),
         "$.contributions[0].action: only an item of an area can refer to one of the area's actions"),
        (lambda d: d["areas"][0]["contributions"][1].update(percent="120"),
         "$.areas[0].contributions[1].percent: a percentage is more than 0 and at most 100"),
        (lambda d: d["parties"].append(dict(d["parties"][0])),
         "$.parties[2].name: the party 'Comune di Prova' is listed twice"),
        (lambda d: d["parties"][0].update(tax_code="12345678901"),
         "$.parties[0].tax_code: '12345678901' is not a valid codice fiscale or partita IVA"),
        (lambda d: d["areas"][0]["staff_costs"][0].update(
            period={"start": "2016-06-30", "end": "2016-01-01"}),
         "$.areas[0].staff_costs[0].period.end: the end 2016-01-01 is before the start 2016-06-30"),
        (lambda d: d["areas"][0]["staff_costs"][0].update(hours="0"),
         "$.areas[0].staff_costs[0].hours: the planned hours must be more than zero"),
        (lambda d: d["budget_lines"][0].update(quantity="0", net="0.00", gross="0.00"),
         "$.budget_lines[0]: quantity must be greater than zero"),
        (lambda d: d.update(format="coprogetta/agreement@2"),
         "$.format: 'coprogetta/agreement@1' was expected"),
        (lambda d: d["parties"][0].pop("role"),
         "$.parties[0]: 'role' is a required property"),
        (lambda d: d.update(title="Nul\x00"),
         "$.title: the text contains a NUL character"),
    ],
)
def test_inconsistent_documents_are_refused(change, expected):
    document = small_document()
    change(document)
    assert expected in refused(document)


def test_two_parties_that_are_the_same_organisation_are_refused():
    code = partita_iva("1111111019")
    f.OrganizationFactory(name="Comune di Prova", tax_code=code)
    document = small_document()
    document["parties"][1]["tax_code"] = code
    assert "$.parties[1]: 'Cooperativa Prova' is the same organisation as the party 'Comune di Prova'" in (
        refused(document)
    )


def test_a_document_that_is_not_an_object_is_refused():
    assert refused([]) == "$: a document is a JSON object"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"title": 1,}', "not valid JSON: Expecting property name enclosed in double quotes (line 1"),
        ('{"a": 1, "a": 2}', "the key 'a' appears twice in the same object"),
        ('{"a": NaN}', "NaN is not a number the format accepts"),
        ("[1]", "$: a document is a JSON object"),
        (b"\xff{}", "not valid JSON"),
    ],
)
def test_loads_refuses_what_is_not_a_json_object(text, expected):
    with pytest.raises(DocumentError) as caught:
        loads(text)
    assert expected in str(caught.value)


# -- generated agreements ----------------------------------------------------------------------

ORGS = [
    ("Comune di Alfa", "public_body", partita_iva("2222222019")),
    ("Consorzio Beta", "consortium", partita_iva("3333333019")),
    ("Cooperativa Gamma – “sociale”", "cooperative", ""),
    ("Associazione Delta", "association", partita_iva("4444444019")),
]
texts = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=30)
titles = texts.filter(lambda t: t != "").map(lambda t: t[:300])
amounts = st.decimals(min_value=0, max_value=1_000_000, places=2).map(lambda d: f"{d:.2f}")
quantities = st.decimals(min_value=Decimal("0.01"), max_value=2000, places=2).map(
    lambda d: format(d, "f")
)
rates = st.sampled_from(["0", "4", "5", "10", "22", "out_of_scope"])
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def budget_lines(draw, refs=()):
    unit, quantity, rate, included = draw(amounts), draw(quantities), draw(rates), draw(st.booleans())
    bounds = sorted(draw(st.lists(st.integers(0, 60), unique=True, max_size=6)))
    tiers = []
    for low, high in zip(bounds[::2], bounds[1::2], strict=False):
        amount = draw(st.none() | amounts)
        tiers.append({"min_count": low, "max_count": high, "unit_amount": amount,
                      "renegotiate": amount is None})
    result = line(unit, quantity, rate, included=included, fee_tiers=tiers[::-1])
    result.update(description=draw(titles), unit=draw(st.sampled_from([u.value for u in m.BudgetLine.Unit])),
                  action=draw(st.none() | st.sampled_from(refs)) if refs else None)
    return result


INVOICE_NUMBERS = itertools.count(1)  # unique in every generated document


@st.composite
def tranche_states(draw, number):
    """A tranche's status with what it needs: the invoice, then the payment (not before it)."""
    status = draw(st.sampled_from(["planned", "invoiced", "paid"]))
    if status == "planned":
        return {"status": status, **NO_INVOICE}
    invoiced = draw(dates)
    paid = draw(st.dates(min_value=invoiced, max_value=date(2041, 12, 31))) if status == "paid" else None
    return {"status": status, "invoice_number": number, "invoice_date": str(invoiced),
            "paid_date": None if paid is None else str(paid)}


@st.composite
def money_lists(draw, refs):
    def ref():
        return draw(st.none() | st.sampled_from(refs)) if refs else None

    contributions = [
        {"description": draw(titles), "amount": draw(amounts),
         "kind": draw(st.sampled_from(["item", "quota", "cofinancing"])),
         "percent": draw(st.none() | st.integers(1, 100).map(str)), "action": ref()}
        for _ in range(draw(st.integers(0, 3)))
    ]
    staff_costs = []
    for _ in range(draw(st.integers(0, 2))):
        rate_, hours, rate, included = draw(amounts), draw(quantities), draw(rates), draw(st.booleans())
        start, end = sorted([draw(dates), draw(dates)])
        staff_costs.append({
            "role": draw(titles)[:200], "count": draw(st.integers(1, 20)), "hourly_rate": rate_,
            "vat_included": included, "vat_rate": rate, "hours": hours,
            "amount": str(money.line_amounts(rate_, hours, rate, vat_included=included).gross),
            "period": draw(st.sampled_from([None, {"start": str(start), "end": str(end)},
                                            {"start": None, "end": str(end)}])),
            "action": ref(),
        })
    tranches = [
        {"due_date": draw(st.none() | dates.map(str)), "due_text": draw(texts), "amount": None,
         "percent": str(percent), "is_balance": False, **draw(tranche_states(f"F{next(INVOICE_NUMBERS)}"))}
        for percent in draw(st.lists(st.integers(1, 30), max_size=3))
    ]
    if draw(st.booleans()):
        tranches.append({"due_date": None, "due_text": "saldo", "amount": None, "percent": None,
                         "is_balance": True, "status": "planned", **NO_INVOICE})
    return {"budget_lines": draw(st.lists(budget_lines(refs), max_size=2)), "contributions": contributions,
            "staff_costs": staff_costs, "tranches": tranches}


@st.composite
def schedules(draw):
    """A normalised schedule as a document may give it (ordered intervals and bounds)."""
    def span():
        first, last = sorted([draw(dates), draw(dates)])
        return {"start": str(first), "end": str(last)}

    note = st.builds(lambda code, params: {"code": code, "params": params},
                     st.sampled_from(["year_assumed", "ambiguous", "ignored_text"]),
                     st.dictionaries(st.sampled_from(["text", "year"]), texts, max_size=2))
    recurrences = [
        {**span(), "kind": kind, "weekday": draw(st.none() | st.integers(0, 6)),
         "ordinals": draw(st.lists(st.sampled_from([1, 2, 3, 4, 5, -1]), max_size=2)),
         "months": draw(st.lists(st.integers(1, 12), max_size=3)),
         "day": draw(st.none() | st.integers(1, 31))}
        for kind in draw(st.lists(st.sampled_from(["monthly", "fortnightly", "weekdays_of_month", "months"]),
                                  max_size=2))
    ]
    status = draw(st.sampled_from(["resolved", "ongoing", "unresolved"]))
    return {"status": status, "intervals": [span() for _ in range(draw(st.integers(0, 2)))],
            "deadlines": [str(d) for d in draw(st.lists(dates, max_size=2))], "recurrences": recurrences,
            "notes": draw(st.lists(note, max_size=2)),
            "reason": draw(note) if status == "unresolved" else None}


@st.composite
def documents(draw):
    chosen = draw(st.lists(st.sampled_from(ORGS), min_size=1, max_size=4, unique=True))
    parties = [{"name": name, "role": draw(st.sampled_from(["public_body", "third_sector", "partner"])),
                "tax_code": draw(st.sampled_from(["", code])), "kind": kind}
               for name, kind, code in chosen]
    areas = []
    for number in draw(st.lists(st.integers(1, 40), unique=True, max_size=3)):
        keys = draw(st.lists(st.tuples(st.sampled_from(["consolidation", "development"]),
                                       st.integers(1, 30)), unique=True, max_size=4))
        actions = [{"number": n, "kind": k, "title": draw(titles), "description": draw(texts),
                    "schedule_text": draw(texts), "schedule": draw(st.none() | schedules()),
                    "responsible": draw(st.none() | st.sampled_from([p["name"] for p in parties]))}
                   for k, n in keys]
        refs = [{"kind": k, "number": n} for k, n in keys]
        areas.append({"number": number, "title": draw(titles), "target": draw(texts), "actions": actions,
                      **draw(money_lists(refs))})
    start = draw(dates)
    end = draw(st.dates(min_value=start + (date(2000, 1, 2) - date(2000, 1, 1)),
                        max_value=date(2041, 12, 31)))
    return {
        "format": "coprogetta/agreement@1", "title": draw(titles),
        "kind": draw(st.sampled_from(["convention", "collaboration", "codesign"])),
        "status": draw(st.sampled_from([s.value for s in m.Agreement.Status])),
        "period": {"start": str(start), "end": str(end)},
        "financial_regime": draw(st.sampled_from(["fee", "contribution"])),
        "tender_base_amount": draw(st.none() | amounts), "parties": parties, "areas": areas,
        **draw(money_lists([]).map(lambda d: {**d, "tranches": []})),
        "monitoring": {"checkpoints": sorted(str(d) for d in draw(st.lists(dates, max_size=3))),
                       "frequency": draw(texts)},
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents())
def test_generated_agreements_round_trip_byte_identically(document):
    agreement = agreement_import(user=None, document=document)
    first = dumps(agreement_to_document(agreement))
    validate_document(json.loads(first))
    second = dumps(agreement_to_document(agreement_import(user=None, document=loads(first))))
    assert second == first
