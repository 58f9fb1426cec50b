"""Writes of an agreement's money: one transaction, one audit row, checked by the money engine.

Every function checks that the user may change the agreement (``PermissionDenied``) and
raises ``ValidationError``, keyed by field where the error belongs to one, before writing
anything: a refused change leaves no trace.
"""

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import (
    ConstraintMessages,
    model_candidate,
    model_create,
    model_delete,
    model_update,
)
from coprogetta.lib import money
from coprogetta.lib.textparse.numbers import format_date, format_eur, format_number

from .models import (
    Action,
    Agreement,
    Area,
    BudgetLine,
    Contribution,
    FeeTier,
    PaymentTranche,
    StaffCost,
)
from .selectors import economic_summary, require_edit

M = TypeVar("M", bound=models.Model)

UNIT_PLURALS = {
    BudgetLine.Unit.MONTH: _("months"),
    BudgetLine.Unit.WEEK: _("weeks"),
    BudgetLine.Unit.DAY: _("days"),
    BudgetLine.Unit.HOUR: _("hours"),
    BudgetLine.Unit.LUMP_SUM: _("lump sums"),
}

#: What a user reads when the data break one of the money tables' database constraints.
MESSAGES: ConstraintMessages = {
    "budgetline_unit_gte_0": ("unit_amount", _("The unit amount cannot be negative.")),
    "budgetline_quantity_gt_0": ("quantity", _("The quantity must be greater than zero.")),
    "budgetline_vat_rate_valid": ("vat_rate", _("Choose one of the VAT rates offered.")),
    "feetier_range_ordered": ("max_count", _("The upper end of the range is below its lower end.")),
    "feetier_amount_or_renegotiate": (
        "unit_amount", _("Give either the amount of this range or mark it to be renegotiated."),
    ),
    "contribution_amount_gte_0": ("amount", _("The amount cannot be negative.")),
    "contribution_percent_range": ("percent", _("Enter a percentage above 0 and at most 100.")),
    "tranche_one_kind": (None, _("A tranche is exactly one of: an amount, a percentage or the balance.")),
    "tranche_invoice_details": (
        "invoice_number", _("An invoiced or paid tranche needs its invoice number and date."),
    ),
    "tranche_paid_date": ("paid_date", _("A paid tranche needs its payment date.")),
    "tranche_paid_after_invoice": (
        "paid_date", _("The payment date cannot be before the invoice date."),
    ),
    "staffcost_rate_gte_0": ("hourly_rate", _("The hourly rate cannot be negative.")),
    "staffcost_hours_gt_0": ("hours", _("Enter a number of hours greater than zero.")),
    "staffcost_count_gte_1": ("count", _("The head count is at least 1.")),
    "staffcost_period_ordered": ("period_end", _("The period ends before it starts.")),
}

LINE_FIELDS = ("area", "action", "description", "unit_amount", "quantity", "unit", "vat_rate", "vat_included")
TIER_FIELDS = ("min_count", "max_count", "unit_amount", "renegotiate")
CONTRIBUTION_FIELDS = ("area", "action", "description", "kind", "amount", "percent")
TRANCHE_FIELDS = ("area", "due_date", "due_text", "amount", "percent", "is_balance")
TRANCHE_STATUS_FIELDS = ("status", "invoice_number", "invoice_date", "paid_date")
STAFF_FIELDS = (
    "area", "action", "role", "count", "hourly_rate", "vat_included", "vat_rate", "hours",
    "period_start", "period_end",
)


# -- shared steps ----------------------------------------------------------------------------


def _create(obj: M, *, user: AnyUser, agreement: Agreement) -> M:
    model_create(obj, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    return obj


def _update(
    obj: M, changes: dict[str, Any], *, fields: tuple[str, ...], user: AnyUser, agreement_id: int,
    version: int | None,
) -> M:
    """Write ``changes``; ``version`` is the one the edit started from (a stale one is refused)."""
    model_update(
        obj, changes, fields=fields, user=user, agreement_id=agreement_id, messages=MESSAGES,
        expected_version=version,
    )
    return obj


def _next_position(queryset: models.QuerySet) -> int:
    return (queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def _lock(agreement: Agreement) -> Agreement:
    """The agreement row, locked until the transaction ends (checks of sums do not race)."""
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _check_area(agreement: Agreement, area: Area | None) -> None:
    if area is not None and area.agreement_id != agreement.pk:
        raise ValidationError({"area": _("Choose one of this agreement's areas.")})


def _check_action(agreement: Agreement, area: Area | None, action: Action | None) -> None:
    if action is None:
        return
    if action.area.agreement_id != agreement.pk:
        raise ValidationError({"action": _("Choose one of this agreement's actions.")})
    if area is not None and action.area_id != area.pk:
        raise ValidationError(
            {"action": _("This action belongs to area %(area)s, not to the chosen area.")
             % {"area": action.area}}
        )


def _plain_number(value: Decimal) -> str:
    return format_number(value, 0 if value == value.to_integral_value() else 2)


def _check_percent(percent: Decimal | None) -> None:
    if percent is not None and not (0 < percent <= 100):
        raise ValidationError({"percent": _("Enter a percentage above 0 and at most 100.")})


# -- budget lines ----------------------------------------------------------------------------


def _check_line(line: BudgetLine) -> None:
    _check_area(line.agreement, line.area)
    _check_action(line.agreement, line.area, line.action)
    if line.quantity is not None and line.quantity <= 0:
        raise ValidationError({"quantity": _(
            "Enter a number of %(units)s greater than zero (%(quantity)s is not possible)."
        ) % {"units": UNIT_PLURALS.get(line.unit, line.unit), "quantity": _plain_number(line.quantity)}})
    try:
        money.vat_rate(line.vat_rate)
    except money.MoneyError:
        raise ValidationError({"vat_rate": _("Choose one of the VAT rates offered.")}) from None
    try:
        money.line_amounts(line.unit_amount, line.quantity, line.vat_rate, vat_included=line.vat_included)
    except money.MoneyError:
        raise ValidationError({"unit_amount": _(
            "Unit amount × quantity must be a non-negative amount up to %(max)s."
        ) % {"max": format_eur(money.MAX_AMOUNT)}}) from None


@transaction.atomic
def budget_line_create(
    *, user: AnyUser, agreement: Agreement, area: Area | None, description: str,
    unit_amount: Decimal, quantity: Decimal, unit: str, vat_rate: str, vat_included: bool,
    action: Action | None = None,
) -> BudgetLine:
    """Add a line (unit amount × quantity + VAT) to the agreement, last in order.

    ``action``: the action the line pays for (of the line's area), whose progress it weighs.
    """
    require_edit(user, agreement)
    line = BudgetLine(
        agreement=agreement, area=area, action=action, description=description, unit_amount=unit_amount,
        quantity=quantity, unit=unit, vat_rate=vat_rate, vat_included=vat_included,
        position=_next_position(agreement.budget_lines.all()),
    )
    _check_line(line)
    return _create(line, user=user, agreement=agreement)


@transaction.atomic
def budget_line_update(
    *, user: AnyUser, line: BudgetLine, area: Area | None, description: str,
    unit_amount: Decimal, quantity: Decimal, unit: str, vat_rate: str, vat_included: bool,
    action: Action | None = None, version: int | None = None,
) -> BudgetLine:
    """Change a line; its net, VAT and gross follow, as they are never stored.

    ``version``: the line's version when the edit started; a stale one is refused
    (``EditConflict``). The same holds for every ``*_update`` below.
    """
    require_edit(user, line.agreement)
    changes = {
        "area": area, "action": action, "description": description, "unit_amount": unit_amount,
        "quantity": quantity, "unit": unit, "vat_rate": vat_rate, "vat_included": vat_included,
    }
    _check_line(model_candidate(line, changes))
    return _update(
        line, changes, fields=LINE_FIELDS, user=user, agreement_id=line.agreement_id, version=version
    )


@transaction.atomic
def budget_line_delete(*, user: AnyUser, line: BudgetLine) -> None:
    """Remove a line and its fee tiers; a line with enrolment counts is kept."""
    require_edit(user, line.agreement)
    if line.enrolment_counts.exists():
        raise ValidationError(_("Enrolment counts are recorded on this line: it cannot be deleted."))
    if line.expenses.exists():
        raise ValidationError(_("Expenses are recorded on this line: it cannot be deleted."))
    model_delete(line, user=user, agreement_id=line.agreement_id)


# -- fee tiers -------------------------------------------------------------------------------


def _check_tier(tier: FeeTier) -> None:
    if tier.min_count is None or tier.min_count < 0:
        raise ValidationError({"min_count": _("Enter a count of zero or more.")})
    if tier.max_count is not None and tier.max_count < tier.min_count:
        raise ValidationError({"max_count": _("The upper end of the range is below its lower end.")})
    if tier.renegotiate == (tier.unit_amount is not None):
        raise ValidationError(
            {"unit_amount": _("Give either the amount of this range or mark it to be renegotiated.")}
        )
    if tier.unit_amount is not None:
        try:
            money.check_amount(tier.unit_amount)
        except money.MoneyError:
            raise ValidationError({"unit_amount": _(
                "Enter an amount of zero or more, with at most two decimals, up to %(max)s."
            ) % {"max": format_eur(money.MAX_AMOUNT)}}) from None
    list(BudgetLine.objects.select_for_update().filter(pk=tier.budget_line_id).values_list("pk"))
    new = tier.as_tier()
    existing = FeeTier.objects.filter(budget_line_id=tier.budget_line_id).exclude(pk=tier.pk)
    others = [o.as_tier() for o in existing]
    for other in others:
        try:
            money.check_tiers([other, new])
        except money.TierOverlap:
            raise ValidationError(_(
                "The range %(new)s overlaps the range %(other)s already set on this line."
            ) % {"new": money.describe_range(new), "other": money.describe_range(other)}) from None
        except money.TierInvalid:
            pass  # an earlier tier of the line is wrong: said below
    try:
        money.check_tiers([*others, new])
    except money.TierOverlap as error:
        raise ValidationError(_(
            "The ranges %(first)s and %(second)s already set on this line overlap: correct one of them."
        ) % {"first": money.describe_range(error.first),
             "second": money.describe_range(error.second)}) from None
    except money.TierInvalid as error:
        raise ValidationError(_(
            "The range %(range)s already set on this line is not valid: correct it."
        ) % {"range": money.describe_range(error.tier)}) from None


@transaction.atomic
def fee_tier_create(
    *, user: AnyUser, line: BudgetLine, min_count: int, max_count: int | None,
    unit_amount: Decimal | None, renegotiate: bool,
) -> FeeTier:
    """Add a count range with its own unit amount (or "to be renegotiated") to a line."""
    require_edit(user, line.agreement)
    tier = FeeTier(
        budget_line=line, min_count=min_count, max_count=max_count, unit_amount=unit_amount,
        renegotiate=renegotiate,
    )
    _check_tier(tier)
    return _create(tier, user=user, agreement=line.agreement)


@transaction.atomic
def fee_tier_update(
    *, user: AnyUser, tier: FeeTier, min_count: int, max_count: int | None,
    unit_amount: Decimal | None, renegotiate: bool, version: int | None = None,
) -> FeeTier:
    """Change a tier's range or consequence."""
    agreement = tier.budget_line.agreement
    require_edit(user, agreement)
    changes = {
        "min_count": min_count, "max_count": max_count, "unit_amount": unit_amount,
        "renegotiate": renegotiate,
    }
    _check_tier(model_candidate(tier, changes))
    return _update(
        tier, changes, fields=TIER_FIELDS, user=user, agreement_id=agreement.pk, version=version
    )


@transaction.atomic
def fee_tier_delete(*, user: AnyUser, tier: FeeTier) -> None:
    """Remove a tier."""
    agreement = tier.budget_line.agreement
    require_edit(user, agreement)
    model_delete(tier, user=user, agreement_id=agreement.pk)


# -- contributions ---------------------------------------------------------------------------


def project_cost(agreement: Agreement, area: Area | None) -> Decimal:
    """Gross total of the budget lines of ``area``, or of the whole agreement when None."""
    lines = BudgetLine.objects.filter(agreement=agreement)
    if area is not None:
        lines = lines.filter(area=area)
    return money.total(line.amounts for line in lines).gross


def percent_base(agreement: Agreement, area: Area | None, kind: str) -> Decimal | None:
    """What a contribution's percentage is of: the tender base (quota) or the project cost."""
    if kind == Contribution.Kind.QUOTA:
        return agreement.tender_base_amount
    if kind == Contribution.Kind.COFINANCING:
        return project_cost(agreement, area) or None
    return None


def contribution_is_computed(item: Contribution) -> bool:
    """Whether the amount is exactly its percentage of its base (so an edit may recompute it)."""
    if item.percent is None:
        return False
    base = percent_base(item.agreement, item.area, item.kind)
    return base is not None and money.percent_of(base, item.percent) == item.amount


def _check_contribution(item: Contribution) -> None:
    """Check ``item``; a blank amount of a quota or a share is computed from its percent."""
    _check_area(item.agreement, item.area)
    _check_action(item.agreement, item.area, item.action)
    _check_percent(item.percent)
    if item.kind == Contribution.Kind.ITEM:
        if item.percent is not None:
            raise ValidationError({"percent": _(
                "A percentage applies only to a quota of the tender base or a co-financing share."
            )})
        if item.amount is None:
            raise ValidationError({"amount": _("Enter the amount.")})
    if item.amount is not None:
        return
    if item.percent is None:
        raise ValidationError({"amount": _("Enter the amount, or the percentage to compute it from.")})
    base = percent_base(item.agreement, item.area, item.kind)
    if base is None and item.kind == Contribution.Kind.QUOTA:
        raise ValidationError({"percent": _(
            "The agreement has no tender base amount to take the percentage of: enter the amount."
        )})
    if base is None:
        raise ValidationError({"percent": _(
            "There are no budget lines to compute the project cost from: enter the amount."
        )})
    item.amount = money.percent_of(base, item.percent)


@transaction.atomic
def contribution_create(
    *, user: AnyUser, agreement: Agreement, area: Area | None, action: Action | None,
    description: str, kind: str, amount: Decimal | None, percent: Decimal | None,
) -> Contribution:
    """Record a resource of the Third-Sector party; a blank amount is computed from the percent."""
    require_edit(user, agreement)
    item = Contribution(
        agreement=agreement, area=area, action=action, description=description, kind=kind,
        amount=amount, percent=percent, position=_next_position(agreement.contributions.all()),
    )
    _check_contribution(item)
    return _create(item, user=user, agreement=agreement)


@transaction.atomic
def contribution_update(
    *, user: AnyUser, item: Contribution, area: Area | None, action: Action | None,
    description: str, kind: str, amount: Decimal | None, percent: Decimal | None,
    version: int | None = None,
) -> Contribution:
    """Change a contribution; a blank amount is computed again from the percent."""
    require_edit(user, item.agreement)
    changes = {
        "area": area, "action": action, "description": description, "kind": kind, "amount": amount,
        "percent": percent,
    }
    candidate = model_candidate(item, changes)
    _check_contribution(candidate)
    changes["amount"] = candidate.amount
    return _update(
        item, changes, fields=CONTRIBUTION_FIELDS, user=user, agreement_id=item.agreement_id,
        version=version,
    )


@transaction.atomic
def contribution_delete(*, user: AnyUser, item: Contribution) -> None:
    """Remove a contribution; one with recorded expenses is kept."""
    require_edit(user, item.agreement)
    if item.expenses.exists():
        raise ValidationError(_("Expenses are recorded on this contribution: it cannot be deleted."))
    model_delete(item, user=user, agreement_id=item.agreement_id)


# -- payment tranches ------------------------------------------------------------------------


def tranche_budget(agreement: Agreement, area: Area | None) -> Decimal:
    """What the tranches of a scope share: the area's gross total, or the payable total."""
    summary = economic_summary(agreement)
    if area is None:
        return summary.payable
    for area_summary in summary.areas:
        if area_summary.area is not None and area_summary.area.pk == area.pk:
            return area_summary.total.gross
    return money.ZERO


def _check_tranche(tranche: PaymentTranche) -> None:
    agreement = _lock(tranche.agreement)
    _check_area(agreement, tranche.area)
    if tranche.due_date is None and not tranche.due_text:
        raise ValidationError({"due_date": _("Enter a due date or describe when the tranche falls due.")})
    if (tranche.amount is not None) + (tranche.percent is not None) + tranche.is_balance != 1:
        raise ValidationError(_("A tranche is exactly one of: an amount, a percentage or the balance."))
    _check_percent(tranche.percent)
    siblings = list(
        PaymentTranche.objects.filter(agreement=agreement, area=tranche.area).exclude(pk=tranche.pk)
    )
    if tranche.is_balance and any(s.is_balance for s in siblings):
        if tranche.area is None:
            message = _("There is already a balance tranche for the whole agreement.")
        else:
            message = _("There is already a balance tranche for area %(area)s.") % {"area": tranche.area}
        raise ValidationError({"kind": message})
    ordered = sorted([*siblings, tranche], key=lambda t: (t.position, t.pk or 0))
    budget = tranche_budget(agreement, tranche.area)
    try:
        money.resolve_tranches(budget, [t.as_spec() for t in ordered])
    except money.MoneyError:
        asked = sum(
            (t.amount if t.amount is not None else money.percent_of(budget, t.percent)
             for t in ordered if not t.is_balance),
            money.ZERO,
        )
        figures = {"total": format_eur(asked), "budget": format_eur(budget)}
        if tranche.area is None:
            message = _(
                "The tranches of the whole agreement would add up to %(total)s, more than its "
                "budget of %(budget)s."
            ) % figures
        else:
            message = _(
                "The tranches of area %(area)s would add up to %(total)s, more than its budget of "
                "%(budget)s."
            ) % {"area": tranche.area, **figures}
        raise ValidationError(message) from None


@transaction.atomic
def tranche_create(
    *, user: AnyUser, agreement: Agreement, area: Area | None, due_date: date | None, due_text: str,
    amount: Decimal | None, percent: Decimal | None, is_balance: bool,
) -> PaymentTranche:
    """Add a planned tranche to the agreement (or to one area); refused if the tranches exceed
    the budget. Its status changes only through :func:`tranche_invoice` and :func:`tranche_pay`."""
    require_edit(user, agreement)
    tranche = PaymentTranche(
        agreement=agreement, area=area, due_date=due_date, due_text=due_text, amount=amount,
        percent=percent, is_balance=is_balance, status=PaymentTranche.Status.PLANNED,
        position=_next_position(agreement.tranches.all()),
    )
    _check_tranche(tranche)
    return _create(tranche, user=user, agreement=agreement)


@transaction.atomic
def tranche_update(
    *, user: AnyUser, tranche: PaymentTranche, area: Area | None, due_date: date | None,
    due_text: str, amount: Decimal | None, percent: Decimal | None, is_balance: bool,
    version: int | None = None,
) -> PaymentTranche:
    """Change a tranche's terms (``version``: as the form was opened; a stale one is refused)."""
    require_edit(user, tranche.agreement)
    changes = {
        "area": area, "due_date": due_date, "due_text": due_text, "amount": amount, "percent": percent,
        "is_balance": is_balance,
    }
    _check_tranche(model_candidate(tranche, changes))
    return _update(
        tranche, changes, fields=TRANCHE_FIELDS, user=user, agreement_id=tranche.agreement_id,
        version=version,
    )


@transaction.atomic
def tranche_delete(*, user: AnyUser, tranche: PaymentTranche) -> None:
    """Remove a planned tranche; an invoiced or paid one must be reopened first."""
    require_edit(user, tranche.agreement)
    current = _locked_tranche(tranche)
    if current.status != PaymentTranche.Status.PLANNED:
        raise ValidationError(_(
            "This tranche is %(status)s: undo the invoice and the payment (Reopen) before deleting it."
        ) % {"status": current.get_status_display().lower()})
    model_delete(tranche, user=user, agreement_id=tranche.agreement_id)


def _locked_tranche(tranche: PaymentTranche) -> PaymentTranche:
    """The tranche as stored now, its row locked until the transaction ends."""
    try:
        return PaymentTranche.objects.select_for_update().get(pk=tranche.pk)
    except PaymentTranche.DoesNotExist:
        raise ValidationError(_("This tranche no longer exists: someone deleted it meanwhile.")) from None


def _step(
    tranche: PaymentTranche, current: PaymentTranche, changes: dict[str, Any], *, user: AnyUser,
    version: int | None,
) -> PaymentTranche:
    """Write a change of status on the stored row ``current``; ``tranche`` then shows it too."""
    model_update(
        current, changes, fields=TRANCHE_STATUS_FIELDS, user=user, agreement_id=current.agreement_id,
        messages=MESSAGES, expected_version=version,
    )
    for name in (*TRANCHE_STATUS_FIELDS, "version"):
        setattr(tranche, name, getattr(current, name))
    return tranche


def _paid_message(tranche: PaymentTranche) -> Any:
    return _("This tranche was already paid on %(date)s.") % {"date": format_date(tranche.paid_date)}


@transaction.atomic
def tranche_invoice(
    *, user: AnyUser, tranche: PaymentTranche, invoice_number: str, invoice_date: date,
    version: int | None = None,
) -> PaymentTranche:
    """Record the invoice of a planned tranche: its number (unique in the agreement) and date."""
    require_edit(user, tranche.agreement)
    agreement = _lock(tranche.agreement)
    current = _locked_tranche(tranche)
    if current.status == PaymentTranche.Status.PAID:
        raise ValidationError(_paid_message(current))
    if current.status == PaymentTranche.Status.INVOICED:
        raise ValidationError(_(
            "This tranche was already invoiced (invoice %(number)s of %(date)s): reopen it to "
            "correct the invoice."
        ) % {"number": current.invoice_number, "date": format_date(current.invoice_date)})
    number = " ".join((invoice_number or "").split())
    if not number:
        raise ValidationError({"invoice_number": _("Enter the invoice number.")})
    clash = (
        PaymentTranche.objects.filter(agreement=agreement, invoice_number__iexact=number)
        .exclude(pk=tranche.pk).first()
    )
    if clash is not None:
        raise ValidationError({"invoice_number": _(
            "Invoice %(number)s is already recorded on the tranche “%(tranche)s” of this agreement: "
            "check the number."
        ) % {"number": number, "tranche": clash}})
    changes = {
        "status": PaymentTranche.Status.INVOICED, "invoice_number": number, "invoice_date": invoice_date,
    }
    return _step(tranche, current, changes, user=user, version=version)


@transaction.atomic
def tranche_pay(
    *, user: AnyUser, tranche: PaymentTranche, paid_date: date, version: int | None = None,
) -> PaymentTranche:
    """Record the payment of an invoiced tranche; a tranche is never paid twice."""
    require_edit(user, tranche.agreement)
    current = _locked_tranche(tranche)
    if current.status == PaymentTranche.Status.PAID:
        raise ValidationError(_paid_message(current))
    if current.status == PaymentTranche.Status.PLANNED:
        raise ValidationError(_("This tranche has no invoice yet: record the invoice first."))
    if current.invoice_date is not None and paid_date < current.invoice_date:
        raise ValidationError({"paid_date": _(
            "The payment date cannot be before the invoice date, %(date)s."
        ) % {"date": format_date(current.invoice_date)}})
    changes = {"status": PaymentTranche.Status.PAID, "paid_date": paid_date}
    return _step(tranche, current, changes, user=user, version=version)


@transaction.atomic
def tranche_reopen(*, user: AnyUser, tranche: PaymentTranche, version: int | None = None) -> PaymentTranche:
    """Undo the last step, to correct it: a paid tranche goes back to invoiced, an invoiced one
    to planned. The audit row keeps what was undone."""
    require_edit(user, tranche.agreement)
    current = _locked_tranche(tranche)
    changes: dict[str, Any]
    if current.status == PaymentTranche.Status.PAID:
        changes = {"status": PaymentTranche.Status.INVOICED, "paid_date": None}
    elif current.status == PaymentTranche.Status.INVOICED:
        changes = {"status": PaymentTranche.Status.PLANNED, "invoice_number": "", "invoice_date": None}
    else:
        raise ValidationError(_("This tranche is planned: there is no invoice or payment to undo."))
    return _step(tranche, current, changes, user=user, version=version)


# -- staff costs -----------------------------------------------------------------------------


def _check_staff_cost(cost: StaffCost) -> None:
    agreement = cost.agreement
    _check_area(agreement, cost.area)
    _check_action(agreement, cost.area, cost.action)
    if cost.count is None or cost.count < 1:
        raise ValidationError({"count": _("The head count is at least 1.")})
    if cost.hours is None or cost.hours <= 0:
        raise ValidationError({"hours": _("Enter a number of hours greater than zero.")})
    try:
        money.vat_rate(cost.vat_rate)
        money.line_amounts(cost.hourly_rate, cost.hours, cost.vat_rate, vat_included=cost.vat_included)
    except money.MoneyError:
        raise ValidationError({"hourly_rate": _(
            "Hourly rate × hours must be a non-negative amount up to %(max)s."
        ) % {"max": format_eur(money.MAX_AMOUNT)}}) from None
    start, end = cost.period_start, cost.period_end
    if start and end and end < start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    for name, day in (("period_start", start), ("period_end", end)):
        if day is not None and not (agreement.start_date <= day <= agreement.end_date):
            raise ValidationError({name: _(
                "Choose a date within the agreement's period, %(start)s – %(end)s."
            ) % {"start": format_date(agreement.start_date), "end": format_date(agreement.end_date)}})


@transaction.atomic
def staff_cost_create(
    *, user: AnyUser, agreement: Agreement, area: Area | None, action: Action | None, role: str,
    count: int, hourly_rate: Decimal, vat_included: bool, vat_rate: str, hours: Decimal,
    period_start: date | None, period_end: date | None,
) -> StaffCost:
    """Add a role with its hourly rate and planned hours."""
    require_edit(user, agreement)
    cost = StaffCost(
        agreement=agreement, area=area, action=action, role=role, count=count,
        hourly_rate=hourly_rate, vat_included=vat_included, vat_rate=vat_rate, hours=hours,
        period_start=period_start, period_end=period_end,
        position=_next_position(agreement.staff_costs.all()),
    )
    _check_staff_cost(cost)
    return _create(cost, user=user, agreement=agreement)


@transaction.atomic
def staff_cost_update(
    *, user: AnyUser, cost: StaffCost, area: Area | None, action: Action | None, role: str,
    count: int, hourly_rate: Decimal, vat_included: bool, vat_rate: str, hours: Decimal,
    period_start: date | None, period_end: date | None, version: int | None = None,
) -> StaffCost:
    """Change a staff cost."""
    require_edit(user, cost.agreement)
    changes = {
        "area": area, "action": action, "role": role, "count": count, "hourly_rate": hourly_rate,
        "vat_included": vat_included, "vat_rate": vat_rate, "hours": hours,
        "period_start": period_start, "period_end": period_end,
    }
    _check_staff_cost(model_candidate(cost, changes))
    return _update(
        cost, changes, fields=STAFF_FIELDS, user=user, agreement_id=cost.agreement_id, version=version
    )


@transaction.atomic
def staff_cost_delete(*, user: AnyUser, cost: StaffCost) -> None:
    """Remove a staff cost; one with logged hours is kept."""
    require_edit(user, cost.agreement)
    if cost.time_entries.exists():
        raise ValidationError(_("Hours are logged on this staff cost: it cannot be deleted."))
    model_delete(cost, user=user, agreement_id=cost.agreement_id)
