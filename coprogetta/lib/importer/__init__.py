"""Document import: the text lines of an agreement -> a draft coprogetta/agreement@1 document.

``extract(lines)`` reads one logical paragraph per line (table rows as TAB-separated cells),
finds the parties, period, areas, actions, money (budget lines, fee tiers, contributions,
staff costs, tranches) and monitoring, and verifies every arithmetic statement
(``coprogetta.lib.verification``). ``sources`` maps the JSON pointer of every extracted value
to the 1-based line it came from; ``extras`` holds what the format has no place for (roles
and head counts, indicators and targets). No Django import.

The rules read structure, not sentences: area headings ("Ambito n. 1", "Area II", "Linea 3"),
or one area for a convention in articles; sections by their titles (object, times, resources,
"Art. 5 – Piano economico"); kinds by their headings or intros ("Sviluppo e innovazione");
lists, "title: when" work-plan items and tables of actions; chains of amounts joined by "=" or
"per un totale di"; itemised totals; lettered groups with subtotals; tranches; fee tiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coprogetta.lib.importer.actions import area_actions
from coprogetta.lib.importer.budget import (
    MONEY_KEYS,
    AreaMoney,
    area_money,
    area_number_of,
    document_money,
    document_outside_vat,
)
from coprogetta.lib.importer.lines import Para, paragraphs
from coprogetta.lib.importer.parties import (
    every_months,
    find_monitoring,
    find_parties,
    find_period,
    kind_of_agreement,
    title_of,
)
from coprogetta.lib.importer.people import human_resources, indicators
from coprogetta.lib.importer.sections import Area, find_areas, split_blocks
from coprogetta.lib.schedules import Interval, parse_schedule

FORMAT = "coprogetta/agreement@1"

__all__ = ["FORMAT", "Extraction", "extract"]


@dataclass
class Extraction:
    """The draft document and, for each extracted value, the line it came from."""

    document: dict[str, Any]
    sources: dict[str, int] = field(default_factory=dict)
    #: What the interchange format has no place for: "human_resources" [{area, role, count,
    #: line}] and "indicators" [{area, name, target, unit, line}], for the review page.
    extras: dict[str, Any] = field(default_factory=dict)


def _single_area(preamble: list[Para], title: str) -> tuple[list[Para], list[Area]]:
    """A document without area headings is one area: its body after the heading lines."""
    start = next((i for i, p in enumerate(preamble) if len(p.text) > 120 or p.is_item), 0)
    area = Area(1, title, preamble[start].no if preamble else 1, preamble[0].no if preamble else 1)
    area.paras = list(preamble)
    return preamble[:start], [area]


def _move_to_areas(top: AreaMoney, areas: Sequence[Area], moneys: Sequence[AreaMoney]) -> None:
    """Money stated outside the areas but naming one ("Ambito 2: € ...") goes to that area,
    when the area's own sections state none of that kind."""
    index_of = {area.number: i for i, area in enumerate(areas)}
    for key in MONEY_KEYS:
        empty = {number for number, i in index_of.items() if not getattr(moneys[i], key)}
        kept = []
        for entry, line in getattr(top, key):
            number = area_number_of(str(entry.get("description") or entry.get("role") or ""))
            if number in empty:
                getattr(moneys[index_of[number]], key).append((entry, line))
            else:
                kept.append((entry, line))
        setattr(top, key, kept)


def extract(lines: Sequence[str]) -> Extraction:
    """Read ``lines`` into a draft agreement document, verified (see the module docstring)."""
    from coprogetta.lib.verification import findings_to_json, verify_paragraphs

    paras = paragraphs(lines)
    sources: dict[str, int] = {}
    preamble, areas, tail = find_areas(paras)
    title, title_line = title_of(preamble or paras)
    sources["/title"] = title_line
    if not areas:
        preamble, areas = _single_area(preamble, title)
    kind = kind_of_agreement(paras)
    sources["/kind"] = title_line
    found_period = find_period(paras)
    if found_period is None:
        today = date.today()  # noqa: DTZ011 - a draft needs some period; the user corrects it
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    else:
        start, end, period_line = found_period
        sources["/period/start"] = sources["/period/end"] = period_line
    period = Interval(start, end)
    document: dict[str, Any] = {
        "format": FORMAT,
        "title": title,
        "kind": kind,
        "status": "draft",
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "parties": [],
        "areas": [],
    }
    for index, party in enumerate(find_parties(paras)):
        document["parties"].append({"name": party.name, "role": party.role, "tax_code": party.tax_code})
        for key in ("name", "role", "tax_code"):
            sources[f"/parties/{index}/{key}"] = party.line
    extras: dict[str, Any] = {"human_resources": [], "indicators": []}
    area_moneys: list[AreaMoney] = []
    outside_vat = document_outside_vat(paras)
    for a_index, area in enumerate(areas):
        base = f"/areas/{a_index}"
        blocks = split_blocks(area.paras)
        area_doc: dict[str, Any] = {
            "number": area.number,
            "title": area.title[:300],
            "target": "",
            "actions": [],
        }
        sources[f"{base}/number"] = area.line
        sources[f"{base}/title"] = area.title_line
        for i, draft in enumerate(area_actions(area, blocks)):
            action: dict[str, Any] = {
                "number": draft.number,
                "kind": draft.kind,
                "title": draft.title[:300],
                "description": draft.description,
                "schedule_text": draft.schedule_text[:300],
                "schedule": None,
            }
            if draft.schedule_text:
                action["schedule"] = parse_schedule(draft.schedule_text, period).to_dict()
            document_key = f"{base}/actions/{i}"
            for key in ("number", "kind", "title", "description"):
                sources[f"{document_key}/{key}"] = draft.line
            if draft.schedule_line is not None:
                sources[f"{document_key}/schedule_text"] = draft.schedule_line
                sources[f"{document_key}/schedule"] = draft.schedule_line
            area_doc["actions"].append(action)
        for key, finder in (("human_resources", human_resources), ("indicators", indicators)):
            extras[key].extend({"area": area.number, **entry} for entry in finder(area.paras))
        area_moneys.append(area_money(area, blocks, default_year=start.year, default_out=outside_vat))
        document["areas"].append(area_doc)
    top = document_money([*preamble, *tail], default_year=start.year, default_out=outside_vat)
    _move_to_areas(top, areas, area_moneys)
    for index, money in enumerate(area_moneys):
        money.write(document["areas"][index], f"/areas/{index}", sources)
    top.write(document, "", sources)
    if any(m.regime == "contribution" for m in [*area_moneys, top]):
        document["financial_regime"] = "contribution"
    monitoring = find_monitoring(paras, (start, end))
    if monitoring is not None:
        checkpoints, frequency, line = monitoring
        document["monitoring"] = {"checkpoints": [d.isoformat() for d in checkpoints], "frequency": frequency}
        months = every_months(frequency)
        if months is not None:
            document["monitoring"]["every_months"] = months
        sources["/monitoring/checkpoints"] = sources["/monitoring/frequency"] = line
    findings = verify_paragraphs(paras, document, areas=areas, tail=tail)
    document["verification"] = {"findings": findings_to_json(findings)}
    if len(areas) == 0 or not any(e["area"] for e in extras["indicators"]):
        extras["indicators"].extend({"area": None, **entry} for entry in indicators([*preamble, *tail]))
    return Extraction(document, sources, extras)
