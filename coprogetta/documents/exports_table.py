"""The rows of the summary economic table, shared by the page, the PDF and every spreadsheet.

``summary_table`` turns an ``EconomicSummary`` into labelled rows once; the HTML partial and
each export only lay those rows out, so no figure is computed in two places. Labels are
translated in the language active when the table is built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprogetta.agreements.models import BudgetLine, Contribution, Party, VatRate
from coprogetta.agreements.selectors import AreaSummary, EconomicSummary
from coprogetta.lib import money
from coprogetta.lib.textparse.numbers import format_date, format_eur, format_number


@dataclass(frozen=True)
class BudgetRow:
    """A row of the public body's table: one budget line, an area subtotal or the grand total."""

    kind: str  # "line" | "subtotal" | "total"
    area_number: int | None
    area_label: str
    area_title: str
    description: str
    net: Decimal
    vat: Decimal
    gross: Decimal
    vat_rate: Decimal | None = None  # percent; None on totals and outside VAT
    rate_label: str = ""
    detail: str = ""

    @property
    def vat_fraction(self) -> Decimal | None:
        """The VAT rate as a fraction (``0.04``), as spreadsheets store percentages."""
        return None if self.vat_rate is None else self.vat_rate / money.HUNDRED


@dataclass
class BudgetArea:
    """One area's budget lines and, when it has several, their subtotal."""

    label: str
    title: str
    lines: list[BudgetRow]
    subtotal: BudgetRow | None


@dataclass(frozen=True)
class ResourceRow:
    """The Third-Sector party's resources in one area, or their grand total."""

    kind: str  # "area" | "total"
    area_number: int | None
    area_label: str
    area_title: str
    items: Decimal
    quota_label: str
    quota: Decimal | None
    cofinancing: Decimal | None
    total: Decimal


@dataclass(frozen=True)
class Figure:
    """A labelled amount outside the tables (contribution regime), with its share of the cost."""

    label: str
    amount: Decimal
    share: Decimal | None


@dataclass
class SummaryTable:
    """Everything the summary shows, in the order it shows it."""

    agreement_pk: int
    heading: str
    title: str
    period: str
    parties: list[tuple[str, str]]
    third_sector: str
    budget_caption: str
    resources_caption: str
    areas: list[BudgetArea]
    budget_total: BudgetRow
    resources: list[ResourceRow]
    resources_total: ResourceRow
    has_cofinancing: bool
    ratio_label: str
    ratio: Decimal | None
    contribution: list[Figure] = field(default_factory=list)

    @property
    def budget_rows(self) -> list[BudgetRow]:
        """Lines and subtotals in table order, then the grand total."""
        rows: list[BudgetRow] = []
        for area in self.areas:
            rows.extend(area.lines)
            if area.subtotal:
                rows.append(area.subtotal)
        rows.append(self.budget_total)
        return rows

    @property
    def line_rows(self) -> list[BudgetRow]:
        """Only the budget lines (what a machine-readable export lists)."""
        return [row for area in self.areas for row in area.lines]

    @property
    def ratio_fraction(self) -> Decimal | None:
        return None if self.ratio is None else self.ratio / money.HUNDRED


def period_label(start: date, end: date) -> str:
    """``Year 2016`` for a calendar year, otherwise ``From 01/01/2016 to 30/06/2017``."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return _("Year %(year)s") % {"year": start.year}
    return _("From %(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}


#: What ngettext is given for a quantity with decimals: gettext chooses forms by whole
#: numbers only, and a fraction takes the plural in Italian and English ("1,50 mesi").
FRACTION_PLURAL = 2


def _quantity_text(quantity: Decimal, unit: str) -> str:
    whole = quantity == quantity.to_integral_value()
    shown = format_number(quantity, 0 if whole else 2)
    n = int(quantity) if whole else FRACTION_PLURAL
    if unit == BudgetLine.Unit.MONTH:
        return ngettext("%(count)s month", "%(count)s months", n) % {"count": shown}
    if unit == BudgetLine.Unit.WEEK:
        return ngettext("%(count)s week", "%(count)s weeks", n) % {"count": shown}
    if unit == BudgetLine.Unit.DAY:
        return ngettext("%(count)s day", "%(count)s days", n) % {"count": shown}
    if unit == BudgetLine.Unit.HOUR:
        return ngettext("%(count)s hour", "%(count)s hours", n) % {"count": shown}
    return shown


def line_detail(line: BudgetLine) -> str:
    """How a line is computed: ``€ 26.736,87 × 11 months``, ``lump sum``, VAT included."""
    if line.unit == BudgetLine.Unit.LUMP_SUM and line.quantity == 1:
        text = _("lump sum")
    else:
        text = f"{format_eur(line.unit_amount)} × {_quantity_text(line.quantity, line.unit)}"
    if line.vat_included:
        text = _("%(computation)s, VAT included") % {"computation": text}
    return text


def _rate_label(value: str) -> str:
    if value == VatRate.OUT_OF_SCOPE:
        return str(VatRate.OUT_OF_SCOPE.label)
    return f"{format_number(Decimal(value), 0)} %"


def _area_names(block: AreaSummary) -> tuple[int | None, str, str]:
    if block.area is None:
        return None, _("Not assigned to an area"), ""
    return block.area.number, _("Area %(number)s") % {"number": block.area.number}, block.area.title


def _budget_area(block: AreaSummary) -> BudgetArea | None:
    if not block.lines:
        return None
    number, label, title = _area_names(block)
    rows = [
        BudgetRow(
            kind="line", area_number=number, area_label=label, area_title=title,
            description=s.line.description, net=s.amounts.net, vat=s.amounts.vat,
            gross=s.amounts.gross, vat_rate=money.vat_rate(s.line.vat_rate),
            rate_label=_rate_label(s.line.vat_rate), detail=line_detail(s.line),
        )
        for s in block.lines
    ]
    subtotal = None
    if len(rows) > 1:
        amounts = block.total
        subtotal = BudgetRow(
            kind="subtotal", area_number=number, area_label=label, area_title=title,
            description=(_("Total area %(number)s") % {"number": number}) if number
            else _("Total not assigned to an area"),
            net=amounts.net, vat=amounts.vat, gross=amounts.gross,
        )
    return BudgetArea(label, title, rows, subtotal)


def _resource_row(block: AreaSummary, with_cofinancing: bool) -> ResourceRow:
    number, label, title = _area_names(block)
    quotas = [c for c in block.contributions if c.kind == Contribution.Kind.QUOTA]
    return ResourceRow(
        kind="area", area_number=number, area_label=label, area_title=title,
        items=block.items,
        quota_label="; ".join(quota_label(c) for c in quotas),
        quota=block.quota if quotas else None,
        cofinancing=block.cofinancing if with_cofinancing else None,
        total=block.resources,
    )


def quota_label(contribution: Contribution) -> str:
    """``Quota parte 1%`` as the sample's table writes it; the description when no percent."""
    if contribution.percent is None:
        return contribution.description
    places = 0 if contribution.percent == contribution.percent.to_integral_value() else 2
    percent = f"{format_number(contribution.percent, places)}%"
    return _("%(percent)s quota") % {"percent": percent}


def _party_names(parties: list[Party], role: str) -> str:
    return ", ".join(p.organization.name for p in parties if p.role == role)


# The labels that name the parties say "the public body" or "the Third-Sector party" when the
# agreement has no such party yet: each case is a whole sentence, so that a language can inflect
# the words around it ("dell'ente pubblico", not "di ente pubblico").


def _budget_caption(public_bodies: str, period: str) -> str:
    if public_bodies:
        return _("Economic resources of %(parties)s — %(period)s") % {
            "parties": public_bodies, "period": period}
    return _("Economic resources of the public body — %(period)s") % {"period": period}


def _resources_caption(third_sector: str, period: str) -> str:
    if third_sector:
        return _("Resources and in-kind contributions of %(parties)s — %(period)s") % {
            "parties": third_sector, "period": period}
    return _("Resources and in-kind contributions of the Third-Sector party — %(period)s") % {
        "period": period}


def _ratio_label(third_sector: str, public_bodies: str) -> str:
    if third_sector and public_bodies:
        return _("Resources of %(party)s as a share of the net resources of %(body)s") % {
            "party": third_sector, "body": public_bodies}
    if public_bodies:
        return _(
            "Resources of the Third-Sector party as a share of the net resources of %(body)s"
        ) % {"body": public_bodies}
    if third_sector:
        return _(
            "Resources of %(party)s as a share of the net resources of the public body"
        ) % {"party": third_sector}
    return _("Resources of the Third-Sector party as a share of the net resources of the public body")


def _cofinancing_label(third_sector: str) -> str:
    if third_sector:
        return _("Co-financing share of %(party)s") % {"party": third_sector}
    return _("Co-financing share of the Third-Sector party")


def summary_table(summary: EconomicSummary) -> SummaryTable:
    """The summary's rows and labels, in the active language."""
    agreement = summary.agreement
    parties = list(agreement.parties.all())
    period = period_label(agreement.start_date, agreement.end_date)
    third_sector = _party_names(parties, Party.Role.THIRD_SECTOR)
    totals = summary.total
    with_cofinancing = summary.cofinancing > 0
    resources = [
        _resource_row(block, with_cofinancing)
        for block in summary.areas
        if block.area is not None or block.contributions
    ]
    public_bodies = _party_names(parties, Party.Role.PUBLIC_BODY)
    table = SummaryTable(
        agreement_pk=agreement.pk,
        heading=_("Summary economic table"),
        title=agreement.title,
        period=period,
        parties=[(p.organization.name, str(p.get_role_display())) for p in parties],
        third_sector=third_sector or _("the Third-Sector party"),
        budget_caption=_budget_caption(public_bodies, period),
        resources_caption=_resources_caption(third_sector, period),
        areas=[a for a in map(_budget_area, summary.areas) if a is not None],
        budget_total=BudgetRow(
            kind="total", area_number=None, area_label=_("Total"), area_title="",
            description=_("Total"), net=totals.net, vat=totals.vat, gross=totals.gross,
        ),
        resources=resources,
        resources_total=ResourceRow(
            kind="total", area_number=None, area_label=_("Total"), area_title="",
            items=summary.items, quota_label="", quota=summary.quota,
            cofinancing=summary.cofinancing if with_cofinancing else None,
            total=summary.resources,
        ),
        has_cofinancing=with_cofinancing,
        ratio_label=_ratio_label(third_sector, public_bodies),
        ratio=summary.resources_ratio,
    )
    if agreement.financial_regime == agreement.Regime.CONTRIBUTION:
        cost = totals.gross
        table.contribution = [
            Figure(_("Project cost"), cost, money.HUNDRED if cost else None),
            Figure(_cofinancing_label(third_sector),
                   summary.cofinancing, money.ratio_percent(summary.cofinancing, cost)),
            Figure(_("Public contribution"), summary.public_contribution,
                   money.ratio_percent(summary.public_contribution, cost)),
        ]
    return table


def budget_header(*, rate_in_percent: bool = False) -> list[str]:
    """Column names of the public body's table."""
    rate = _("VAT rate (%)") if rate_in_percent else _("VAT rate")
    return [_("Area number"), _("Area"), _("Description"), _("Net amount"), rate, _("VAT"),
            _("Gross amount")]


def resources_header(table: SummaryTable) -> list[str]:
    """Column names of the Third-Sector party's table."""
    header = [_("Area number"), _("Area"), _("Itemised resources"), _("Quota of the tender base"),
              _("Quota amount")]
    if table.has_cofinancing:
        header.append(_("Co-financing"))
    return [*header, _("Total")]
