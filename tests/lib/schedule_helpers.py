"""A one-line description of a schedule, to write expectations compactly."""

from datetime import date

from coprogetta.lib.schedules import ONGOING, UNRESOLVED, Interval, Schedule

Y2016 = Interval(date(2016, 1, 1), date(2016, 12, 31))


def period(start: str, end: str) -> Interval:
    return Interval(date.fromisoformat(start), date.fromisoformat(end))


def describe(schedule: Schedule) -> str:
    """E.g. "2016-04-01..2016-12-31", "by 2016-05-31 ! outside_period", "unresolved: empty".

    Intervals as ``start..end``, deadlines as ``by day``, recurrences as ``kind start..end``
    with their weekday, ordinals, months and day, then ``! code`` for each note.
    """
    if schedule.status == UNRESOLVED:
        parts = [f"unresolved: {schedule.reason.code if schedule.reason else '?'}"]
    else:
        parts = ["ongoing"] if schedule.status == ONGOING else []
        if schedule.status != ONGOING:
            parts += [f"{i.start}..{i.end}" for i in schedule.intervals]
        parts += [f"by {d}" for d in schedule.deadlines]
        for r in schedule.recurrences:
            extra = [f"{r.kind} {r.bounds.start}..{r.bounds.end}"]
            if r.weekday is not None:
                extra.append(f"weekday={r.weekday}")
            if r.ordinals:
                extra.append("ordinals=" + ",".join(map(str, r.ordinals)))
            if r.months:
                extra.append("months=" + ",".join(map(str, r.months)))
            if r.day is not None:
                extra.append(f"day={r.day}")
            parts.append(" ".join(extra))
    text = "; ".join(parts)
    codes = [n.code for n in schedule.notes]
    return " ".join([text, *(f"! {c}" for c in codes)])
