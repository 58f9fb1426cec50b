"""Reads of the progress of actions: each action's status and percentage (now, or as of a date),
its weight (its budget) and its checkpoints; the roll-up per area and for the agreement.

A fixed number of queries however many actions and checkpoints: everything is read in one
query per table and put together in Python; the roll-up is ``coprogetta.lib.progress``.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from coprogetta.agreements.models import Action, Agreement, Area, BudgetLine, Contribution, StaffCost
from coprogetta.lib import money, progress

from .models import ActionProgress

M = TypeVar("M", BudgetLine, StaffCost, Contribution)


@dataclass
class ActionRow:
    action: Action
    status: str
    status_label: str
    percent: int
    weight: Decimal  # gross of its budget lines + staff costs + contributions linked to it
    last: ActionProgress | None  # latest checkpoint on or before as_of
    #: Its checkpoints on or before as_of, newest first.
    history: list[ActionProgress] = field(default_factory=list)

    @property
    def counted_percent(self) -> int:
        """The percentage the roll-up counts: 100 when done."""
        return progress.counted_percent(self._item())

    def _item(self) -> progress.Item:
        return progress.Item(self.status, self.percent, self.weight)


@dataclass
class ProgressScope:
    area: Area | None
    actions: list[ActionRow]
    percent: Decimal | None  # weighted roll-up, cancelled left out; None if nothing to count
    weighted_by_budget: bool
    counts: dict[str, int]  # actions by status

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, count) of the statuses present, in the statuses' order."""
        return [(s, label, self.counts[s]) for s, label in Action.Status.choices if self.counts.get(s)]


@dataclass
class ProgressReport:
    as_of: date | None
    areas: list[ProgressScope]
    total: ProgressScope


def _scope(area: Area | None, rows: list[ActionRow]) -> ProgressScope:
    result = progress.rollup(row._item() for row in rows)
    counts = Counter(row.status for row in rows)
    return ProgressScope(area, rows, result.percent, result.weighted_by_budget, dict(counts))


def action_weights(agreement: Agreement) -> dict[int, Decimal]:
    """Each action's weight: the gross of the budget lines, staff costs and contributions
    linked to it (three queries)."""
    weights: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    for line in _linked(agreement, "budget_lines", BudgetLine):
        weights[line.action_id] += line.amounts.gross  # type: ignore[index]
    for cost in _linked(agreement, "staff_costs", StaffCost):
        weights[cost.action_id] += cost.amounts.gross  # type: ignore[index]
    for contribution in _linked(agreement, "contributions", Contribution):
        weights[contribution.action_id] += contribution.amount  # type: ignore[index]
    return dict(weights)


def _linked(agreement: Agreement, name: str, model: type[M]) -> list[M]:
    """The agreement's ``name`` rows linked to an action: the prefetched ones when the page
    has read them already (the dashboard), else one query."""
    prefetched = getattr(agreement, "_prefetched_objects_cache", {}).get(name)
    if prefetched is not None:
        return [row for row in prefetched if row.action_id is not None]
    return list(model.objects.filter(agreement=agreement, action__isnull=False))


def progress_report(agreement: Agreement, as_of: date | None = None) -> ProgressReport:
    """Every action of the agreement with its progress (as of ``as_of``, or now), per area and
    for the whole agreement. Seven queries, whatever the number of actions or checkpoints."""
    areas = list(agreement.areas.all())
    actions = list(
        Action.objects.filter(area__agreement=agreement).select_related("area", "responsible")
        .order_by("area__number", "kind", "number", "id")
    )
    weights = action_weights(agreement)
    checkpoints = ActionProgress.objects.filter(action__area__agreement=agreement).select_related(
        "recorded_by"
    ).order_by("-date", "-id")
    if as_of is not None:
        checkpoints = checkpoints.filter(date__lte=as_of)
    history: dict[int, list[ActionProgress]] = defaultdict(list)
    for checkpoint in checkpoints:
        history[checkpoint.action_id].append(checkpoint)
    labels = dict(Action.Status.choices)
    by_area: dict[int, list[ActionRow]] = defaultdict(list)
    every: list[ActionRow] = []
    for action in actions:
        own = history.get(action.pk, [])
        last = own[0] if own else None
        if as_of is None:
            status, percent = action.status, action.progress
        elif last is not None:
            status, percent = last.status, last.percent
        else:
            status, percent = Action.Status.NOT_STARTED, 0
        row = ActionRow(
            action=action, status=status, status_label=str(labels.get(status, status)),
            percent=percent, weight=weights.get(action.pk, money.ZERO), last=last, history=own,
        )
        by_area[action.area_id].append(row)
        every.append(row)
    return ProgressReport(
        as_of=as_of,
        areas=[_scope(area, by_area.get(area.pk, [])) for area in areas],
        total=_scope(None, every),
    )


def action_progress(action: Action) -> list[ActionProgress]:
    """The checkpoints of one action, newest first."""
    return list(action.checkpoints.select_related("recorded_by").order_by("-date", "-id"))
