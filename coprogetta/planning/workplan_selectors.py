"""Reads of the work plan: an agreement's (or one area's) actions with their schedules.

A constant number of queries whatever the number of actions: the agreement (through
``agreement_get``, so an outsider gets 404), its areas, their actions (a page of them on the
Gantt page, ``COPROGETTA_GANTT_ROWS`` at most).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
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
    #: the page of actions shown, when the plan is paged (the Gantt page)
    page: Page[Action] | None = None
    #: every area of the plan, also those of other pages
    areas: list[Area] = field(default_factory=list)

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


def workplan_get(
    user: AnyUser, pk: int, *, area_pk: int | None = None, page: str | int | None = None,
    per_page: int | None = None,
) -> WorkPlan:
    """The work plan of agreement ``pk`` (of its area ``area_pk`` if given) as ``user`` sees it.

    With ``per_page``, only the actions of page ``page`` (``plan.page``); the areas are all in
    ``plan.areas`` for the navigation. A constant number of queries: the agreement, its areas,
    the count of the actions (when paged) and the actions of the page.
    """
    agreement = agreement_get(user, pk)
    areas = agreement.areas.order_by("number", "id")
    if area_pk is not None:
        areas = areas.filter(pk=area_pk)
    area_list = list(areas)
    if area_pk is not None and not area_list:
        raise Http404
    actions = Action.objects.filter(area__agreement=agreement).order_by(
        "area__number", "area_id", "kind", "number", "id"
    )
    if area_pk is not None:
        actions = actions.filter(area_id=area_pk)
    pager: Page[Action] | None = None
    if per_page is not None:
        pager = Paginator(actions, per_page).get_page(page)
        chosen = list(pager.object_list)
    else:
        chosen = list(actions)
    by_area: dict[int, list[PlanRow]] = {}
    for action in chosen:
        by_area.setdefault(action.area_id, []).append(
            PlanRow(action, summarise(action.schedule_text, action.schedule))
        )
    whole = pager is None or pager.paginator.num_pages == 1
    groups = [
        PlanGroup(area, by_area.get(area.pk, [])) for area in area_list
        if whole or area.pk in by_area
    ]
    for group in groups:
        for row in group.rows:
            row.action.area = group.area  # the area is known: no query per row
    return WorkPlan(agreement, area_list[0] if area_pk is not None else None, groups,
                    page=pager, areas=area_list)
