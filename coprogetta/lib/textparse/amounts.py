"""Amounts and percentages as Italian documents write them, found inside a sentence.

Amounts: "13.000€", "€ 13.000", "€. 13.000,00", "€.3.568,85", "euro 13.000", "13 mila euro",
"13mila euro", "2 milioni e 700mila euro", "1,5 milioni di euro", "€ 13.000,00
(tredicimila/00)" (the amount in words in brackets is read too, to be compared). With
``bare=True`` a number without currency counts when it is written like money ("22.269,62",
"1.000"). The word "circa" before an amount marks it approximate; a unit after it
("mensili", "al mese", "/ora", "orari", "a settimana", "al giorno") marks a unit amount.

Percentages: "4%", "7,5 %", "10 per cento".

No Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from coprogetta.lib.textparse.numbers import NumberFormatError, parse_number
from coprogetta.lib.textparse.words import WordsError, number_from_words

_NUM = r"(?:[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?|[0-9]+(?:,[0-9]{1,2})?)"
_MULT = r"(?:mila|milioni|milione|mln|miliardi|miliardo|mld)"


def _block(n: str, m: str) -> str:
    return rf"(?P<{n}>{_NUM})(?:\s*(?P<{m}>{_MULT})(?:\s+e\s+(?P<{n}2>{_NUM})\s*(?P<{m}2>mila))?)?"


_CUR = r"(?:€|\beuro\b|\beur\b)"
_AMOUNT = re.compile(
    rf"(?:{_CUR}\s*\.?\s*{_block('a', 'am')}(?![0-9])(?:\s*(?:€|euro\b))?"
    rf"|(?<![0-9.,]){_block('b', 'bm')}\s*(?:di\s+)?(?:€|euro\b|eur\b)"
    rf"|(?<![0-9.,/])(?P<c>[0-9]{{1,3}}(?:\.[0-9]{{3}})+(?:,[0-9]{{2}})?|[0-9]+,[0-9]{{2}})(?![0-9.,]*\s*%)(?![0-9]))",
    re.IGNORECASE,
)
_WORDS_AFTER = re.compile(r"\s*\(\s*(?:euro\s+|€\s*)?([a-zA-Z'\s]+(?:/\s*[0-9]{1,2})?)\s*\)", re.IGNORECASE)
_CIRCA = re.compile(
    r"(?:circa|approssimativamente|indicativamente|pari\s+a\s+circa|stimat[oi]\s+in)\s*$", re.IGNORECASE
)
_UNIT_AFTER = re.compile(
    r"\s*(?:/\s*|al\s+|all'|allo\s+|a\s+|per\s+(?:ogni\s+)?|cad(?:auno|\.)?\s+al\s+)?"
    r"(?P<u>mensil[ie]|mese|ora|orari[oe]?|settiman[ae]|settimanal[ie]|giorn[oi]|giornalier[oie]|"
    r"giornata|annu[oi]|annual[ie]|anno)(?![a-z])",
    re.IGNORECASE,
)
_UNITS = {
    "mensil": "month",
    "mese": "month",
    "ora": "hour",
    "orar": "hour",
    "settiman": "week",
    "giorn": "day",
    "annu": "year",
    "anno": "year",
}
_PERCENT = re.compile(
    r"(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{1,2}|\.[0-9]{1,2})?)\s*(?:%|per\s*cento\b)", re.IGNORECASE
)
_MULTIPLIERS = {
    "mila": Decimal(1000),
    "milioni": Decimal(10**6),
    "milione": Decimal(10**6),
    "mln": Decimal(10**6),
    "miliardi": Decimal(10**9),
    "miliardo": Decimal(10**9),
    "mld": Decimal(10**9),
}


@dataclass(frozen=True)
class Amount:
    """An amount found in a text; ``start``/``end`` are its span in that text."""

    value: Decimal
    start: int
    end: int
    text: str
    currency: bool = True
    approximate: bool = False
    unit: str | None = None  # month | week | day | hour | year, for "€ 100 mensili"
    in_words: Decimal | None = None  # the amount in words in brackets, when written


@dataclass(frozen=True)
class Percent:
    value: Decimal
    start: int
    end: int


def _number(text: str) -> Decimal:
    """An Italian number as amounts write it ("1.000" is a thousand, "2,5" two and a half)."""
    return parse_number(text)


def _block_value(match: re.Match[str], n: str, m: str) -> Decimal:
    value = _number(match[n])
    if match[m]:
        value *= _MULTIPLIERS[match[m].lower()]
        if match[n + "2"]:
            value += _number(match[n + "2"]) * 1000
    return value


def unit_word(word: str) -> str | None:
    """``"mensili"`` -> ``"month"``; None for a word that is no unit."""
    lowered = word.lower()
    for stem, unit in _UNITS.items():
        if lowered.startswith(stem):
            return unit
    return None


def find_amounts(text: str, *, bare: bool = False) -> list[Amount]:
    """Every amount written in ``text``, in order (see the module docstring)."""
    return list(_find_amounts(text, bare))


@lru_cache(maxsize=8192)
def _find_amounts(text: str, bare: bool) -> tuple[Amount, ...]:
    found: list[Amount] = []
    for match in _AMOUNT.finditer(text):
        try:
            if match["a"]:
                value, currency = _block_value(match, "a", "am"), True
            elif match["b"]:
                value, currency = _block_value(match, "b", "bm"), True
            else:
                if not bare:
                    continue
                value, currency = _number(match["c"]), False
        except NumberFormatError:
            continue
        end = match.end()
        in_words = None
        if words := _WORDS_AFTER.match(text, end):
            try:
                in_words = number_from_words(words[1])
                end = words.end()
            except WordsError:
                in_words = None
        unit = None
        if unit_match := _UNIT_AFTER.match(text, match.end()):
            unit = unit_word(unit_match["u"])
        approximate = bool(_CIRCA.search(text[max(0, match.start() - 30) : match.start()]))
        found.append(
            Amount(value, match.start(), end, match.group(0).strip(), currency, approximate, unit, in_words)
        )
    return tuple(found)


def find_percents(text: str) -> list[Percent]:
    """Every percentage written in ``text`` ("4%", "7,5 %", "10 per cento")."""
    result = []
    for match in _PERCENT.finditer(text):
        try:
            value = parse_number(match[1].replace(".", ","))
        except NumberFormatError:
            continue
        result.append(Percent(value, match.start(), match.end()))
    return result


def parse_amount(text: str) -> Decimal:
    """The one amount ``text`` writes (with or without currency); raises ValueError."""
    amounts = find_amounts(text, bare=True)
    if not amounts:
        try:
            return parse_number(text)
        except NumberFormatError:
            raise ValueError(f"not an amount: {text!r}") from None
    return amounts[0].value
