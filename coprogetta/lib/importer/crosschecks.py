"""Checks across the document: percentages of a named base, tranches against their budget,
hours × hourly rate, the period against the rest of the text, and tax codes (summary tables
are in ``tablechecks``).

Used by :func:`coprogetta.lib.verification.verify`; the document given is the draft (or the
user's correction of it), so an area's total is the one the user will confirm.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from coprogetta.lib import money
from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.importer.parties import tax_codes
from coprogetta.lib.importer.payments import find_staff, find_tranches
from coprogetta.lib.importer.sections import Area
from coprogetta.lib.importer.tablechecks import all_lines, all_of, area_of, dec, money_lines
from coprogetta.lib.textparse.amounts import find_amounts, find_percents
from coprogetta.lib.textparse.numbers import format_number, format_percent
from coprogetta.lib.textparse.words import WordsError, number_from_words
from coprogetta.lib.verification import Finding, compare, compare_percent, eur, sentence_at

_ZERO = Decimal(0)


# -- percentages -------------------------------------------------------------------------------

_BASE_START = re.compile(
    r"^\s*(?:del|della|dello|dei|degli|delle|dell'|sul|sulla|sui|sugli|di|rispetto\s+a(?:l|lla|i)?)\b"
)
_PUBLIC_WORDS = re.compile(r"comunal|comune|pubblic|corrispettiv|contribut|finanziament|risorse\s+dell'ente")
_PROJECT_WORDS = re.compile(r"costo|progetto|budget|spesa|valore|importo|totale|complessiv")
_PART_WORDS = re.compile(
    r"pari|importo|corrispond|ossia|cioe|ovvero|=|:|per un|complessivamente\s+di|quantificat"
)
_SKIP_PERCENT = re.compile(r"quota\s+parte|iva|tranche|rata|acconto|saldo|anticip|ribasso|interesse")


def _public_totals(document: dict[str, Any]) -> dict[str, Decimal]:
    lines = all_lines(document)
    if not lines:
        return {}
    net = sum((dec(x.get("net")) for x in lines), _ZERO)
    gross = sum((dec(x.get("gross")) for x in lines), _ZERO)
    return {"risorse pubbliche, imponibile": net, "risorse pubbliche, IVA inclusa": gross}


def _contribution_total(document: dict[str, Any]) -> Decimal:
    total = sum((dec(c.get("amount")) for c in document.get("contributions") or []), _ZERO)
    for area in document.get("areas") or []:
        total += sum((dec(c.get("amount")) for c in area.get("contributions") or []), _ZERO)
    return total


def check_percentages(paras: Sequence[Para], document: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    public = _public_totals(document)
    own = _contribution_total(document)
    staff = sum((dec(s.get("amount")) for s in all_of(document, "staff_costs")), _ZERO)
    for para in paras:
        if para.is_row or para.letter:
            continue
        for percent in find_percents(para.text):
            before = norm_text(para.text[max(0, percent.start - 25) : percent.start])
            after_text = para.text[percent.end : percent.end + 90]
            if _SKIP_PERCENT.search(before) or "iva" in norm_text(after_text[:12]):
                continue
            if not _BASE_START.match(norm_text(after_text)):
                continue
            amounts = [a for a in find_amounts(para.text) if a.currency]
            base_amounts = [
                a
                for a in amounts
                if percent.end <= a.start <= percent.end + 90
                and not _PART_WORDS.search(para.text[percent.end : a.start].lower())
            ]
            others = [a for a in amounts if a not in base_amounts]
            if base_amounts and others:
                part = min(others, key=lambda a: abs(a.start - percent.start))
                findings.append(
                    compare_percent(
                        percent.value, part.value, base_amounts[0].value, "base indicata", para, percent.start
                    )
                )
                continue
            if len(others) < 1:
                continue
            part = min(others, key=lambda a: abs(a.start - percent.start))
            words = norm_text(after_text)
            candidates: dict[str, Decimal] = {}
            if re.search(r"personale|risorse\s+umane|operatori", words) and staff:
                candidates["costo del personale"] = staff
            if _PUBLIC_WORDS.search(words):
                candidates.update(public)
            if _PROJECT_WORDS.search(words) and public:
                total = max(public.values())
                candidates["costo complessivo"] = total + own
                candidates.update(public)
            candidates = {k: v for k, v in candidates.items() if v and v != part.value}
            if not candidates:
                continue
            label, base = min(
                candidates.items(), key=lambda kv: abs(kv[1] * percent.value / 100 - part.value)
            )
            findings.append(compare_percent(percent.value, part.value, base, label, para, percent.start))
    return findings


# -- tranches ----------------------------------------------------------------------------------


def _budget_for(
    plan_line: int, years: set[int], document: dict[str, Any], areas: Sequence[Area]
) -> tuple[Decimal, str]:
    lines = all_lines(document)
    for area in areas:
        if area.line <= plan_line and (area.paras and area.paras[-1].no >= plan_line):
            found = area_of(document, area.number)
            if found and money_lines(found):
                lines = money_lines(found)
            break
    if years:
        by_year = [x for x in lines if any(str(y) in x.get("description", "") for y in years)]
        if by_year and len(by_year) < len(lines):
            return sum(
                (dec(x.get("gross")) for x in by_year), _ZERO
            ), f"budget {', '.join(map(str, sorted(years)))}"
    return sum((dec(x.get("gross")) for x in lines), _ZERO), "budget"


def check_tranches(paras: Sequence[Para], document: dict[str, Any], areas: Sequence[Area]) -> list[Finding]:
    findings: list[Finding] = []
    period = _period(document)
    year = period[0].year if period else None
    for plan in find_tranches(paras, year):
        first = plan.tranches[0].para
        if plan.budget is not None:
            budget, label = plan.budget, "importo da erogare"
        else:
            budget, label = _budget_for(first.no, plan.years, document, areas)
        if not budget:
            findings.append(
                Finding(
                    "unresolved",
                    "tranches",
                    "Rate senza un importo complessivo a cui riferirle",
                    None,
                    None,
                    first.no,
                    sentence_at(first.text),
                )
            )
            continue
        resolved: list[Decimal] = []
        balance = None
        for tranche in plan.tranches:
            if tranche.amount is not None and tranche.percent is not None:
                findings.append(
                    compare(
                        "percentage",
                        f"Rata del {format_percent(tranche.percent)}",
                        tranche.amount,
                        money.percent_of(budget, tranche.percent),
                        tranche.para,
                        detail=f"{format_percent(tranche.percent)} di {eur(budget)}",
                    )
                )
            if tranche.is_balance:
                balance = tranche
                continue
            if tranche.amount is not None:
                resolved.append(tranche.amount)
            elif tranche.percent is not None:
                resolved.append(money.percent_of(budget, tranche.percent))
        paid = sum(resolved, _ZERO)
        last = plan.tranches[-1].para
        if balance is not None:
            remainder = budget - paid
            stated = (
                balance.amount
                if balance.amount is not None
                else (money.percent_of(budget, balance.percent) if balance.percent is not None else None)
            )
            if stated is not None:
                findings.append(
                    compare(
                        "tranches",
                        "Saldo",
                        stated,
                        remainder,
                        balance.para,
                        bad_kind="inconsistency",
                        detail=f"{label} {eur(budget)} meno le rate precedenti {eur(paid)}",
                    )
                )
            elif remainder < 0:
                findings.append(
                    Finding(
                        "inconsistency",
                        "tranches",
                        f"Le rate superano il {label}: {eur(paid)} contro {eur(budget)}",
                        paid,
                        budget,
                        balance.para.no,
                        sentence_at(balance.para.text),
                    )
                )
            continue
        findings.append(
            compare(
                "tranches",
                "Somma delle rate",
                paid,
                budget,
                last,
                bad_kind="inconsistency",
                detail=f"rispetto al {label} di {eur(budget)}",
            )
        )
    return findings


# -- staff and period --------------------------------------------------------------------------


def _period(document: dict[str, Any]) -> tuple[date, date] | None:
    period = document.get("period") or {}
    try:
        return date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
    except (KeyError, TypeError, ValueError):
        return None


_HOURS_TOTAL = re.compile(r"([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)\s*ore\b")


def check_staff(paras: Sequence[Para], document: dict[str, Any]) -> list[Finding]:
    """Hours × hourly rate of each staff line, and a "Totale" line after them."""
    findings: list[Finding] = []
    period = _period(document)
    members = {m.para.no: m for m in find_staff(paras, period[0].year if period else None)}
    pending: list[tuple[Decimal, Decimal, Decimal, bool]] = []
    for para in paras:
        member = members.get(para.no)
        if member is not None:
            computed = money.round_half_up(member.hourly_rate * member.hours)
            stated = member.stated if member.stated is not None else computed
            pending.append((member.hours, computed, stated, member.approximate))
            if member.stated is not None:
                findings.append(
                    compare(
                        "product",
                        f"Costo del personale ({member.role})",
                        member.stated,
                        computed,
                        para,
                        approximate=member.approximate,
                        detail=f"{format_number(member.hours, 0)} ore × {eur(member.hourly_rate)}",
                    )
                )
            continue
        if not pending or not re.match(r"(?:sub\s*)?tot", para.norm):
            continue
        amounts = [a for a in find_amounts(para.text) if a.currency]
        hours = _HOURS_TOTAL.search(para.text)
        if amounts:
            computed_total = sum((c for _, c, _, _ in pending), _ZERO)
            stated_total = sum((s for _, _, s, _ in pending), _ZERO)
            value = amounts[0].value
            total = stated_total if value == stated_total else computed_total
            slack = sum((abs(s - c) for _, c, s, a in pending if a), _ZERO)  # what "circa" lines allow
            findings.append(
                compare(
                    "sum",
                    "Totale del personale",
                    value,
                    total,
                    para,
                    amounts[0].start,
                    approximate=abs(value - total) <= slack,
                    detail=f"somma di {len(pending)} righe",
                )
            )
        if hours:
            stated_hours = Decimal(hours[1].replace(".", ""))
            total_hours = sum((h for h, _, _, _ in pending), _ZERO)
            if stated_hours != total_hours:
                findings.append(
                    Finding(
                        "mismatch",
                        "sum",
                        f"Totale ore errato: dichiarato {format_number(stated_hours, 0)}, "
                        f"calcolato {format_number(total_hours, 0)}",
                        stated_hours,
                        total_hours,
                        para.no,
                        sentence_at(para.text),
                    )
                )
        pending = []
    return findings


_DURATION = re.compile(
    r"durata\s+(?:complessiva\s+)?(?:di|pari\s+a|e\s+di|sara\s+di)\s+([0-9]{1,3}|[a-z]+)\s+(mesi|anni|anno|mese)"
)
_YEAR_AMOUNT = re.compile(r"^\s*(?:anno|annualita|esercizio)\s+((?:19|20)[0-9]{2})\s*[=:]")


def _months(start: date, end: date) -> Decimal:
    after = end + timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    if after.day != start.day:
        return Decimal(months) + Decimal(after.day - start.day) / 30
    return Decimal(months)


def check_period(paras: Sequence[Para], document: dict[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    period = _period(document)
    if period is None:
        return findings
    start, end = period
    if end < start:
        findings.append(
            Finding("inconsistency", "period", "Il periodo termina prima di iniziare", None, None, None, "")
        )
        return findings
    years = set(range(start.year, end.year + 1))
    for para in paras:
        if para.is_row:
            continue
        norm = para.norm
        if match := _DURATION.search(norm):
            try:
                number = Decimal(match[1]) if match[1].isdigit() else number_from_words(match[1])
            except WordsError:
                continue
            stated = number * (12 if match[2].startswith("ann") else 1)
            actual = _months(start, end)
            text = sentence_at(para.text)
            if stated == actual:
                findings.append(
                    Finding(
                        "ok",
                        "period",
                        f"Durata di {stated} mesi: concorda con il periodo",
                        stated,
                        actual,
                        para.no,
                        text,
                    )
                )
            else:
                findings.append(
                    Finding(
                        "inconsistency",
                        "period",
                        f"Durata dichiarata {stated} mesi, ma il periodo dal {start:%d/%m/%Y} al "
                        f"{end:%d/%m/%Y} dura {actual.quantize(Decimal('0.1'))} mesi",
                        stated,
                        actual,
                        para.no,
                        text,
                    )
                )
        if (match := _YEAR_AMOUNT.match(norm)) and int(match[1]) not in years and find_amounts(para.text):
            findings.append(
                Finding(
                    "inconsistency",
                    "period",
                    f"Importi riferiti all'anno {match[1]}, fuori dal periodo dal {start:%d/%m/%Y} al "
                    f"{end:%d/%m/%Y}",
                    None,
                    None,
                    para.no,
                    sentence_at(para.text),
                )
            )
    return findings


def check_tax_codes(paras: Sequence[Para]) -> list[Finding]:
    """Tax codes of the parties: a wrong check digit is a mismatch (the draft leaves it empty)."""
    findings = []
    for para, code, error in tax_codes(paras):
        if error is None:
            findings.append(
                Finding(
                    "ok",
                    "tax_code",
                    f"Codice fiscale {code}: valido",
                    None,
                    None,
                    para.no,
                    sentence_at(para.text),
                )
            )
        else:
            findings.append(
                Finding(
                    "mismatch",
                    "tax_code",
                    f"Codice fiscale o partita IVA {code} non valido "
                    "(cifra di controllo errata): da correggere a mano",
                    None,
                    None,
                    para.no,
                    sentence_at(para.text),
                )
            )
    return findings
