"""The diff of two negotiated texts: matching, amounts with their differences, schedules, symmetry."""

import copy
import json
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from coprogetta.lib import negotiation_diff as nd

SAMPLE = Path(__file__).resolve().parents[2] / "coprogetta" / "documents" / "demo" / "crema-2016.json"


def sample():
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def action(area, kind, number):
    return next(a for a in area["actions"] if a["kind"] == kind and a["number"] == number)


def only(diffs):
    assert len(diffs) == 1, diffs
    return diffs[0]


# -- fingerprint ---------------------------------------------------------------------------------


def test_the_hash_ignores_key_order_and_whitespace_but_not_values():
    a = {"b": [1, "è"], "a": {"y": None, "x": "1.00"}}
    b = json.loads(json.dumps({"a": {"x": "1.00", "y": None}, "b": [1, "è"]}, indent=4))
    assert nd.canonical_bytes(a) == '{"a":{"x":"1.00","y":null},"b":[1,"è"]}'.encode()
    assert nd.document_hash(a) == nd.document_hash(b)
    assert nd.document_hash(a) != nd.document_hash({**a, "b": [1, "e"]})
    assert len(nd.document_hash(a)) == 64


# -- the sample ----------------------------------------------------------------------------------


def test_the_sample_against_itself_has_no_differences():
    document = sample()
    result = nd.diff_documents(document, copy.deepcopy(document))
    assert result.is_empty
    assert all(sum(c.values()) == 0 for c in result.counts().values())


def test_a_removed_action_and_renumbered_followers_are_one_removal():
    old = sample()
    new = copy.deepcopy(old)
    area = new["areas"][0]
    area["actions"] = [a for a in area["actions"] if not (a["kind"] == "development" and a["number"] == 3)]
    for a in area["actions"]:
        if a["kind"] == "development" and a["number"] > 3:
            a["number"] -= 1

    result = nd.diff_documents(old, new)

    removed = only([d for d in result.actions if d.change == nd.REMOVED])
    assert removed.old["title"] == "Pulizia straordinaria della struttura di Via Dante/Pesadori"
    assert removed.area == 1
    changed = [d for d in result.actions if d.change == nd.CHANGED]
    assert len(changed) == 8  # actions 4..11 renumbered 3..10, titles unchanged
    assert all(d.field_names == {"number"} for d in changed)
    assert not [d for d in result.actions if d.change == nd.ADDED]


def test_a_retitled_action_with_its_number_is_changed_not_replaced():
    old = sample()
    new = copy.deepcopy(old)
    target = action(new["areas"][1], "development", 9)
    target["title"] = "Piano di fattibilità di attività laboratoriali estive in Colonia Seriana (pre colonia)"

    diff = only(nd.diff_documents(old, new).actions)

    assert diff.change == nd.CHANGED and diff.field_names == {"title"}


def test_amounts_changed_with_net_vat_gross_and_the_difference():
    old = sample()
    new = copy.deepcopy(old)
    new["areas"][0]["budget_lines"][0]["unit_amount"] = "26120.00"  # and a stale gross: recomputed
    result = nd.diff_documents(old, new)

    line = only(result.budget_lines)
    amounts = {a.name: a for a in line.amounts}
    assert amounts["unit_amount"].difference == Decimal("-616.87")
    assert (amounts["net"].old, amounts["net"].new) == (Decimal("294105.57"), Decimal("287320.00"))
    assert amounts["vat"].new == Decimal("11492.80")  # 4 % of the line's net, rounded once
    assert amounts["gross"].difference == Decimal("-7056.99")
    assert line.field_names == frozenset()
    total = only([t for t in result.totals if t.name == "budget_gross"])
    assert total.difference == Decimal("-7056.99")


def test_a_contribution_changed_added_and_removed():
    old = sample()
    new = copy.deepcopy(old)
    area = new["areas"][2]
    desk = next(c for c in area["contributions"] if c["description"] == "Sportello ludopatia")
    desk["amount"] = "1200.00"
    area["contributions"].append({"description": "Banco alimentare", "amount": "250.00", "kind": "item",
                                  "percent": None, "action": None})
    del new["areas"][4]["contributions"][0]

    result = nd.diff_documents(old, new)

    by_change = {d.change: d for d in result.contributions}
    expected = nd.AmountChange("amount", Decimal("1500.00"), Decimal("1200.00"))
    assert by_change[nd.CHANGED].amounts == (expected,)
    assert by_change[nd.CHANGED].amounts[0].difference == Decimal("-300.00")
    assert by_change[nd.ADDED].new["description"] == "Banco alimentare"
    assert by_change[nd.ADDED].area == 3
    assert by_change[nd.REMOVED].old["description"] == "Coordinamento azioni e progetti territoriali"
    assert result.counts()["contributions"] == {nd.ADDED: 1, nd.REMOVED: 1, nd.CHANGED: 1}


def test_schedules_changed_in_text_and_normalised_form():
    old = sample()
    new = copy.deepcopy(old)
    target = action(new["areas"][1], "development", 9)
    target["schedule_text"] = "nel mese di luglio"
    target["schedule"]["intervals"] = [{"start": "2016-07-01", "end": "2016-07-31"}]

    result = nd.diff_documents(old, new)

    diff = only(result.schedules)
    assert diff.field_names == {"schedule_text", "schedule"}
    schedule = next(f for f in diff.fields if f.name == "schedule")
    assert nd.describe_schedule(schedule.old) == "01/06/2016–30/06/2016"
    assert nd.describe_schedule(schedule.new) == "01/07/2016–31/07/2016"


def test_parties_and_period_changed():
    old = sample()
    new = copy.deepcopy(old)
    new["period"]["end"] = "2017-06-30"
    new["parties"].append(
        {"name": "Cooperativa Igea", "role": "partner", "tax_code": "", "kind": "cooperative"}
    )
    new["parties"][1]["tax_code"] = "01234567890"

    result = nd.diff_documents(old, new)

    assert result.general == (nd.FieldChange("period_end", "2016-12-31", "2017-06-30"),)
    assert {(d.change, d.item["name"]) for d in result.parties} == {
        (nd.ADDED, "Cooperativa Igea"), (nd.CHANGED, 'Consorzio "Sul Serio"'),
    }


def test_what_happens_while_the_agreement_runs_is_not_negotiated_text():
    old = sample()
    old["areas"][0]["tranches"] = [{
        "due_date": "2016-06-30", "due_text": "", "amount": "1000.00", "percent": None,
        "is_balance": False, "status": "planned", "invoice_number": "", "invoice_date": None,
        "paid_date": None,
    }]
    new = copy.deepcopy(old)
    new["status"] = "closed"
    new["areas"][0]["tranches"][0].update(status="paid", invoice_number="12", invoice_date="2016-07-01",
                                          paid_date="2016-07-20")
    new["areas"][0]["budget_lines"][0]["quantity"] = "11.00"  # the same quantity, written otherwise
    assert nd.diff_documents(old, new).is_empty


def test_a_removed_area_takes_its_items_with_it():
    old = sample()
    new = copy.deepcopy(old)
    del new["areas"][3]

    result = nd.diff_documents(old, new)

    assert only(result.areas).change == nd.REMOVED
    assert {d.change for d in result.actions} == {nd.REMOVED}
    assert len(result.actions) == len(old["areas"][3]["actions"])
    assert all(d.area == 4 for d in result.actions)


# -- properties ----------------------------------------------------------------------------------

words = st.sampled_from(["nido", "colonia", "sportello", "formazione", "tirocini", "verde", "centro"])
titles = st.lists(words, min_size=1, max_size=3).map(" ".join)
amounts = st.decimals(min_value=0, max_value=100000, places=2).map(lambda d: format(d, "f"))


@st.composite
def documents(draw):
    areas = []
    for number in draw(st.lists(st.integers(1, 4), unique=True, max_size=3)):
        actions = [
            {"number": n, "kind": kind, "title": draw(titles), "description": "",
             "schedule_text": draw(st.sampled_from(["", "da aprile", "entro maggio"])),
             "schedule": None, "responsible": None}
            for kind in ("consolidation", "development")
            for n in draw(st.lists(st.integers(1, 4), unique=True, max_size=3))
        ]
        lines = [
            {"description": draw(titles), "unit_amount": draw(amounts),
             "quantity": draw(st.sampled_from(["1", "6", "11"])), "unit": "month",
             "vat_rate": draw(st.sampled_from(["4", "22", "out_of_scope"])),
             "vat_included": draw(st.booleans()), "fee_tiers": [], "action": None}
            for _ in range(draw(st.integers(0, 2)))
        ]
        contributions = [
            {"description": draw(titles), "amount": draw(amounts), "kind": "item", "percent": None,
             "action": None}
            for _ in range(draw(st.integers(0, 3)))
        ]
        areas.append({"number": number, "title": draw(titles), "target": "", "actions": actions,
                      "budget_lines": lines, "contributions": contributions, "staff_costs": [],
                      "tranches": []})
    return {
        "format": "coprogetta/agreement@1", "title": draw(titles), "kind": "codesign",
        "period": {"start": "2016-01-01", "end": draw(st.sampled_from(["2016-12-31", "2017-12-31"]))},
        "parties": [
            {"name": name, "role": "public_body", "tax_code": "", "kind": "public_body"}
            for name in draw(st.lists(st.sampled_from(["Comune di Crema", "Comune di Lodi"]), unique=True))
        ],
        "areas": areas, "budget_lines": [], "contributions": [], "staff_costs": [], "tranches": [],
    }


@settings(max_examples=150, deadline=None)
@given(documents())
def test_a_document_against_itself_is_empty(document):
    assert nd.diff_documents(document, copy.deepcopy(document)).is_empty


@settings(max_examples=150, deadline=None)
@given(documents(), documents())
def test_the_diff_read_backwards_mirrors_the_diff(a, b):
    forwards = nd.diff_documents(a, b)
    assert nd.diff_documents(b, a) == forwards.mirrored()
    assert forwards.is_empty == (nd.diff_documents(b, a).is_empty)


@settings(max_examples=100, deadline=None)
@given(documents(), documents())
def test_every_item_is_accounted_for(a, b):
    """Each item of either side is matched, added or removed exactly once."""
    result = nd.diff_documents(a, b)
    for name in ("actions", "contributions"):
        olds = sum(len(area[name]) for area in a["areas"])
        news = sum(len(area[name]) for area in b["areas"])
        counts = result.counts()[name]
        unchanged_and_changed_old = olds - counts[nd.REMOVED]
        unchanged_and_changed_new = news - counts[nd.ADDED]
        assert unchanged_and_changed_old == unchanged_and_changed_new >= counts[nd.CHANGED]


@settings(max_examples=100, deadline=None)
@given(documents(), documents())
def test_total_differences_add_up(a, b):
    for total in nd.diff_documents(a, b).totals:
        assert total.difference == total.new - total.old
