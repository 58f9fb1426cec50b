"""Schedules as actions store them: parsed from the text, corrected by hand, read back safely.

No Django import: the agreements' services and forms, the interchange import and the work
plan all go through these helpers, so a schedule is parsed, checked and stored in one way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from coprogetta.lib import schedules
from coprogetta.lib.schedules import RESOLVED, UNRESOLVED, Interval, Note, Schedule

#: The reason of a stored schedule that cannot be read back (a dict edited by hand, an old form).
MALFORMED = "malformed"


def canonical(schedule: Schedule) -> dict[str, Any]:
    """The stored form of ``schedule``: what ``Schedule.from_dict`` reads back unchanged."""
    return Schedule.from_dict(schedule.text, schedule.to_dict()).to_dict()


def parsed(text: str, period: Interval) -> dict[str, Any] | None:
    """The stored form of ``text`` read by the parser against ``period``; None for no text."""
    if not text.strip():
        return None
    return canonical(schedules.parse_schedule(text, period))


def stored(text: str, data: Any) -> Schedule | None:
    """The schedule an action stores (None if it has none); a dict that cannot be read back
    is an unresolved schedule, so that a page shows it and never fails on it."""
    if data is None:
        return None
    try:
        if not isinstance(data, Mapping):
            raise ValueError("not an object")
        return Schedule.from_dict(text, dict(data))
    except (ValueError, TypeError, KeyError, AttributeError):
        return Schedule(text=text, status=UNRESOLVED, reason=Note(MALFORMED))


# -- correction by hand ----------------------------------------------------------------------

_DATE = r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}|\d{4}-\d{2}-\d{2}"
_DATE_RE = re.compile(rf"^\s*({_DATE})\s*$")
_INTERVAL_RE = re.compile(rf"^\s*({_DATE})\s*(?:-|–|—|al|a|to|→)\s*({_DATE})\s*$", re.IGNORECASE)


class EntryError(ValueError):
    """A line of a correction that cannot be read: ``line`` (1-based), ``text`` and ``code``
    (``not_a_date``, ``not_an_interval``, ``impossible_date``, ``end_before_start``)."""

    def __init__(self, code: str, line: int, text: str) -> None:
        self.code, self.line, self.text = code, line, text
        super().__init__(f"line {line}: {code}: {text!r}")


def parse_day(text: str) -> date:
    """``31/12/2016``, ``31.12.2016``, ``31-12-2016`` or ``2016-12-31``; ValueError otherwise."""
    match = _DATE_RE.match(text)
    if not match:
        raise ValueError(f"not a date: {text!r}")
    token = match.group(1)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", token):
        return date.fromisoformat(token)
    day, month, year = (int(part) for part in re.split(r"[/.\-]", token))
    return date(year, month, day)


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            yield number, line.strip()


def _day(token: str, number: int, line: str) -> date:
    try:
        return parse_day(token)
    except ValueError:
        raise EntryError("impossible_date", number, line) from None


def parse_intervals(text: str) -> list[Interval]:
    """One interval per line, ``01/04/2016 - 31/12/2016``; EntryError for the first bad line."""
    result = []
    for number, line in _lines(text):
        match = _INTERVAL_RE.match(line)
        if not match:
            raise EntryError("not_an_interval", number, line)
        start, end = _day(match.group(1), number, line), _day(match.group(2), number, line)
        if end < start:
            raise EntryError("end_before_start", number, line)
        result.append(Interval(start, end))
    return result


def parse_deadlines(text: str) -> list[date]:
    """One date per line; EntryError for the first bad line."""
    result = []
    for number, line in _lines(text):
        if not _DATE_RE.match(line):
            raise EntryError("not_a_date", number, line)
        result.append(_day(line, number, line))
    return result


def _outside(schedule: Schedule, period: Interval) -> list[Note]:
    """An ``outside_period`` note for each interval and deadline of ``schedule`` outside ``period``."""
    return [
        Note("outside_period", (("end", i.end.isoformat()), ("start", i.start.isoformat())))
        for i in schedule.intervals if not i.within(period)
    ] + [
        Note("outside_period", (("end", d.isoformat()), ("start", d.isoformat())))
        for d in schedule.deadlines if not period.contains(d)
    ]


def manual(text: str, intervals: Iterable[Interval], deadlines: Iterable[date], period: Interval) -> Schedule:
    """A schedule written by hand; what falls outside ``period`` carries an ``outside_period`` note.

    Raises ValueError when an interval ends before it starts or when there is nothing at all.
    """
    intervals = sorted(set(intervals), key=lambda i: (i.start, i.end))
    deadlines = sorted(set(deadlines))
    if not intervals and not deadlines:
        raise ValueError("a schedule needs an interval or a deadline")
    for interval in intervals:
        if interval.end < interval.start:
            raise ValueError(f"{interval} ends before it starts")
    schedule = Schedule(text=text, status=RESOLVED, intervals=tuple(intervals), deadlines=tuple(deadlines))
    return replace(schedule, notes=tuple(_outside(schedule, period)))


def checked(schedule: Schedule, period: Interval) -> Schedule:
    """A schedule given whole (a correction, an import): its intervals must be in order, and its
    ``outside_period`` notes say what falls outside ``period`` now. ValueError if out of order."""
    for interval in schedule.intervals:
        if interval.end < interval.start:
            raise ValueError(f"the interval {interval.start} – {interval.end} ends before it starts")
    for recurrence in schedule.recurrences:
        if recurrence.bounds.end < recurrence.bounds.start:
            raise ValueError(f"a recurrence ends ({recurrence.bounds.end}) before it starts")
    kept = tuple(n for n in schedule.notes if n.code != "outside_period")
    if schedule.status == UNRESOLVED:
        return replace(schedule, notes=kept)
    return replace(schedule, notes=kept + tuple(_outside(schedule, period)))


def as_lines(schedule: Schedule | None) -> tuple[str, str]:
    """The intervals and deadlines of ``schedule`` as the correction fields write them."""
    if schedule is None:
        return "", ""
    day = "{:%d/%m/%Y}".format
    intervals = "\n".join(f"{day(i.start)} - {day(i.end)}" for i in schedule.intervals)
    return intervals, "\n".join(day(d) for d in schedule.deadlines)
