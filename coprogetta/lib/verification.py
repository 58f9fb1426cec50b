"""Recompute every arithmetic claim of an agreement's text and classify it.

``verify(lines, document)`` reads the text again (the same lines ``extract`` read) and checks:

- chains of amounts: unit amount × quantity ("product"), net + VAT = gross ("vat"), a total
  restating the lines before it ("sum"), amounts written again in words ("words");
- itemised lists against their stated total ("sum"); lettered groups against their
  subtotals ("subtotal"), grand totals ("sum") and percentage lines ("percentage");
- summary tables: VAT and gross of each row ("vat"), column totals ("sum"), and each row
  against the area it names in ``document`` ("summary_table");
- percentages of a named base ("percentage"), tranches against their budget ("tranches"),
  hours × hourly rate ("product") and the period against the rest of the text ("period").

Each :class:`Finding` is ok, approximate (the text says "circa" or rounds a percentage),
mismatch (a wrong product, sum, VAT, percentage or total), inconsistency (two parts of the
document disagree) or unresolved (a claim that cannot be recomputed). Messages are Italian:
the findings are shown to the people who signed the document. No Django import.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from coprogetta.lib import money
from coprogetta.lib.importer.claims import Chain, Node, read_statement
from coprogetta.lib.importer.lines import Para, paragraphs
from coprogetta.lib.importer.lists import find_groups, find_itemised
from coprogetta.lib.importer.sections import Area, find_areas
from coprogetta.lib.textparse.numbers import format_eur, format_number, format_percent

KINDS = ("ok", "approximate", "mismatch", "inconsistency", "unresolved")
#: Relative difference still "approximate" when the text says "circa".
CIRCA_TOLERANCE = Decimal("0.05")


@dataclass(frozen=True)
class Finding:
    """One recomputed claim: what the text states, what the arithmetic gives, and where."""

    kind: str
    code: str
    message: str
    stated: Decimal | None
    computed: Decimal | None
    line: int | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "message": self.message,
            "stated": None if self.stated is None else str(self.stated),
            "computed": None if self.computed is None else str(self.computed),
            "location": {"line": self.line, "text": self.text},
        }


def findings_to_json(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [f.to_json() for f in findings]


def sentence_at(text: str, position: int = 0) -> str:
    """The sentence of ``text`` around ``position`` (cut at "." + capital or ";"), at most 300 chars."""
    bounds = [0]
    for match in re.finditer(r"(?<=[a-zà-ù0-9)%])\.\s+(?=[A-Z(])|;\s+|\s+[-–]\s+(?=[A-Z]{3,})", text):
        bounds.append(match.end())
    bounds.append(len(text) + 1)
    start = max(b for b in bounds if b <= max(position, 0))
    end = min((b for b in bounds if b > position), default=len(text))
    sentence = text[start:end].strip(" ;")
    if len(sentence) > 300:
        sentence = sentence[:297] + "…"
    return sentence


def eur(value: Decimal) -> str:
    return format_eur(value)


def pct(value: Decimal) -> str:
    """A percentage as the document writes it: ``7,5 %``, ``4 %``, ``33,33 %``."""
    exponent = value.as_tuple().exponent
    places = min(max(0, -exponent), 2) if isinstance(exponent, int) else 2
    if value == value.to_integral_value():
        places = 0
    return f"{format_number(value, places)} %"


def compare(
    code: str,
    label: str,
    stated: Decimal,
    computed: Decimal,
    para: Para,
    position: int = 0,
    *,
    approximate: bool = False,
    bad_kind: str = "mismatch",
    detail: str = "",
) -> Finding:
    """A finding comparing two amounts: ok, approximate (``circa``), or ``bad_kind``."""
    text = sentence_at(para.text, position)
    difference = abs(stated - computed)
    suffix = f" ({detail})" if detail else ""
    if difference == 0:
        return Finding(
            "ok", code, f"{label}: {eur(stated)}, corretto{suffix}", stated, computed, para.no, text
        )
    if approximate and computed != 0 and difference / abs(computed) <= CIRCA_TOLERANCE:
        message = (
            f"{label} indicato come approssimativo: dichiarato circa {eur(stated)}, calcolato {eur(computed)}"
        )
        return Finding("approximate", code, message + suffix, stated, computed, para.no, text)
    message = (
        f"{label} errato: dichiarato {eur(stated)}, calcolato {eur(computed)} (differenza {eur(difference)})"
    )
    return Finding(bad_kind, code, message + suffix, stated, computed, para.no, text)


def compare_percent(
    stated: Decimal, part: Decimal, base: Decimal, base_label: str, para: Para, position: int = 0
) -> Finding:
    """A stated percentage against ``part / base``.

    ok when the part is exactly the percentage of the base (to the cent) or the ratio is the
    percentage to two decimals; approximate when the percentage is a rounding of the ratio
    (to its own decimals, or within 0,1 points) and the part is within 1 % of what the
    percentage gives; a mismatch otherwise.
    """
    computed = money.ratio_percent(part, base)
    text = sentence_at(para.text, position)
    if computed is None:
        return Finding(
            "unresolved",
            "percentage",
            f"Percentuale di una base nulla ({base_label})",
            stated,
            None,
            para.no,
            text,
        )
    exponent = stated.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 2
    rounded = computed.quantize(Decimal(1).scaleb(-places)) if places < 2 else computed
    expected_part = money.percent_of(base, stated)
    detail = f"{eur(part)} su {eur(base)} ({base_label})"
    if computed == stated or expected_part == part:
        return Finding(
            "ok",
            "percentage",
            f"Percentuale {pct(stated)}: corretta, {detail}",
            stated,
            computed,
            para.no,
            text,
        )
    difference = abs(computed - stated)
    close = abs(part - expected_part) <= abs(part) / 100
    if close and (rounded == stated or difference <= Decimal("0.1")):
        message = (
            f"Percentuale arrotondata: dichiarato {pct(stated)}, calcolato "
            f"{format_number(computed)} % ({detail})"
        )
        return Finding("approximate", "percentage", message, stated, computed, para.no, text)
    message = (
        f"Percentuale errata: dichiarato {pct(stated)}, calcolato {format_number(computed)} % "
        f"({detail}; il {pct(stated)} sarebbe {eur(expected_part)})"
    )
    return Finding("mismatch", "percentage", message, stated, computed, para.no, text)


# -- chains ------------------------------------------------------------------------------------


def _unit_label(unit: str | None) -> str:
    return {"month": "mesi", "week": "settimane", "day": "giorni", "hour": "ore", "year": "anni"}.get(
        unit or "", ""
    )


def _step(chain: Chain, index: int, para: Para) -> Finding | None:
    """Check the step from node ``index`` to the next one of ``chain``."""
    before: Node = chain.nodes[index]
    after: Node = chain.nodes[index + 1]
    position = after.amount.start
    approximate = after.amount.approximate or chain.approximate
    base = before.value
    if after.is_vat_amount:
        if before.vat_rate is None or not _valid_rate(before.vat_rate):
            return None
        expected = money.vat_of(base, before.vat_rate)
        return compare(
            "vat",
            "Importo IVA",
            after.value,
            expected,
            para,
            position,
            approximate=approximate,
            detail=f"{pct(before.vat_rate)} di {eur(base)}",
        )
    if before.is_vat_amount and index > 0:
        net = chain.nodes[index - 1].value
        return compare(
            "sum",
            "Totale IVA inclusa",
            after.value,
            net + before.value,
            para,
            position,
            approximate=approximate,
            detail=f"{eur(net)} + IVA {eur(before.value)}",
        )
    unit = chain.product_unit() if index == 0 else None
    if unit is not None and chain.quantity is not None:
        quantity = chain.quantity
        detail = f"{eur(base)} × {format_number(quantity, 0 if quantity == quantity.to_integral() else 2)}"
        detail += f" {_unit_label(unit)}".rstrip()
        net = money.round_half_up(base * quantity)
        if before.vat_rate is not None and after.vat_rate is None and not after.vat_included:
            gross = (
                money.amounts_from_net(net, before.vat_rate).gross if _valid_rate(before.vat_rate) else net
            )
            if after.value != net:
                return compare(
                    "product",
                    "Totale IVA inclusa",
                    after.value,
                    gross,
                    para,
                    position,
                    approximate=approximate,
                    detail=f"{detail} + IVA {format_percent(before.vat_rate)}",
                )
        return compare(
            "product", "Prodotto", after.value, net, para, position, approximate=approximate, detail=detail
        )
    if before.vat_rate is not None and after.vat_rate is None and not after.vat_included:
        if not _valid_rate(before.vat_rate):
            return Finding(
                "unresolved",
                "vat",
                f"Aliquota IVA {format_percent(before.vat_rate)} non ammessa",
                after.value,
                None,
                para.no,
                sentence_at(para.text, position),
            )
        amounts = money.amounts_from_net(base, before.vat_rate)
        stated_vat = after.value - base
        finding = compare(
            "vat",
            "Totale IVA inclusa",
            after.value,
            amounts.gross,
            para,
            position,
            approximate=approximate,
            detail=f"{eur(base)} + IVA {format_percent(before.vat_rate)} di {eur(amounts.vat)}",
        )
        if finding.kind == "mismatch":
            message = (
                f"Importo IVA errato: dichiarato {eur(stated_vat)}, calcolato {eur(amounts.vat)} "
                f"(differenza {eur(abs(stated_vat - amounts.vat))}); totale dichiarato {eur(after.value)}, "
                f"calcolato {eur(amounts.gross)}"
            )
            return Finding("mismatch", "vat", message, after.value, amounts.gross, para.no, finding.text)
        return finding
    if before.vat_included or after.vat_included or (before.vat_rate is None) != (after.vat_rate is None):
        return None
    return compare("sum", "Importo ripetuto", after.value, base, para, position, approximate=approximate)


def _valid_rate(rate: Decimal) -> bool:
    try:
        return money.vat_rate(rate) is not None
    except money.MoneyError:
        return False


def check_chains(para: Para, carried: list[Chain] | None = None) -> list[Finding]:
    """The chains of ``para``; a total with no line before it in the paragraph sums the lines
    (with VAT) of the paragraphs before, kept in ``carried`` and emptied when a total uses them."""
    statement = read_statement(para.text)
    findings: list[Finding] = []
    earlier: list[Chain] = []
    carried = carried if carried is not None else []
    for chain in statement.chains:
        for node in chain.nodes:
            if node.amount.in_words is not None:
                findings.append(
                    compare(
                        "words",
                        "Importo in lettere",
                        node.amount.in_words,
                        node.value,
                        para,
                        node.amount.start,
                    )
                )
        if chain.is_total and not earlier and len(carried) > 1:
            earlier = list(carried)
        if chain.is_total:
            carried.clear()
        if chain.is_total and earlier:
            expected = sum((c.net_total() for c in earlier), Decimal(0))
            first = chain.first
            detail = " + ".join(format_number(c.net_total()) for c in earlier)
            findings.append(
                compare(
                    "sum",
                    "Totale",
                    first.value,
                    expected,
                    para,
                    first.amount.start,
                    approximate=first.amount.approximate,
                    detail=detail,
                )
            )
            earlier = []
        elif not chain.is_total and (len(chain.nodes) > 1 or chain.has_vat):
            earlier.append(chain)
            if chain.has_vat:
                carried.append(chain)
        for index in range(len(chain.nodes) - 1):
            if (finding := _step(chain, index, para)) is not None:
                findings.append(finding)
    return findings


# -- lists and groups --------------------------------------------------------------------------


def check_lists(paras: Sequence[Para]) -> list[Finding]:
    findings: list[Finding] = []
    for listed in find_itemised(paras):
        total = sum((value for _, value, _ in listed.items), Decimal(0))
        detail = f"somma di {len(listed.items)} voci, righe {listed.items[0][0].no}-{listed.items[-1][0].no}"
        findings.append(
            compare(
                "sum",
                "Totale delle voci",
                listed.total,
                total,
                listed.header,
                listed.chain.first.amount.start,
                detail=detail,
            )
        )
    groups, totals = find_groups(paras)
    values: dict[str, Decimal] = {}
    for group in groups:
        items_total = sum((value for _, value, _ in group.items), Decimal(0))
        if group.items and group.subtotal is not None and group.subtotal_para is not None:
            findings.append(
                compare(
                    "subtotal",
                    f"Subtotale {group.letter})",
                    group.subtotal,
                    items_total,
                    group.subtotal_para,
                    detail=f"somma delle voci di {group.letter})",
                )
            )
        if group.items and group.stated is not None and group.stated_para is not None:
            findings.append(
                compare(
                    "subtotal",
                    f"Importo di {group.letter})",
                    group.stated,
                    items_total,
                    group.stated_para,
                    detail=f"somma delle voci di {group.letter})",
                )
            )
        value = group.value()
        if value is not None:
            values[group.letter] = value
    for group in groups:
        if group.percent is not None and group.percent_of in values and group.stated is not None:
            base = values[group.percent_of]
            label = f"Quota del {format_percent(group.percent)} di {group.percent_of})"
            findings.append(
                compare(
                    "percentage",
                    label,
                    group.stated,
                    money.percent_of(base, group.percent),
                    group.para,
                    detail=f"{format_percent(group.percent)} di {eur(base)}",
                )
            )
    for grand in totals:
        parts = [values[x] for x in grand.letters if x in values]
        if parts:
            detail = " + ".join(f"{x})" for x in grand.letters if x in values)
            findings.append(
                compare(
                    "sum", "Totale generale", grand.stated, sum(parts, Decimal(0)), grand.para, detail=detail
                )
            )
    return findings


# -- entry points ------------------------------------------------------------------------------


def verify(lines: Sequence[str], document: dict[str, Any]) -> list[Finding]:
    """Every arithmetic claim of ``lines`` recomputed, and ``document`` checked against the text."""
    paras = paragraphs(lines)
    _, areas, tail = find_areas(paras)
    return verify_paragraphs(paras, document, areas=areas, tail=tail)


def verify_paragraphs(
    paras: Sequence[Para],
    document: dict[str, Any],
    *,
    areas: Sequence[Area] = (),
    tail: Sequence[Para] = (),
) -> list[Finding]:
    """:func:`verify` on paragraphs already read."""
    from coprogetta.lib.importer import crosschecks, tablechecks

    findings: list[Finding] = []
    carried: list[Chain] = []
    starts = {area.line for area in areas}
    for para in paras:
        if para.no in starts or para.letter:
            carried.clear()
        if not para.is_row:
            findings.extend(check_chains(para, carried))
    findings.extend(check_lists(paras))
    findings.extend(tablechecks.check_tables(paras, document))
    findings.extend(crosschecks.check_percentages(paras, document))
    findings.extend(crosschecks.check_tranches(paras, document, areas))
    findings.extend(crosschecks.check_staff(paras, document))
    findings.extend(crosschecks.check_period(paras, document))
    findings.extend(crosschecks.check_tax_codes(paras))
    return _unique(findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int | None, Decimal | None, Decimal | None]] = set()
    result = []
    for finding in findings:
        key = (finding.code, finding.line, finding.stated, finding.computed)
        if key in seen:
            continue
        seen.add(key)
        result.append(finding)
    result.sort(key=lambda f: f.line or 0)
    return result


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """How many findings of each kind."""
    counts = dict.fromkeys(KINDS, 0)
    for finding in findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    return counts


def report(findings: Sequence[Finding]) -> str:
    """A plain-text report in Italian, one finding per line, problems first."""
    order = {"mismatch": 0, "inconsistency": 1, "unresolved": 2, "approximate": 3, "ok": 4}
    labels = {
        "ok": "OK",
        "approximate": "APPROSSIMATO",
        "mismatch": "ERRORE",
        "inconsistency": "INCOERENZA",
        "unresolved": "NON VERIFICATO",
    }
    counts = summary(findings)
    lines = [
        f"Verifiche: {len(findings)} — corrette {counts['ok']}, approssimate {counts['approximate']}, "
        f"errori {counts['mismatch']}, incoerenze {counts['inconsistency']}, "
        f"non verificate {counts['unresolved']}"
    ]
    for finding in sorted(findings, key=lambda f: (order.get(f.kind, 9), f.line or 0)):
        where = f"riga {finding.line}" if finding.line else "documento"
        lines.append(f"[{labels.get(finding.kind, finding.kind)}] {where}: {finding.message}")
        if finding.kind != "ok" and finding.text:
            lines.append(f"    «{finding.text}»")
    return "\n".join(lines)
