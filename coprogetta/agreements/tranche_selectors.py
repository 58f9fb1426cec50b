"""Reads of payment tranches: each with its resolved amount, its status and whether it is overdue.

A tranche is overdue when its due date is before today and it is not paid: a planned one
waits for the invoice, an invoiced one for the payment. Amounts come from the summary table
(``economic_summary``): percentages of their budget, the balance always what remains.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coprogetta.lib import money

from .models import Agreement, PaymentTranche
from .selectors import EconomicSummary, TrancheRow, economic_summary

WAITING_FOR = {
    PaymentTranche.Status.PLANNED: "invoice",
    PaymentTranche.Status.INVOICED: "payment",
    PaymentTranche.Status.PAID: "",
}


@dataclass
class TrancheStatusRow:
    tranche: PaymentTranche
    number: int  # 1.. in the agreement's order
    #: Resolved (percentages and balance computed); None only when the tranches of its scope
    #: exceed their budget, so that no amount can be computed (the page says so).
    amount: Decimal | None
    overdue: bool
    overdue_days: int
    waiting_for: str  # "invoice", "payment" or ""


@dataclass
class TrancheOverview:
    rows: list[TrancheStatusRow]
    total: Decimal
    planned: Decimal
    invoiced: Decimal
    paid: Decimal
    overdue: list[TrancheStatusRow] = field(default_factory=list)

    def by_tranche(self) -> dict[int, TrancheStatusRow]:
        return {row.tranche.pk: row for row in self.rows}


def status_row(row: TrancheRow, number: int, today: date) -> TrancheStatusRow:
    """One tranche's status on ``today``."""
    tranche = row.tranche
    due = tranche.due_date
    overdue = due is not None and due < today and tranche.status != PaymentTranche.Status.PAID
    return TrancheStatusRow(
        tranche=tranche, number=number, amount=row.amount, overdue=overdue,
        overdue_days=(today - due).days if overdue and due is not None else 0,
        waiting_for=WAITING_FOR.get(tranche.status, ""),
    )


def tranche_overview(
    agreement: Agreement, today: date, *, summary: EconomicSummary | None = None
) -> TrancheOverview:
    """Every tranche of the agreement (areas' and agreement-wide), in the agreement's order,
    with the totals by status and the overdue ones. ``summary``: one already computed (no
    query then); otherwise it is read in a fixed number of queries."""
    summary = summary if summary is not None else economic_summary(agreement)
    rows = [row for part in summary.areas if part.area is not None for row in part.tranche_rows]
    rows += summary.tranche_rows
    rows.sort(key=lambda row: (row.tranche.position, row.tranche.pk))
    status_rows = [status_row(row, number, today) for number, row in enumerate(rows, start=1)]

    def total(status: str | None = None) -> Decimal:
        return sum(
            (r.amount for r in status_rows
             if r.amount is not None and (status is None or r.tranche.status == status)),
            money.ZERO,
        )

    return TrancheOverview(
        rows=status_rows, total=total(), planned=total(PaymentTranche.Status.PLANNED),
        invoiced=total(PaymentTranche.Status.INVOICED), paid=total(PaymentTranche.Status.PAID),
        overdue=[r for r in status_rows if r.overdue],
    )
