"""Itemised amounts: a header with a total followed by items ("€ 5.540,00, come di seguito
indicato: - € 400 per ...; - € 700 per ..."), and budgets in groups "A) B) C)" with their
subtotals, a grand total and lines worth a percentage of another group ("spese generali:
10% dei costi di personale")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from coprogetta.lib.importer.claims import Chain, read_statement
from coprogetta.lib.importer.lines import Para, norm_text

_LIST_HEADER = re.compile(
    r"come\s+(?:di\s+seguito|segue)|cosi\s+(?:suddivis|ripartit|articolat|compost|distribuit)|"
    r"di\s+seguito\s+(?:indicat|dettagliat|elencat)|ripartit[oia]\s+(?:come|nel|tra|per)|"
    r"suddivis[oia]\s+(?:come|nel|tra|per|in)|articolat[oia]\s+(?:come|in)|di\s+cui\s*:|seguenti\s+voci"
)
_SUBTOTAL = re.compile(
    r"^(?:sub\s*-?\s*totale|totale|tot\.?)\s*(?:parziale\s*)?(?:voce\s+|sezione\s+)?\(?([a-h])\)?(?![a-z])"
)
_GRAND = re.compile(
    r"^(?:totale\s+(?:generale|complessivo|progetto|del\s+progetto|budget|costi|spesa|piano)|"
    r"totale\s*\(\s*[a-h]\s*\+|costo\s+(?:totale|complessivo)|budget\s+complessivo|importo\s+complessivo)"
)
_LETTER_REF = re.compile(
    r"(?:\bdi\b|\bdel\b|\bdella\b|\bsu\b|\bsul\b|\bdei\b|\bdelle\b|\()\s*(?:voce\s+|sezione\s+)?\(?([a-h])\)"
)


@dataclass
class Itemised:
    """A header's stated total and the items that should add up to it."""

    header: Para
    total: Decimal
    chain: Chain
    items: list[tuple[Para, Decimal, str]] = field(default_factory=list)


@dataclass
class Group:
    """A lettered group "B) Spese generali" with its items and stated subtotal."""

    letter: str
    title: str
    para: Para
    stated: Decimal | None = None  # on the heading itself
    stated_para: Para | None = None
    items: list[tuple[Para, Decimal, str]] = field(default_factory=list)
    subtotal: Decimal | None = None  # "Totale A)"
    subtotal_para: Para | None = None
    percent: Decimal | None = None  # "10% di A)"
    percent_of: str | None = None

    def value(self) -> Decimal | None:
        if self.subtotal is not None:
            return self.subtotal
        if self.stated is not None:
            return self.stated
        if self.items:
            return sum((v for _, v, _ in self.items), Decimal(0))
        return None


@dataclass
class GrandTotal:
    para: Para
    stated: Decimal
    letters: list[str]


def item_amount(para: Para) -> tuple[Decimal, str] | None:
    """The amount an item stands for (its chain's net total) and its description."""
    statement = read_statement(para.text)
    chains = [c for c in statement.chains if not c.is_total]
    if not chains:
        return None
    chain = chains[-1]
    description = para.text
    first = chain.first.amount
    if first.start <= 3:
        description = para.text[first.end :]
    description = re.sub(r"^\s*(?:per|:|-|–)\s*", "", description).strip(" ;.:")
    if first.start > 3:
        description = para.text[: first.start].strip(" :-–=,;") or description
    return chain.net_total(), description or para.text


def find_itemised(paras: Sequence[Para]) -> list[Itemised]:
    """Headers with one total and the items right after them."""
    found: list[Itemised] = []
    for index, para in enumerate(paras):
        norm = para.norm
        if para.is_row or not (_LIST_HEADER.search(norm) or para.text.rstrip().endswith(":")):
            continue
        statement = read_statement(para.text)
        chains = [c for c in statement.chains if len(c.nodes) == 1]
        if len(statement.chains) != 1 or not chains:
            continue
        group = Itemised(para, chains[0].first.value, chains[0])
        for item in paras[index + 1 :]:
            if item.is_row or not (item.is_item or item.letter):
                break
            amount = item_amount(item)
            if amount is None:
                break
            group.items.append((item, amount[0], amount[1]))
        if len(group.items) >= 2:
            found.append(group)
    return found


def _heading_amount(para: Para) -> Decimal | None:
    statement = read_statement(para.text)
    return statement.chains[-1].net_total() if statement.chains else None


def find_groups(paras: Sequence[Para]) -> tuple[list[Group], list[GrandTotal]]:
    """Lettered groups with their items and subtotals, and grand totals over them."""
    groups: list[Group] = []
    totals: list[GrandTotal] = []
    current: Group | None = None
    for para in paras:
        norm = para.norm
        if para.is_row:
            current = None
            continue
        if match := _SUBTOTAL.match(norm):
            letter = match[1].upper()
            target = next((g for g in reversed(groups) if g.letter == letter), None)
            amount = _heading_amount(para)
            if target is not None and amount is not None:
                target.subtotal, target.subtotal_para = amount, para
            current = None
            continue
        if _GRAND.match(norm):
            amount = _heading_amount(para)
            if amount is not None and groups:
                letters = re.findall(r"(?<![a-z])([a-h])(?![a-z])", norm.split("€")[0].split("=")[0])
                wanted = [x.upper() for x in letters if x.upper() in {g.letter for g in groups}]
                totals.append(GrandTotal(para, amount, wanted or [g.letter for g in groups]))
            current = None
            continue
        if para.letter and not para.bullet:
            title = re.split(r"[:€(]|\s[-–]\s", para.text, maxsplit=1)[0].strip()
            current = Group(para.letter, title, para)
            current.stated = _heading_amount(para)
            if current.stated is not None:
                current.stated_para = para
            percents = list(re.finditer(r"([0-9]{1,3}(?:,[0-9]{1,2})?)\s*%", para.text))
            if percents:
                current.percent = Decimal(percents[0][1].replace(",", "."))
                if ref := _LETTER_REF.search(norm):
                    current.percent_of = ref[1].upper()
                else:  # "10% dei costi del personale": the group whose title says so
                    named = group_by_words(groups, para.text[percents[0].end() :])
                    current.percent_of = named.letter if named is not None else None
            groups.append(current)
            continue
        if current is not None:
            item = item_amount(para)
            if item is None:
                if not para.is_item:
                    current = None
                continue
            current.items.append((para, item[0], item[1]))
    return groups, totals


def group_by_words(groups: Sequence[Group], words: str) -> Group | None:
    """The group whose title shares a word with ``words`` ("personale")."""
    wanted = set(re.findall(r"[a-z]{5,}", norm_text(words)))
    for group in groups:
        if wanted & set(re.findall(r"[a-z]{5,}", norm_text(group.title))):
            return group
    return None
