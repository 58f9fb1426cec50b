"""Reads of the work plan: an agreement's (or one area's) actions with their schedules.

Three queries whatever the number of actions: the agreement (through ``agreement_get``, so an
outsider gets 404), its areas, their actions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Action, Agreement, Area
from coprogetta.agreements.selectors import agreement_get
from coprogetta.lib.schedules import Interval

from .workplan_text import ScheduleSummary, summarise


@dataclass(frozen=True)
class PlanRow:
    action: Action
    summary: ScheduleSummary


@dataclass(frozen=True)
class PlanGroup:
    area: Area
    rows: list[PlanRow]


@dataclass(frozen=True)
class WorkPlan:
    """The actions of an agreement, or of one of its areas, grouped by area."""

    agreement: Agreement
    area: Area | None
    groups: list[PlanGroup]

    @property
    def period(self) -> Interval:
        return Interval(self.agreement.start_date, self.agreement.end_date)

    @property
    def rows(self) -> list[PlanRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def to_check(self) -> list[PlanRow]:
        """The rows whose schedule carries a warning."""
        return [row for row in self.rows if row.summary.warnings]


def workplan_get(user: AnyUser, pk: int, *, area_pk: int | None = None) -> WorkPlan:
    """The work plan of agreement ``pk`` (of its area ``area_pk`` if given) as ``user`` sees it."""
    agreement = agreement_get(user, pk)
    areas = agreement.areas.order_by("number", "id").prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("kind", "number", "id"))
    )
    if area_pk is not None:
        areas = areas.filter(pk=area_pk)
    groups = [
        PlanGroup(area, [PlanRow(a, summarise(a.schedule_text, a.schedule)) for a in area.actions.all()])
        for area in areas
    ]
    if area_pk is not None and not groups:
        raise Http404
    return WorkPlan(agreement, groups[0].area if area_pk is not None else None, groups)
