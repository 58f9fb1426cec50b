"""Arithmetic statements of one paragraph: chains of amounts joined by "=".

"corrispettivo per 11 mensilità pari ad €. 26.736,87 mensili + iva 4% = tot. complessivo
€. 294.105,57 + iva 4% = €. 305.869,79" is one chain of three nodes: a unit amount (with its
quantity, 11 months, and VAT rate), the net total, the gross total. A node that follows
"TOT." or "Totale" starts a chain that restates the sum of the chains before it in the same
paragraph. Between two nodes of a chain only VAT words, units and "circa" may stand before
the "=" sign; anything else starts a new chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from coprogetta.lib.importer.lines import norm_text
from coprogetta.lib.textparse.amounts import Amount, find_amounts, find_percents

_LINKING = re.compile(
    r"^(?:\s|\+|\)|\(|/|%|[0-9]+(?:,[0-9]+)?|iva|i\.v\.a\.?|oltre|inclusa|compresa|esclusa|al|"
    r"mensil[ie]|orari[oe]?|annu[oi]|settimanali|giornalieri|ora|mese|netti|lordi|complessivi|"
    r"cad\.?|circa|euro|€|ciascuno|cadauno|x|×|\*|per|mesi|mensilit[aà]|settimane|giorni|giornate|ore|anni|"
    r"n\.|persone|utenti|partecipanti|unit[aà])*$",
    re.IGNORECASE,
)
_LINK_PHRASE = re.compile(
    r"(?:,|\s)*(?:per\s+un\s+(?:totale|importo)\s+(?:complessivo\s+)?(?:di|pari\s+ad?)|per\s+complessivi|"
    r"pari\s+a\s+complessivi|per\s+un\s+totale|e\s+quindi|ossia|cio[eè]|in\s+totale(?:\s+di)?|"
    r"per\s+un\s+ammontare\s+(?:complessivo\s+)?di)\s*(?:€|euro)?\.?\s*$",
    re.IGNORECASE,
)
_VAT_AMOUNT = re.compile(
    r"[\s,(+]*(?:oltre\s+)?(?:iva|i\.v\.a\.?)\s*(?:al\s+|del\s+)?(?:\(?\s*[0-9]{1,2}\s*%\s*\)?)?\s*"
    r"(?:pari\s+ad?|di|per|=|:)?\s*(?:€|euro)?\.?\s*",
    re.IGNORECASE,
)
_TOTAL_WORD = re.compile(r"\b(?:tot\.|tot\b|totale|totali|complessivamente|in\s+totale|somma)", re.IGNORECASE)
_VAT_RATE = re.compile(
    r"^[^=]{0,12}?(?:\+|oltre)?\s*(?:iva|i\.v\.a\.?)\s*(?:al\s+|del\s+)?([0-9]{1,2})\s*(?:%|per\s*cento)"
    r"|^[^=]{0,12}?(?:\+\s*)?([0-9]{1,2})\s*(?:%|per\s*cento)\s*(?:di\s+)?(?:iva|i\.v\.a)",
    re.IGNORECASE,
)
_VAT_INCLUDED = re.compile(
    r"^[^=€]{0,40}?(?:iva\s+(?:[0-9]{1,2}\s*%\s*)?(?:inclusa|compresa)|comprensiv[oaie]\s+(?:di|dell')\s*iva|"
    r"ivato|iva\s+e\s+oneri\s+inclus[ie])",
    re.IGNORECASE,
)
_VAT_OUT = re.compile(
    r"(?:fuori\s+campo\s+(?:di\s+applicazione\s+(?:dell'|della\s+)?)?iva|esente\s+(?:da\s+)?iva|esenti\s+iva|"
    r"non\s+soggett[oaie]\s+(?:ad?\s+)?iva|escluso\s+dal(?:l'|\s+)campo\s+iva|art\.\s*(?:10|15)\s+d\.?p\.?r)",
    re.IGNORECASE,
)
_COUNT = r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+(?:,[0-9]+)?"
_QUANTITY = re.compile(
    rf"(?:(?P<sign>per|x|×|\*)\s*(?:n\.\s*)?(?P<q>{_COUNT})\s*(?P<u>mensilit[aà]|mesi|mese|settimane|"
    r"giorni|giornate|ore|anni|annualit[aà]|incontri|interventi)?"
    rf"|(?P<q2>{_COUNT})\s*(?P<u2>mensilit[aà]|mesi|settimane|giorni|giornate|ore|annualit[aà])"
    r"(?P<times>\s*(?:x|×|\*))?)(?![0-9])",
    re.IGNORECASE,
)
_UNIT_OF = {
    "mensil": "month",
    "mes": "month",
    "settiman": "week",
    "giorn": "day",
    "ore": "hour",
    "ann": "year",
    "incontr": "lump_sum",
    "intervent": "lump_sum",
}


@dataclass
class Node:
    amount: Amount
    vat_rate: Decimal | None = None  # stated right after the amount ("+ iva 4%")
    vat_included: bool = False
    vat_out: bool = False
    is_total: bool = False
    is_vat_amount: bool = False  # "oltre IVA 5% pari a € 5.000,00": the VAT of the node before
    label: str = ""  # the words since the previous chain

    @property
    def value(self) -> Decimal:
        return self.amount.value


@dataclass
class Chain:
    nodes: list[Node]
    quantity: Decimal | None = None
    unit: str | None = None  # month | week | day | hour | year | lump_sum
    approximate: bool = False
    multiplied: bool = False  # the quantity is written with "x" / "×" ("200 ore x € 28,00")

    @property
    def first(self) -> Node:
        return self.nodes[0]

    @property
    def is_total(self) -> bool:
        return self.nodes[0].is_total

    @property
    def has_vat(self) -> bool:
        return any(n.vat_rate is not None or n.vat_included or n.vat_out for n in self.nodes)

    def product_unit(self) -> str | None:
        """The unit of the first amount when it is a unit amount multiplied by the quantity.

        "€ 100 mensili" says so itself; "per 12 mensilità pari ad € 2.300 + iva = tot. € 27.600
        + iva" says it by restating a net total after a net amount.
        """
        if self.quantity is None:
            return None
        unit = self.first.amount.unit
        if unit in ("month", "week", "day", "hour", "year"):
            return unit
        if self.unit in ("month", "week", "day", "hour") and len(self.nodes) > 1:
            second = self.nodes[1]
            if self.multiplied or (self.first.vat_rate is not None and second.vat_rate is not None):
                return self.unit
            if second.value == self.first.value * self.quantity and self.quantity != 1:
                return self.unit
        return None

    def net_total(self) -> Decimal:
        """The chain's last amount still net of VAT (its last amount when VAT is never named)."""
        last_net = None
        for node in self.nodes:
            if node.vat_rate is not None and not node.is_vat_amount:
                last_net = node.value
        if last_net is not None:
            return last_net
        if len(self.nodes) == 1 and self.quantity and self.product_unit():
            return self.first.value * self.quantity
        return self.nodes[-1].value


@dataclass
class Statement:
    """The chains of one paragraph, with the paragraph's words around them."""

    text: str
    chains: list[Chain] = field(default_factory=list)


def unit_of(word: str | None) -> str | None:
    if not word:
        return None
    lowered = norm_text(word)
    for stem, unit in _UNIT_OF.items():
        if lowered.startswith(stem):
            return unit
    return None


def vat_after(text: str) -> tuple[Decimal | None, bool, bool]:
    """(rate, included, outside VAT) stated in ``text``, which follows an amount."""
    rate = None
    if match := _VAT_RATE.match(text):
        rate = Decimal(match[1] or match[2])
    included = bool(_VAT_INCLUDED.match(text))
    head = re.split(r"=|€", text, maxsplit=1)[0][:60]
    out = bool(_VAT_OUT.search(head))
    return rate, included, out


def _quantity(text: str) -> tuple[Decimal | None, str | None, bool]:
    """The quantity a text states ("per 11 mensilità", "200 ore x"), its unit, and whether it
    is written as a multiplication."""
    found: tuple[Decimal, str | None, bool] | None = None
    for match in _QUANTITY.finditer(text):
        number = match["q"] or match["q2"]
        unit = unit_of(match["u"] or match["u2"])
        if number and (unit or match["q"]):
            value = Decimal(number.replace(".", "").replace(",", "."))
            times = bool(match["times"]) or (match["sign"] or "").lower() in ("x", "×", "*")
            if value > 0 and (unit is not None or found is None):
                found = (value, unit, times)
    return found if found else (None, None, False)


def _money_amounts(text: str) -> list[Amount]:
    """Amounts with a currency, and bare ones written right after "=" (or inside a chain)."""
    result = []
    for amount in find_amounts(text, bare=True):
        if amount.currency:
            result.append(amount)
            continue
        before = text[: amount.start].rstrip()
        if before.endswith("="):
            result.append(amount)
    return result


def _percent_spans(text: str) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in find_percents(text)]


@lru_cache(maxsize=4096)
def read_statement(text: str) -> Statement:
    """The chains of amounts written in ``text`` (cached: do not change what it returns)."""
    statement = Statement(text)
    amounts = _money_amounts(text)
    percents = _percent_spans(text)
    amounts = [a for a in amounts if not any(s <= a.start < e for s, e in percents)]
    previous_end = 0
    chain_start = 0
    current: Chain | None = None
    for amount in amounts:
        gap = text[previous_end : amount.start]
        linked = False
        vat_amount = False
        if (
            current is not None
            and current.nodes
            and _VAT_AMOUNT.fullmatch(gap)
            and "iva" in gap.lower()
            and not current.nodes[-1].is_vat_amount
            and amount.value * 2 < current.nodes[-1].value  # VAT is at most 22 % of the net
        ):
            linked = vat_amount = True
        elif current is not None and "=" in gap:
            before = gap[: gap.rfind("=")]
            linked = bool(_LINKING.match(before.strip()))
        elif current is not None and (phrase := _LINK_PHRASE.search(gap)):
            linked = bool(_LINKING.match(gap[: phrase.start()].strip()))
        if linked and current is not None:
            node = Node(amount, is_vat_amount=vat_amount)
        else:
            label_text = text[chain_start : amount.start] if current is None else gap
            node = Node(amount, label=label_text.strip(" -–;:,.=("))
            node.is_total = bool(_TOTAL_WORD.search(label_text[-40:]))
            current = Chain([])
            statement.chains.append(current)
            quantity, unit, times = _quantity(label_text[-120:])
            current.quantity, current.unit, current.multiplied = quantity, unit, times
        following_end = len(text)
        later = [a for a in amounts if a.start > amount.start]
        if later:
            following_end = later[0].start
        after = text[amount.end : following_end]
        if not node.is_vat_amount:
            node.vat_rate, node.vat_included, node.vat_out = vat_after(after)
        if not current.nodes and _VAT_OUT.search(node.label[-80:]):
            node.vat_out = True
        if current.quantity is None and len(current.nodes) == 0:
            quantity, unit, times = _quantity(after.split("=")[0])
            if quantity is not None:
                current.quantity, current.unit, current.multiplied = quantity, unit, times
        if amount.approximate:
            current.approximate = True
        current.nodes.append(node)
        previous_end = amount.end
        chain_start = amount.end
    return statement
