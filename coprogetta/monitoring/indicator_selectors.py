"""Reads of indicators: targets and reported values per checkpoint, attainment and roll-ups.

Everything comes from four queries (areas, indicators, targets, values), summed in Python by
``coprogetta.lib.indicators``: the same number of queries however many indicators there are.
"""

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import Agreement, Area
from coprogetta.agreements.selectors import monitoring_checkpoints, user_can_edit
from coprogetta.lib import indicators as lib

from .models import Indicator, IndicatorTarget, IndicatorValue

# -- who may write -------------------------------------------------------------------------


def user_can_approve(user: AnyUser, agreement: Agreement) -> bool:
    """Editors of a public-body party of the agreement (the municipality checks), and superusers."""
    from coprogetta.agreements.access import access_for

    return access_for(user, agreement).can_approve


def user_can_change_value(user: AnyUser, item: IndicatorValue, agreement: Agreement) -> bool:
    """The agreement's editors (operators record only hours, counts and expenses)."""
    return user_can_edit(user, agreement)


# -- checkpoints ---------------------------------------------------------------------------


def default_checkpoint(
    checkpoints: list[date], today: date, reported: Callable[[], Collection[date]] | None = None,
) -> date | None:
    """The first checkpoint not yet past; once every one has passed, the latest with a reported
    value (``reported()`` gives their days, asked only then), else the last; None when there are none."""
    for day in checkpoints:
        if day >= today:
            return day
    if not checkpoints:
        return None
    with_values = set(reported()) if reported is not None else set()
    return next((day for day in reversed(checkpoints) if day in with_values), checkpoints[-1])


def reported_periods(agreement: Agreement) -> set[date]:
    """The period ends for which any indicator of the agreement has a reported value (one query)."""
    return set(
        IndicatorValue.objects.filter(indicator__agreement=agreement)
        .values_list("period_end", flat=True).distinct()
    )


def chosen_checkpoint(
    checkpoints: list[date], text: str | None, today: date,
    reported: Callable[[], Collection[date]] | None = None,
) -> date | None:
    """The checkpoint ``text`` (YYYY-MM-DD) names if it is one of ``checkpoints``; else the default."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        day = None
    return day if day in checkpoints else default_checkpoint(checkpoints, today, reported)


# -- the report ----------------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    target: Decimal | None
    value: IndicatorValue | None  # the value reported for the checkpoint
    attainment: Decimal | None  # 0..100+ percent of the way baseline -> target, 1 decimal
    met: bool | None

    def _shown(self, number: Decimal | None) -> str:
        return "" if number is None else lib.format_value(number, self.indicator.unit)  # type: ignore[arg-type]

    @property
    def baseline_shown(self) -> str:
        return self._shown(self.indicator.baseline)

    @property
    def target_shown(self) -> str:
        return self._shown(self.target)

    @property
    def value_shown(self) -> str:
        return self._shown(self.value.value if self.value is not None else None)

    @property
    def attainment_capped(self) -> Decimal | None:
        """The attainment within 0..100, as a progress bar shows it."""
        return None if self.attainment is None else lib.capped(self.attainment)


@dataclass
class IndicatorScope:
    area: Area | None  # None: the agreement's own indicators (no area)
    rows: list[IndicatorRow]
    attainment: Decimal | None  # mean of the rows' attainment, each capped at 100
    reported: int
    approved: int
    met: int
    total: int


@dataclass
class IndicatorReport:
    checkpoint: date
    areas: list[IndicatorScope]  # in area order, the no-area scope last, empty scopes left out
    total: IndicatorScope  # the whole agreement


def _row(indicator: Indicator, target: Decimal | None, value: IndicatorValue | None) -> IndicatorRow:
    if target is None or value is None:
        return IndicatorRow(indicator, target, value, None, None)
    higher = indicator.higher_is_better
    return IndicatorRow(
        indicator, target, value,
        lib.attainment(value.value, target, indicator.baseline, higher_is_better=higher),
        lib.met(value.value, target, higher_is_better=higher),
    )


def _scope(area: Area | None, rows: list[IndicatorRow]) -> IndicatorScope:
    result = lib.roll_up(
        lib.Row(
            attainment=row.attainment,
            reported=row.value is not None,
            approved=row.value is not None and row.value.status == IndicatorValue.Status.APPROVED,
            met=row.met,
        )
        for row in rows
    )
    return IndicatorScope(
        area, rows, result.attainment, result.reported, result.approved, result.met, result.total,
    )


@dataclass
class IndicatorData:
    """An agreement's areas, indicators, and all their targets and values, by (indicator, date)."""

    areas: list[Area]
    indicators: list[Indicator]
    targets: dict[tuple[int, date], Decimal] = field(default_factory=dict)
    values: dict[tuple[int, date], IndicatorValue] = field(default_factory=dict)


def indicator_data(agreement: Agreement, checkpoint: date | None = None) -> IndicatorData:
    """Four queries; with ``checkpoint``, only its targets and values."""
    indicators = list(
        Indicator.objects.filter(agreement=agreement).select_related("area", "action")
    )
    targets = IndicatorTarget.objects.filter(indicator__agreement=agreement)
    values = IndicatorValue.objects.filter(indicator__agreement=agreement).select_related(
        "reported_by", "approved_by"
    )
    if checkpoint is not None:
        targets = targets.filter(period_end=checkpoint)
        values = values.filter(period_end=checkpoint)
    data = IndicatorData(list(agreement.areas.all()), indicators)
    for indicator_id, period_end, target in targets.values_list("indicator_id", "period_end", "target"):
        data.targets[(indicator_id, period_end)] = target
    for value in values:
        data.values[(value.indicator_id, value.period_end)] = value
    return data


def report_from(data: IndicatorData, checkpoint: date) -> IndicatorReport:
    """The report at ``checkpoint`` from already loaded data (no query)."""
    rows_by_area: dict[int | None, list[IndicatorRow]] = defaultdict(list)
    every = []
    for indicator in data.indicators:
        key = (indicator.pk, checkpoint)
        row = _row(indicator, data.targets.get(key), data.values.get(key))
        rows_by_area[indicator.area_id].append(row)
        every.append(row)
    scopes = [_scope(area, rows_by_area[area.pk]) for area in data.areas if rows_by_area.get(area.pk)]
    if rows_by_area.get(None):
        scopes.append(_scope(None, rows_by_area[None]))
    return IndicatorReport(checkpoint, scopes, _scope(None, every))


def indicator_report(agreement: Agreement, checkpoint: date) -> IndicatorReport:
    """Every indicator at ``checkpoint``, grouped by area, with the roll-ups (four queries)."""
    return report_from(indicator_data(agreement, checkpoint), checkpoint)


# -- the page: the report and every period -------------------------------------------------


@dataclass
class PeriodRow:
    period_end: date
    row: IndicatorRow
    is_checkpoint: bool


@dataclass
class IndicatorHistory:
    indicator: Indicator
    periods: list[PeriodRow]


@dataclass
class IndicatorOverview:
    checkpoints: list[date]
    report: IndicatorReport | None
    history: list[IndicatorHistory]


def indicator_overview(agreement: Agreement, checkpoint: date | None) -> IndicatorOverview:
    """The report at ``checkpoint`` and, per indicator, target and value at every period."""
    checkpoints = monitoring_checkpoints(agreement)
    data = indicator_data(agreement)
    report = report_from(data, checkpoint) if checkpoint is not None else None
    dates_by_indicator: dict[int, set[date]] = defaultdict(set)
    for indicator_id, period_end in [*data.targets, *data.values]:
        dates_by_indicator[indicator_id].add(period_end)
    history = []
    ordered = [row.indicator for scope in report.areas for row in scope.rows] if report else data.indicators
    for indicator in ordered:
        days = sorted(set(checkpoints) | dates_by_indicator[indicator.pk])
        history.append(IndicatorHistory(indicator, [
            PeriodRow(
                day,
                _row(indicator, data.targets.get((indicator.pk, day)), data.values.get((indicator.pk, day))),
                day in checkpoints,
            )
            for day in days
        ]))
    return IndicatorOverview(checkpoints, report, history)


def indicator_targets(indicator: Indicator) -> dict[date, Decimal]:
    """The indicator's targets by period end."""
    return dict(indicator.targets.values_list("period_end", "target"))


def indicator_value_count(indicator: Indicator) -> int:
    return indicator.values.count()
