"""Verification: every arithmetic claim recomputed; planted errors are always caught."""

from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coprogetta.lib import money
from coprogetta.lib.importer import extract
from coprogetta.lib.importer.lines import Para
from coprogetta.lib.textparse.numbers import format_number
from coprogetta.lib.verification import Finding, compare, compare_percent, report, summary, verify

D = Decimal
nets = st.decimals(min_value=D("1.00"), max_value=D("9999999.99"), places=2)
rates = st.sampled_from(["4", "5", "10", "22"])
deltas = st.decimals(min_value=D("-50.00"), max_value=D("50.00"), places=2).filter(lambda d: d != 0)


def _eur(value):
    return "€ " + format_number(value)


def _run(lines):
    return verify(lines, extract(lines).document)


def _kinds(findings, code, line):
    return [f.kind for f in findings if f.code == code and f.line == line]


@settings(max_examples=60, deadline=None)
@given(nets, rates, st.one_of(st.just(D(0)), deltas))
def test_net_plus_vat_is_checked(net, rate, delta):
    gross = money.amounts_from_net(net, rate).gross
    assume(gross + delta > 0)
    lines = [
        "Accordo di prova",
        "",
        f"Anno 2025 = corrispettivo di {_eur(net)} + IVA {rate}% = {_eur(gross + delta)}.",
    ]
    kinds = _kinds(_run(lines), "vat", 3)
    assert kinds == (["ok"] if delta == 0 else ["mismatch"])


@settings(max_examples=40, deadline=None)
@given(st.decimals(min_value=D("1.00"), max_value=D("99999.99"), places=2), st.integers(2, 12), deltas)
def test_unit_amount_times_months(unit, months, delta):
    product = money.round_half_up(unit * months)
    assume(product + delta > 0)
    text = (
        f"Corrispettivo per {months} mensilità pari a {_eur(unit)} mensili + IVA 22% = "
        f"tot. {_eur(product + delta)} + IVA 22%"
    )
    findings = _run(["Accordo", text])
    bad = [f for f in findings if f.code == "product" and f.line == 2]
    assert [f.kind for f in bad] == ["mismatch"] and bad[0].computed == product


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 500_000), min_size=2, max_size=8), st.data())
def test_a_changed_item_breaks_the_stated_total(items, data):
    values = [D(v) for v in items]
    stated = sum(values)
    index = data.draw(st.integers(0, len(values) - 1))
    delta = data.draw(st.integers(-99, 99).filter(lambda d: d != 0 and values[index] + d > 0))
    lines = ["Accordo", f"Risorse aggiuntive del partner: {_eur(stated)}, come di seguito indicato:"]
    lines += [f"- {_eur(v)} per voce {i}" for i, v in enumerate(values)]
    assert _kinds(_run(lines), "sum", 2) == ["ok"]
    values[index] += delta
    planted = lines[:2] + [f"- {_eur(v)} per voce {i}" for i, v in enumerate(values)]
    findings = [f for f in _run(planted) if f.code == "sum" and f.line == 2]
    assert [f.kind for f in findings] == ["mismatch"]
    assert findings[0].computed == stated + delta


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(nets, rates), min_size=1, max_size=5), st.data())
def test_summary_table_rows_and_totals(rows, data):
    lines = ["Accordo", "Scheda economica di sintesi", "Voce\tImponibile\tAliquota\tIVA\tTotale"]
    cells = []
    for index, (net, rate) in enumerate(rows):
        amounts = money.amounts_from_net(net, rate)
        cells.append([f"Voce {index}", _eur(net), f"{rate}%", _eur(amounts.vat), _eur(amounts.gross)])
    totals = money.total(money.amounts_from_net(n, r) for n, r in rows)
    footer = ["Totale", _eur(totals.net), "", _eur(totals.vat), _eur(totals.gross)]
    table = lines + ["\t".join(c) for c in cells] + ["\t".join(footer)]
    assert [f for f in _run(table) if f.kind != "ok"] == []
    row = data.draw(st.integers(0, len(rows) - 1))
    delta = data.draw(deltas)
    vat = money.amounts_from_net(*rows[row]).vat
    cells[row][3] = _eur(vat + delta)
    planted = lines + ["\t".join(c) for c in cells] + ["\t".join(footer)]
    found = [f for f in _run(planted) if f.kind == "mismatch"]
    assert ("vat", 4 + row) in {(f.code, f.line) for f in found}
    assert ("sum", 4 + len(rows)) in {(f.code, f.line) for f in found}


@settings(max_examples=40, deadline=None)
@given(st.integers(1000, 500_000), st.integers(10, 60), st.integers(-500, 500))
def test_tranches_with_a_balance(budget, first, delta):
    total = D(budget)
    advance = money.percent_of(total, first)
    balance = total - advance + delta
    assume(balance > 0)  # a document never states a negative balance
    lines = [
        "Accordo",
        "Art. 3 - Piano finanziario",
        f"Il contributo di {_eur(total)}, fuori campo IVA, sarà erogato come segue:",
        f"- anticipo del {first}%, pari a {_eur(advance)}, entro il 31/03/2025;",
        f"- saldo di {_eur(balance)} entro il 31/12/2025.",
    ]
    kinds = _kinds(_run(lines), "tranches", 5)
    assert kinds == (["ok"] if delta == 0 else ["inconsistency"])


def test_compare_and_percentages():
    para = Para(7, "Totale circa € 1.000,00; il 7,5 % del totale", "")
    assert compare("sum", "Totale", D("1000"), D("1000"), para).kind == "ok"
    approximate = compare("sum", "Totale", D("1000"), D("990"), para, approximate=True)
    assert approximate.kind == "approximate" and "circa € 1.000,00" in approximate.message
    assert compare("sum", "Totale", D("1000"), D("900"), para, approximate=True).kind == "mismatch"
    mismatch = compare("vat", "Importo IVA", D("11764.20"), D("11764.22"), para)
    assert (
        mismatch.message
        == "Importo IVA errato: dichiarato € 11.764,20, calcolato € 11.764,22 (differenza € 0,02)"
    )
    assert compare_percent(D("7.5"), D("86670.49"), D("1146628.71"), "base", para).kind == "approximate"
    assert compare_percent(D("7.56"), D("86670.49"), D("1146628.71"), "base", para).kind == "ok"
    assert compare_percent(D("20"), D("10000"), D("50000"), "base", para).kind == "ok"
    assert compare_percent(D("25"), D("10000"), D("50000"), "base", para).kind == "mismatch"
    assert compare_percent(D("5"), D("1"), D("0"), "base", para).kind == "unresolved"
    assert compare_percent(D("33"), D("1000"), D("3000"), "base", para).kind == "approximate"
    assert compare_percent(D("5"), D("1200"), D("22000"), "base", para).kind == "mismatch"


def test_report_and_json():
    findings = [
        Finding("ok", "vat", "IVA corretta", D("1"), D("1"), 3, "riga"),
        Finding("mismatch", "sum", "Somma errata", D("2"), D("3"), 9, "la frase"),
    ]
    assert summary(findings)["mismatch"] == 1 and summary(findings)["ok"] == 1
    text = report(findings)
    assert text.splitlines()[1] == "[ERRORE] riga 9: Somma errata"
    assert "«la frase»" in text
    assert findings[1].to_json() == {
        "kind": "mismatch",
        "code": "sum",
        "message": "Somma errata",
        "stated": "2",
        "computed": "3",
        "location": {"line": 9, "text": "la frase"},
    }
