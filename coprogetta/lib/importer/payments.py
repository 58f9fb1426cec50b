"""Payment tranches, fee tiers and staff costs (hours × hourly rate) of a block of paragraphs."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coprogetta.lib.importer.claims import read_statement
from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.textparse.amounts import find_amounts, find_percents
from coprogetta.lib.textparse.words import find_dates

_TRANCHE = re.compile(
    r"\b(?:tranche|tranches|rata|rate|acconto|anticipo|anticipazione|saldo|erogazione|liquidazione|"
    r"prima\s+quota|seconda\s+quota|terza\s+quota|pagamento)\b"
)
_TRANCHE_HEAD = re.compile(
    r"\b(?:tranche|tranches|rate|erogat[oa]|liquidat[oa]|corrispost[oa]|versat[oa]|pagat[oa])\b"
)
_BALANCE = re.compile(r"\bsaldo\b")
_DUE_TEXT = re.compile(
    r"(entro\s+(?:[0-9]+|trenta|sessanta|novanta)\s+giorni[^;.,]*|(?:entro|alla|al|a|dopo|previa|su|dietro)\s+(?:la\s+|il\s+)?(?:firma|sottoscrizione|presentazione|"
    r"approvazione|avvio|conclusione|termine|rendicontazione|consegna|verifica|ricevimento)[^;.,]*)"
)
_TIER_CLAUSE = re.compile(
    r"(?:qualora|nel\s+caso\s+in\s+cui|nel\s+caso\s+che|laddove|ove|se)\s+(?:il\s+)?(?:numero|n\.)",
    re.IGNORECASE,
)
_HOURS = re.compile(
    r"(?<![0-9.,])([0-9]{1,3}(?:\.[0-9]{3})*|[0-9]+)\s*(?:ore|h)\b(?!\s*settimanal)", re.IGNORECASE
)
_RATE_CONTEXT = re.compile(
    r"costo\s+orario|tariffa\s+oraria|compenso\s+orario|/\s*ora|all'ora|orari[oe]?\b|per\s+ora\b"
)
_ROLE = re.compile(
    r"(?:(?:n\.\s*|nr\.\s*)?(?P<n>[0-9]{1,3})\s+|(?P<w>un|una|due|tre|quattro|cinque)\s+)?"
    r"(?P<role>(?:operator[ei]|educator[ei]|educatric[ei]|coordinator[ei]|coordinatric[ei]|assistent[ei](?:\s+social[ei])?|"
    r"psicolog[oaie]|mediator[ei]|animator[ei]|ausiliari[oe]?|tutor|esperti?|formator[ei]|figur[ae]\s+professional[ei]|"
    r"pedagogist[ai]|custod[ei]|addett[oi]|infermier[ei]|consulent[ei]|referent[ei]|autist[ai])(?:\s+(?:social[ei]|"
    r"socio[- ]sanitar[io]|professional[ei]|pedagogic[oi]|del\s+servizio|di\s+comunita))?)",
    re.IGNORECASE,
)
_WORD_COUNTS = {"un": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5}


@dataclass
class Tranche:
    para: Para
    amount: Decimal | None
    percent: Decimal | None
    is_balance: bool
    due_date: date | None
    due_text: str


@dataclass
class TranchePlan:
    """Tranches in a run of paragraphs, with the amount they divide when the text states it."""

    tranches: list[Tranche] = field(default_factory=list)
    budget: Decimal | None = None
    budget_para: Para | None = None
    years: set[int] = field(default_factory=set)


@dataclass
class Tier:
    para: Para
    min_count: int
    max_count: int | None
    unit_amount: Decimal | None
    renegotiate: bool


@dataclass
class Staff:
    para: Para
    role: str
    count: int
    hourly_rate: Decimal
    vat_included: bool
    hours: Decimal
    stated: Decimal | None
    approximate: bool
    period: tuple[date, date] | None
    rate_line: int | None = None  # the paragraph stating the hourly rate, when apart


def _non_vat_percents(text: str) -> list[Decimal]:
    result = []
    for percent in find_percents(text):
        around = norm_text(text[max(0, percent.start - 12) : percent.end + 8])
        if "iva" in around:
            continue
        result.append(percent.value)
    return result


def _pieces(para: Para) -> list[str]:
    """A paragraph listing several tranches in one sentence is cut at ";"."""
    if para.text.count(";") >= 1 and len(_TRANCHE.findall(para.norm)) >= 2:
        return [p for p in para.text.split(";") if p.strip()]
    return [para.text]


def is_tranche_text(text: str) -> bool:
    """Whether a (normalised) text speaks of a payment falling due (tranche, rata, saldo ...)."""
    return bool(_TRANCHE.search(text))


def find_tranches(paras: Sequence[Para], default_year: int | None) -> list[TranchePlan]:
    """Runs of tranche paragraphs, each with its budget when a heading states it."""
    plans: list[TranchePlan] = []
    current: TranchePlan | None = None
    heading: tuple[Para, Decimal] | None = None
    for para in paras:
        norm = para.norm
        if para.is_row:
            current = None
            continue
        is_tranche = bool(_TRANCHE.search(norm))
        amounts = [a for a in find_amounts(para.text) if a.currency]
        percents = _non_vat_percents(para.text)
        if (
            (is_tranche or _TRANCHE_HEAD.search(norm))
            and _TRANCHE_HEAD.search(norm)
            and para.text.rstrip().endswith(":")
            and len(amounts) <= 1
        ):
            heading = (para, amounts[0].value) if amounts else None
            current = TranchePlan(budget=heading[1] if heading else None, budget_para=para)
            current.years = {int(y) for y in re.findall(r"\b(20[0-9]{2})\b", para.text)}
            plans.append(current)
            continue
        if not is_tranche or not (amounts or percents):
            if current is not None and not para.is_item:
                current = None
            continue
        if current is None:
            current = TranchePlan()
            plans.append(current)
        for piece in _pieces(para):
            piece_norm = norm_text(piece)
            piece_amounts = [a for a in find_amounts(piece) if a.currency]
            piece_percents = _non_vat_percents(piece)
            if not (piece_amounts or piece_percents) or not _TRANCHE.search(piece_norm):
                continue
            dates = find_dates(piece, default_year)
            due_text = ""
            if match := _DUE_TEXT.search(piece_norm):
                due_text = match[1].strip()
            elif dates:
                due_text = piece_norm[
                    dates[0].start - 10 if dates[0].start >= 10 else 0 : dates[0].end
                ].strip()
            current.tranches.append(
                Tranche(
                    para,
                    piece_amounts[0].value if piece_amounts else None,
                    piece_percents[0] if piece_percents else None,
                    bool(_BALANCE.search(piece_norm)),
                    dates[0].value if dates else None,
                    due_text[:200],
                )
            )
            current.years |= {d.value.year for d in dates}
    return [p for p in plans if len(p.tranches) >= 2]


def find_tiers(paras: Sequence[Para]) -> list[Tier]:
    """Fee tiers: "qualora il numero ... sia tra 21 e 26, il corrispettivo ... scende ad € X"."""
    tiers: list[Tier] = []
    for para in paras:
        if not _TIER_CLAUSE.search(para.text):
            continue
        clauses = _TIER_CLAUSE.split(para.text)[1:]
        for clause in clauses:
            norm = norm_text(clause)
            low: int | None
            high: int | None
            if match := re.search(r"\btra\s+([0-9]+)\s+e\s+([0-9]+)", norm) or re.search(
                r"\bda\s+([0-9]+)\s+a\s+([0-9]+)", norm
            ):
                low, high = int(match[1]), int(match[2])
            elif match := re.search(r"\b(?:inferiore|minore)\s+a\s+([0-9]+)", norm):
                low, high = 0, int(match[1]) - 1
            elif match := re.search(r"\b(?:superiore|maggiore)\s+a\s+([0-9]+)", norm):
                low, high = int(match[1]) + 1, None
            elif match := re.search(
                r"\b(?:almeno|pari\s+o\s+superiore\s+a|non\s+inferiore\s+a)\s+([0-9]+)", norm
            ):
                low, high = int(match[1]), None
            elif match := re.search(r"\bpari\s+a\s+([0-9]+)(?![0-9.,])", norm):
                low = high = int(match[1])
            else:
                continue
            amounts = [a for a in find_amounts(clause) if a.currency]
            renegotiate = bool(re.search(r"rimodulazion|rinegozi|ridefinizion|ridetermin", norm))
            if amounts:
                tiers.append(Tier(para, low, high, amounts[0].value, False))
            elif renegotiate:
                tiers.append(Tier(para, low, high, None, True))
    return tiers


def _role(text: str, context: str) -> tuple[str, int]:
    for source in (text, context):
        if match := _ROLE.search(source):
            count = int(match["n"]) if match["n"] else _WORD_COUNTS.get((match["w"] or "").lower(), 1)
            if explicit := re.search(
                r"\(\s*n\.?\s*([0-9]{1,3})\s*\)", source[match.end() : match.end() + 12]
            ):
                count = int(explicit[1])
            return match["role"].strip(), max(count, 1)
    label = re.split(r"[:\-–(]", text, maxsplit=1)[0].strip()
    return (label[:200] if 2 < len(label) < 80 else "Personale"), 1


def find_staff(paras: Sequence[Para], default_year: int | None) -> list[Staff]:
    """Hours × hourly rate: in one paragraph, or hours per period under a stated hourly rate."""
    found: list[Staff] = []
    rate: tuple[Decimal, bool] | None = None
    rate_line: int | None = None
    context = ""
    for para in paras:
        if para.is_row:
            continue
        norm = para.norm
        if re.match(r"(?:sub\s*)?tot", norm):
            continue
        statement = read_statement(para.text)
        hourly = [n for c in statement.chains for n in c.nodes if n.amount.unit == "hour"]
        hourly += [
            c.first for c in statement.chains if c.unit == "hour" and c.multiplied and c.first not in hourly
        ]
        if not hourly and _RATE_CONTEXT.search(norm):
            amounts = [a for a in find_amounts(para.text) if a.currency]
            if len(amounts) == 1:
                hourly_amount = amounts[0]
                included = bool(re.search(r"iva\s+(?:inclusa|compresa)|comprensiv", norm))
                rate = (hourly_amount.value, included)
                rate_line = para.no
                context = para.text
                if not _HOURS.search(para.text):
                    continue
        hours_match = _HOURS.search(para.text)
        if not hours_match:
            continue
        hours = Decimal(hours_match[1].replace(".", ""))
        if hourly:
            node = hourly[0]
            chain = next(c for c in statement.chains if node in c.nodes)
            unit_rate = node.value
            included = node.vat_included or bool(re.search(r"iva\s+(?:inclusa|compresa)", norm))
            later = chain.nodes[chain.nodes.index(node) + 1 :]
            stated = later[-1].value if later else None
            approximate = chain.approximate
        elif rate is not None:
            unit_rate, included = rate
            amounts = [a for a in find_amounts(para.text) if a.currency and a.value != unit_rate]
            stated = amounts[-1].value if amounts else None
            approximate = any(a.approximate for a in amounts)
        else:
            continue
        role, count = _role(para.text, context)
        if re.search(r"\b(?:ciascun[oa]|cadaun[oa]|ognun[oa]|cad\.)", norm) and count > 1:
            hours = hours * count
        dates = find_dates(para.text, default_year)
        period = (
            (dates[0].value, dates[1].value) if len(dates) >= 2 and dates[0].value <= dates[1].value else None
        )
        apart = rate_line if not hourly else None
        found.append(Staff(para, role, count, unit_rate, included, hours, stated, approximate, period, apart))
    return found
