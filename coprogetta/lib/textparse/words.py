"""Numbers and dates written in Italian words ("duemilaventicinque", "tredicimila/00",
"l'anno duemilaventicinque, il giorno diciotto del mese di febbraio").

- :func:`number_from_words` reads one number in words (a single word or several joined by
  "e"/spaces: "due milioni e settecentomila"); cents may follow as ``/00`` or ``/50``.
- :func:`find_dates` finds every date a sentence writes: "31/12/2025", "31.12.2025",
  "31-12-2025", "2025-12-31", "31 dicembre 2025", "1° gennaio" (the year then comes from
  ``default_year``), and dates fully in words.

No Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coprogetta.lib.textparse.dates import MONTHS, normalise

_UNITS: dict[str, int] = {
    "zero": 0,
    "uno": 1,
    "un": 1,
    "una": 1,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "cinque": 5,
    "sei": 6,
    "sette": 7,
    "otto": 8,
    "nove": 9,
    "dieci": 10,
    "undici": 11,
    "dodici": 12,
    "tredici": 13,
    "quattordici": 14,
    "quindici": 15,
    "sedici": 16,
    "diciassette": 17,
    "diciotto": 18,
    "diciannove": 19,
    "venti": 20,
    "trenta": 30,
    "quaranta": 40,
    "cinquanta": 50,
    "sessanta": 60,
    "settanta": 70,
    "ottanta": 80,
    "novanta": 90,
    # elided tens before "uno" and "otto": ventuno, trentotto
    "vent": 20,
    "trent": 30,
    "quarant": 40,
    "cinquant": 50,
    "sessant": 60,
    "settant": 70,
    "ottant": 80,
    "novant": 90,
    "primo": 1,
}
_HUNDRED = ("cento", "cent")
_THOUSAND = ("mille", "mila")
_MILLION = ("milioni", "milione")
_BILLION = ("miliardi", "miliardo")
_VOCABULARY = sorted([*_UNITS, *_HUNDRED, *_THOUSAND, *_MILLION, *_BILLION], key=len, reverse=True)


class WordsError(ValueError):
    """A text that is not a number in Italian words."""


def _tokens(word: str) -> list[str]:
    """Split a compound number word into vocabulary pieces ("duemilaventicinque"), trying
    shorter pieces when a longer one leads nowhere ("centotto" is "cent" + "otto")."""
    pieces = _split(word)
    if pieces is None:
        raise WordsError(f"not a number word: {word!r}")
    return pieces


def _split(rest: str) -> list[str] | None:
    if not rest:
        return []
    for piece in _VOCABULARY:
        if rest.startswith(piece):
            tail = _split(rest[len(piece) :])
            if tail is not None:
                return [piece, *tail]
    return None


def number_from_words(text: str) -> Decimal:
    """``"duemilaventicinque"`` -> 2025; ``"tredicimila/00"`` -> 13000; raises WordsError."""
    clean = normalise(text).replace("'", "")
    cents = Decimal(0)
    if match := re.search(r"\s*/\s*([0-9]{1,2})$", clean):
        cents = Decimal(match[1].ljust(2, "0")) / 100
        clean = clean[: match.start()]
    words = [w for w in re.split(r"[\s-]+", clean) if w and w != "e"]
    if not words:
        raise WordsError(f"not a number in words: {text!r}")
    total = 0
    current = 0
    for word in words:
        for piece in _tokens(word):
            if piece in _UNITS:
                current += _UNITS[piece]
            elif piece in _HUNDRED:
                current = (current or 1) * 100
            elif piece in _THOUSAND:
                total += (current or 1) * 1000
                current = 0
            elif piece in _MILLION:
                total += (current or 1) * 1_000_000
                current = 0
            else:
                total += (current or 1) * 1_000_000_000
                current = 0
    return Decimal(total + current) + cents


# -- dates --------------------------------------------------------------------------------------

_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_MONTH_ALL = "|".join(sorted(MONTHS, key=len, reverse=True))
_WORD = r"[a-z']+"
_NUMERIC_DATE = re.compile(
    r"(?<![0-9.,/])([0-9]{1,2})([./-])([0-9]{1,2})\2((?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])"
)
_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})-([0-9]{2})-([0-9]{2})(?![0-9])")
_NAMED_DATE = re.compile(
    rf"(?<![0-9])([0-9]{{1,2}}|primo)\s*°?\s+(?:di\s+)?({_MONTH_ALL})\.?(?![a-z])"
    r"(?:\s*(?:del\s+|dell'anno\s+)?((?:19|20)[0-9]{2}))?(?![0-9])"
)
_WORDS_DATE_YEAR_FIRST = re.compile(
    rf"anno\s+({_WORD}(?:\s+{_WORD})?)\s*,?\s*(?:addi\s+|il\s+)?(?:giorno\s+)?({_WORD})\s+"
    rf"(?:del\s+)?(?:mese\s+)?(?:di\s+)?({_MONTH_NAMES})(?![a-z])"
)
_WORDS_DATE_DAY_FIRST = re.compile(
    rf"(?:giorno\s+)({_WORD})\s+(?:del\s+)?(?:mese\s+)?(?:di\s+)?({_MONTH_NAMES})\s+"
    rf"(?:dell'anno\s+|del\s+|anno\s+)?({_WORD})"
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a normalised text, with its span in that text; ``year_given`` is False
    when the year came from the caller ("1° gennaio")."""

    value: date
    start: int
    end: int
    year_given: bool = True


def _year(text: str) -> int:
    value = int(text)
    if value < 100:
        return 2000 + value if value < 70 else 1900 + value
    return value


def _words_int(text: str) -> int | None:
    try:
        value = number_from_words(text)
    except WordsError:
        return None
    return int(value) if value == value.to_integral_value() else None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date written in ``text``, in order; spans refer to ``normalise(text)``.

    Dates without a year ("1° gennaio") are kept only with a ``default_year``.
    """
    clean = normalise(text)
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def add(value: date | None, start: int, end: int, given: bool = True) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMatch(value, start, end, given))

    for match in _WORDS_DATE_YEAR_FIRST.finditer(clean):
        year, day = _words_int(match[1]), _words_int(match[2])
        if year and day and year >= 1900:
            add(_make(year, MONTHS[match[3]], day), match.start(), match.end())
    for match in _WORDS_DATE_DAY_FIRST.finditer(clean):
        day, year = _words_int(match[1]), _words_int(match[3])
        if year and day and year >= 1900:
            add(_make(year, MONTHS[match[2]], day), match.start(), match.end())
    for match in _ISO_DATE.finditer(clean):
        add(_make(int(match[1]), int(match[2]), int(match[3])), match.start(), match.end())
    for match in _NUMERIC_DATE.finditer(clean):
        add(_make(_year(match[4]), int(match[3]), int(match[1])), match.start(), match.end())
    for match in _NAMED_DATE.finditer(clean):
        day = 1 if match[1] == "primo" else int(match[1])
        month = MONTHS[match[2]]
        if match[3]:
            add(_make(int(match[3]), month, day), match.start(), match.end())
        elif default_year is not None:
            add(_make(default_year, month, day), match.start(), match.end(), given=False)
    found.sort(key=lambda m: m.start)
    return found


# -- writing ------------------------------------------------------------------------------------

_UNIT_WORDS = (
    "zero",
    "uno",
    "due",
    "tre",
    "quattro",
    "cinque",
    "sei",
    "sette",
    "otto",
    "nove",
    "dieci",
    "undici",
    "dodici",
    "tredici",
    "quattordici",
    "quindici",
    "sedici",
    "diciassette",
    "diciotto",
    "diciannove",
)
_TEN_WORDS = (
    "",
    "",
    "venti",
    "trenta",
    "quaranta",
    "cinquanta",
    "sessanta",
    "settanta",
    "ottanta",
    "novanta",
)


def _below_thousand(value: int) -> str:
    hundreds, rest = divmod(value, 100)
    head = "" if hundreds == 0 else ("cento" if hundreds == 1 else _UNIT_WORDS[hundreds] + "cento")
    if rest == 0:
        return head
    if rest < 20:
        tail = _UNIT_WORDS[rest]
    else:
        tens, unit = divmod(rest, 10)
        word = _TEN_WORDS[tens]
        if unit in (1, 8):
            word = word[:-1]
        tail = word + ("" if unit == 0 else _UNIT_WORDS[unit])
    if head and tail.startswith("o"):  # centottanta
        head = head[:-1]
    return head + tail


def number_to_words(value: int) -> str:
    """``2025`` -> ``"duemilaventicinque"`` (as cheques and agreements write amounts)."""
    if value < 0:
        raise WordsError("negative numbers have no words here")
    if value == 0:
        return "zero"
    parts = []
    millions, rest = divmod(value, 1_000_000)
    thousands, units = divmod(rest, 1000)
    if millions:
        parts.append("un milione" if millions == 1 else f"{_below_thousand(millions)} milioni")
    words = ""
    if thousands:
        words += "mille" if thousands == 1 else _below_thousand(thousands) + "mila"
    if units:
        words += _below_thousand(units)
    if words:
        parts.append(words)
    return " ".join(parts)
