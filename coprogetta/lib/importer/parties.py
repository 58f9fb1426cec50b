"""The agreement's heading facts: title, kind, parties with their roles and tax codes, period,
and monitoring (checkpoints and frequency)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coprogetta.lib.importer.lines import Para, norm_text
from coprogetta.lib.taxcodes import TaxCodeError, normalise_tax_code
from coprogetta.lib.textparse.words import find_dates

_PUBLIC = (
    r"comune|provincia|regione|citta metropolitana|unione (?:dei|di) comuni|azienda (?:sociale|speciale|"
    r"consortile|sanitaria)|asl|ats|asst|ufficio di piano|ambito territoriale|consorzio per i servizi sociali"
)
_THIRD = (
    r"consorzio|cooperativa|coop\.|societa cooperativa|associazione|fondazione|impresa sociale|"
    r"organizzazione di volontariato|odv|aps|ets|onlus|ente del terzo settore"
)
_NAME = re.compile(
    rf"(?<![a-z])(?P<kind>(?P<pub>{_PUBLIC})|(?P<ts>{_THIRD}))(?![a-z])(?P<rest>[^,;()\n]*)", re.IGNORECASE
)
_TAX = re.compile(
    r"(?:c\.\s?f\.|p\.\s?iva|partita iva|codice fiscale|cod\.\s?fisc\.)\s*(?:e\s+p\.\s?iva\s*)?(?:n\.?|:)?\s*"
    r"([0-9]{11}|[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z])",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s+[-–—]\s+|\s+e\s+(?=(?:il|la|l')?\s*(?:" + _THIRD + "|" + _PUBLIC + r"))", re.IGNORECASE
)
_KIND_WORDS = (
    ("codesign", r"co[- ]?progettazione|coprogettazione|co[- ]?progettare"),
    ("collaboration", r"accordo di collaborazione|patto di collaborazione|collaborazione"),
    ("convention", r"convenzione"),
)
_FREQUENCY = re.compile(
    r"\b(mensile|bimestrale|trimestrale|quadrimestrale|semestrale|annuale|settimanale|quindicinale)\b"
)
_EVERY_MONTHS = {"trimestrale": 3, "quadrimestrale": 4, "semestrale": 6}
_EVERY_WORDS = re.compile(r"\bogni\s+(tre|quattro|sei|3|4|6)\s+mesi\b")
_EVERY_NAMES = {
    "tre": "trimestrale",
    "3": "trimestrale",
    "quattro": "quadrimestrale",
    "4": "quadrimestrale",
    "sei": "semestrale",
    "6": "semestrale",
}
_YEAR = re.compile(r"\b(?:anno|annualita|esercizio)\s+((?:19|20)[0-9]{2})\b")
_YEARS = re.compile(
    r"\b(?:triennio|biennio|quadriennio|quinquennio|anni|periodo|annualita)\s+((?:19|20)[0-9]{2})\s*[-/]\s*((?:19|20)?[0-9]{2})\b"
)
_RANGE_HINT = re.compile(r"\b(?:dal|da|decorr|durata|periodo|valid|a partire)")


@dataclass(frozen=True)
class Party:
    name: str
    role: str
    tax_code: str
    line: int


def title_of(preamble: Sequence[Para]) -> tuple[str, int]:
    """The title: the first heading line (joined with the next when very short)."""
    candidates = [p for p in preamble[:12] if not p.is_row and 3 <= len(p.text) <= 200 and not p.bullet]
    candidates = [
        p for p in candidates if not _NAME.search(p.text) or "convenzione" in p.norm or "accordo" in p.norm
    ]
    if not candidates:
        return ("Accordo importato", preamble[0].no if preamble else 1)
    first = candidates[0]
    title = first.text.strip(" :")
    if len(title) < 30 and len(candidates) > 1 and len(candidates[1].text) < 150:
        title = f"{title} – {candidates[1].text.strip(' :')}"
    return title[:300], first.no


def kind_of_agreement(paras: Sequence[Para]) -> str:
    """codesign, collaboration or convention, by the words of the first paragraphs."""
    head = " ".join(p.norm for p in paras[:15])
    for kind, words in _KIND_WORDS:
        if re.search(words, head):
            return kind
    return "convention"


def _clean_name(kind: str, rest: str) -> str:
    rest = re.split(
        r"\s+(?:con sede|in persona|rappresentat|nella persona|p\.\s?iva|c\.\s?f\.|codice fiscale|"
        r"di seguito|qui rappresentat|sede legale|\(|,)",
        rest,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    name = f"{kind}{rest}".strip(" .:;-–")
    return re.sub(r"\s+", " ", name)


def find_parties(paras: Sequence[Para]) -> list[Party]:
    """Parties named in the first part of the document: public bodies and Third-Sector bodies."""
    found: list[Party] = []
    seen: set[str] = set()
    for para in paras[:60]:
        if para.is_row or len(para.text) > 600:
            continue
        pieces = _SPLIT.split(para.text) if len(para.text) < 200 else [para.text]
        for piece in pieces:
            match = _NAME.search(piece)
            if match is None or match.start() > 40:
                continue
            name = _clean_name(match["kind"], match["rest"])
            if len(name) < 6 or len(name) > 200 or len(name.split()) < 2:
                continue
            key = norm_text(name)
            if key in seen:
                continue
            tax = _TAX.search(piece[match.start() :])
            role = "public_body" if match["pub"] else "third_sector"
            if role == "third_sector" and "partner" in norm_text(piece):
                role = "partner"
            seen.add(key)
            found.append(Party(name, role, checked_tax_code(tax[1]) if tax else "", para.no))
        if found and len(found) >= 2 and para.no > found[-1].line + 15:
            break
    return found


def checked_tax_code(text: str) -> str:
    """The code in its compact form when valid; "" when its check digit is wrong (the
    verification reports it)."""
    try:
        return normalise_tax_code(text)
    except TaxCodeError:
        return ""


def tax_codes(paras: Sequence[Para]) -> list[tuple[Para, str, str | None]]:
    """(paragraph, code as written, the error when it is not a valid code) near the top."""
    found = []
    for para in paras[:60]:
        for match in _TAX.finditer(para.text):
            try:
                normalise_tax_code(match[1])
                error = None
            except TaxCodeError as invalid:
                error = str(invalid)
            found.append((para, match[1], error))
    return found


def find_period(paras: Sequence[Para]) -> tuple[date, date, int] | None:
    """The agreement's period: a "dal ... al ..." range near the top, else the year it names."""
    for para in paras[:80]:
        if para.is_row:
            continue
        norm = para.norm
        if not _RANGE_HINT.search(norm):
            continue
        dates = [d for d in find_dates(para.text) if d.year_given]
        if len(dates) >= 2 and dates[0].value < dates[1].value:
            return dates[0].value, dates[1].value, para.no
    for para in paras[:80]:
        if match := _YEARS.search(para.norm):
            first, last = int(match[1]), int(match[2])
            if last < 100:
                last += first // 100 * 100
            if first <= last <= first + 10:
                return date(first, 1, 1), date(last, 12, 31), para.no
    for para in paras[:40]:
        if match := _YEAR.search(para.norm):
            year = int(match[1])
            return date(year, 1, 1), date(year, 12, 31), para.no
    years = Counter(int(y) for p in paras for y in re.findall(r"\b(20[0-9]{2})\b", p.text))
    if years:
        year = years.most_common(1)[0][0]
        line = next(p.no for p in paras if str(year) in p.text)
        return date(year, 1, 1), date(year, 12, 31), line
    return None


def find_monitoring(
    paras: Sequence[Para], period: tuple[date, date] | None
) -> tuple[list[date], str, int] | None:
    """Monitoring checkpoints and frequency from the first sentence about monitoring."""
    for para in paras:
        norm = para.norm
        if "monitoragg" not in norm or para.is_row:
            continue
        frequency = _FREQUENCY.search(norm)
        if frequency is None and (every := _EVERY_WORDS.search(norm)):
            frequency = _FREQUENCY.search(_EVERY_NAMES[every[1]])
        years = range(period[0].year, period[1].year + 1) if period else range(0)
        checkpoints: list[date] = []
        for year in years or [None]:
            for found in find_dates(para.text, default_year=year):
                if period is None or period[0] <= found.value <= period[1]:
                    checkpoints.append(found.value)
        if frequency or checkpoints:
            return sorted(set(checkpoints)), frequency[1] if frequency else "", para.no
    return None


def every_months(frequency: str) -> int | None:
    return _EVERY_MONTHS.get(frequency)
