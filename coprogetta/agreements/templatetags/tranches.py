"""Template tags of payment tranches: their status on today's date, from the summary a page has.

``{% tranche_overview agreement summary as overview %}`` and ``{% tranche_status row as status %}``
compute nothing themselves: they call ``agreements.tranche_selectors`` with today's date, and
run no query.
"""

from django import template
from django.utils import timezone

from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import EconomicSummary, TrancheRow
from coprogetta.agreements.tranche_selectors import (
    TrancheOverview,
    TrancheStatusRow,
    status_row,
)
from coprogetta.agreements.tranche_selectors import (
    tranche_overview as overview_of,
)

register = template.Library()


@register.simple_tag
def tranche_overview(agreement: Agreement, summary: EconomicSummary) -> TrancheOverview:
    """Every tranche of the agreement with its status, the totals by status and the overdue ones."""
    return overview_of(agreement, timezone.localdate(), summary=summary)


@register.simple_tag
def tranche_status(row: TrancheRow) -> TrancheStatusRow:
    """One tranche's status today (overdue, what it waits for)."""
    return status_row(row, 0, timezone.localdate())
