"""What a monitoring report (or the council's accountability pack) says, built once.

``report_data(agreement, checkpoint=..., kind=..., notes=...)`` reads the selectors (budget,
expenses, hours, enrolments and fees, progress, indicators, tranches) and returns a
``ReportData``: sections of key figures, charts (SVG) and tables. The PDF, DOCX, ODT, the HTML
preview and every table's XLSX/ODS/CSV only lay that tree out, so no figure is computed
twice. Labels follow the active language: callers build it inside
``translation.override("it")``, as reports are always in Italian.

The period of a report runs from the day after the previous checkpoint (or from the
agreement's start) to the checkpoint; money and hours are given for the period and
cumulatively up to the checkpoint. Expenses, hours and counts dated after the checkpoint are
left out, so a report for June reads the same in December.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from coprogetta.agreements.models import Agreement, Area, BudgetLine, FeeTier
from coprogetta.agreements.selectors import EconomicSummary, economic_summary, monitoring_checkpoints
from coprogetta.agreements.tranche_selectors import TrancheOverview, tranche_overview
from coprogetta.lib import charts, money, spending
from coprogetta.lib.disclosure import DEFAULT_MIN_COUNT, is_suppressed, public_count
from coprogetta.lib.textparse.numbers import format_date, format_eur, format_number, format_percent
from coprogetta.monitoring import expense_selectors
from coprogetta.monitoring.indicator_selectors import IndicatorScope, indicator_report
from coprogetta.monitoring.models import EnrolmentCount, TimeEntry
from coprogetta.monitoring.progress_selectors import progress_report
from coprogetta.monitoring.selectors import HoursRow, Period, line_enrolment, split_hours

from .jobs import Progress
from .models import Report

TEXT, EUR, NUMBER, HOURS, PERCENT, COUNT = "text", "eur", "number", "hours", "percent", "count"
Value = str | Decimal | int | None


#: The tables of a monitoring report, by the key that names them in URLs and file names.
TABLE_CAPTIONS = {
    "avanzamento": gettext_lazy("Progress of the actions"),
    "ore": gettext_lazy("Hours of the staff-cost lines"),
    "ore-azioni": gettext_lazy("Hours logged on actions"),
    "iscrizioni": gettext_lazy("Enrolments and monthly fees in the period"),
    "iscrizioni-anno": gettext_lazy("Fees of the year: contract against projection"),
    "bilancio": gettext_lazy("Budget against actual expenses"),
    "bilancio-ente": gettext_lazy("The public body's contract against the payment tranches"),
    "indicatori": gettext_lazy("Indicators at the checkpoint"),
    "rate": gettext_lazy("Payment tranches"),
}


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT
    nowrap: bool = False  # a short text ("Ambito 1") kept on one line

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


@dataclass
class Row:
    """A row of a table; ``style`` is "" (a line), "group" (a heading row), "total"."""

    cells: list[Value]
    style: str = ""
    kinds: dict[int, str] = field(default_factory=dict)  # a cell's kind, when not its column's

    def kind(self, index: int, column: Column) -> str:
        return self.kinds.get(index, column.kind)


@dataclass(frozen=True)
class Shown:
    """A cell as the reader sees it."""

    text: str
    numeric: bool
    nowrap: bool = False


def show(value: Value, kind: str) -> str:
    """A cell's value written the Italian way for its column's kind."""
    if value is None or value == "":
        return "" if kind == TEXT else "—"
    if isinstance(value, str):
        return value
    number = Decimal(value)
    if kind == EUR:
        return format_eur(number)
    if kind == PERCENT:
        return format_percent(number)
    if kind == COUNT:
        return format_number(number, 0)
    if kind in (HOURS, NUMBER):
        return format_number(number, 2)
    return str(value)


@dataclass
class Table:
    """A table of the report, also downloadable (``key`` names it in URLs and file names)."""

    key: str
    caption: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: str = ""

    def shown(self) -> list[tuple[str, list[Shown]]]:
        """Each row's style and its cells as text."""
        return [
            (row.style, [Shown(show(v, row.kind(i, c)), c.numeric and row.style != "group", c.nowrap)
                         for i, (v, c) in enumerate(zip(row.cells, self.columns, strict=False))])
            for row in self.rows
        ]


@dataclass(frozen=True)
class Figure:
    """A key figure: a label and its value, already written."""

    key: str
    label: str
    value: Value
    kind: str

    @property
    def text(self) -> str:
        return show(self.value, self.kind)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    svg: str


@dataclass
class Section:
    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportData:
    agreement_pk: int
    kind: str
    heading: str
    title: str
    parties: list[tuple[str, str]]
    checkpoint: date
    period_start: date
    period_text: str
    generated_on: date
    sections: list[Section] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def figures(self) -> dict[str, Figure]:
        return {f.key: f for s in self.sections for f in s.figures}

    def filename(self, extension: str) -> str:
        kind = "relazione-monitoraggio" if self.kind == Report.Kind.MONITORING else "rendiconto-consiglio"
        return f"{kind}-{self.agreement_pk}-{self.checkpoint:%Y-%m-%d}.{extension}"


# -- the period --------------------------------------------------------------------------


def checkpoint_period(agreement: Agreement, checkpoint: date) -> date:
    """The first day of the period that ends on ``checkpoint`` (which must be a checkpoint)."""
    checkpoints = monitoring_checkpoints(agreement)
    if checkpoint not in checkpoints:
        listed = ", ".join(format_date(c) for c in checkpoints) or _("none")
        raise ValidationError(
            _("%(date)s is not a monitoring checkpoint of this agreement; choose one of: %(list)s.")
            % {"date": format_date(checkpoint), "list": listed},
            code="checkpoint",
        )
    earlier = [c for c in checkpoints if c < checkpoint]
    return earlier[-1] + timedelta(days=1) if earlier else agreement.start_date


def _area_name(area: Area | None) -> str:
    if area is None:
        return _("Agreement-wide")
    return _("Area %(number)s — %(title)s") % {"number": area.number, "title": area.title}


def _short_area(area: Area | None) -> str:
    return _("Agreement-wide") if area is None else _("Area %(number)s") % {"number": area.number}


# -- budget against actual ---------------------------------------------------------------


@dataclass
class _Budget:
    summary: expense_selectors.ExpenseSummary
    table: Table
    public: Table | None  # a fee agreement's contract against its tranches
    public_pairs: list[charts.Pair]
    partner_pairs: list[charts.Pair]

    @property
    def tables(self) -> list[Table]:
        return [self.table] if self.public is None else [self.table, self.public]


def _spend_row(label: str, spend: spending.Spend, period: Decimal, style: str = "", *,
               fee: bool = False) -> Row:
    """A total row; under a fee (``fee``) the budget lines' remaining is left to the tranches."""
    if fee:
        return Row([label, spend.planned, period, spend.spent, None, None], style)
    return Row([label, spend.planned, period, spend.spent, spend.remaining,
                money.ratio_percent(spend.spent, spend.planned)], style)


def _budget(agreement: Agreement, start: date, checkpoint: date, tranches: TrancheOverview) -> _Budget:
    """Each line planned (gross) against what was spent in the period and up to the checkpoint,
    the public body's budget lines and the partner's contributions apart in every area and in
    total; for a fee agreement, the contract against the tranches (as at the checkpoint)."""
    summary = expense_selectors.with_billing(
        expense_selectors.expense_summary(agreement, until=checkpoint, since=start), tranches, [])
    public_word = _("Budget lines") if summary.is_fee else _("Project budget")
    table = Table("bilancio", str(TABLE_CAPTIONS["bilancio"]), [
        Column(_("Line")), Column(pgettext("amount of money", "Planned"), EUR),
        Column(_("Spent in the period"), EUR),
        Column(_("Spent up to the checkpoint"), EUR), Column(pgettext("amount of money", "Remaining"), EUR),
        Column(_("Spent (%)"), PERCENT),
    ], note=_("Budget lines (the public body's) are planned at their gross amount, contributions "
              "(the partner's) at their amount; each is totalled apart, never together.")
       + (" " + _("Under a fee the public body pays its budget lines through the tranches, so their "
                  "remaining is in the table that follows; expenses recorded on a budget line are "
                  "costs reported for information.") if summary.is_fee else ""))
    public_pairs: list[charts.Pair] = []
    partner_pairs: list[charts.Pair] = []
    for area in summary.areas:
        if not area.lines:
            continue
        table.rows.append(Row([_area_name(area.area)], "group"))
        short = _short_area(area.area)
        if area.public_lines:
            for line in area.public_lines:
                cells: list[Value] = [str(line.line), line.spend.planned, line.period_spent,
                                      line.spend.spent, line.spend.remaining,
                                      money.ratio_percent(line.spend.spent, line.spend.planned)]
                if line.within_budget:
                    cells[1], cells[4], cells[5] = _("within the project budget"), None, None
                if summary.is_fee:
                    cells[4], cells[5] = None, None  # paid through the tranches: see that table
                table.rows.append(Row(cells))
            table.rows.append(_spend_row(_("%(what)s, %(area)s") % {"what": public_word, "area": short},
                                         area.public, area.public_period, "total", fee=summary.is_fee))
            if not summary.is_fee:
                public_pairs.append(charts.Pair(_area_name(area.area), area.public.planned,
                                                area.public.spent))
        if area.partner_lines:
            for line in area.partner_lines:
                table.rows.append(Row([str(line.line), line.spend.planned, line.period_spent,
                                       line.spend.spent, line.spend.remaining,
                                       money.ratio_percent(line.spend.spent, line.spend.planned)]))
            table.rows.append(_spend_row(_("Contributions, %(area)s") % {"area": short},
                                         area.partner, area.partner_period, "total"))
            partner_pairs.append(charts.Pair(_area_name(area.area), area.partner.planned,
                                             area.partner.spent))
    public_period = sum((a.public_period for a in summary.areas), money.ZERO)
    partner_period = sum((a.partner_period for a in summary.areas), money.ZERO)
    table.rows.append(_spend_row(_("%(what)s, whole agreement") % {"what": public_word},
                                 summary.public, public_period, "total", fee=summary.is_fee))
    if summary.has_partner:
        table.rows.append(_spend_row(_("Contributions, whole agreement"), summary.partner,
                                     partner_period, "total"))
    public = None
    if summary.billing is not None:
        public = Table("bilancio-ente", str(TABLE_CAPTIONS["bilancio-ente"]), [
            Column(_("Area")), Column(_("Contract (gross)"), EUR),
            Column(pgettext("amount of money", "Paid"), EUR),
            Column(_("Invoiced, awaiting payment"), EUR), Column(_("Not invoiced yet"), EUR),
            Column(_("Still to pay"), EUR),
        ], note=_("Paid, awaiting payment and not invoiced yet add up to the contract. Tranches "
                  "of the whole agreement are on the agreement-wide row; their status is today's."))
        for area in summary.billing_areas:
            b = area.billing
            assert b is not None
            public.rows.append(Row([_area_name(area.area), b.contract, b.paid, b.awaiting,
                                    b.to_invoice, b.to_pay]))
            public_pairs.append(charts.Pair(_area_name(area.area), b.contract, b.paid))
        b = summary.billing
        public.rows.append(Row([_("Whole agreement"), b.contract, b.paid, b.awaiting, b.to_invoice,
                                b.to_pay], "total"))
    return _Budget(summary, table, public, public_pairs, partner_pairs)



def _budget_figures(budget: _Budget, summary: EconomicSummary) -> list[Figure]:
    """The key figures of the budget: the public body's, then the partner's, each adding up."""
    spent = budget.summary
    if spent.billing is not None:
        b = spent.billing
        public = [
            Figure("budget", _("Contract of the public body (gross)"), summary.payable, EUR),
            Figure("tranches_paid", _("Paid through tranches"), b.paid, EUR),
            Figure("public_awaiting", _("Invoiced, awaiting payment"), b.awaiting, EUR),
            Figure("public_to_pay", _("Still to pay (contract less paid)"), b.to_pay, EUR),
        ]
    else:
        p = spent.public
        public = [
            Figure("budget", _("Project budget (gross)"), p.planned, EUR),
            Figure("public_paid", _("Reported costs up to the checkpoint"), p.spent, EUR),
            Figure("public_to_pay", _("Not yet reported"), p.remaining, EUR),
        ]
    partner = spent.partner
    period = sum((a.partner_period for a in spent.areas), money.ZERO)
    if not spent.has_partner:
        return public
    return [*public,
        Figure("planned", _("Contributions of the partner (planned)"), partner.planned, EUR),
        Figure("spent_period", _("Spent on contributions in the period"), period, EUR),
        Figure("spent", _("Spent on contributions up to the checkpoint"), partner.spent, EUR),
        Figure("remaining", _("Contributions remaining"), partner.remaining, EUR),
        Figure("spent_share", _("Share of the contributions spent"),
               money.ratio_percent(partner.spent, partner.planned), PERCENT),
    ]


def _comparison(key: str, title: str, pairs: list[charts.Pair], *, planned: str, actual: str) -> Chart:
    return Chart(key, title, charts.comparison_svg(
        pairs, prefix=f"chart-{key}", labels=charts.ChartLabels(
            title=title,
            description=" ".join(
                _("%(area)s: %(planned_label)s %(planned)s, %(actual_label)s %(actual)s.") % {
                    "area": p.label, "planned_label": planned, "planned": format_eur(p.planned),
                    "actual_label": actual, "actual": format_eur(p.actual)}
                for p in pairs),
            planned=planned, actual=actual, over=_("over the plan"),
            empty=_("No lines or contributions."),
        )))


def _budget_charts(budget: _Budget, checkpoint: date) -> list[Chart]:
    """The public body's budget against actual per area, then the partner's, if it has any."""
    day = format_date(checkpoint)
    if budget.summary.is_fee:
        found = [_comparison("bilancio", _("The public body's contract and the tranches paid per area, "
                                           "up to %(date)s") % {"date": day},
                             budget.public_pairs, planned=_("Contract"),
                             actual=pgettext("amount of money", "Paid"))]
    else:
        found = [_comparison("bilancio", _("The project budget and the costs reported per area, "
                                           "up to %(date)s") % {"date": day},
                             budget.public_pairs, planned=_("Budget"), actual=_("Reported"))]
    if budget.summary.has_partner:
        found.append(_comparison(
            "bilancio-partner", _("The partner's contributions and their expenses per area, "
                                  "up to %(date)s") % {"date": day},
            budget.partner_pairs, planned=pgettext("amount of money", "Planned"),
            actual=pgettext("amount of money", "Spent")))
    return found


def _budget_paragraph(budget: _Budget) -> str:
    """The budget section's reading guide: what each block compares."""
    if budget.summary.is_fee:
        return _("The public body pays the contract through the payment tranches; the partner "
                 "co-finances with its own contributions, against which it records its expenses. "
                 "The two are shown apart and never added together.")
    return _("The project budget (the budget lines) is compared with the costs reported on it and on "
             "the partner's co-financing share; the partner's other contributions, if any, apart.")


# -- hours -------------------------------------------------------------------------------


@dataclass
class _Hours:
    lines: Table
    actions: Table
    period: Decimal
    cumulative: Decimal
    cost: Decimal


def _hours(agreement: Agreement, start: date, checkpoint: date) -> _Hours:
    """Planned hours up to the checkpoint, hours logged in the period and up to it, their cost."""
    upto_line: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    within_line: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    upto_action: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    within_action: dict[int, Decimal] = defaultdict(lambda: money.ZERO)
    for line_id, action_id, day, hours in TimeEntry.objects.filter(
        agreement=agreement, date__lte=checkpoint
    ).values_list("staff_cost_id", "action_id", "date", "hours"):
        upto, within = (upto_line, within_line) if line_id else (upto_action, within_action)
        upto[line_id or action_id] += hours
        if day >= start:
            within[line_id or action_id] += hours
    lines = Table("ore", str(TABLE_CAPTIONS["ore"]), [
        Column(_("Role")), Column(_("Area"), nowrap=True),
        Column(_("Planned hours up to the checkpoint"), HOURS),
        Column(_("Hours in the period"), HOURS), Column(_("Hours up to the checkpoint"), HOURS),
        Column(_("Remaining hours"), HOURS), Column(_("Cost of the hours logged"), EUR),
    ], note=_("Planned hours are shared over the line's period by days; costs at the agreed "
              "hourly rate, VAT included."))
    total_period, total_upto, total_cost, total_planned = (money.ZERO,) * 4
    areas = {a.pk: a for a in agreement.areas.all()}
    for cost in agreement.staff_costs.all():
        span = Period(cost.period_start or agreement.start_date, cost.period_end or agreement.end_date)
        periods = [Period(agreement.start_date, checkpoint)]
        if checkpoint < agreement.end_date:
            periods.append(Period(checkpoint + timedelta(days=1), agreement.end_date))
        planned = split_hours(cost.hours, span, periods)[0]
        row = HoursRow(cost, periods[0], planned, upto_line[cost.pk])
        gross = row.logged_cost.gross
        lines.rows.append(Row([
            cost.role, _short_area(areas.get(cost.area_id)) if cost.area_id else _("Agreement-wide"),
            planned, within_line[cost.pk], row.logged, row.remaining, gross,
        ]))
        total_planned += planned
        total_period += within_line[cost.pk]
        total_upto += row.logged
        total_cost += gross
    lines.rows.append(Row([_("Total"), "", total_planned, total_period, total_upto,
                           total_planned - total_upto, total_cost], "total"))
    actions = Table("ore-azioni", str(TABLE_CAPTIONS["ore-azioni"]), [
        Column(_("Action")), Column(_("Hours in the period"), HOURS),
        Column(_("Hours up to the checkpoint"), HOURS),
    ])
    action_period, action_upto = money.ZERO, money.ZERO
    for area in agreement.areas.all():
        logged = [action for action in area.actions.all() if action.pk in upto_action]
        if logged:
            actions.rows.append(Row([_area_name(area)], "group"))
        for action in logged:
            actions.rows.append(Row([str(action), within_action[action.pk], upto_action[action.pk]]))
            action_period += within_action[action.pk]
            action_upto += upto_action[action.pk]
    actions.rows.append(Row([_("Total"), action_period, action_upto], "total"))
    return _Hours(lines, actions, total_period + action_period, total_upto + action_upto, total_cost)


# -- small counts ------------------------------------------------------------------------


def min_count() -> int:
    """The smallest count of people a report may show as such (``COPROGETTA_MIN_COUNT``)."""
    return int(getattr(settings, "COPROGETTA_MIN_COUNT", DEFAULT_MIN_COUNT))


def small_counts_note() -> str:
    return _("Counts below %(min)s are shown as “< %(min)s”, so that nobody can be recognised.") % {
        "min": min_count()
    }


# -- enrolments and fees -----------------------------------------------------------------


@dataclass
class _Enrolments:
    months: Table
    lines: Table
    fees_period: Decimal


def _enrolments(agreement: Agreement, start: date, checkpoint: date) -> _Enrolments:
    """Counts and monthly fees (tiers) in the period; each line's year, as the counts up to
    the checkpoint project it."""
    lines = BudgetLine.objects.filter(agreement=agreement, unit=BudgetLine.Unit.MONTH).prefetch_related(
        Prefetch("fee_tiers", queryset=FeeTier.objects.all()),
        Prefetch("enrolment_counts",
                 queryset=EnrolmentCount.objects.filter(month__lte=checkpoint).order_by("month")),
    )
    months = Table("iscrizioni", str(TABLE_CAPTIONS["iscrizioni"]), [
        Column(_("Month")), Column(_("Enrolled"), COUNT), Column(_("Fee tier")),
        Column(_("Monthly fee"), EUR),
    ], note=" ".join([
        _("Services with enrolment counts. A month without a count takes the last count known "
          "before it (\"last known\"); the fee is the unit amount of the count's tier."),
        small_counts_note(),
    ]))
    year = Table("iscrizioni-anno", str(TABLE_CAPTIONS["iscrizioni-anno"]), [
        Column(_("Service")), Column(_("Fees in the period (gross)"), EUR),
        Column(_("Contractual amount (gross)"), EUR), Column(_("Projected amount (gross)"), EUR),
        Column(_("Difference"), EUR),
    ])
    fees_period = money.ZERO
    for line in lines:
        result = line_enrolment(agreement, line)
        if result.projection is None:
            year.rows.append(Row([line.description, None, line.amounts.gross, None, None]))
            continue
        in_period = [r for r in result.projection.rows if start <= r.month <= checkpoint]
        if result.counts:
            months.rows.append(Row([line.description], "group"))
        for month_row, tier, _count in result.rows if result.counts else []:
            if month_row not in in_period:
                continue
            count: Value = public_count(month_row.count, min_count())
            if month_row.count is not None and not month_row.reported:
                count = _("%(count)s (last known)") % {"count": count}
            months.rows.append(Row([f"{month_row.month:%m/%Y}", count,
                                    tier or _("base fee"), month_row.fee.unit_amount]))
        # Each month's fee is invoiced on its own: VAT is rounded per month, as on the invoices.
        period_gross = money.total(
            money.line_amounts(r.fee.unit_amount, 1, line.vat_rate, vat_included=line.vat_included)
            for r in in_period
        ).gross
        fees_period += period_gross
        projection = result.projection
        year.rows.append(Row([line.description, period_gross, projection.contractual.gross,
                              projection.projected.gross, projection.difference]))
    return _Enrolments(months, year, fees_period)


# -- progress, indicators, tranches (their own selectors) --------------------------------


def _progress(agreement: Agreement, checkpoint: date) -> tuple[Table, list[charts.Share], Decimal | None]:
    table = Table("avanzamento", str(TABLE_CAPTIONS["avanzamento"]), [
        Column(_("Action")), Column(_("Kind"), nowrap=True), Column(_("Status"), nowrap=True),
        Column(_("Progress (%)"), PERCENT),
        Column(_("Last update"), nowrap=True),
    ], note=_("An area's progress weighs its actions by their budget (equally when they have none); "
              "cancelled actions are left out."))
    report = progress_report(agreement, checkpoint)
    shares = []
    for scope in report.areas:
        table.rows.append(Row([_area_name(scope.area), "", "", scope.percent, ""], "total"))
        for row in scope.actions:
            table.rows.append(Row([
                str(row.action), str(row.action.get_kind_display()), str(row.status_label), row.percent,
                format_date(row.last.date) if row.last is not None else "",
            ]))
        if scope.percent is not None:
            shares.append(charts.Share(_area_name(scope.area), Decimal(scope.percent)))
    total = report.total.percent
    table.rows.append(Row([_("Whole agreement"), "", "", total, ""], "total"))
    return table, shares, total


def _indicators(agreement: Agreement, checkpoint: date) -> tuple[Table, IndicatorScope]:
    table = Table("indicatori", str(TABLE_CAPTIONS["indicatori"]), [
        Column(_("Indicator")), Column(_("Unit")), Column(_("Target"), NUMBER),
        Column(_("Value"), NUMBER), Column(_("Attainment (%)"), PERCENT), Column(_("Met")),
    ])
    report = indicator_report(agreement, checkpoint)
    for scope in report.areas:
        table.rows.append(Row([_area_name(scope.area)], "group"))
        for row in scope.rows:
            value: Value = row.value.value if row.value is not None else None
            attainment = row.attainment
            met = "" if row.met is None else (_("yes") if row.met else _("no"))
            unit = row.indicator.unit
            kind = {"count": COUNT, "eur": EUR, "percent": PERCENT}.get(unit, NUMBER)
            if kind == COUNT:
                table.note = small_counts_note()
                if value is not None and 0 <= value and is_suppressed(int(value), min_count()):
                    # A count below the threshold: neither it nor its share of the target.
                    value, attainment = public_count(int(value), min_count()), None
            table.rows.append(Row([
                row.indicator.name, str(row.indicator.get_unit_display()), row.target, value,
                attainment, met,
            ], kinds={2: kind, 3: kind}))
    return table, report.total


def _tranches(
    agreement: Agreement, checkpoint: date, summary: EconomicSummary
) -> tuple[Table, TrancheOverview]:
    table = Table("rate", str(TABLE_CAPTIONS["rate"]), [
        Column(_("No.")), Column(_("Due")), Column(_("Amount"), EUR), Column(_("Status")),
        Column(_("Invoice")), Column(_("Paid on")), Column(_("Overdue (days)"), COUNT),
    ])
    overview = tranche_overview(agreement, checkpoint, summary=summary)
    for row in overview.rows:
        tranche = row.tranche
        due = format_date(tranche.due_date) if tranche.due_date else tranche.due_text
        invoice = ""
        if tranche.invoice_number:
            invoice = f"{tranche.invoice_number} ({format_date(tranche.invoice_date)})" \
                if tranche.invoice_date else tranche.invoice_number
        table.rows.append(Row([
            str(row.number), due, row.amount, str(tranche.get_status_display()), invoice,
            format_date(tranche.paid_date) if tranche.paid_date else "",
            row.overdue_days if row.overdue else None,
        ]))
    return table, overview


def _overdue(overview: TrancheOverview) -> Decimal:
    """What the tranches overdue at the checkpoint amount to."""
    return sum((r.amount for r in overview.overdue if r.amount is not None), money.ZERO)


# -- the report --------------------------------------------------------------------------


def report_data(
    agreement: Agreement, *, checkpoint: date, kind: str = Report.Kind.MONITORING, notes: str = "",
    progress: Progress | None = None,
) -> ReportData:
    """The report of ``agreement`` (loaded by ``agreement_detail``) for the period ending on
    ``checkpoint``; ``progress(percent, step)`` is told how far the reading has got."""
    def step(percent: int, text: str) -> None:
        if progress is not None:
            progress(percent, text)

    start = checkpoint_period(agreement, checkpoint)
    council = kind == Report.Kind.COUNCIL
    parties = [(p.organization.name, str(p.get_role_display())) for p in agreement.parties.all()]
    data = ReportData(
        agreement_pk=agreement.pk, kind=kind,
        heading=_("Accountability pack for the council") if council else _("Monitoring report"),
        title=agreement.title, parties=parties, checkpoint=checkpoint, period_start=start,
        period_text=_("Period from %(start)s to %(end)s") % {
            "start": format_date(start), "end": format_date(checkpoint)},
        generated_on=timezone.localdate(),
    )
    step(5, _("Reading the budget and the expenses"))
    summary = economic_summary(agreement)
    tranche_table, tranches = _tranches(agreement, checkpoint, summary)
    budget = _budget(agreement, start, checkpoint, tranches)
    step(15, _("Reading the hours"))
    hours = _hours(agreement, start, checkpoint)
    step(25, _("Reading enrolments and fees"))
    enrolments = _enrolments(agreement, start, checkpoint)
    step(35, _("Reading progress, indicators and tranches"))
    progress_table, shares, progress_total = _progress(agreement, checkpoint)
    indicator_table, indicator_total = _indicators(agreement, checkpoint)

    figures = _budget_figures(budget, summary)
    figures += [
        Figure("hours_period", _("Hours logged in the period"), hours.period, HOURS),
        Figure("hours", _("Hours logged up to the checkpoint"), hours.cumulative, HOURS),
        Figure("fees_period", _("Monthly fees in the period (gross)"), enrolments.fees_period, EUR),
        Figure("progress", _("Progress of the actions"), progress_total, PERCENT),
        Figure("indicators_met", _("Indicators met"),
               f"{indicator_total.met} / {indicator_total.total}", TEXT),
        *([] if budget.summary.is_fee else [Figure("tranches_paid", _("Tranches paid"), tranches.paid, EUR)]),
        Figure("tranches_overdue", _("Tranches overdue"), _overdue(tranches), EUR),
    ]
    step(45, _("Drawing the charts"))
    budget_charts = _budget_charts(budget, checkpoint)
    progress_chart = Chart("avanzamento", _("Progress per area"), charts.progress_svg(
        shares, prefix="chart-progress", labels=charts.ChartLabels(
            title=_("Progress of the actions per area at %(date)s") % {"date": format_date(checkpoint)},
            description=" ".join(f"{s.label}: {charts.percent_text(s.percent)}." for s in shares),
            empty=_("No actions."),
        )))
    intro = Section("dati", _("The agreement"), paragraphs=[
        _("This report covers the period from %(start)s to %(end)s; money and hours are given "
          "for the period and cumulatively from the start of the agreement (%(begin)s).") % {
            "start": format_date(start), "end": format_date(checkpoint),
            "begin": format_date(agreement.start_date)},
    ], figures=figures)
    if council:
        intro.figures = [f for f in figures if f.key in COUNCIL_FIGURES]
        data.sections = [intro, Section("grafici", _("Charts"), charts=[*budget_charts, progress_chart])]
        data.sections[1].tables = [_short_budget(budget.table), *budget.tables[1:]]
    else:
        data.sections = [
            intro,
            Section("avanzamento", _("Progress by area and action"), charts=[progress_chart],
                    tables=[progress_table]),
            Section("ore", _("Hours, enrolments and fees"), tables=[
                hours.lines, hours.actions, enrolments.months, enrolments.lines]),
            Section("bilancio", _("Budget against actual"), paragraphs=[_budget_paragraph(budget)],
                    charts=budget_charts, tables=budget.tables),
            Section("indicatori", _("Indicators"), tables=[indicator_table]),
            Section("rate", _("Payment tranches"), tables=[tranche_table]),
        ]
    if notes.strip():
        data.sections.append(Section("note", _("Notes"), paragraphs=[
            p.strip() for p in notes.replace("\r\n", "\n").split("\n\n") if p.strip()]))
    step(50, _("Figures ready"))
    return data


COUNCIL_FIGURES = frozenset({
    "budget", "public_paid", "public_awaiting", "public_to_pay", "planned", "spent", "remaining",
    "hours", "progress", "indicators_met", "tranches_paid", "tranches_overdue",
})


def _short_budget(table: Table) -> Table:
    """The budget table with only the area totals, for the council."""
    short = Table(table.key, table.caption, [Column(_("Area")), *table.columns[1:]], note=table.note)
    short.rows = [r for r in table.rows if r.style == "total"]
    return short

