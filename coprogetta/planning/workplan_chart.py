"""The work plan as Gantt charts: ``lib.gantt`` fed with the plan's rows and translated words.

The chart is cut into parts of at most ``ROWS_PER_CHART`` rows (an area's header counts as a
row), each part a whole area when it fits, so that every part fits an A4 landscape page; the
page and the PDF show the same parts.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprogetta.lib import gantt, schedules
from coprogetta.lib.schedules import ONGOING, Interval

from .workplan_selectors import PlanGroup, PlanRow, WorkPlan
from .workplan_text import day_text, month_abbreviations

ROWS_PER_CHART = 20


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    rows: int


def area_label(group: PlanGroup, *, continued: bool = False) -> str:
    label = _("Area %(number)s – %(title)s") % {"number": group.area.number, "title": group.area.title}
    return _("%(area)s (continued)") % {"area": label} if continued else label


def gantt_row(row: PlanRow, period: Interval) -> gantt.Row:
    """One action as the chart draws it."""
    action, summary = row.action, row.summary
    label = f"{action.number}. {action.title}"
    kind = "development" if action.kind == action.Kind.DEVELOPMENT else "consolidation"
    warning = " ".join(summary.warnings)
    schedule = summary.schedule
    if schedule is None or summary.unresolved:
        return gantt.Row(label, kind, unresolved=True, warning=warning)
    intervals = [(i.start, i.end) for i in schedule.intervals]
    if schedule.status == ONGOING and not intervals:
        intervals = [(period.start, period.end)]
    spans: list[gantt.Span] = []
    ticks: list[date] = []
    for recurrence in schedule.recurrences:
        days = schedules.occurrences(replace(schedule, recurrences=(recurrence,)), period)
        if recurrence.kind == "months" and recurrence.day is None:
            # "giugno e dicembre": the whole of each month, not a day in it
            intervals += [(day, min(_month_end(day), recurrence.bounds.end)) for day in days]
        else:
            spans.append((recurrence.bounds.start, recurrence.bounds.end))
            ticks += days
    return gantt.Row(
        label, kind, intervals=tuple(intervals), deadlines=schedule.deadlines, spans=tuple(spans),
        occurrences=tuple(ticks), warning=warning,
    )


def _month_end(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _parts(groups: list[PlanGroup], size: int) -> list[list[tuple[PlanGroup, list[PlanRow], bool]]]:
    """Groups packed into parts of at most ``size`` rows; a longer area is cut and continued."""
    parts: list[list[tuple[PlanGroup, list[PlanRow], bool]]] = []
    current: list[tuple[PlanGroup, list[PlanRow], bool]] = []
    used = 0
    for group in groups:
        rows, continued = group.rows, False
        while True:
            need = 1 + len(rows)
            if current and used + need > size:
                parts.append(current)
                current, used = [], 0
            if need <= size - used:
                current.append((group, rows, continued))
                used += need
                break
            room = max(size - used - 1, 1)
            current.append((group, rows[:room], continued))
            parts.append(current)
            current, used, rows, continued = [], 0, rows[room:], True
    if current:
        parts.append(current)
    return parts


def labels(plan: WorkPlan, groups: list[gantt.Group]) -> gantt.Labels:
    """The chart's words in the active language; its description names the areas it shows."""
    rows = sum(len(g.rows) for g in groups)
    title = _("Work plan: %(title)s") % {"title": plan.agreement.title}
    description = ngettext(
        "Gantt chart of %(count)s action from %(start)s to %(end)s.",
        "Gantt chart of %(count)s actions from %(start)s to %(end)s.",
        rows,
    ) % {"count": rows, "start": day_text(plan.period.start), "end": day_text(plan.period.end)}
    if groups:
        description += " " + "; ".join(g.label for g in groups) + "."
    description += " " + _("The table of the work plan gives the same data.")
    return gantt.Labels(
        title=title,
        description=description,
        months=month_abbreviations(),
        consolidation=_("Consolidation"),
        development=_("Development and innovation"),
        deadline=_("Deadline"),
        recurrence=_("Recurring (each tick a date)"),
        unresolved=_("Schedule not understood"),
        warning=_("Schedule to check"),
        today=_("Today"),
        empty=_("No actions yet."),
    )


def workplan_charts(plan: WorkPlan, today: date | None, *, size: int = ROWS_PER_CHART) -> list[Chart]:
    """The plan's Gantt chart, in parts that each fit a printed page."""
    period = plan.period
    charts = []
    for index, part in enumerate(_parts(plan.groups, size) or [[]], start=1):
        groups = [
            gantt.Group(area_label(group, continued=continued), tuple(gantt_row(r, period) for r in rows))
            for group, rows, continued in part
        ]
        svg = gantt.gantt_svg(
            groups, start=period.start, end=period.end, today=today, labels=labels(plan, groups),
            prefix=f"gantt-{index}",
        )
        charts.append(Chart(mark_safe(svg), sum(len(g.rows) for g in groups)))  # noqa: S308 - every text is escaped by lib.gantt
    return charts
