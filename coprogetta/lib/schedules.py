"""Italian schedule phrases -> intervals, deadlines and recurrences. No Django import.

``parse_schedule("dal mese di gennaio", Interval(date(2016, 1, 1), date(2016, 12, 31)))``
returns a :class:`Schedule`. The parser never guesses silently: what it cannot read is
``UNRESOLVED`` with a reason, and what it reads but doubts carries a :class:`Note`.

Notes and reasons are codes with parameters, not sentences: the interface translates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
    "ambiguous": "several readings are possible: text",
    "empty": "no text",
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
