"""The dashboard ("Cruscotto") of an agreement: alerts, progress, money, hours, deadlines.

Everything is read from the selectors that own each figure (nothing is computed twice) on an
agreement loaded once by :func:`dashboard_agreement`; hours, counts and expenses are summed
in Python from ``values_list`` rows, so the page takes the same number of queries with ten
entries or ten thousand.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import CharField, Prefetch, Value, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.models import (
    Action,
    Agreement,
    Area,
    BudgetLine,
    Contribution,
    FeeTier,
    StaffCost,
)
from coprogetta.agreements.selectors import (
    EconomicSummary,
    agreement_get,
    economic_summary,
    monitoring_checkpoints,
)
from coprogetta.agreements.tranche_selectors import TrancheOverview, tranche_overview
from coprogetta.documents.models import Report
from coprogetta.lib import alerts as al
from coprogetta.lib import charts, money
from coprogetta.lib.deadlines import Deadline
from coprogetta.lib.textparse.numbers import format_date, format_eur, format_number
from coprogetta.planning.deadline_selectors import DeadlineRow, agreement_deadlines

from . import expense_selectors, indicator_selectors, progress_selectors, selectors
from .expense_selectors import ExpenseSummary
from .indicator_selectors import IndicatorReport
from .models import IndicatorValue
from .progress_selectors import ProgressReport
from .selectors import HoursSummary, LineEnrolment

#: How many upcoming deadlines the dashboard lists.
NEXT_DEADLINES = 5
#: Tier changes older than this (in days before the "as of" date) are history, not alerts.
TIER_CHANGE_DAYS = 92


def _lookups() -> tuple[str | Prefetch, ...]:
    return (
        "parties",
        Prefetch("areas", queryset=Area.objects.prefetch_related(
            Prefetch("actions", queryset=Action.objects.order_by("kind", "number"))
        )),
        Prefetch("budget_lines", queryset=BudgetLine.objects.prefetch_related(
            Prefetch("fee_tiers", queryset=FeeTier.objects.all())
        )),
        Prefetch("contributions", queryset=Contribution.objects.all()),
        Prefetch("staff_costs", queryset=StaffCost.objects.all()),
        "tranches",
    )


def dashboard_agreement(user: AnyUser, pk: int) -> Agreement:
    """The agreement (404 if not visible) with what every part of the dashboard reads:
    its parties, areas and actions, lines with their tiers, contributions, staff costs and
    tranches, in a fixed number of queries (what ``agreement_detail`` loads too)."""
    agreement = agreement_get(user, pk)
    prefetch_related_objects([agreement], *_lookups())
    return agreement


# -- alerts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertRow:
    """An alert in words, with the page where it is dealt with."""

    alert: al.Alert
    message: str
    url: str
    link_text: str

    @property
    def severity_label(self) -> str:
        return str(SEVERITY_LABELS[self.alert.severity])

    @property
    def icon(self) -> str:
        return SEVERITY_ICONS[self.alert.severity]

    @property
    def callout(self) -> str:
        """The Bootstrap Italia callout style: ``danger``, ``warning``, ``note``."""
        return "note" if self.alert.severity == al.Severity.INFO else self.alert.severity.css


SEVERITY_LABELS = {
    al.Severity.DANGER: gettext_lazy("Urgent"),
    al.Severity.WARNING: gettext_lazy("Warning"),
    al.Severity.INFO: gettext_lazy("For information"),
}
#: The Bootstrap Italia icon of each severity.
SEVERITY_ICONS = {
    al.Severity.DANGER: "it-error",
    al.Severity.WARNING: "it-warning-circle",
    al.Severity.INFO: "it-info-circle",
}


def _months(days: Iterable[date]) -> str:
    return ", ".join(f"{d:%m/%Y}" for d in days)


def _alert_row(alert: al.Alert, agreement: Agreement, can_edit: bool) -> AlertRow:
    pk = agreement.pk
    enrolments = reverse("monitoring:enrolment_list", args=[pk])
    if alert.kind == "tier_change":
        message = _("%(line)s: from %(month)s the fee moves from %(before)s to %(after)s.") % {
            "line": alert.subject, "month": f"{alert.date:%m/%Y}", "before": alert.before,
            "after": alert.after,
        }
        return AlertRow(alert, message, f"{enrolments}#line-{alert.ref_id}", _("Enrolments"))
    if alert.kind == "renegotiate":
        message = _(
            "%(line)s: in %(months)s the count falls in the range where the fee must be renegotiated."
        ) % {"line": alert.subject, "months": _months(alert.dates)}
        return AlertRow(alert, message, f"{enrolments}#line-{alert.ref_id}", _("Enrolments"))
    if alert.kind == "overspend":
        message = _("%(line)s: expenses exceed the plan by %(amount)s.") % {
            "line": alert.subject, "amount": format_eur(alert.amount or money.ZERO),
        }
        url = reverse("monitoring:expense_list", args=[pk]) + "#spending"
        return AlertRow(alert, message, url, _("Expenses"))
    if alert.kind == "tranche_overdue":
        return _tranche_row(alert, agreement, can_edit)
    if alert.kind == "report_due":
        return _report_row(alert, agreement)
    return _hours_row(alert, agreement)


WAITING_FOR = {
    "invoice": gettext_lazy("Waiting for the invoice."),
    "payment": gettext_lazy("Waiting for the payment."),
}


def _tranche_row(alert: al.Alert, agreement: Agreement, can_edit: bool) -> AlertRow:
    """Editors go to the step that is missing (invoice, payment); others to the tranches."""
    days = alert.days or 0
    late = ngettext("%(days)d day overdue", "%(days)d days overdue", days) % {"days": days}
    values = {
        "number": alert.subject, "amount": format_eur(alert.amount) if alert.amount is not None else "",
        "date": format_date(alert.date) if alert.date else "", "late": late,
    }
    if alert.amount is not None:
        message = _("Tranche %(number)s of %(amount)s was due on %(date)s: %(late)s.") % values
    else:
        message = _("Tranche %(number)s was due on %(date)s: %(late)s.") % values
    if alert.after in WAITING_FOR:
        message = f"{message} {WAITING_FOR[alert.after]}"
    steps = {"invoice": ("agreements:tranche_invoice", _("Record the invoice")),
             "payment": ("agreements:tranche_pay", _("Record the payment"))}
    if can_edit and alert.after in steps:
        name, text = steps[alert.after]
        return AlertRow(alert, message, reverse(name, args=[agreement.pk, alert.ref_id]), text)
    url = reverse("monitoring:dashboard", args=[agreement.pk]) + "#tranches"
    return AlertRow(alert, message, url, _("Payment tranches"))


def _report_row(alert: al.Alert, agreement: Agreement) -> AlertRow:
    days = alert.days or 0
    values = {"date": format_date(alert.date) if alert.date else "", "days": days}
    if alert.severity == al.Severity.DANGER:
        message = ngettext(
            "No monitoring report for the period that ended on %(date)s, %(days)d day ago.",
            "No monitoring report for the period that ended on %(date)s, %(days)d days ago.", days,
        ) % values
    elif days == 0:
        message = _("The monitoring period ends today (%(date)s): no report yet.") % values
    else:
        message = ngettext(
            "The monitoring period ends on %(date)s, in %(days)d day: no report yet.",
            "The monitoring period ends on %(date)s, in %(days)d days: no report yet.", days,
        ) % values
    url = reverse("documents:report_list", args=[agreement.pk])
    return AlertRow(alert, message, url, _("Monitoring reports"))


def _hours_row(alert: al.Alert, agreement: Agreement) -> AlertRow:
    hours = format_number(alert.amount or money.ZERO, 2)
    if alert.period_start and alert.period_end:
        message = _("%(line)s: %(hours)s hours over the plan from %(start)s to %(end)s.") % {
            "line": alert.subject, "hours": hours, "start": format_date(alert.period_start),
            "end": format_date(alert.period_end),
        }
    else:
        message = _("%(line)s: %(hours)s hours over the plan of the whole agreement.") % {
            "line": alert.subject, "hours": hours,
        }
    url = reverse("monitoring:timeentry_list", args=[agreement.pk]) + f"?voce={alert.ref_id}#lines-heading"
    return AlertRow(alert, message, url, _("Hours"))


def _tier_inputs(lines: Iterable[LineEnrolment]) -> list[al.TierChangeInput]:
    return [
        al.TierChangeInput(item.line.pk, item.line.description, month, before, after)
        for item in lines
        for month, before, after in item.tier_changes
    ]


def _renegotiate_inputs(lines: Iterable[LineEnrolment]) -> list[al.RenegotiateInput]:
    return [
        al.RenegotiateInput(item.line.pk, item.line.description, tuple(item.projection.renegotiate_months))
        for item in lines
        if item.projection is not None
    ]


def _spend_inputs(spending: ExpenseSummary) -> list[al.SpendInput]:
    return [
        al.SpendInput(":".join(map(str, expense_selectors.line_key(row.line))), str(row.line),
                      row.spend.planned, row.spend.spent, row.line.pk)
        for area in spending.areas
        for row in area.lines
    ]


def _hours_inputs(hours: HoursSummary) -> list[al.HoursInput]:
    return [
        al.HoursInput(
            line.cost.pk, line.cost.role, line.total.planned, line.total.logged,
            tuple(al.HoursPeriod(r.period.start, r.period.end, r.planned, r.logged)
                  for r in line.periods if r.period is not None),
        )
        for line in hours.lines
    ]


def _tranche_inputs(overview: TrancheOverview) -> list[al.TrancheDue]:
    return [
        al.TrancheDue(row.tranche.pk, row.tranche.due_date, row.amount,
                      paid=row.tranche.status == row.tranche.Status.PAID, number=row.number,
                      waiting_for=row.waiting_for)
        for row in overview.rows
        if row.tranche.due_date is not None
    ]


@dataclass
class Sources:
    """What the alerts (and the dashboard) are read from; loaded once per page."""

    enrolments: list[LineEnrolment]
    budget: EconomicSummary
    tranches: TrancheOverview
    spending: ExpenseSummary
    hours: HoursSummary
    deadlines: list[Deadline]
    checkpoints: list[date]
    reported: set[date]
    #: The period ends that have indicator values, reported or approved.
    indicator_days: set[date]


def load_sources(agreement: Agreement, *, as_of: date) -> Sources:
    """Read every figure the alerts need, for an agreement loaded by ``dashboard_agreement``
    or ``agreements.selectors.agreement_detail`` (budget lines with their fee tiers)."""
    budget = economic_summary(agreement)
    enrolments = expense_selectors.monthly_enrolments(agreement)
    tranches = tranche_overview(agreement, as_of, summary=budget)
    return Sources(
        enrolments=enrolments,
        budget=budget,
        tranches=tranches,
        spending=expense_selectors.with_billing(
            expense_selectors.expense_summary(agreement), tranches, enrolments),
        hours=selectors.hours_summary(agreement),
        deadlines=agreement_deadlines(agreement),
        checkpoints=monitoring_checkpoints(agreement),
        **_reported_days(agreement),
    )


def _reported_days(agreement: Agreement) -> dict[str, set[date]]:
    """The checkpoints with a monitoring report (``reported``) and the period ends with
    indicator values (``indicator_days``), in one query."""
    reports = (
        Report.objects.filter(agreement=agreement, kind=Report.Kind.MONITORING).order_by()
        .annotate(source=Value("report", output_field=CharField())).values_list("checkpoint", "source")
    )
    values = (
        IndicatorValue.objects.filter(indicator__agreement=agreement).order_by()
        .annotate(source=Value("indicator", output_field=CharField())).values_list("period_end", "source")
    )
    days: dict[str, set[date]] = {"report": set(), "indicator": set()}
    for day, source in reports.union(values):
        days[source].add(day)
    return {"reported": days["report"], "indicator_days": days["indicator"]}


def alert_rows(
    agreement: Agreement, sources: Sources, *, as_of: date, can_edit: bool = False
) -> list[AlertRow]:
    """Every alert of the agreement on ``as_of``, most severe first, in words with a link
    (for an editor, ``can_edit``, to the form that deals with it where there is one)."""
    found = [
        *al.tier_change_alerts(_tier_inputs(sources.enrolments),
                               since=as_of - timedelta(days=TIER_CHANGE_DAYS)),
        *al.renegotiate_alerts(_renegotiate_inputs(sources.enrolments)),
        *al.overspend_alerts(_spend_inputs(sources.spending)),
        *al.tranche_overdue_alerts(_tranche_inputs(sources.tranches), today=as_of),
        *al.report_due_alerts(sources.checkpoints, sources.reported, today=as_of),
        *al.hours_alerts(_hours_inputs(sources.hours)),
    ]
    return [_alert_row(alert, agreement, can_edit) for alert in al.ordered(found)]


@dataclass(frozen=True)
class AlertCount:
    """How many alerts an agreement has, by severity (for the agreement's page)."""

    total: int
    by_severity: list[tuple[str, int]]


def alert_count(agreement: Agreement, *, as_of: date) -> AlertCount:
    """The number of alerts on ``as_of`` of an agreement loaded by ``dashboard_agreement``."""
    rows = alert_rows(agreement, load_sources(agreement, as_of=as_of), as_of=as_of)
    counts = al.count_by_severity(row.alert for row in rows)
    return AlertCount(len(rows), [(str(SEVERITY_LABELS[s]), n) for s, n in counts.items() if n])


# -- the page ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursTotals:
    planned: Decimal
    logged: Decimal
    planned_cost: Decimal
    logged_cost: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.planned - self.logged

    @property
    def remaining_cost(self) -> Decimal:
        return self.planned_cost - self.logged_cost

    @property
    def over(self) -> bool:
        return self.logged > self.planned


def hours_totals(hours: HoursSummary) -> HoursTotals:
    """Hours and costs (gross) of every staff-cost line together."""
    lines = [line.total for line in hours.lines]
    return HoursTotals(
        sum((r.planned for r in lines), selectors.ZERO_HOURS),
        sum((r.logged for r in lines), selectors.ZERO_HOURS),
        sum((r.planned_cost.gross for r in lines), money.ZERO),
        sum((r.logged_cost.gross for r in lines), money.ZERO),
    )


@dataclass
class Dashboard:
    agreement: Agreement
    as_of: date
    alerts: list[AlertRow]
    progress: ProgressReport
    budget: EconomicSummary
    tranches: TrancheOverview
    spending: ExpenseSummary
    spending_charts: list[str]
    hours: HoursSummary
    hours_totals: HoursTotals
    next_deadlines: list[DeadlineRow]
    indicators: IndicatorReport | None

    @property
    def alert_counts(self) -> list[tuple[str, int]]:
        counts = al.count_by_severity(row.alert for row in self.alerts)
        return [(str(SEVERITY_LABELS[s]), n) for s, n in counts.items() if n]


def _area_label(area: expense_selectors.AreaRow) -> str:
    return str(area.area) if area.area else _("Agreement-wide")


def _comparison(
    rows: list[charts.Pair], *, prefix: str, title: str, planned: str, actual: str,
) -> str:
    return charts.comparison_svg(rows, prefix=prefix, labels=charts.ChartLabels(
        title=title,
        description="; ".join(
            _("%(area)s: %(planned_label)s %(planned)s, %(actual_label)s %(actual)s") % {
                "area": row.label, "planned_label": planned, "planned": format_eur(row.planned),
                "actual_label": actual, "actual": format_eur(row.actual),
            }
            for row in rows
        ),
        planned=planned, actual=actual, over=_("over the plan"), empty=_("No budget lines yet."),
    ))


def spending_charts(spending: ExpenseSummary) -> list[str]:
    """Budget against actual by area, one chart per kind of money: the public body's (a fee's
    contract against the tranches paid; otherwise the project budget against the reported
    costs), then the partner's contributions against their expenses, if it has any."""
    if spending.is_fee:
        public = [charts.Pair(_area_label(a), a.billing.contract, a.billing.paid)
                  for a in spending.billing_areas if a.billing is not None]
        found = [_comparison(public, prefix="dashboard-public", planned=_("Contract"),
                             actual=pgettext("amount of money", "Paid"),
                             title=_("The public body's contract against the tranches paid, by area"))]
    else:
        public = [charts.Pair(_area_label(a), a.public.planned, a.public.spent)
                  for a in spending.areas if a.public_lines]
        found = [_comparison(public, prefix="dashboard-public", planned=_("Budget"),
                             actual=_("Reported"),
                             title=_("The project budget against the reported costs, by area"))]
    if spending.has_partner:
        partner = [charts.Pair(_area_label(a), a.partner.planned, a.partner.spent)
                   for a in spending.areas if a.partner_lines]
        found.append(_comparison(
            partner, prefix="dashboard-partner", planned=pgettext("amount of money", "Planned"),
            actual=pgettext("amount of money", "Spent"),
            title=_("The partner's contributions against their expenses, by area")))
    return found


def next_deadlines(agreement: Agreement, deadlines: Iterable[Deadline], *, as_of: date) -> list[DeadlineRow]:
    """The first deadlines not done, due on ``as_of`` or later."""
    areas = {area.pk: area for area in agreement.areas.all()}
    upcoming = [d for d in deadlines if not d.done and d.date >= as_of][:NEXT_DEADLINES]
    return [DeadlineRow(d, agreement, areas.get(d.area_id) if d.area_id else None) for d in upcoming]


def indicator_checkpoint(
    checkpoints: list[date], as_of: date, reported: set[date] | None = None,
) -> date | None:
    """The latest checkpoint reached on ``as_of`` that has ``reported`` values; else the latest
    reached; else the first one (None when there are no checkpoints)."""
    reached = [day for day in checkpoints if day <= as_of]
    with_values = [day for day in reached if day in (reported or set())]
    if with_values:
        return with_values[-1]
    return reached[-1] if reached else indicator_selectors.default_checkpoint(checkpoints, as_of)


def _indicators(agreement: Agreement, sources: Sources, *, as_of: date) -> IndicatorReport | None:
    checkpoint = indicator_checkpoint(sources.checkpoints, as_of, sources.indicator_days)
    return None if checkpoint is None else indicator_selectors.indicator_report(agreement, checkpoint)


def dashboard(
    agreement: Agreement, *, as_of: date, dated: bool = False, can_edit: bool = False
) -> Dashboard:
    """The whole dashboard of an agreement loaded by :func:`dashboard_agreement`.

    ``dated``: ``as_of`` was asked for, so the actions' progress is read from their
    checkpoints up to that day; otherwise it is their progress now.
    """
    sources = load_sources(agreement, as_of=as_of)
    return Dashboard(
        agreement=agreement,
        as_of=as_of,
        alerts=alert_rows(agreement, sources, as_of=as_of, can_edit=can_edit),
        progress=progress_selectors.progress_report(agreement, as_of if dated else None),
        budget=sources.budget,
        tranches=sources.tranches,
        spending=sources.spending,
        spending_charts=spending_charts(sources.spending),
        hours=sources.hours,
        hours_totals=hours_totals(sources.hours),
        next_deadlines=next_deadlines(agreement, sources.deadlines, as_of=as_of),
        indicators=_indicators(agreement, sources, as_of=as_of),
    )
