"""The alerts of an agreement's dashboard, built from plain inputs. No Django import.

Six kinds, each from a pure builder:

- ``tier_change``: an enrolment count moved a monthly line's fee to another tier (info; only
  changes from ``since`` on, older ones are history);
- ``renegotiate``: a count fell in a range whose fee must be renegotiated (warning; one
  alert per line, every such month listed, however old: until the tiers change it stands);
- ``overspend``: a line's expenses exceed what it plans (danger);
- ``tranche_overdue``: a tranche not paid by its due date (danger);
- ``report_due``: a monitoring checkpoint has passed without a monitoring report (danger), or
  falls within ``within_days`` days and has none yet (warning);
- ``hours_over_plan``: a staff-cost line logged more hours than planned (warning), over its
  whole span, or else in a period.

:func:`ordered` sorts them: most severe first, then by date (undated last), kind and key.
Labels are not sentences here: the interface words them from the fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import IntEnum
from typing import Literal

Kind = Literal["tranche_overdue", "overspend", "report_due", "renegotiate", "hours_over_plan",
               "tier_change"]
KINDS: tuple[Kind, ...] = (
    "tranche_overdue", "overspend", "report_due", "renegotiate", "hours_over_plan", "tier_change",
)

#: ``date`` under another name, for the fields declared after ``Alert.date``.
Day = date

#: How many days before a checkpoint its missing report becomes an alert.
REPORT_WITHIN_DAYS = 30


class Severity(IntEnum):
    """How urgent an alert is; higher is more urgent. ``css`` names the Bootstrap colour."""

    INFO = 1
    WARNING = 2
    DANGER = 3

    @property
    def css(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Alert:
    """Something on an agreement that needs attention.

    ``ref_id`` is the record it is about (line, tranche; None for a checkpoint); ``subject``
    names it; ``amount`` is money (overspend, tranche) or hours (over plan); ``days`` how
    late (or, for a report due soon, how many days are left); ``dates`` the months concerned;
    ``before``/``after`` the tiers of a change, ``after`` also what an overdue tranche waits for.
    """

    kind: Kind
    severity: Severity
    date: date | None
    key: str
    ref_id: int | None = None
    subject: str = ""
    amount: Decimal | None = None
    days: int | None = None
    dates: tuple[Day, ...] = ()
    before: str = ""
    after: str = ""
    period_start: Day | None = None
    period_end: Day | None = None


def _key(kind: Kind, ref: object, day: date | None) -> str:
    return f"{kind}:{ref if ref is not None else '-'}:{day.isoformat() if day else '-'}"


def ordered(alerts: Iterable[Alert]) -> list[Alert]:
    """Most severe first; then by date, undated last; then kind (KINDS order) and key."""
    return sorted(alerts, key=lambda a: (
        -a.severity, a.date is None, a.date or date.min, KINDS.index(a.kind), a.key,
    ))


def count_by_severity(alerts: Iterable[Alert]) -> dict[Severity, int]:
    """How many alerts of each severity, most severe first (zeros included)."""
    counts = {severity: 0 for severity in sorted(Severity, reverse=True)}
    for alert in alerts:
        counts[alert.severity] += 1
    return counts


# -- enrolments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierChangeInput:
    """A monthly line's fee moving, in ``month``, from tier ``before`` to ``after`` (labels)."""

    line_id: int
    line: str
    month: date
    before: str
    after: str


def tier_change_alerts(changes: Iterable[TierChangeInput], *, since: date) -> list[Alert]:
    """One info alert per change in ``since``'s month or later."""
    first = since.replace(day=1)
    return [
        Alert("tier_change", Severity.INFO, c.month, _key("tier_change", c.line_id, c.month),
              c.line_id, c.line, before=c.before, after=c.after)
        for c in changes
        if c.month >= first
    ]


@dataclass(frozen=True)
class RenegotiateInput:
    """A monthly line and the months whose count asks to renegotiate the fee."""

    line_id: int
    line: str
    months: tuple[date, ...]


def renegotiate_alerts(lines: Iterable[RenegotiateInput]) -> list[Alert]:
    """One warning per line with at least one month to renegotiate, dated its first."""
    alerts = []
    for line in lines:
        months = tuple(sorted(set(line.months)))
        if months:
            alerts.append(Alert(
                "renegotiate", Severity.WARNING, months[0],
                _key("renegotiate", line.line_id, months[0]), line.line_id, line.line, dates=months,
            ))
    return alerts


# -- money -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendInput:
    """A line (budget line or contribution) with what it planned and what was spent on it."""

    key: str  # unique among the agreement's lines, e.g. "budget_line:12"
    line: str
    planned: Decimal
    spent: Decimal
    ref_id: int | None = None


def overspend_alerts(lines: Iterable[SpendInput]) -> list[Alert]:
    """One danger alert per line whose spending exceeds its plan, with the excess."""
    return [
        Alert("overspend", Severity.DANGER, None, _key("overspend", line.key, None), line.ref_id,
              line.line, amount=line.spent - line.planned)
        for line in lines
        if line.spent > line.planned
    ]


@dataclass(frozen=True)
class TrancheDue:
    """A tranche with a due date: its number among the agreement's, amount and whether paid.

    ``waiting_for`` says what is missing ("invoice", "payment"), as the caller words it.
    """

    id: int
    due_date: date
    amount: Decimal | None = None
    paid: bool = False
    number: int | None = None
    waiting_for: str = ""


def tranche_overdue_alerts(tranches: Iterable[TrancheDue], *, today: date) -> list[Alert]:
    """One danger alert per unpaid tranche whose due date is before ``today``."""
    return [
        Alert("tranche_overdue", Severity.DANGER, t.due_date, _key("tranche_overdue", t.id, t.due_date),
              t.id, str(t.number) if t.number is not None else "", amount=t.amount,
              days=(today - t.due_date).days, after=t.waiting_for)
        for t in tranches
        if not t.paid and t.due_date < today
    ]


# -- monitoring reports ----------------------------------------------------------------------


def report_due_alerts(
    checkpoints: Iterable[date], reported: Iterable[date], *, today: date,
    within_days: int = REPORT_WITHIN_DAYS,
) -> list[Alert]:
    """Checkpoints without a monitoring report: passed (danger) or within ``within_days``
    days, today included (warning); later ones are not alerts yet.

    ``days`` counts the days late of a passed checkpoint, the days left for one ahead.
    """
    if within_days < 0:
        raise ValueError(f"within_days must not be negative: {within_days}")
    done = set(reported)
    alerts = []
    for day in sorted(set(checkpoints) - done):
        ahead = (day - today).days
        if ahead < 0:
            alerts.append(Alert("report_due", Severity.DANGER, day, _key("report_due", None, day),
                                days=-ahead))
        elif ahead <= within_days:
            alerts.append(Alert("report_due", Severity.WARNING, day, _key("report_due", None, day),
                                days=ahead))
    return alerts


# -- hours -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursPeriod:
    """Planned and logged hours of a line in one period."""

    start: date
    end: date
    planned: Decimal
    logged: Decimal


@dataclass(frozen=True)
class HoursInput:
    """A staff-cost line: its planned and logged hours in all and per period."""

    line_id: int
    line: str
    planned: Decimal
    logged: Decimal
    periods: tuple[HoursPeriod, ...] = ()


def hours_alerts(lines: Iterable[HoursInput]) -> list[Alert]:
    """Per line: one warning when its total is over plan; else one per period over plan.

    ``amount`` is the excess in hours; a period alert is dated the period's end.
    """
    alerts = []
    for line in lines:
        if line.logged > line.planned:
            alerts.append(Alert(
                "hours_over_plan", Severity.WARNING, None, _key("hours_over_plan", line.line_id, None),
                line.line_id, line.line, amount=line.logged - line.planned,
            ))
            continue
        alerts.extend(
            Alert("hours_over_plan", Severity.WARNING, p.end,
                  _key("hours_over_plan", line.line_id, p.end), line.line_id, line.line,
                  amount=p.logged - p.planned, period_start=p.start, period_end=p.end)
            for p in line.periods
            if p.logged > p.planned
        )
    return alerts
