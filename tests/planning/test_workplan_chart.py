"""The work plan's rows as the Gantt chart draws them, and the chart cut into printable parts."""

from datetime import date

import pytest
from django.utils import translation

from coprogetta.agreements.models import Action, Area
from coprogetta.lib.schedules import ONGOING, RESOLVED, Interval, Recurrence, Schedule
from coprogetta.planning.workplan_chart import _parts, gantt_row, workplan_charts
from coprogetta.planning.workplan_selectors import PlanGroup, PlanRow, WorkPlan
from coprogetta.planning.workplan_text import summarise
from tests import factories as f

YEAR = Interval(date(2016, 1, 1), date(2016, 12, 31))


def row(schedule: Schedule | None, kind: str = "development", text: str = "x") -> PlanRow:
    action = Action(number=3, title="Azione", kind=kind, schedule_text=text,
                    schedule=schedule.to_dict() if schedule else None)
    return PlanRow(action, summarise(action.schedule_text, action.schedule))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_intervals_and_deadlines():
    drawn = gantt_row(row(Schedule("x", RESOLVED, intervals=(Interval(date(2016, 2, 1), date(2016, 3, 31)),),
                                   deadlines=(date(2016, 5, 31),))), YEAR)
    assert drawn.label == "3. Azione" and drawn.kind == "development" and not drawn.unresolved
    assert drawn.intervals == ((date(2016, 2, 1), date(2016, 3, 31)),)
    assert drawn.deadlines == (date(2016, 5, 31),)


def test_ongoing_is_the_whole_period():
    assert gantt_row(row(Schedule("in corso", ONGOING)), YEAR).intervals == ((YEAR.start, YEAR.end),)
    kept = Schedule("in corso", ONGOING, intervals=(YEAR,))
    assert gantt_row(row(kept, kind="consolidation"), YEAR).kind == "consolidation"


def test_a_monthly_rhythm_is_a_line_with_a_tick_each_month():
    monthly = Schedule("mensilmente da aprile", RESOLVED,
                       recurrences=(Recurrence("monthly", Interval(date(2016, 4, 1), YEAR.end)),))
    drawn = gantt_row(row(monthly), YEAR)
    assert drawn.spans == ((date(2016, 4, 1), YEAR.end),)
    assert drawn.occurrences == tuple(date(2016, m, 1) for m in range(4, 13))
    assert drawn.intervals == ()


def test_named_months_are_whole_months():
    bounds = Interval(date(2016, 6, 1), YEAR.end)
    recurrence = Recurrence("months", bounds, months=(6, 12))
    months = Schedule("giugno e dicembre", RESOLVED, recurrences=(recurrence,))
    drawn = gantt_row(row(months), YEAR)
    assert drawn.intervals == ((date(2016, 6, 1), date(2016, 6, 30)), (date(2016, 12, 1), date(2016, 12, 31)))
    assert drawn.spans == () and drawn.occurrences == ()


def test_no_schedule_or_an_unresolved_one_is_marked_with_the_reason():
    drawn = gantt_row(row(None, text=""), YEAR)
    assert drawn.unresolved and drawn.warning == "No schedule is written."
    broken = Action(number=1, title="Rotta", kind="development", schedule_text="da aprile", schedule={"x": 1})
    drawn = gantt_row(PlanRow(broken, summarise(broken.schedule_text, broken.schedule)), YEAR)
    assert drawn.unresolved and "cannot be read" in drawn.warning


def test_areas_are_packed_into_parts_and_a_long_one_is_continued():
    areas = [Area(number=n, title=f"Ambito {n}") for n in (1, 2, 3)]
    groups = [PlanGroup(areas[0], [row(None)] * 5), PlanGroup(areas[1], [row(None)] * 30),
              PlanGroup(areas[2], [row(None)] * 4)]
    parts = _parts(groups, 20)
    layout = [[(g.area.number, len(rows), continued) for g, rows, continued in part] for part in parts]
    assert layout == [[(1, 5, False)], [(2, 19, False)], [(2, 11, True), (3, 4, False)]]
    assert all(sum(1 + len(rows) for _, rows, _ in part) <= 20 for part in parts)


@pytest.mark.django_db
def test_each_part_is_a_chart_with_ids_of_its_own():
    agreement = f.AgreementFactory()
    area = f.AreaFactory(agreement=agreement, number=1, title="Ambito 1")
    groups = [PlanGroup(area, [row(Schedule("in corso", ONGOING))] * 25)]
    charts = workplan_charts(WorkPlan(agreement, None, groups), date(2016, 5, 1))
    assert [c.rows for c in charts] == [19, 6]
    assert 'id="gantt-1-title"' in charts[0].svg and 'id="gantt-2-title"' in charts[1].svg
    assert "Area 1 – Ambito 1 (continued)" in charts[1].svg
    empty = workplan_charts(WorkPlan(agreement, None, []), date(2016, 5, 1))
    assert len(empty) == 1 and "No actions yet." in empty[0].svg
