"""The deadlines of an agreement, and how near they are. No Django import.

Four kinds, each from a pure generator:

- ``monitoring``: the checkpoints the agreement lists, or else the end of each
  ``every_months`` period counted from 1 January (six months: 30/06 and 31/12; four: 30/04,
  31/08, 31/12; three: 31/03, 30/06, 30/09, 31/12) that falls inside the agreement's period;
- ``programme``: an activity programme due "at least every N months". Rule: the programme of
  each N-month period is due on that period's first day, the periods counted from the
  agreement's start (start 01/01/2016, four months: 01/01, 01/05, 01/09/2016);
- ``tranche``: a payment tranche's due date (a tranche without a date has no deadline; a paid
  tranche is ``done``, never overdue);
- ``action``: the deadlines of an action's normalised schedule ("entro maggio 2016").

Every deadline has a ``key``, ``<kind>:<reference id>:<ISO date>``: unique across the
installation (monitoring and programme keys carry the agreement's id, tranche and action keys
their own), the same every time it is computed, and new when the date moves, so a moved
deadline is a new event for calendars and reminders.

Labels are not sentences here: ``params`` carries what the interface needs to word them.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Literal

from .schedules import Interval, Schedule

Kind = Literal["monitoring", "programme", "tranche", "action"]
KINDS: tuple[Kind, ...] = ("monitoring", "programme", "tranche", "action")

#: Period lengths (months) that divide the year, so periods counted from 1 January repeat.
MONTHS_DIVIDING_A_YEAR = (1, 2, 3, 4, 6, 12)

#: The windows of the deadlines page, in days.
HORIZONS = (30, 60, 90)
OVERDUE = "overdue"


@dataclass(frozen=True)
class Deadline:
    """Something due on ``date``; ``params`` are strings for the label."""

    date: date
    kind: Kind
    key: str
    agreement_id: int | None = None
    area_id: int | None = None
    ref_id: int | None = None  # the tranche's or action's id
    params: tuple[tuple[str, str], ...] = ()
    done: bool = False  # a paid tranche

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)


def _key(kind: Kind, ref: int | None, day: date) -> str:
    return f"{kind}:{ref if ref is not None else '-'}:{day.isoformat()}"


def _params(**values: object) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in values.items() if v is not None))


def month_end(year: int, month: int) -> date:
    """The last day of ``month``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months``, kept at the month's last day when it has fewer days."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# -- generators ------------------------------------------------------------------------------


def checkpoint_dates(
    period: Interval, *, every_months: int = 6, explicit: Iterable[date] = ()
) -> list[date]:
    """The monitoring checkpoints: ``explicit`` ones if any (as written), else period ends.

    Period ends are the last day of each ``every_months`` period counted from 1 January,
    kept when they fall inside ``period``.
    """
    listed = sorted(set(explicit))
    if listed:
        return listed
    if every_months not in MONTHS_DIVIDING_A_YEAR:
        raise ValueError(f"every_months must divide a year: {every_months}")
    return [
        end
        for year in range(period.start.year, period.end.year + 1)
        for month in range(every_months, 13, every_months)
        if period.contains(end := month_end(year, month))
    ]


def programme_dates(period: Interval, *, every_months: int) -> list[date]:
    """The first day of each ``every_months`` period from the agreement's start."""
    if every_months < 1:
        raise ValueError(f"every_months must be positive: {every_months}")
    days: list[date] = []
    step = 0
    while (day := add_months(period.start, step * every_months)) <= period.end:
        days.append(day)
        step += 1
    return days


def monitoring_deadlines(
    agreement_id: int | None,
    period: Interval,
    *,
    every_months: int = 6,
    explicit: Iterable[date] = (),
) -> list[Deadline]:
    """The agreement's monitoring checkpoints, numbered from 1."""
    explicit = list(explicit)
    days = checkpoint_dates(period, every_months=every_months, explicit=explicit)
    return [
        Deadline(
            day, "monitoring", _key("monitoring", agreement_id, day), agreement_id,
            params=_params(every_months=every_months, explicit="1" if explicit else None,
                           number=number, count=len(days)),
        )
        for number, day in enumerate(days, start=1)
    ]


def programme_deadlines(
    agreement_id: int | None, period: Interval, *, every_months: int | None
) -> list[Deadline]:
    """The due dates of the activity programmes; none when the agreement asks for none."""
    if not every_months:
        return []
    days = programme_dates(period, every_months=every_months)
    return [
        Deadline(
            day, "programme", _key("programme", agreement_id, day), agreement_id,
            params=_params(every_months=every_months, number=number,
                           until=min(add_months(day, every_months) - timedelta(days=1), period.end)
                           .isoformat()),
        )
        for number, day in enumerate(days, start=1)
    ]


@dataclass(frozen=True)
class TrancheInput:
    """What a tranche deadline needs: its date, amount (None when it cannot be computed)."""

    id: int
    due_date: date | None
    amount: Decimal | None = None
    percent: Decimal | None = None
    is_balance: bool = False
    paid: bool = False
    area_id: int | None = None
    number: int | None = None  # its place among the agreement's tranches
    due_text: str = ""


def tranche_deadlines(agreement_id: int | None, tranches: Iterable[TrancheInput]) -> list[Deadline]:
    """One deadline per tranche with a due date; a paid one is ``done``."""
    return [
        Deadline(
            t.due_date, "tranche", _key("tranche", t.id, t.due_date), agreement_id, t.area_id,
            t.id,
            params=_params(
                amount=t.amount, percent=t.percent, balance="1" if t.is_balance else None,
                number=t.number, due_text=t.due_text or None,
            ),
            done=t.paid,
        )
        for t in tranches
        if t.due_date is not None
    ]


def action_deadlines(
    agreement_id: int | None,
    action_id: int,
    schedule: Schedule,
    *,
    area_id: int | None = None,
    title: str = "",
    number: str = "",
) -> list[Deadline]:
    """The deadlines of an action's schedule ("entro maggio 2016" -> 31/05/2016)."""
    return [
        Deadline(
            day, "action", _key("action", action_id, day), agreement_id, area_id, action_id,
            params=_params(title=title or None, number=number or None,
                           text=schedule.text or None),
        )
        for day in sorted(set(schedule.deadlines))
    ]


# -- how near ---------------------------------------------------------------------------------


def ordered(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """By date, then kind (in KINDS order), then key: the order of every list of deadlines."""
    return sorted(deadlines, key=lambda d: (d.date, KINDS.index(d.kind), d.key))


def bucket(deadline: Deadline, today: date) -> str | None:
    """``"overdue"``, or the smallest horizon (as ``"30"``, ``"60"``, ``"90"``) it falls within.

    Today counts as within 30 days; a ``done`` deadline belongs to no bucket.
    """
    if deadline.done:
        return None
    days = (deadline.date - today).days
    if days < 0:
        return OVERDUE
    for horizon in HORIZONS:
        if days <= horizon:
            return str(horizon)
    return None


@dataclass(frozen=True)
class Classified:
    """Deadlines sorted into ``overdue`` and the windows up to the chosen horizon."""

    today: date
    horizon_days: int
    groups: dict[str, list[Deadline]] = field(default_factory=dict)

    @property
    def overdue(self) -> list[Deadline]:
        return self.groups[OVERDUE]

    def within(self, horizon: int) -> list[Deadline]:
        """The deadlines due after the previous window and within ``horizon`` days."""
        return self.groups[str(horizon)]

    def __len__(self) -> int:
        return sum(len(group) for group in self.groups.values())


def classify(deadlines: Iterable[Deadline], today: date, horizon_days: int = 30) -> Classified:
    """Overdue, due within 30 days, within 31–60 and 61–90, up to ``horizon_days``.

    ``horizon_days`` is one of HORIZONS. Done deadlines and those past the horizon are left
    out; every group is in date order.
    """
    if horizon_days not in HORIZONS:
        raise ValueError(f"horizon_days must be one of {HORIZONS}: {horizon_days}")
    names = [OVERDUE] + [str(h) for h in HORIZONS if h <= horizon_days]
    groups: dict[str, list[Deadline]] = {name: [] for name in names}
    for deadline in ordered(deadlines):
        name = bucket(deadline, today)
        if name in groups:
            groups[name].append(deadline)
    return Classified(today, horizon_days, groups)


def due_between(deadlines: Iterable[Deadline], start: date, end: date) -> list[Deadline]:
    """The deadlines not done and due from ``start`` to ``end``, both included, in order."""
    return ordered(d for d in deadlines if not d.done and start <= d.date <= end)

