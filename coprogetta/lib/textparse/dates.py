"""Italian date vocabulary: one time reference ("15 maggio 2016", "fine giugno", "estate") -> a Term.

A :class:`Term` may lack its year ("aprile"); :func:`term_span` places it in a given year.
Text is first passed through :func:`normalise` (lower case, no accents, one kind of dash and
apostrophe), and every pattern here reads normalised text.

- Months: full names and abbreviations, with or without a dot (gen, genn, feb, febb, mar, apr,
  mag, magg, giu, lug, ago, set, sett, ott, nov, dic).
- Days: "15 maggio 2016", "1° marzo", "primo marzo", "giovedì 15 maggio", and numbers with
  ``/``, ``.`` or ``-`` read day first ("15/05/2025", "15.05.25", "15-05"), or ISO "2025-05-15".
- Parts of a month: inizio 1-10, metà 11-20, fine 21-end; prima metà 1-15, seconda metà 16-end;
  "inizio anno" is inizio gennaio, "fine anno" fine dicembre.
- Parts of a year: "primo semestre", "2° trimestre", "terzo quadrimestre", "sesto bimestre".
- Seasons, school holidays, school and educational years: see ``coprogetta.lib.holidays``.
- Feasts: Pasqua (Easter Sunday), Pasquetta, Natale, Capodanno, Epifania, Ferragosto, Santa Lucia.
- Years: "2016", "anno 2016"; spans of years: "2024-2026", "triennio 2024/2026", "2016/17".
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from coprogetta.lib import holidays

TermKind = Literal[
    "day", "month", "part", "year_part", "season", "holiday", "feast", "school_year",
    "educational_year", "year", "years",
]

MONTHS: dict[str, int] = {
    "gennaio": 1, "genn": 1, "gen": 1, "febbraio": 2, "febb": 2, "feb": 2, "marzo": 3, "mar": 3,
    "aprile": 4, "apr": 4, "maggio": 5, "magg": 5, "mag": 5, "giugno": 6, "giu": 6,
    "luglio": 7, "lug": 7, "agosto": 8, "ago": 8, "settembre": 9, "sett": 9, "set": 9,
    "ottobre": 10, "ott": 10, "novembre": 11, "nov": 11, "dicembre": 12, "dic": 12,
}
WEEKDAYS: dict[str, int] = {
    "lunedi": 0, "martedi": 1, "mercoledi": 2, "giovedi": 3, "venerdi": 4,
    "sabato": 5, "sabati": 5, "domenica": 6, "domeniche": 6,
}
ORDINALS: dict[str, int] = {
    "primo": 1, "prima": 1, "1°": 1, "secondo": 2, "seconda": 2, "2°": 2, "terzo": 3, "terza": 3,
    "3°": 3, "quarto": 4, "quarta": 4, "4°": 4, "quinto": 5, "quinta": 5, "5°": 5,
    "ultimo": -1, "ultima": -1,
}
PARTS: dict[str, tuple[int, int]] = {  # first and last day; 31 means the month's last day
    "inizio": (1, 10), "meta": (11, 20), "fine": (21, 31),
    "prima_meta": (1, 15), "seconda_meta": (16, 31),
}
FEASTS = ("pasqua", "pasquetta", "natale", "capodanno", "epifania", "ferragosto", "santa lucia")


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


MONTH = rf"(?:{_alternatives(list(MONTHS))})\.?(?![a-z])"
WEEKDAY = rf"(?:{_alternatives(list(WEEKDAYS))})(?![a-z])"
ORDINAL = rf"(?:{_alternatives([o for o in ORDINALS if '°' not in o])}|[1-5]°)(?![a-z])"
YEAR = r"(?:19|20)[0-9]{2}(?![0-9])"
_YEAR2 = r"(?:(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])"


class DateError(ValueError):
    """A reference that cannot be placed: ``code`` is a schedule note code, ``params`` its values."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Term:
    """One time reference; ``year`` is None when the text does not say it."""

    kind: TermKind
    year: int | None = None
    month: int = 0
    day: int = 0
    name: str = ""  # the part, season, holiday or feast
    end_year: int | None = None  # school years, winters and spans of years
    weekday: int | None = None  # as written beside a date ("giovedì 15 maggio")
    text: str = ""

    def with_year(self, year: int) -> Term:
        return replace(self, year=year)


# -- normalisation ---------------------------------------------------------------------------

_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u00b4`\u02bc\u2032", "'"),
        **dict.fromkeys("\u00ba\u02da\u00aa", "°"),
        **dict.fromkeys("\u201c\u201d\u201e\u00ab\u00bb\"", " "),
    }
)
_ACCENT_APOSTROPHE = re.compile(
    r"\b(meta|gia|lunedi|martedi|mercoledi|giovedi|venerdi|piu|attivita|annualita|festivita|continuita)'"
)


def normalise(text: str) -> str:
    """Lower case, accents dropped, dashes "-" and apostrophes "'", one space; ends trimmed."""
    text = unicodedata.normalize("NFD", text.translate(_TRANSLATION))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _ACCENT_APOSTROPHE.sub(r"\1", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"'\s+", "'", text)
    return text.strip(" .,;:!-*\u2022")


# -- reading one reference -------------------------------------------------------------------

_FILLERS = re.compile(
    r"(?:(?:nel|nella|nei|negli|nelle|il|lo|la|i|gli|le|in|a|ad|durante|per|del|della|di|"
    r"corso\s+del|mese\s+di|mesi\s+di|periodo\s+di|periodi\s+di)\s+|(?:nell|l|dell|all)')"
)


def strip_fillers(text: str) -> str:
    """Drop the articles and prepositions that may lead a reference ("nel mese di", "l'")."""
    while match := _FILLERS.match(text):
        text = text[match.end():]
    return text


def _year2(text: str, first: int | None = None) -> int:
    """A year written in full or by its last two digits: after ``first`` ("2016/17"), or
    in 1970-2069 ("15/05/25")."""
    value = int(text)
    if value >= 100:
        return value
    if first is not None:
        return first // 100 * 100 + value
    return 1900 + value if value >= 70 else 2000 + value


_NUMERIC = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})(?:\2([0-9]{4}|[0-9]{2}))?")
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_WORDS = re.compile(
    rf"(?:(?P<wd>{WEEKDAY})\s+)?(?:il\s+)?(?P<d>[0-9]{{1,2}}|primo)\s*°?\s*(?:di\s+)?(?P<m>{MONTH})"
    rf"(?:\s*(?:del\s+|dell'anno\s+)?(?P<y>{YEAR}))?"
)
_MONTH_TERM = re.compile(rf"(?:mesi?\s+di\s+)?(?P<m>{MONTH})(?:\s*(?:del\s+|dell'anno\s+)?(?P<y>{YEAR}))?")
_PART = re.compile(
    r"(?P<p>inizio|primi\s+giorni|primi|prima\s+meta|prima\s+quindicina|meta|seconda\s+meta|"
    r"seconda\s+quindicina|fine|ultimi\s+giorni|ultima\s+settimana)\s+"
    rf"(?:(?:del\s+)?mese\s+)?(?:di\s+|del\s+|d')?(?P<m>{MONTH})(?:\s+(?P<y>{YEAR}))?"
)
_PART_OF_YEAR = re.compile(rf"(?P<p>inizio|fine)\s+(?:(?:dell')?anno(?:\s+(?P<y>{YEAR}))?|(?P<y2>{YEAR}))")
_PART_NAMES = {
    "inizio": "inizio", "primi giorni": "inizio", "primi": "inizio", "prima meta": "prima_meta",
    "prima quindicina": "prima_meta", "meta": "meta", "seconda meta": "seconda_meta",
    "seconda quindicina": "seconda_meta", "fine": "fine", "ultimi giorni": "fine",
    "ultima settimana": "fine",
}
_YEAR_PART = re.compile(
    r"(?P<n>primo|secondo|terzo|quarto|quinto|sesto|[1-6]°|i|ii|iii|iv|v|vi)\s+"
    rf"(?P<k>semestre|quadrimestre|trimestre|bimestre)(?:\s+(?:del\s+|dell'anno\s+)?(?P<y>{YEAR}))?"
)
_YEAR_PART_ORDINALS = {
    "primo": 1, "secondo": 2, "terzo": 3, "quarto": 4, "quinto": 5, "sesto": 6,
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6,
}
_YEAR_PART_MONTHS = {"semestre": 6, "quadrimestre": 4, "trimestre": 3, "bimestre": 2}
_SEASON = re.compile(
    r"(?:periodo\s+|stagione\s+)?(?P<s>primavera|estate|autunno|inverno|primaverile|estivo|estiva|"
    rf"autunnale|invernale)(?:\s+(?P<y>{YEAR})(?:\s*[/-]\s*(?P<y2>{_YEAR2}))?)?"
)
_SEASON_NAMES = {
    "primaverile": "primavera", "estivo": "estate", "estiva": "estate", "autunnale": "autunno",
    "invernale": "inverno",
}
_HOLIDAY = re.compile(
    r"(?:(?:vacanze|vacanza|festivita|feste|chiusura|chiusure|pausa|sospensione|periodo)\s+"
    r"(?:di\s+|del\s+|della\s+|delle\s+)?)?"
    r"(?P<h>pasqua|pasquali|pasquale|estive|estivi|estiva|natale|natalizie|natalizia|natalizio)"
    rf"(?:\s+(?P<y>{YEAR}))?"
)
_HOLIDAY_NAMES = {
    "pasqua": "easter", "pasquali": "easter", "pasquale": "easter", "estive": "summer",
    "estivi": "summer", "estiva": "summer", "natale": "christmas", "natalizie": "christmas",
    "natalizia": "christmas", "natalizio": "christmas",
}
_FEAST = re.compile(rf"(?P<f>{'|'.join(FEASTS)}|s\.\s?lucia)(?:\s+(?P<y>{YEAR}))?")
_SCHOOL = re.compile(
    r"(?:(?P<k>anno\s+scolastico|a\.\s?s\.?|as|anno\s+formativo|anno\s+educativo|a\.\s?e\.?)"
    rf"(?:\s+(?P<y>{YEAR})\s*[/-]\s*(?P<y2>{_YEAR2}))?)"
)
_YEAR_TERM = re.compile(rf"(?:anno\s+|annualita\s+|esercizio\s+)?(?P<y>{YEAR})")
_YEARS = re.compile(
    r"(?:(?:anni|triennio|biennio|quadriennio|quinquennio|periodo)\s+)?"
    rf"(?P<y>{YEAR})\s*[/-]\s*(?P<y2>{_YEAR2})"
)


_BARE_DAY = re.compile(r"([0-9]{1,2})\s*°?")
_ANNO = re.compile(r"anno(?:\s+solare)?")
#: Every reference has a digit or one of these words: a cheap test before the patterns above.
_HINT = re.compile(
    rf"[0-9]|{MONTH}|inizio|primi|meta|fine|ultim|quindicina|settimana|mestre"
    r"|primaver|estat|estiv|autunn|invern|pasqu|natal|ferragosto|capodanno|epifania|lucia|anno"
    r"|a\.\s?[se]|\bas\b"
)


def _opt_year(text: str | None) -> int | None:
    return int(text) if text else None


def parse_term(text: str, *, bare_day: bool = False) -> Term | None:
    """The single reference ``text`` (normalised) stands for, or None.

    With ``bare_day`` a lone day number ("dal 1 al 15 maggio") reads as a day without month.
    """
    text = strip_fillers(text.strip())
    if not text or not _HINT.search(text):
        return None
    return _dates(text, bare_day) or _periods(text)


def _dates(text: str, bare_day: bool) -> Term | None:
    if match := _NUMERIC.fullmatch(text):
        day, month = int(match[1]), int(match[3])
        year = _year2(match[4]) if match[4] else None
        return Term("day", year, month, day, text=text)
    if match := _ISO.fullmatch(text):
        return Term("day", int(match[1]), int(match[2]), int(match[3]), text=text)
    if match := _WORDS.fullmatch(text):
        day = 1 if match["d"] == "primo" else int(match["d"])
        weekday = WEEKDAYS[match["wd"]] if match["wd"] else None
        month = MONTHS[match["m"].rstrip(".")]
        return Term("day", _opt_year(match["y"]), month, day, weekday=weekday, text=text)
    if match := _MONTH_TERM.fullmatch(text):
        return Term("month", _opt_year(match["y"]), MONTHS[match["m"].rstrip(".")], text=text)
    if match := _PART.fullmatch(text):
        part = _PART_NAMES[" ".join(match["p"].split())]
        month = MONTHS[match["m"].rstrip(".")]
        return Term("part", _opt_year(match["y"]), month, name=part, text=text)
    if match := _PART_OF_YEAR.fullmatch(text):
        month = 1 if match["p"] == "inizio" else 12
        return Term("part", _opt_year(match["y"] or match["y2"]), month, name=match["p"], text=text)
    if match := _YEAR_PART.fullmatch(text):
        number = _YEAR_PART_ORDINALS.get(match["n"]) or int(match["n"].rstrip("°"))
        length = _YEAR_PART_MONTHS[match["k"]]
        month = (number - 1) * length + 1  # past December: impossible, said by term_span
        return Term("year_part", _opt_year(match["y"]), month, length, text=text)
    if bare_day and (match := _BARE_DAY.fullmatch(text)):
        return Term("day", None, 0, int(match[1]), text=text)
    return None


def _periods(text: str) -> Term | None:
    if match := _SEASON.fullmatch(text):
        name = _SEASON_NAMES.get(match["s"], match["s"])
        year = _opt_year(match["y"])
        end_year = _year2(match["y2"], year) if match["y2"] and year else None
        return Term("season", year, name=name, end_year=end_year, text=text)
    if match := _FEAST.fullmatch(text):
        name = "santa lucia" if "lucia" in match["f"] else match["f"]
        return Term("feast", _opt_year(match["y"]), name=name, text=text)
    if match := _HOLIDAY.fullmatch(text):
        return Term("holiday", _opt_year(match["y"]), name=_HOLIDAY_NAMES[match["h"]], text=text)
    if match := _SCHOOL.fullmatch(text):
        educational = match["k"].startswith(("anno educativo", "a.e", "a. e"))
        kind: TermKind = "educational_year" if educational else "school_year"
        year = _opt_year(match["y"])
        end_year = _year2(match["y2"], year) if match["y2"] and year else None
        return Term(kind, year, end_year=end_year, text=text)
    if _ANNO.fullmatch(text):
        return Term("year", text=text)
    if match := _YEAR_TERM.fullmatch(text):
        return Term("year", int(match["y"]), text=text)
    if match := _YEARS.fullmatch(text):
        year = int(match["y"])
        return Term("years", year, end_year=_year2(match["y2"], year), text=text)
    return None


# -- placing a reference in a year -----------------------------------------------------------


def term_span(term: Term, year: int) -> tuple[date, date]:
    """First and last day of ``term`` placed in ``year`` (its own year, when it has one).

    Raises DateError: ``impossible_date`` ("31 aprile", "anno scolastico 2016/2018") or
    ``end_before_start`` ("2017-2016").
    """
    year = term.year if term.year is not None else year
    try:
        return _span(term, year)
    except (ValueError, OverflowError) as error:
        if isinstance(error, DateError):
            raise
        raise DateError("impossible_date", text=term.text) from None


def _span(term: Term, year: int) -> tuple[date, date]:
    kind = term.kind
    if kind == "day":
        day = date(year, term.month, term.day)
        return day, day
    if kind in ("month", "part"):
        last = calendar.monthrange(year, term.month)[1]
        first_day, last_day = PARTS.get(term.name, (1, 31))
        return date(year, term.month, first_day), date(year, term.month, min(last_day, last))
    if kind == "year_part":  # ``day`` months from ``month``
        last_month = term.month + term.day - 1
        return date(year, term.month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])
    if kind == "season":
        _check_next(term, year)
        return holidays.season(term.name, year)
    if kind == "holiday":
        if term.name == "easter":
            return holidays.easter_holidays(year)
        if term.name == "summer":
            return holidays.summer_holidays(year)
        return holidays.christmas_holidays(year)
    if kind == "feast":
        day = _feast(term.name, year)
        return day, day
    if kind in ("school_year", "educational_year"):
        _check_next(term, year)
        if kind == "school_year":
            return holidays.school_year(year)
        return holidays.educational_year(year)
    if kind == "year":
        return date(year, 1, 1), date(year, 12, 31)
    end_year = term.end_year if term.end_year is not None else year
    if end_year < year:
        raise DateError("end_before_start", start=f"{year}-01-01", end=f"{end_year}-12-31")
    return date(year, 1, 1), date(end_year, 12, 31)


def _check_next(term: Term, year: int) -> None:
    """A second year ("2016/2017") must follow the first."""
    if term.end_year is not None and term.end_year != year + 1:
        raise DateError("impossible_date", text=term.text)


def _feast(name: str, year: int) -> date:
    if name == "pasqua":
        return holidays.easter(year)
    if name == "pasquetta":
        return holidays.easter(year) + timedelta(days=1)
    month, day = {
        "natale": (12, 25), "capodanno": (1, 1), "epifania": (1, 6), "ferragosto": (8, 15),
        "santa lucia": (12, 13),
    }[name]
    return date(year, month, day)
