"""The grammar of Italian schedule phrases: normalised text -> a :class:`Reading` (no period yet).

A phrase is one of (tried in this order):

- ongoing: "in corso", "già attivo", "durante tutto l'anno (del servizio)", "per tutta la durata
  della convenzione"; "per tutto l'anno 2016", "tutto l'anno scolastico" keep their reference,
  to compare with the period; a leading "in corso" before another phrase is dropped ("in corso
  e per tutto l'anno 2016");
- undefined: "da definire", "da concordare", "n.d.", "tbd";
- relative: "da oggi", "entro 30 giorni (dalla firma)", "dal mese prossimo", "entro fine mese";
- a rhythm with optional bounds: "mensilmente da aprile", "il 15 di ogni mese", "a cadenza
  quindicinale", "il primo e il terzo giovedì di ogni mese", "ogni martedì", "dal lunedì al
  venerdì", "nei fine settimana", "ogni anno a settembre", "entro il 31 marzo di ogni anno";
  rhythms a recurrence cannot hold ("settimanale", "trimestrale", ...) are kept as words, and
  dropped when the dates are spelled out ("semestrale (giugno e dicembre)");
- deadlines: "entro maggio 2016", "entro il 15.05.2025", "entro giugno-luglio 2016", "al 31
  gennaio 2025", "al 30 giugno e al 31 dicembre";
- until: "fino a giugno" (from the period's start);
- from (-to): "dal mese di gennaio", "a partire da aprile", "dal 1° marzo al 30 giugno 2025",
  "tra marzo e maggio";
- ranges: "Gennaio-Dicembre 2016", "Marzo /Dicembre", "01/03/2025 – 28/02/2027", "1-15 maggio";
- lists: "giugno e dicembre", "Maggio e Settembre 2016" (months), "le vacanze di Pasqua e
  quelle estive", "1 e 15 maggio", "marzo-aprile, settembre-ottobre";
- one reference (see ``dates``): "aprile", "estate 2016", "anno scolastico 2016/2017".

A verification ("giugno (con verifica a settembre)") becomes a check; other words in brackets
are ignored text. A text that is not a phrase as a whole is searched for the longest run of
words that is one ("Scadenze ...: monitoraggio semestrale al 30 giugno e al 31 dicembre"); the
words around it are ignored text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from coprogetta.lib.textparse.dates import MONTH, ORDINAL, ORDINALS, WEEKDAY, WEEKDAYS, Term, parse_term

PhraseKind = Literal["at", "from", "until", "by", "ongoing", "months", "rhythm", "relative", "undefined"]


@dataclass(frozen=True)
class Ref:
    """One reference, or a range of two ("Marzo/Dicembre")."""

    first: Term
    last: Term | None = None

    def terms(self) -> tuple[Term, ...]:
        return (self.first,) if self.last is None else (self.first, self.last)


@dataclass(frozen=True)
class Phrase:
    kind: PhraseKind
    refs: tuple[Ref, ...] = ()
    rhythm: str = ""  # a RecurrenceKind, or "unsupported"
    weekdays: tuple[int, ...] = ()
    ordinals: tuple[int, ...] = ()
    day: int | None = None
    every_year: bool = False  # months and deadlines: "ogni anno"
    bounds: Phrase | None = None  # rhythm: where it runs
    unsupported: str = ""  # a rhythm word a recurrence cannot hold ("settimanale")
    relative: str = ""  # from_today | by_offset | from_next_month | by_month_end
    amount: int = 0
    unit: str = ""  # days | weeks | months
    origin: str = ""  # today | start


@dataclass(frozen=True)
class Reading:
    phrase: Phrase
    checks: tuple[Ref, ...] = ()  # verification deadlines
    ignored: tuple[str, ...] = ()


# -- ongoing ---------------------------------------------------------------------------------

_WHOLE = (
    r"(?:(?:per|durante|in|nel\s+corso\s+di|lungo)\s+)?"
    r"(?:tutto\s+il|tutta\s+la|tutto\s+l'|tutta\s+l'|l'intero|l'intera|intero|intera|tutto|tutta)\s*"
)
_OF_WHAT = (
    r"(?:\s+(?:del|della|dello|di|dell')\s*(?:servizio|progetto|convenzione|accordo|coprogettazione|"
    r"co-progettazione|contratto|affidamento|intervento|attivita|piano|validita|riferimento|periodo)"
    r"|\s+progettuale|\s+contrattuale|\s+di\s+riferimento)?"
)
_ONGOING = re.compile(
    r"(?:gia\s+|tuttora\s+|ancora\s+|attualmente\s+)?(?:in\s+corso|in\s+atto|in\s+essere)"
    r"|(?:gia|tuttora|attualmente|ancora|sempre)\s+(?:attiv[oaie]|avviat[oaie]|operativ[oaie]|in\s+funzione)"
    rf"|{_WHOLE}(?:anno|annualita|periodo|durata|arco\s+temporale|arco\s+dell'anno){_OF_WHAT}"
    r"|continuativ[oaie]|in\s+continuita|permanente|sempre|costantemente|nel\s+corso\s+dell'anno"
    r"|in\s+corso\s+d'anno|durante\s+l'anno|(?:da\s+)?subito|immediatamente|dall'avvio|dalla\s+firma"
    r"|dalla\s+sottoscrizione|dalla\s+stipula"
)
_WHOLE_OF = re.compile(_WHOLE)  # before a reference: "per tutto l'anno 2016", "tutta l'estate"
_UNDEFINED = re.compile(
    r"(?:ancora\s+)?(?:da\s+(?:definire|concordare|stabilire|programmare|determinare|calendarizzare)"
    r"|non\s+(?:ancora\s+)?(?:definit[oaie]|stabilit[oaie]|programmat[oaie])|in\s+(?:fase\s+di\s+)?definizione"
    r"|tbd|n\.?\s?d\.?|\?+)"
)
_WEEKEND = re.compile(r"\b(?:fine\s+settimana|fine-settimana|week-?end)\b")
_IN_CORSO = re.compile(
    r"(?:gia\s+|tuttora\s+|attualmente\s+)?(?:in\s+corso|in\s+atto|attiv[oaie])\s*(?:[,;]\s*|\s+-\s+)?(?:e\s+|ed\s+)?"
)

# -- relative to today or to the start -------------------------------------------------------

_NUMBERS = {
    "un": 1, "uno": 1, "una": 1, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
    "sette": 7, "otto": 8, "nove": 9, "dieci": 10, "dodici": 12, "quindici": 15, "diciotto": 18,
    "venti": 20, "trenta": 30, "quarantacinque": 45, "sessanta": 60, "novanta": 90,
    "centoventi": 120, "centottanta": 180,
}
_UNITS = {
    "giorno": "days", "giorni": "days", "settimana": "weeks", "settimane": "weeks",
    "mese": "months", "mesi": "months",
}
_FROM_TODAY = re.compile(r"(?:a\s+partire\s+)?da\s+(?:oggi|ora|adesso)(?:\s+in\s+poi)?")
_BY_OFFSET = re.compile(
    rf"entro\s+(?:(?:i|le)\s+)?(?P<n>[0-9]{{1,3}}|{'|'.join(_NUMBERS)})\s+(?P<u>{'|'.join(_UNITS)})"
    r"(?:\s+(?P<o>da\s+oggi|dalla\s+firma|dalla\s+sottoscrizione|dalla\s+stipula|dall'avvio|dall'inizio"
    r"|dall'attivazione|dalla\s+data\s+di\s+(?:avvio|inizio|sottoscrizione))"
    r"(?:\s+(?:del|della|dello|dell')\s*(?:progetto|convenzione|accordo|servizio|coprogettazione|attivita))?)?"
)
_FROM_NEXT_MONTH = re.compile(
    r"(?:a\s+partire\s+)?dal\s+(?:mese\s+prossimo|prossimo\s+mese|mese\s+successivo)"
)
_BY_MONTH_END = re.compile(
    r"entro\s+(?:la\s+)?fine\s+(?:del\s+)?mese(?:\s+corrente|\s+in\s+corso)?"
    r"|entro\s+il\s+mese(?:\s+corrente|\s+in\s+corso)"
)

# -- rhythms ---------------------------------------------------------------------------------

_RHYTHM_HINT = re.compile(
    r"lunedi|martedi|mercoledi|giovedi|venerdi|sabat|domenic|mese|mensil|ogni|tutti|quindicinal|settiman"
    r"|volt[ae]|annual|semestral|trimestral|bimestral|quadrimestral|giornalier|quotidian"
)
_CADENCE = r"(?:(?:a|con)\s+(?:cadenza|frequenza|periodicita)\s+)?"
_WEEKDAY_RHYTHM = re.compile(
    r"(?P<lead>(?:ogni|tutti\s+i|tutte\s+le|nei|nel|il|i|la|le|l'|di)\s*)?"
    rf"(?P<ords>{ORDINAL}(?:\s*(?:,|e|ed)\s*(?:il\s+|la\s+|l')?{ORDINAL})*\s+)?"
    rf"(?P<wds>{WEEKDAY}(?:\s*(?:,|e|ed)\s*(?:il\s+|la\s+|i\s+|le\s+|ogni\s+)?{WEEKDAY})*)"
    r"(?:\s+(?:di\s+ogni\s+mese|del\s+mese|di\s+ciascun\s+mese|di\s+tutti\s+i\s+mesi|al\s+mese|mensil\w*))?"
)
_WEEKDAY_RANGE = re.compile(rf"(?:dal|da)\s+(?P<a>{WEEKDAY})\s+(?:al|a)\s+(?P<b>{WEEKDAY})")
_MONTHLY_DAY = re.compile(
    r"(?:(?:il|ogni)\s+)?(?:giorno\s+)?(?P<d>[0-9]{1,2})\s*°?\s+(?:di\s+ogni|di\s+ciascun|del|ogni)\s+mese"
)
_MONTHLY = re.compile(
    rf"{_CADENCE}mensil(?:e|i|mente)\b|ogni\s+mese\b|tutti\s+i\s+mesi\b|una\s+volta\s+al\s+mese\b"
)
_FORTNIGHTLY = re.compile(
    rf"{_CADENCE}quindicinal(?:e|i|mente)\b|ogni\s+(?:due|2)\s+settimane\b"
    r"|ogni\s+(?:15|quindici|14|quattordici)\s+giorni\b|a\s+settimane\s+alterne\b"
)
_EVERY_YEAR = re.compile(
    r"(?:di\s+)?ogni\s+anno\b|tutti\s+gli\s+anni\b|(?:di\s+)?ciascun\s+anno\b|annualmente\b"
)
_UNSUPPORTED = re.compile(
    rf"{_CADENCE}(?P<w>settimanal(?:e|i|mente)|bisettimanal(?:e|i|mente)|bimestral(?:e|i|mente)"
    r"|trimestral(?:e|i|mente)|quadrimestral(?:e|i|mente)|semestral(?:e|i|mente)|annual(?:e|i)"
    r"|giornalier(?:o|a|i|e|amente)|quotidian(?:o|a|i|e|amente)|ogni\s+settimana|ogni\s+giorno"
    r"|ogni\s+(?:due|tre|quattro|sei|2|3|4|6)\s+mesi|(?:due|tre|[2-9])\s+volte\s+al\s+mese"
    r"|(?:una|due|tre|[1-9])\s+volt[ae]\s+(?:a|alla|per)\s+settimana)\b"
)

# -- deadlines, from, until, ranges, lists ---------------------------------------------------

_BY = re.compile(
    r"(?:da\s+(?:concludersi|completare|completarsi|realizzare|realizzarsi|attivare|attivarsi)\s+)?"
    r"(?:entro\s+e\s+non\s+oltre|entro|non\s+oltre|al\s+piu\s+tardi|(?:con\s+)?scadenza(?:\s+al|\s+il|\s+entro)?"
    r"|termine|conclusione\s+entro)\s+(?:(?:il\s+)?termine\s+(?:del|della|dell')\s*)?"
)
_AT_DEADLINE = re.compile(r"(?:alla|al|ai)\s+|all'")
_UNTIL = re.compile(r"(?:e\s+)?(?:fino|sino)\s+(?:(?:alla|al|ai|ad|a)\s+|all')")
_FROM = re.compile(
    r"(?:(?:a\s+partire|a\s+decorrere|a\s+far\s+data|partendo|con\s+decorrenza|decorrenza)\s+)?"
    r"(?:(?:dalla|dalle|dagli|dal|dai|da)\s+|dall')"
    r"|(?:con\s+)?decorrenza\s+"
)
_FROM_TAIL = re.compile(r"\s+(?:in\s+poi|in\s+avanti|in\s+seguito|e\s+seguenti|e\s+successivi)$")
_TO = re.compile(
    r"\s+(?:(?:e\s+)?(?:fino|sino)\s+)?(?:(?:alla|alle|agli|al|ai|ad|a)\s+|all')|\s*[-/]\s*"
)
_TRA = re.compile(r"(?:tra|fra)\s+")
_DASH = re.compile(r"\s*[-/]\s*|\s+(?:fino|sino)\s+(?:(?:alla|al|ad|a)\s+|all')")
_LIST = re.compile(r"\s*[,;]\s*(?:e\s+|ed\s+)?|\s+(?:e|ed)\s+(?:per\s+)?")
_LEAD = re.compile(
    r"(?:chiusura|chiusure)\s+(?:per|durante|nel\s+periodo\s+di|nei\s+periodi\s+di|in\s+occasione\s+di)\s+"
    r"|(?:nel|nei)\s+(?:periodo|periodi)\s+(?=d|tra|fra)|(?:periodo|periodi)\s+(?=d|tra|fra)"
)
_ANAPHORA = re.compile(r"\bquell[ae]\s+(estive|natalizie|pasquali|di\s+pasqua|di\s+natale)\b")
_VERIFY = re.compile(
    r"(?:e\s+)?(?:con\s+)?(?:verifica|verifiche|controllo)\s+(?:finale\s+|intermedia\s+)?"
    r"(?:(?:a|ad|in|nel|al|entro(?:\s+il)?)\s+)?(?:mese\s+di\s+)?(?P<ref>.+)"
)
_VERIFY_START = re.compile(r"(?:^|[,;]|\s)\s*(?=(?:e\s+)?(?:con\s+)?(?:verifica|verifiche|controllo)\s)")
_PUNCT = " ,;:.-"


def read(text: str) -> Reading | None:
    """The reading of ``text`` (normalised), or None when no time phrase is found."""
    text = _WEEKEND.sub("sabato e domenica", _ANAPHORA.sub(r"vacanze \1", text))
    checks: list[Ref] = []
    ignored: list[str] = []
    inner_texts = re.findall(r"\(([^()]*)\)", text)
    main = re.sub(r"\s*\([^()]*\)\s*", " ", text).replace("(", " ").replace(")", " ").strip(_PUNCT)
    for inner in inner_texts:
        inner = inner.strip(_PUNCT)
        if (check := _check(inner)) is not None:
            checks.append(check)
        elif not main:
            main = inner
        elif inner:
            ignored.append(inner)
    for match in _VERIFY_START.finditer(main):
        if (check := _check(main[match.end():].strip(_PUNCT))) is not None:
            checks.append(check)
            main = main[: match.start()].strip(_PUNCT)
            break
    phrase = parse_phrase(main)
    if phrase is not None and phrase.rhythm == "unsupported":
        for index, inner in enumerate(ignored):  # "semestrale (giugno e dicembre)"
            if (spelled := parse_phrase(inner)) is not None:
                phrase = replace(spelled, unsupported=phrase.unsupported)
                del ignored[index]
                break
    if phrase is None and not main and checks:
        phrase, checks = Phrase("by", tuple(checks)), []
    if phrase is None:
        found = _scan(main)
        if found is None:
            return None
        phrase, around = found
        ignored[:0] = around
    return Reading(phrase, tuple(checks), tuple(ignored))


def _check(text: str) -> Ref | None:
    match = _VERIFY.fullmatch(text)
    return _ref(match["ref"]) if match else None


def parse_phrase(text: str) -> Phrase | None:
    """The phrase ``text`` is, read whole; None when it is not one."""
    text = text.strip(_PUNCT)
    if lead := _LEAD.match(text):
        text = text[lead.end():].strip(_PUNCT)
    if not text:
        return None
    if _ONGOING.fullmatch(text):
        return Phrase("ongoing")
    if (match := _WHOLE_OF.match(text)) and match.end() < len(text) and (term := _term(text[match.end():])):
        return Phrase("ongoing", (Ref(term),))  # the whole period if the reference covers it
    if _UNDEFINED.fullmatch(text):
        return Phrase("undefined")
    if (match := _IN_CORSO.match(text)) and match.end() < len(text):
        if rest := parse_phrase(text[match.end():]):
            return rest
    return _relative(text) or _rhythm(text) or _fixed(text)


def _fixed(text: str) -> Phrase | None:
    if match := _BY.match(text):
        refs = _refs(text[match.end():], deadline=True)
        return Phrase("by", refs) if refs else None
    if match := _AT_DEADLINE.match(text):
        refs = _refs(text[match.end():], deadline=True)
        if refs:
            return Phrase("by", refs)
    if match := _UNTIL.match(text):
        ref = _ref(text[match.end():])
        return Phrase("until", (ref,)) if ref else None
    if (match := _FROM.match(text)) and (found := _from(text[match.end():])):
        return found
    if match := _TRA.match(text):
        rest = text[match.end():]
        for sep in re.finditer(r"\s+e\s+", rest):
            first = _term(rest[: sep.start()], bare_day=True)
            last = _term(rest[sep.end():]) if first else None
            if first and last and (ref := _range(first, last)):
                return Phrase("at", (ref,))
        return None
    if ref := _ref(text):
        return Phrase("at", (ref,))
    refs = _refs(text)
    if len(refs) < 2:
        return None
    if all(r.last is None and r.first.kind == "month" for r in refs):
        return Phrase("months", refs)
    return Phrase("at", refs)


def _from(rest: str) -> Phrase | None:
    """After "dal": a range ("1 settembre al 31 dicembre") or an open start ("aprile")."""
    rest = _FROM_TAIL.sub("", rest)
    if ref := _from_to(rest):
        return Phrase("at", (ref,))
    first = _term(rest)
    return Phrase("from", (Ref(first),)) if first else None


def _from_to(rest: str) -> Ref | None:
    for sep in _TO.finditer(rest):
        first = _term(rest[: sep.start()], bare_day=True)
        last = _term(rest[sep.end():]) if first else None
        if first and last and (ref := _range(first, last)):
            return ref
    return None


def _ref(text: str, *, bare_day: bool = False) -> Ref | None:
    """One reference or a range ("giugno-luglio 2016", "1 settembre 2024 - 31 dicembre 2024")."""
    text = text.strip(_PUNCT)
    if term := _term(text, bare_day=bare_day):
        return Ref(term)
    for sep in _DASH.finditer(text):
        first = _term(text[: sep.start()], bare_day=True)
        last = _term(text[sep.end():]) if first else None
        if first and last and (ref := _range(first, last)):
            return ref
    return None


def _refs(text: str, *, deadline: bool = False) -> tuple[Ref, ...]:
    """A list of references joined by "e" or commas; () when any item is not one.

    An item may be a range ("dal 1 al 15 maggio"); a lone day takes the month of the next
    item ("1 e 15 maggio").
    """
    refs: list[Ref] = []
    for item in _LIST.split(text.strip(_PUNCT)):
        if deadline and (match := _AT_DEADLINE.match(item)):
            item = item[match.end():]
        ref = _ref(item, bare_day=True)
        if ref is None and (match := _FROM.match(item)):
            ref = _from_to(item[match.end():])
        if ref is None:
            return ()
        refs.append(ref)
    for index in range(len(refs) - 2, -1, -1):
        first, following = refs[index].first, refs[index + 1].first
        if first.kind == "day" and first.month == 0 and refs[index].last is None:
            refs[index] = Ref(replace(first, month=following.month if following.kind == "day" else 0))
    if any(t.kind == "day" and t.month == 0 for r in refs for t in r.terms()):
        return ()
    return tuple(refs)


def _term(text: str, *, bare_day: bool = False) -> Term | None:
    return parse_term(text.strip(_PUNCT), bare_day=bare_day)


def _range(first: Term, last: Term) -> Ref | None:
    """A range; a bare first day ("dal 1 al 15 maggio") takes the month of the last."""
    if first.kind == "day" and first.month == 0:
        if last.kind != "day":
            return None
        first = replace(first, month=last.month)
    return Ref(first, last)


def _relative(text: str) -> Phrase | None:
    if _FROM_TODAY.fullmatch(text):
        return Phrase("relative", relative="from_today", origin="today")
    if match := _BY_OFFSET.fullmatch(text):
        amount = int(match["n"]) if match["n"].isdigit() else _NUMBERS[match["n"]]
        origin = "today" if not match["o"] or "oggi" in match["o"] else "start"
        return Phrase("relative", relative="by_offset", amount=amount, unit=_UNITS[match["u"]], origin=origin)
    if _FROM_NEXT_MONTH.fullmatch(text):
        return Phrase("relative", relative="from_next_month", origin="today")
    if _BY_MONTH_END.fullmatch(text):
        return Phrase("relative", relative="by_month_end", origin="today")
    return None


def _rhythm(text: str) -> Phrase | None:
    if not _RHYTHM_HINT.search(text):  # a cheap test before the patterns below
        return None
    if found := _weekday_rhythm(text):
        return found
    if match := _MONTHLY_DAY.search(text):
        day = int(match["d"])
        if 1 <= day <= 31:
            return _bounded(Phrase("rhythm", rhythm="monthly", day=day), text, match)
    for pattern, kind in ((_MONTHLY, "monthly"), (_FORTNIGHTLY, "fortnightly")):
        if (match := pattern.search(text)) and _word_edges(text, match):
            return _bounded(Phrase("rhythm", rhythm=kind), text, match)
    if (match := _EVERY_YEAR.search(text)) and _word_edges(text, match):
        rest = _rest(text, match)
        refs = _refs(rest) if rest else ()
        if refs and all(r.last is None and r.first.kind == "month" for r in refs):
            return Phrase("months", refs, every_year=True)
        yearly = parse_phrase(rest) if rest else None  # "entro il 31 marzo di ogni anno"
        if yearly and yearly.kind == "by" and not any(r.last or r.first.year for r in yearly.refs):
            return replace(yearly, every_year=True)
        return None
    if (match := _UNSUPPORTED.search(text)) and _word_edges(text, match):
        rest = _rest(text, match)
        if not rest:
            return Phrase("rhythm", rhythm="unsupported", unsupported=match["w"])
        phrase = parse_phrase(rest)
        return replace(phrase, unsupported=match["w"]) if phrase else None
    return None


def _weekday_rhythm(text: str) -> Phrase | None:
    """ "il primo e il terzo giovedì di ogni mese", "ogni martedì e giovedì", "il venerdì",
    "dal lunedì al venerdì"."""
    if (match := _WEEKDAY_RANGE.search(text)) and _word_edges(text, match):
        first, last = WEEKDAYS[match["a"]], WEEKDAYS[match["b"]]
        if first < last:
            weekdays = tuple(range(first, last + 1))
            found = Phrase("rhythm", rhythm="weekdays_of_month", weekdays=weekdays, ordinals=(1, 2, 3, 4, 5))
            return _bounded(found, text, match)
    for match in _WEEKDAY_RHYTHM.finditer(text):
        alone = match.start() == 0 and match.end() == len(text)  # "sabato e domenica"
        if not (match["lead"] or match["ords"] or alone) or not _word_edges(text, match):
            continue  # "giovedì 15 maggio" names a day
        weekdays = tuple(dict.fromkeys(WEEKDAYS[w] for w in re.findall(WEEKDAY, match["wds"])))
        ordinals = tuple(ORDINALS[o] for o in re.findall(ORDINAL, match["ords"] or ""))
        ordinals = ordinals or (1, 2, 3, 4, 5)  # "ogni giovedì": every one
        found = Phrase("rhythm", rhythm="weekdays_of_month", weekdays=weekdays, ordinals=ordinals)
        return _bounded(found, text, match)
    return None


def _word_edges(text: str, match: re.Match[str]) -> bool:
    """The match starts and ends at word boundaries."""
    before = text[match.start() - 1: match.start()]
    after = text[match.end(): match.end() + 1]
    return not (before.isalnum() or after.isalnum())


def _rest(text: str, match: re.Match[str]) -> str:
    rest = f"{text[: match.start()]} {text[match.end():]}"
    rest = re.sub(r"\s+", " ", rest).strip(_PUNCT)
    return re.sub(r"^(?:e|ed|con|,)\s+|\s+(?:e|ed|con)$", "", rest).strip(_PUNCT)


def _bounded(found: Phrase, text: str, match: re.Match[str]) -> Phrase | None:
    """A rhythm with the bounds the rest of the text gives (none: the period)."""
    rest = _rest(text, match)
    if not rest:
        return found
    bounds = parse_phrase(rest)
    if bounds is None or bounds.kind not in ("at", "from", "until", "ongoing") or len(bounds.refs) > 1:
        return None
    return replace(found, bounds=bounds)


# -- finding a phrase inside a longer text ---------------------------------------------------

_TIME_WORD = re.compile(
    rf"[0-9]|{MONTH}|{WEEKDAY}|corso|atto|essere|attiv|avviat|anno|annualita|periodo|durata|mese|mensil"
    r"|quindicinal|settiman|primavera|estat|estiv|autunn|invern|pasqu|natal|ferragosto|capodanno|epifania"
    r"|lucia|oggi|subito|sempre|continu|permanente|immediat|firma|sottoscrizione|stipula|avvio|operativ"
    r"|semestr|trimestr|bimestr|quadrimestr|annual|giorn|quotidian|scolastico|educativo|formativo|a\.\s?[se]\."
)
_PHRASE_END = re.compile(
    rf"{_TIME_WORD.pattern}|servizio|progetto|convenzione|accordo|coprogettazione|contratto|affidamento"
    r"|intervento|piano|validita|riferimento|progettuale|contrattuale|poi|avanti|seguito|successivi|seguenti"
)
_MAX_SCAN_WORDS = 80
_MAX_PHRASE_WORDS = 16  # the longest phrase understood has fewer words


def _scan(text: str) -> tuple[Phrase, list[str]] | None:
    """The longest run of words (the earliest among equals) that is a phrase, and the rest.

    A run ends on a word that can end a phrase (a month, a number, "corso", "servizio", ...).
    """
    words = text.split()[:_MAX_SCAN_WORDS]
    timely = [bool(_TIME_WORD.search(word)) for word in words]
    ends = [bool(_PHRASE_END.search(word)) for word in words]
    count = len(words)
    for length in range(min(count, _MAX_PHRASE_WORDS), 0, -1):
        for start in range(count - length + 1):
            if not ends[start + length - 1] or not any(timely[start: start + length]):
                continue
            if phrase := parse_phrase(" ".join(words[start: start + length])):
                around = (" ".join(words[:start]), " ".join(words[start + length:]))
                return phrase, [part.strip(_PUNCT) for part in around if part.strip(_PUNCT)]
    return None
