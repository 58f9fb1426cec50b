"""What the ``import`` and ``verify`` commands print: a draft's summary, a verification report."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from coprogetta.lib.textparse.numbers import format_eur, format_number

from .import_services import KIND_ORDER, ImportResult, findings_count, import_read
from .reading import UnreadableDocument, max_bytes

KIND_TITLES = {
    "mismatch": "Mismatches (a stated amount the arithmetic does not give)",
    "inconsistency": "Inconsistencies (two parts of the document disagree)",
    "unresolved": "Unresolved (a statement that could not be checked)",
    "approximate": "Approximations (the document rounds or says 'circa')",
    "ok": "Checked and correct",
}


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def _sum(items: list[dict[str, Any]], key: str) -> Decimal:
    return sum((_decimal(item.get(key)) or Decimal(0) for item in items), Decimal(0))


def _all(document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = list(document.get(key, []))
    for area in document.get("areas", []):
        items.extend(area.get(key, []))
    return items


def totals(document: dict[str, Any]) -> dict[str, Decimal]:
    """The sums of the draft: net and gross of the budget lines, contributions by kind."""
    lines = _all(document, "budget_lines")
    contributions = _all(document, "contributions")
    return {
        "net": _sum(lines, "net"), "vat": _sum(lines, "vat"), "gross": _sum(lines, "gross"),
        "items": _sum([c for c in contributions if c.get("kind", "item") == "item"], "amount"),
        "quotas": _sum([c for c in contributions if c.get("kind") == "quota"], "amount"),
        "cofinancing": _sum([c for c in contributions if c.get("kind") == "cofinancing"], "amount"),
        "tranches": _sum(_all(document, "tranches"), "amount"),
    }


def summary(result: ImportResult, filename: str) -> str:
    """A few lines on what was found in the document, for a person at a terminal."""
    doc = result.document
    out = [f"{filename} ({result.source.format.upper()}, {len(result.source.lines)} lines"
           + (f", {result.source.pages} pages" if result.source.pages else "") + ")",
           f"Title:   {doc.get('title', '')}", f"Kind:    {doc.get('kind', '')}"]
    period = doc.get("period") or {}
    out.append(f"Period:  {period.get('start', '?')} - {period.get('end', '?')}")
    for party in doc.get("parties", []):
        out.append(f"Party:   {party.get('name')} ({party.get('role')})")
    for area in doc.get("areas", []):
        actions = area.get("actions", [])
        kinds = {k: sum(1 for a in actions if a.get("kind") == k) for k in ("consolidation", "development")}
        out.append(
            f"Area {area.get('number')}: {area.get('title', '')[:70]} - "
            f"{kinds['consolidation']} consolidation, {kinds['development']} development actions; "
            f"{len(area.get('budget_lines', []))} budget lines, "
            f"{len(area.get('contributions', []))} contributions"
        )
    sums = totals(doc)
    out.append(f"Budget:  net {format_eur(sums['net'])}, VAT {format_eur(sums['vat'])}, "
               f"gross {format_eur(sums['gross'])}")
    out.append(f"Contributions: items {format_eur(sums['items'])}, quotas {format_eur(sums['quotas'])}, "
               f"co-financing {format_eur(sums['cofinancing'])}")
    tranches = _all(doc, "tranches")
    if tranches:
        out.append(f"Tranches: {len(tranches)}, fixed amounts {format_eur(sums['tranches'])}")
    counts = findings_count(result.findings)
    out.append("Verification: " + ", ".join(f"{counts[kind]} {kind}" for kind in KIND_ORDER))
    return "\n".join(out)


def _amount(value: Any) -> str:
    number = _decimal(value)
    return "-" if number is None else format_number(number, 2)


def verification_report(result: ImportResult, filename: str) -> str:
    """Every finding, grouped by kind (mismatches first), with its line and sentence."""
    counts = findings_count(result.findings)
    out = [f"Verification of {filename}: " + ", ".join(f"{counts[kind]} {kind}" for kind in KIND_ORDER)]
    for kind in KIND_ORDER:
        group = [f for f in result.findings if f.get("kind") == kind]
        if not group:
            continue
        out.extend(["", f"{KIND_TITLES[kind]}: {len(group)}"])
        for finding in group:
            location = finding.get("location") or {}
            line = location.get("line")
            out.append(f"  line {line if line else '?'}: {finding.get('message', '')}")
            stated, computed = _decimal(finding.get("stated")), _decimal(finding.get("computed"))
            if stated is not None or computed is not None:
                text = f"    stated {_amount(stated)}, computed {_amount(computed)}"
                if stated is not None and computed is not None and stated != computed:
                    text += f", difference {_amount(stated - computed)}"
                out.append(text)
            sentence = str(location.get("text") or "").replace("\t", " | ")
            if sentence:
                out.append(f"    \u00ab{sentence[:300]}{'…' if len(sentence) > 300 else ''}\u00bb")
    return "\n".join(out)


def read_file(file: str) -> ImportResult:
    """The draft read from ``file`` ("-" for standard input); CommandError if unreadable."""
    try:
        if file == "-":
            data = sys.stdin.buffer.read(max_bytes() + 1)
        else:
            with Path(file).open("rb") as handle:
                data = handle.read(max_bytes() + 1)
    except OSError as error:
        raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
    try:
        return import_read(data, Path(file).name if file != "-" else "stdin.txt")
    except UnreadableDocument as error:
        raise CommandError(f"{file}: {error.message}") from None
