"""Summary tables checked: VAT and gross of each row, column totals, the total stated after a
table, and each row against the area it names in the document (budget lines, contributions).

Used by :func:`coprogetta.lib.verification.verify`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from coprogetta.lib import money
from coprogetta.lib.importer.lines import Para
from coprogetta.lib.importer.tables import Row, Table, find_tables
from coprogetta.lib.textparse.amounts import find_amounts
from coprogetta.lib.textparse.numbers import format_percent
from coprogetta.lib.verification import Finding, compare, eur

_ZERO = Decimal(0)


def dec(value: Any) -> Decimal:
    return Decimal(str(value)) if value not in (None, "") else _ZERO


def money_lines(container: dict[str, Any]) -> list[dict[str, Any]]:
    return list(container.get("budget_lines") or [])


def all_of(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    entries = list(document.get(key) or [])
    for area in document.get("areas") or []:
        entries.extend(area.get(key) or [])
    return entries


def all_lines(document: dict[str, Any]) -> list[dict[str, Any]]:
    lines = money_lines(document)
    for area in document.get("areas") or []:
        lines.extend(money_lines(area))
    return lines


def area_of(document: dict[str, Any], number: int) -> dict[str, Any] | None:
    for area in document.get("areas") or []:
        if area.get("number") == number:
            return dict(area)
    return None


def _row_finding(row: Row, message: str, stated: Decimal | None, computed: Decimal | None) -> Finding:
    return Finding("inconsistency", "summary_table", message, stated, computed, row.para.no, row.para.text)


def _check_row_amounts(row: Row) -> list[Finding]:
    values = row.summary()
    if values is None:
        return []
    net, rate, vat, gross = values
    findings: list[Finding] = []
    try:
        expected = money.vat_of(net, rate)
    except money.MoneyError:
        return [
            Finding(
                "unresolved",
                "vat",
                f"Aliquota IVA {format_percent(rate)} non ammessa",
                vat,
                None,
                row.para.no,
                row.para.text,
            )
        ]
    label = f"IVA {format_percent(rate)} su {eur(net)}"
    if vat == expected:
        findings.append(
            Finding("ok", "vat", f"{label} = {eur(vat)}, corretto", vat, expected, row.para.no, row.para.text)
        )
    else:
        message = (
            f"Importo IVA errato: dichiarato {eur(vat)}, calcolato {eur(expected)} "
            f"(differenza {eur(abs(vat - expected))}) — {row.label or 'riga'}"
        )
        findings.append(Finding("mismatch", "vat", message, vat, expected, row.para.no, row.para.text))
    findings.append(compare("sum", f"Totale IVA inclusa ({row.label or 'riga'})", gross, net + vat, row.para))
    return findings


def _column_totals(table: Table) -> list[Finding]:
    findings: list[Finding] = []
    data = table.data_rows()
    columns: dict[int, Decimal] = {}
    for row in data:
        for index, value in row.amounts:
            columns[index] = columns.get(index, _ZERO) + value
    for total in table.total_rows():
        for index, stated in total.amounts:
            if index in columns and columns[index] == stated:
                findings.append(compare("sum", "Totale di colonna", stated, columns[index], total.para))
                continue
            if any(v == stated for v in columns.values()):
                findings.append(compare("sum", "Totale di colonna", stated, stated, total.para))
                continue
            if index in columns:
                computed = columns[index]
            elif columns:
                computed = min(columns.values(), key=lambda v: abs(v - stated))
            else:
                continue
            findings.append(compare("sum", "Totale di colonna", stated, computed, total.para))
    return findings


def _area_totals(area: dict[str, Any]) -> tuple[list[Decimal], Decimal, Decimal, Decimal]:
    lines = money_lines(area)
    nets = [dec(line.get("net")) for line in lines]
    return (
        nets,
        sum(nets, _ZERO),
        sum((dec(x.get("vat")) for x in lines), _ZERO),
        sum((dec(x.get("gross")) for x in lines), _ZERO),
    )


def _cross_budget(table: Table, document: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    by_area: dict[int, list[Row]] = {}
    all_nets = {dec(x.get("net")) for x in all_lines(document)}
    for row in table.data_rows():
        summary = row.summary()
        if summary is not None and row.area_number is not None:
            by_area.setdefault(row.area_number, []).append(row)
        elif summary is not None and all_nets and summary[0] not in all_nets:
            row_net = summary[0]
            closest = min(all_nets, key=lambda v: abs(v - row_net))
            findings.append(
                _row_finding(
                    row,
                    f"Tabella di sintesi, {row.label or 'riga'}: imponibile {eur(row_net)}, "
                    f"nel testo {eur(closest)}",
                    row_net,
                    closest,
                )
            )
    for number, rows in by_area.items():
        area = area_of(document, number)
        if area is None:
            findings.append(
                _row_finding(
                    rows[0], f"La tabella di sintesi indica l'ambito {number}, assente dal testo", None, None
                )
            )
            continue
        nets, net, _, gross = _area_totals(area)
        values = [r.summary() for r in rows]
        row_net = sum((v[0] for v in values if v), _ZERO)
        row_gross = sum((v[3] for v in values if v), _ZERO)
        if row_net == net and row_gross == gross:
            findings.append(
                Finding(
                    "ok",
                    "summary_table",
                    f"Ambito {number}: la tabella di sintesi concorda con il testo "
                    f"({eur(net)} + IVA = {eur(gross)})",
                    row_net,
                    net,
                    rows[0].para.no,
                    rows[0].para.text,
                )
            )
            continue
        for row, value in zip(rows, values, strict=True):
            assert value is not None
            if value[0] in nets or (len(rows) == 1 and value[0] == net and value[3] == gross):
                continue
            expected = net if len(rows) == 1 else min(nets or [net], key=lambda v: abs(v - value[0]))
            findings.append(
                _row_finding(
                    row,
                    f"Tabella di sintesi, ambito {number}: imponibile {eur(value[0])}, "
                    f"nel testo {eur(expected)} (totale dell'ambito nel testo {eur(net)}, "
                    f"IVA inclusa {eur(gross)})",
                    value[0],
                    expected,
                )
            )
        if row_gross != gross and all(v and v[0] in nets for v in values):
            findings.append(
                _row_finding(
                    rows[0],
                    f"Tabella di sintesi, ambito {number}: totale IVA inclusa "
                    f"{eur(row_gross)}, nel testo {eur(gross)}",
                    row_gross,
                    gross,
                )
            )
    return findings


def _contribution_candidates(area: dict[str, Any]) -> dict[str, Decimal]:
    contributions = list(area.get("contributions") or [])
    result: dict[str, Decimal] = {}
    for kind in ("item", "quota", "cofinancing"):
        values = [dec(c.get("amount")) for c in contributions if c.get("kind", "item") == kind]
        if values:
            result[kind] = sum(values, _ZERO)
    if contributions:
        result["all"] = sum((dec(c.get("amount")) for c in contributions), _ZERO)
    _, net, vat, gross = _area_totals(area)
    if net:
        result.update(net=net, vat=vat, gross=gross)
    return result


_KIND_LABELS = {
    "item": "risorse del partner",
    "quota": "quote",
    "cofinancing": "cofinanziamento",
    "all": "contributi",
    "net": "imponibile",
    "vat": "IVA",
    "gross": "totale IVA inclusa",
}


def _cross_other(table: Table, document: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    for row in table.data_rows():
        number = row.area_number
        if number is None or row.summary() is not None:
            continue
        area = area_of(document, number)
        if area is None:
            continue
        candidates = _contribution_candidates(area)
        for _, value in row.amounts:
            if not candidates:
                break
            if value in candidates.values():
                kind = next(k for k, v in candidates.items() if v == value)
                findings.append(
                    Finding(
                        "ok",
                        "summary_table",
                        f"Ambito {number}: {eur(value)} concorda con il testo ({_KIND_LABELS[kind]})",
                        value,
                        value,
                        row.para.no,
                        row.para.text,
                    )
                )
                continue
            kind, closest = min(candidates.items(), key=lambda kv: abs(kv[1] - value))
            findings.append(
                _row_finding(
                    row,
                    f"Tabella di sintesi, ambito {number}: {eur(value)}, nel testo "
                    f"{eur(closest)} ({_KIND_LABELS[kind]})",
                    value,
                    closest,
                )
            )
    return findings


def _after_table(paras: Sequence[Para], table: Table) -> list[Finding]:
    """A "Totale ..." line right after a table restates the sum of its total row."""
    last = table.rows[-1].para
    totals = table.total_rows()
    if not totals:
        return []
    index = next((i for i, p in enumerate(paras) if p.no == last.no), None)
    if index is None or index + 1 >= len(paras):
        return []
    following = paras[index + 1]
    if following.is_row or not re.match(r"^\s*tot", following.norm):
        return []
    amounts = [a for a in find_amounts(following.text) if a.currency]
    if not amounts:
        return []
    expected = sum((v for _, v in totals[-1].amounts), _ZERO)
    return [
        compare(
            "sum",
            "Totale complessivo",
            amounts[0].value,
            expected,
            following,
            amounts[0].start,
            detail="somma dei totali della tabella",
        )
    ]


def check_tables(paras: Sequence[Para], document: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    for table in find_tables(paras):
        for row in table.data_rows():
            findings.extend(_check_row_amounts(row))
        findings.extend(_column_totals(table))
        findings.extend(_cross_budget(table, document))
        findings.extend(_cross_other(table, document))
        findings.extend(_after_table(paras, table))
    return findings
