"""Money of an area (or of the whole agreement): budget lines, fee tiers, contributions,
staff costs and tranches, each with the line it came from.

- A chain of amounts that names VAT ("€ 26.736,87 mensili + iva 4%", "fuori campo IVA") is a
  budget line: its first amount is the unit amount, with the quantity the sentence gives
  ("per 11 mensilità") when the amount is a unit amount ("mensili", "/ora").
- Items under a header that adds them up are contributions when the header speaks of the
  partner's own resources (co-financing, "risorse aggiuntive", "valorizzazioni"), budget lines
  otherwise.
- Lettered groups "A) B) C)" give their items as budget lines (or staff costs, for hours ×
  hourly rate) and their percentage lines ("spese generali 10% di A") as lump sums.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coprogetta.lib import money
from coprogetta.lib.importer.claims import _VAT_OUT, Chain, read_statement
from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.importer.lists import find_groups, find_itemised
from coprogetta.lib.importer.payments import find_staff, find_tiers, find_tranches, is_tranche_text
from coprogetta.lib.importer.sections import Area, Block
from coprogetta.lib.textparse.amounts import find_amounts, find_percents

_OWN_RESOURCES = re.compile(
    r"risorse\s+(?:del\s+|dell'|della\s+)?(?:consorzio|cooperativ|associazion|partner|ente)|cofinanz|co-finanz|"
    r"valorizzazion|aggiuntiv|a\s+carico\s+(?:del|dell'|della)\s*(?:consorzio|associazione|cooperativa|ente\s+del\s+terzo|"
    r"partner|soggetto)|risorse\s+proprie|compartecipazion|apporto|si\s+impegna\s+a\s+(?:rendere\s+disponibil|mettere)"
)
_QUOTA = re.compile(r"\bquota\b.*\b(?:base\s+di\s+gara|base\s+d'asta|importo\s+(?:annuale|complessivo))")
_COFIN = re.compile(r"cofinanziament|co-finanziament|compartecipazion|a\s+carico\s+(?:del|dell'|della)")
_MONEY_SECTIONS = ("resources",)
MONEY_KEYS = ("budget_lines", "contributions", "staff_costs", "tranches")


def _amount(value: Decimal) -> str:
    return str(money.round_half_up(value))


def _quantity(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _rate_text(rate: Decimal | None) -> str:
    if rate is None:
        return money.OUT_OF_SCOPE
    try:
        checked = money.vat_rate(rate)
    except money.MoneyError:
        return money.OUT_OF_SCOPE
    return str(checked) if checked is not None else money.OUT_OF_SCOPE


@dataclass
class AreaMoney:
    """Extracted money, each entry with the line it came from."""

    budget_lines: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    contributions: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    staff_costs: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    tranches: list[tuple[dict[str, Any], int]] = field(default_factory=list)
    regime: str | None = None

    def write(self, target: dict[str, Any], base: str, sources: dict[str, int]) -> None:
        for key in MONEY_KEYS:
            entries: list[tuple[dict[str, Any], int]] = getattr(self, key)
            target[key] = [entry for entry, _ in entries]
            for index, (entry, line) in enumerate(entries):
                for name in entry:
                    sources[f"{base}/{key}/{index}/{name}"] = line


_TRAILING = re.compile(
    r"(?i)\b(?:pari\s+ad?|di|per\s+un\s+importo\s+(?:complessivo\s+)?di|ammonta\s+a|è|e'|fino\s+ad?|"
    r"per\s+un\s+massimo\s+di|massimo\s+di|complessivi|complessivo|costa|corrisponde|sono|euro|€|"
    r"riconosciut[oa]|previst[oa]|stimat[oa]\s+in|quantificat[oa]\s+in|determinat[oa]\s+in)\s*$"
)


def _clean_description(text: str, fallback: str) -> str:
    year = re.match(r"(?i)^(?:anno|annualit[aà])\s+((?:19|20)[0-9]{2})\b", text.strip())
    text = re.sub(r"(?i)^(?:anno|annualit[aà])\s+(?:19|20)[0-9]{2}\s*[=:]?\s*", "", text.strip())
    if year and len(text.strip(" -–=:;,.")) < 3:
        return f"{fallback[:280]} – anno {year[1]}"
    for _ in range(3):
        text = _TRAILING.sub("", text).strip(" -–=:;,.")
    text = re.sub(r"\s+", " ", text)
    if len(text) < 3:
        return fallback[:300]
    return (text[:1].upper() + text[1:])[:300]


def _line_from_chain(chain: Chain, para: Para, fallback: str, default_out: bool) -> dict[str, Any] | None:
    first = chain.first
    rate = next((n.vat_rate for n in chain.nodes if n.vat_rate is not None), None)
    included = any(n.vat_included for n in chain.nodes)
    out = first.vat_out or bool(_VAT_OUT.search(first.label)) or (rate is None and default_out)
    unit = "lump_sum"
    quantity = Decimal(1)
    product_unit = chain.product_unit()
    if product_unit in ("month", "week", "day", "hour") and chain.quantity is not None:
        unit, quantity = product_unit, chain.quantity
    rate_text = money.OUT_OF_SCOPE if out and rate is None else _rate_text(rate)
    try:
        amounts = money.line_amounts(
            first.value,
            quantity,
            None if rate_text == money.OUT_OF_SCOPE else rate_text,
            vat_included=included,
        )
    except (money.MoneyError, TypeError):
        return None
    return {
        "description": _clean_description(first.label, fallback),
        "unit_amount": _amount(first.value),
        "quantity": _quantity(quantity),
        "unit": unit,
        "vat_rate": rate_text,
        "vat_included": included,
        "net": str(amounts.net),
        "vat": str(amounts.vat),
        "gross": str(amounts.gross),
        "fee_tiers": [],
    }


def _lump_line(description: str, value: Decimal, out: bool) -> dict[str, Any] | None:
    try:
        amounts = money.line_amounts(value, 1, None)
    except money.MoneyError:
        return None
    return {
        "description": description[:300] or "Voce di spesa",
        "unit_amount": _amount(value),
        "quantity": "1",
        "unit": "lump_sum",
        "vat_rate": money.OUT_OF_SCOPE,
        "vat_included": False,
        "net": str(amounts.net),
        "vat": str(amounts.vat),
        "gross": str(amounts.gross),
        "fee_tiers": [],
    }


def _percent_text(value: Decimal | None) -> str | None:
    if value is None or value <= 0 or value > 100:
        return None
    return format(value.normalize(), "f")


def money_of(
    paras: Sequence[Para], fallback: str, *, default_year: int | None, default_out: bool
) -> AreaMoney:
    """Everything about money in ``paras`` (see the module docstring)."""
    result = AreaMoney()
    used: set[int] = set()
    itemised = find_itemised(paras)
    for listed in itemised:
        if sum(is_tranche_text(p.norm) for p, _, _ in listed.items) * 2 > len(listed.items):
            continue  # payments falling due, read as tranches
        own = bool(_OWN_RESOURCES.search(listed.header.norm))
        used.add(listed.header.no)
        entry: dict[str, Any]
        share = (
            [p.value for p in find_percents(listed.header.text)] if _COFIN.search(listed.header.norm) else []
        )
        if own and share:
            # a co-financing share itemised: the share is the contribution, the items its detail
            entry = {
                "description": _clean_description(
                    listed.header.text[: listed.chain.first.amount.start], fallback
                ),
                "amount": _amount(listed.total),
                "kind": "cofinancing",
                "percent": _percent_text(share[0]),
            }
            result.contributions.append((entry, listed.header.no))
            used.update(p.no for p, _, _ in listed.items)
            continue
        for para, value, description in listed.items:
            used.add(para.no)
            if own:
                entry = {
                    "description": _clean_description(description, fallback),
                    "amount": _amount(value),
                    "kind": "item",
                    "percent": None,
                }
                result.contributions.append((entry, para.no))
            else:
                line = _lump_line(_clean_description(description, fallback), value, True)
                if line is not None:
                    result.budget_lines.append((line, para.no))
    groups, _ = find_groups(paras)
    staff = find_staff(paras, default_year)
    staff_lines = {s.para.no for s in staff}
    used.update(s.rate_line for s in staff if s.rate_line is not None)
    for group in groups:
        if group.items:
            for para, value, description in group.items:
                if para.no in used or para.no in staff_lines:
                    used.add(para.no)
                    continue
                used.add(para.no)
                line = _lump_line(_clean_description(description, group.title), value, True)
                if line is not None:
                    result.budget_lines.append((line, para.no))
        elif group.stated is not None and group.para.no not in used:
            used.add(group.para.no)
            line = _lump_line(_clean_description(group.title, fallback), group.stated, True)
            if line is not None:
                result.budget_lines.append((line, group.para.no))
        if group.subtotal_para is not None:
            used.add(group.subtotal_para.no)
    for member in staff:
        used.add(member.para.no)
        try:
            computed = money.line_amounts(member.hourly_rate, member.hours, None).gross
        except money.MoneyError:
            continue
        entry = {
            "role": member.role[:200],
            "count": member.count,
            "hourly_rate": _amount(member.hourly_rate),
            "vat_included": member.vat_included,
            "hours": _quantity(member.hours),
            "amount": str(computed),
            "period": None,
        }
        if member.period is not None:
            entry["period"] = {"start": member.period[0].isoformat(), "end": member.period[1].isoformat()}
        result.staff_costs.append((entry, member.para.no))
    itemised_lines = bool(result.budget_lines)
    tiers = find_tiers(paras)
    tier_lines = {t.para.no for t in tiers}
    for para in paras:
        if para.no in used or para.is_row:
            continue
        statement = read_statement(para.text)
        if para.no in tier_lines:
            continue
        for chain in statement.chains:
            if chain.is_total or not chain.has_vat:
                continue
            if itemised_lines and len(chain.nodes) == 1 and chain.first.vat_out:
                continue  # the public contribution towards costs already itemised
            line = _line_from_chain(chain, para, fallback, default_out)
            if line is not None:
                result.budget_lines.append((line, para.no))
        norm = para.norm
        if statement.chains or re.search(r"\btotale\b|\btot\.", norm):
            if not statement.chains or any(c.has_vat for c in statement.chains) or "totale" in norm:
                continue
        amounts = [a for a in find_amounts(para.text) if a.currency]
        if len(amounts) != 1:
            continue
        percents = [p.value for p in find_percents(para.text)]
        if _QUOTA.search(norm):
            entry = {
                "description": _clean_description(para.text[: amounts[0].start], "Quota"),
                "amount": _amount(amounts[0].value),
                "kind": "quota",
                "percent": _percent_text(percents[0] if percents else None),
            }
            result.contributions.append((entry, para.no))
        elif _COFIN.search(norm) and _OWN_RESOURCES.search(norm):
            entry = {
                "description": _clean_description(para.text[: amounts[0].start], "Cofinanziamento"),
                "amount": _amount(amounts[0].value),
                "kind": "cofinancing",
                "percent": _percent_text(percents[0] if percents else None),
            }
            result.contributions.append((entry, para.no))
    _attach_tiers(result, tiers)
    for plan in find_tranches(paras, default_year):
        for tranche in plan.tranches:
            entry = {
                "due_date": tranche.due_date.isoformat() if tranche.due_date else None,
                "due_text": tranche.due_text,
                "amount": None if tranche.is_balance or tranche.amount is None else _amount(tranche.amount),
                "percent": None
                if tranche.is_balance or tranche.amount is not None
                else _percent_text(tranche.percent),
                "is_balance": tranche.is_balance,
            }
            if entry["amount"] is None and entry["percent"] is None and not tranche.is_balance:
                continue
            result.tranches.append((entry, tranche.para.no))
    if (
        default_out
        and result.budget_lines
        and all(e["vat_rate"] == money.OUT_OF_SCOPE for e, _ in result.budget_lines)
    ):
        result.regime = "contribution"
    return result


def _attach_tiers(result: AreaMoney, tiers: list[Any]) -> None:
    """Fee tiers replace the unit amount of the last monthly (or unit) line before them."""
    for tier in tiers:
        target = None
        for entry, line in result.budget_lines:
            if line <= tier.para.no and entry["unit"] != "lump_sum":
                target = entry
        if target is None:
            continue
        target["fee_tiers"].append(
            {
                "min_count": tier.min_count,
                "max_count": tier.max_count,
                "unit_amount": None if tier.unit_amount is None else _amount(tier.unit_amount),
                "renegotiate": tier.renegotiate,
            }
        )


def document_outside_vat(paras: Sequence[Para]) -> bool:
    """Whether the document says its money is outside VAT (a contribution, not a fee)."""
    return any(_VAT_OUT.search(p.text) for p in paras)


def area_money(area: Area, blocks: list[Block], *, default_year: int | None, default_out: bool) -> AreaMoney:
    """The money of one area: its resources sections, or all of it when it has none."""
    wanted = [p for b in blocks if b.section in (*_MONEY_SECTIONS, None, "other") for p in b.paras]
    if not wanted:
        wanted = [p for b in blocks for p in b.paras]
    return money_of(wanted, area.title, default_year=default_year, default_out=default_out)


def document_money(paras: Sequence[Para], *, default_year: int | None, default_out: bool) -> AreaMoney:
    """The money of paragraphs outside every area (the preamble, the closing summary)."""
    return money_of(paras, "Voce di spesa", default_year=default_year, default_out=default_out)


def area_number_of(text: str) -> int | None:
    match = re.search(r"(?:ambito|area)\s*(?:n\.?\s*)?([0-9]{1,3})", norm_text(text))
    return int(match[1]) if match else None
