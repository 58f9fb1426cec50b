"""Italian schedule phrases -> intervals, deadlines and recurrences. No Django import.

``parse_schedule("dal mese di gennaio", Interval(date(2016, 1, 1), date(2016, 12, 31)))``
returns a :class:`Schedule`. The parser never guesses silently: what it cannot read is
``UNRESOLVED`` with a reason, and what it reads but doubts carries a :class:`Note`.

Notes and reasons are codes with parameters, not sentences: the interface translates them.
The phrases understood are listed in ``coprogetta.lib.textparse.schedule_phrases`` (grammar)
and ``coprogetta.lib.textparse.dates`` (vocabulary); holidays in ``coprogetta.lib.holidays``.

Readings taken as the obvious meaning of an Italian agreement, without a note:

- A reference without a year ("aprile", "Febbraio/Marzo", "entro novembre") takes the one year
  that puts it inside the period (or, failing that, the one year that makes it overlap the
  period). When several years fit (a multi-year period) the schedule is unresolved,
  ``ambiguous``; when none does, the period's first year is used with ``year_assumed``.
- A year written once serves the whole phrase: "Gennaio-Dicembre 2016", "Maggio e Settembre
  2016", "dal 1 al 15 maggio 2016"; a later month that comes earlier in the calendar belongs
  to the next year ("novembre-febbraio 2017" is November 2016 to February 2017).
- An open end is the period's: "dal mese di gennaio", "da aprile", "a partire da settembre"
  run to the period's end, and "fino a giugno" runs from the period's start.
- "in corso", "già attivo", "durante tutto l'anno (del servizio)", "per tutta la durata" and
  "per tutto l'anno 2016" (when 2016 covers the period) are ``ONGOING``: the whole period, kept
  as ``intervals=(period,)`` so that a Gantt chart can draw it.
- "entro <month>" is a deadline on the month's last day; "entro giugno-luglio 2016" on the last
  day of the range (31 July); "al 31 gennaio 2025" is a deadline on that day; a verification
  ("giugno (con verifica a settembre)") adds a deadline at the end of its month, in the year
  that follows the action ("novembre, con verifica a febbraio": February of the next year).
- inizio / metà / fine of a month are the days 1-10 / 11-20 / 21-end.
- A list of bare months ("giugno e dicembre", "Maggio e Settembre 2016") is a ``months``
  recurrence bounded by the months it names; "ogni anno a settembre" repeats over the period,
  and "entro il 31 marzo di ogni anno" is a deadline in every year of the period. Other lists
  ("1 e 15 maggio", "le vacanze di Pasqua e quelle estive") are one interval each.
- "il giovedì", "ogni giovedì", "giovedì" alone are every Thursday (weekdays_of_month with
  ordinals 1-5; "dal lunedì al venerdì" gives one recurrence per weekday);
  "a cadenza quindicinale" runs every 14 days from the start of its bounds; rhythms without
  bounds run over the whole period.
- A day alone ("15 maggio 2016") is an interval of one day.

Since open ends are read silently, ``clipped_to_period`` is not written by the parser; it stays
for schedules made by hand or by other readers. A text that says the time is not set yet ("da definire") is
unresolved, ``undefined``.

Readings that carry a note: school holidays (``holidays_assumed``: dates of the Lombardy
calendar), "inverno 2016" (``ambiguous``: taken as the winter that begins in December 2016),
words not read (``ignored_text``), rhythms a recurrence cannot hold (``unsupported_rhythm``),
times counted from today or from the signature (``relative_to_today``, ``counted_from_start``),
and anything outside the period (``outside_period``, kept as written, never clipped).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

Status = Literal["resolved", "ongoing", "unresolved"]
RecurrenceKind = Literal["monthly", "fortnightly", "weekdays_of_month", "months"]

RESOLVED: Status = "resolved"
ONGOING: Status = "ongoing"
UNRESOLVED: Status = "unresolved"

#: Codes of notes and reasons, each with the parameters it carries.
NOTE_CODES = {
    "outside_period": "the schedule falls (partly) outside the agreement's period: start, end",
    "clipped_to_period": "an open end ('dal mese di gennaio') was closed at the period's end: end",
    "impossible_date": "a date that does not exist ('31 aprile'): text",
    "end_before_start": "an interval ends before it starts: start, end",
    "year_assumed": "no year written; the period's year was used: year",
    "not_a_schedule": "the text is not a time expression: text",
    "ambiguous": "several readings are possible: text, years (the years that would fit, if any)",
    "empty": "no text",
    "ignored_text": "words beside the time phrase (in brackets, or around it) were not read: text",
    "holidays_assumed": "school holidays dated by the Lombardy calendar (D.G.R. IX/3318/2012): "
    "holiday (easter, summer, christmas), start, end",
    "weekday_mismatch": "the weekday written beside a date is not that date's: date, weekday (0 = Monday)",
    "unsupported_rhythm": "a rhythm a recurrence cannot hold (weekly, quarterly, ...): text",
    "relative_to_today": "counted from the day the text was read, not from a date it writes: today",
    "counted_from_start": "counted from the period's start where the text says signature or launch: start",
    "relative_time": "a time counted from today, and today is not known: text",
    "invalid_period": "the agreement's period ends before it starts: start, end",
    "undefined": "the text says the time is still to be set ('da definire'): text",
    "parse_error": "the parser failed on this text (a bug to report): text",
}


@dataclass(frozen=True)
class Interval:
    """From ``start`` to ``end``, both included."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def within(self, other: Interval) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass(frozen=True)
class Recurrence:
    """Something that repeats inside ``bounds``.

    - monthly: every month (``day`` of the month when given);
    - fortnightly: every 14 days from ``bounds.start``;
    - weekdays_of_month: the ``ordinals`` (1..5, -1 = last) ``weekday`` (0 = Monday) of each month;
    - months: in the given ``months`` (1..12) of each year.
    """

    kind: RecurrenceKind
    bounds: Interval
    weekday: int | None = None
    ordinals: tuple[int, ...] = ()
    months: tuple[int, ...] = ()
    day: int | None = None


@dataclass(frozen=True)
class Note:
    """Something a person should check: a code of NOTE_CODES and its parameters (strings)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)


@dataclass(frozen=True)
class Schedule:
    """A normalised schedule, with the original text beside it."""

    text: str
    status: Status
    intervals: tuple[Interval, ...] = ()
    deadlines: tuple[date, ...] = ()
    recurrences: tuple[Recurrence, ...] = ()
    notes: tuple[Note, ...] = ()
    reason: Note | None = None  # why it is unresolved

    @property
    def has_warnings(self) -> bool:
        return bool(self.notes) or self.status == UNRESOLVED

    def span(self) -> Interval | None:
        """The smallest interval covering every interval, deadline and recurrence bound."""
        days = [d for i in self.intervals for d in (i.start, i.end)]
        days += list(self.deadlines)
        days += [d for r in self.recurrences for d in (r.bounds.start, r.bounds.end)]
        return Interval(min(days), max(days)) if days else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form stored on the action and written to the interchange format."""
        return {
            "status": self.status,
            "intervals": [{"start": i.start.isoformat(), "end": i.end.isoformat()} for i in self.intervals],
            "deadlines": [d.isoformat() for d in self.deadlines],
            "recurrences": [_recurrence_dict(r) for r in self.recurrences],
            "notes": [_note_dict(n) for n in self.notes],
            "reason": _note_dict(self.reason) if self.reason else None,
        }

    @classmethod
    def from_dict(cls, text: str, data: dict[str, Any]) -> Schedule:
        """The inverse of :meth:`to_dict`; raises ValueError on a malformed dict."""
        try:
            status = data["status"]
            if status not in (RESOLVED, ONGOING, UNRESOLVED):
                raise ValueError(f"unknown status {status!r}")
            return cls(
                text=text,
                status=status,
                intervals=tuple(
                    Interval(date.fromisoformat(i["start"]), date.fromisoformat(i["end"]))
                    for i in data.get("intervals", [])
                ),
                deadlines=tuple(date.fromisoformat(d) for d in data.get("deadlines", [])),
                recurrences=tuple(_recurrence_from(r) for r in data.get("recurrences", [])),
                notes=tuple(_note_from(n) for n in data.get("notes", [])),
                reason=_note_from(data["reason"]) if data.get("reason") else None,
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"malformed schedule: {error}") from None


def _note_dict(note: Note) -> dict[str, Any]:
    return {"code": note.code, "params": dict(note.params)}


def _note_from(data: dict[str, Any]) -> Note:
    return Note(str(data["code"]), tuple((str(k), str(v)) for k, v in sorted(data.get("params", {}).items())))


def _recurrence_dict(rec: Recurrence) -> dict[str, Any]:
    return {
        "kind": rec.kind,
        "start": rec.bounds.start.isoformat(),
        "end": rec.bounds.end.isoformat(),
        "weekday": rec.weekday,
        "ordinals": list(rec.ordinals),
        "months": list(rec.months),
        "day": rec.day,
    }


def _recurrence_from(data: dict[str, Any]) -> Recurrence:
    kind = data["kind"]
    if kind not in ("monthly", "fortnightly", "weekdays_of_month", "months"):
        raise ValueError(f"unknown recurrence {kind!r}")
    return Recurrence(
        kind=kind,
        bounds=Interval(date.fromisoformat(data["start"]), date.fromisoformat(data["end"])),
        weekday=data.get("weekday"),
        ordinals=tuple(int(o) for o in data.get("ordinals", [])),
        months=tuple(int(m) for m in data.get("months", [])),
        day=data.get("day"),
    )


# -- parsing ---------------------------------------------------------------------------------


def parse_schedule(text: str, period: Interval, *, today: date | None = None) -> Schedule:
    """Read the Italian schedule ``text`` of an action of an agreement running over ``period``.

    ``today`` serves only phrases that count from it ("da oggi", "entro 30 giorni"). Never
    raises: what cannot be read comes back UNRESOLVED with a reason.
    """
    from coprogetta.lib.schedule_resolve import resolve  # it builds on the types above

    return resolve(text, period, today)


# -- occurrences -----------------------------------------------------------------------------


def occurrences(schedule: Schedule, within: Interval) -> list[date]:
    """The days on which the schedule's recurrences fall inside ``within``, in order.

    monthly: the first (or ``day``, or the month's last day when shorter) of each month;
    fortnightly: every 14 days from the start of its bounds; weekdays_of_month: the given
    weekdays; months: the first (or ``day``) of each listed month.
    """
    days: set[date] = set()
    for recurrence in schedule.recurrences:
        low = max(recurrence.bounds.start, within.start)
        high = min(recurrence.bounds.end, within.end)
        if low <= high:
            days.update(day for day in _days(recurrence, low) if low <= day <= high)
            days.update(_fortnights(recurrence, low, high))
    return sorted(days)


def _days(recurrence: Recurrence, low: date) -> list[date]:
    """Monthly, weekday and month occurrences of the months from ``low`` to the bounds' end."""
    if recurrence.kind == "fortnightly":
        return []
    found: list[date] = []
    year, month = low.year, low.month
    end = recurrence.bounds.end
    while (year, month) <= (end.year, end.month):
        if recurrence.kind == "monthly" or (recurrence.kind == "months" and month in recurrence.months):
            found.append(_clamped(year, month, recurrence.day or 1))
        elif recurrence.kind == "weekdays_of_month" and recurrence.weekday is not None:
            days = (_nth_weekday(year, month, recurrence.weekday, n) for n in recurrence.ordinals)
            found += [day for day in days if day is not None]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _fortnights(recurrence: Recurrence, low: date, high: date) -> list[date]:
    if recurrence.kind != "fortnightly":
        return []
    start = recurrence.bounds.start
    first = start + timedelta(days=14 * -(-(low - start).days // 14))
    if first > high:
        return []
    return [first + timedelta(days=14 * k) for k in range((high - first).days // 14 + 1)]


def _clamped(year: int, month: int, day: int) -> date:
    return date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date | None:
    """The ``ordinal``-th (1..5, -1 = last) ``weekday`` of the month, or None."""
    if not 0 <= weekday <= 6 or not (1 <= ordinal <= 5 or ordinal == -1):
        return None
    length = calendar.monthrange(year, month)[1]
    if ordinal > 0:
        day = 1 + (weekday - date(year, month, 1).weekday()) % 7 + 7 * (ordinal - 1)
    else:
        day = length - (date(year, month, length).weekday() - weekday) % 7
    return date(year, month, day) if day <= length else None
