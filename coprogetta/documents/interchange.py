"""The JSON interchange format "coprogetta/agreement@1": the public entry points.

``agreement_to_document`` and ``dumps`` export an agreement; ``loads``, ``validate_document``
and ``agreement_import`` bring one in. Export → import → export gives the same bytes: key
order is fixed by construction, lists are ordered by number or position, and every number
is written in one canonical form (``interchange_format``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch

from coprogetta.agreements.models import (
    Action,
    Agreement,
    BudgetLine,
    Contribution,
    FeeTier,
    Party,
    PaymentTranche,
    StaffCost,
)
from coprogetta.lib.schedules import Note
from coprogetta.planning import workplan_schedules

from .interchange_format import (
    FORMAT,
    Document,
    DocumentError,
    amount_text,
    date_text,
    dumps,
    loads,
    number_text,
    schema,
    validate_document,
)
from .interchange_import import agreement_import

__all__ = [
    "FORMAT",
    "Document",
    "DocumentError",
    "agreement_import",
    "agreement_to_document",
    "dumps",
    "loads",
    "schema",
    "validate_document",
]

#: Parties are written public body first, then Third-Sector parties, then partners.
ROLE_ORDER = {Party.Role.PUBLIC_BODY: 0, Party.Role.THIRD_SECTOR: 1, Party.Role.PARTNER: 2}


def action_ref(action: Action | None) -> dict[str, Any] | None:
    """An action as items of its area refer to it: kind and number."""
    if action is None:
        return None
    return {"kind": action.kind, "number": action.number}


def agreement_to_document(agreement: Agreement) -> Document:
    """The agreement as a "coprogetta/agreement@1" document, in a deterministic order."""
    by_position = ("position", "id")
    lines = _by_area(
        BudgetLine.objects.filter(agreement=agreement)
        .select_related("action")
        .prefetch_related(Prefetch("fee_tiers", queryset=FeeTier.objects.order_by("-min_count", "id")))
        .order_by(*by_position)
    )
    contributions = _by_area(
        Contribution.objects.filter(agreement=agreement).select_related("action").order_by(*by_position)
    )
    staff_costs = _by_area(
        StaffCost.objects.filter(agreement=agreement).select_related("action").order_by(*by_position)
    )
    tranches = _by_area(PaymentTranche.objects.filter(agreement=agreement).order_by(*by_position))
    actions: dict[int, list[Action]] = {}
    for action in (
        Action.objects.filter(area__agreement=agreement)
        .select_related("responsible")
        .order_by("kind", "number", "id")
    ):
        actions.setdefault(action.area_id, []).append(action)
    parties = sorted(
        agreement.parties.select_related("organization"),
        key=lambda p: (ROLE_ORDER.get(p.role, len(ROLE_ORDER)), p.pk),
    )

    def money_lists(area_id: int | None) -> Document:
        return {
            "budget_lines": [_budget_line(x) for x in lines.get(area_id, [])],
            "contributions": [_contribution(x) for x in contributions.get(area_id, [])],
            "staff_costs": [_staff_cost(x) for x in staff_costs.get(area_id, [])],
            "tranches": [_tranche(x) for x in tranches.get(area_id, [])],
        }

    return {
        "format": FORMAT,
        "title": agreement.title,
        "kind": agreement.kind,
        "status": agreement.status,
        "period": {"start": date_text(agreement.start_date), "end": date_text(agreement.end_date)},
        "financial_regime": agreement.financial_regime,
        "tender_base_amount": amount_text(agreement.tender_base_amount),
        "parties": [
            {
                "name": p.organization.name,
                "role": p.role,
                "tax_code": p.organization.tax_code,
                "kind": p.organization.kind,
            }
            for p in parties
        ],
        "areas": [
            {
                "number": area.number,
                "title": area.title,
                "target": area.target,
                "actions": [_action(a) for a in actions.get(area.pk, [])],
                **money_lists(area.pk),
            }
            for area in agreement.areas.order_by("number", "id")
        ],
        **money_lists(None),
        "monitoring": {
            "checkpoints": [str(c) for c in agreement.monitoring_checkpoints or []],
            "frequency": agreement.monitoring_frequency,
            "every_months": agreement.monitoring_every_months,
            "programme_every_months": agreement.programme_every_months,
        },
    }


def _by_area(rows: Iterable[Any]) -> dict[int | None, list[Any]]:
    grouped: dict[int | None, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.area_id, []).append(row)
    return grouped


def _action(action: Action) -> Document:
    return {
        "number": action.number,
        "kind": action.kind,
        "title": action.title,
        "description": action.description,
        "schedule_text": action.schedule_text,
        "schedule": _schedule(action),
        "responsible": action.responsible.name if action.responsible else None,
    }


def _schedule(action: Action) -> Document | None:
    """The stored normalised schedule in its canonical form; null if there is none, or if it
    cannot be read back (the import then reads the text again)."""
    schedule = workplan_schedules.stored(action.schedule_text, action.schedule)
    if schedule is None or schedule.reason == Note(workplan_schedules.MALFORMED):
        return None
    return workplan_schedules.canonical(schedule)


def _budget_line(line: BudgetLine) -> Document:
    amounts = line.amounts
    return {
        "description": line.description,
        "unit_amount": amount_text(line.unit_amount),
        "quantity": number_text(line.quantity),
        "unit": line.unit,
        "vat_rate": line.vat_rate,
        "vat_included": line.vat_included,
        "net": amount_text(amounts.net),
        "vat": amount_text(amounts.vat),
        "gross": amount_text(amounts.gross),
        "fee_tiers": [
            {
                "min_count": tier.min_count,
                "max_count": tier.max_count,
                "unit_amount": amount_text(tier.unit_amount),
                "renegotiate": tier.renegotiate,
            }
            for tier in line.fee_tiers.all()
        ],
        "action": action_ref(line.action),
    }


def _contribution(contribution: Contribution) -> Document:
    return {
        "description": contribution.description,
        "amount": amount_text(contribution.amount),
        "kind": contribution.kind,
        "percent": number_text(contribution.percent),
        "action": action_ref(contribution.action),
    }


def _staff_cost(cost: StaffCost) -> Document:
    period = None
    if cost.period_start is not None or cost.period_end is not None:
        period = {"start": date_text(cost.period_start), "end": date_text(cost.period_end)}
    return {
        "role": cost.role,
        "count": cost.count,
        "hourly_rate": amount_text(cost.hourly_rate),
        "vat_included": cost.vat_included,
        "vat_rate": cost.vat_rate,
        "hours": number_text(cost.hours),
        "amount": amount_text(cost.amounts.gross),
        "period": period,
        "action": action_ref(cost.action),
    }


def _tranche(tranche: PaymentTranche) -> Document:
    return {
        "due_date": date_text(tranche.due_date),
        "due_text": tranche.due_text,
        "amount": amount_text(tranche.amount),
        "percent": number_text(tranche.percent),
        "is_balance": tranche.is_balance,
        "status": tranche.status,
        "invoice_number": tranche.invoice_number,
        "invoice_date": date_text(tranche.invoice_date),
        "paid_date": date_text(tranche.paid_date),
    }
