"""Writes of hours and enrolment counts: one transaction each, with its audit row."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import (
    ConstraintMessages,
    model_candidate,
    model_create,
    model_delete,
    model_update,
)
from coprogetta.agreements.access import access_for, require_assigned
from coprogetta.agreements.models import Action, Agreement, BudgetLine, StaffCost
from coprogetta.lib.fees import month_of
from coprogetta.lib.textparse.numbers import format_date

from .models import EnrolmentCount, TimeEntry
from .selectors import user_can_change_entry

MESSAGES: ConstraintMessages = {
    "timeentry_hours_range": ("hours", _("Hours must be more than 0 and at most 24 in a day.")),
    "timeentry_line_or_action": (
        "staff_cost", _("Choose either a staff-cost line or an action, not both and not neither."),
    ),
    "enrolment_unique_month": (
        "month", _("This line already has a count for this month: edit that one instead."),
    ),
    "enrolment_count_gte_0": ("count", _("A count cannot be negative: enter 0 or more.")),
    "enrolment_month_first_day": ("month", _("Choose a month.")),
}
ENTRY_FIELDS = ("staff_cost", "action", "date", "hours", "note")
ENROLMENT_FIELDS = ("month", "count", "note")


def _within_period(agreement: Agreement, day: date | None, field: str, message: Any) -> None:
    if day is not None and not agreement.start_date <= day <= agreement.end_date:
        raise ValidationError({field: message % {
            "start": format_date(agreement.start_date), "end": format_date(agreement.end_date),
        }})


# -- time entries --------------------------------------------------------------------------


def _closed_action(entry: TimeEntry) -> tuple[str, Action] | None:
    """The closed action (done or cancelled) the entry's hours would go to, with its field."""
    if entry.action is not None and entry.action.is_closed:
        return "action", entry.action
    cost = entry.staff_cost
    if cost is not None and cost.action_id is not None and cost.action.is_closed:
        return "staff_cost", cost.action
    return None


def _check_entry(entry: TimeEntry, user: AnyUser, *, before: TimeEntry | None = None) -> None:
    """Refuse what cannot be logged. ``before``: the entry as stored, when it is an edit.

    An operator logs only on a staff-cost line or an action assigned to them. No hours go to a
    closed action (nor to a staff-cost line of one): an edit may still correct an entry that
    stays where it was, as long as its hours do not grow.
    """
    agreement = entry.agreement
    if (entry.staff_cost is None) == (entry.action is None):
        raise ValidationError({"staff_cost": MESSAGES["timeentry_line_or_action"][1]})
    if entry.staff_cost is not None and entry.staff_cost.agreement_id != agreement.pk:
        raise ValidationError({"staff_cost": _("Choose one of this agreement's staff-cost lines.")})
    if entry.action is not None and entry.action.area.agreement_id != agreement.pk:
        raise ValidationError({"action": _("Choose one of this agreement's actions.")})
    if entry.staff_cost is not None:
        require_assigned(access_for(user, agreement), entry.staff_cost, field="staff_cost")
    elif entry.action is not None:
        require_assigned(access_for(user, agreement), entry.action, field="action")
    _within_period(agreement, entry.date, "date", _(
        "Hours can be logged only within the agreement's period, %(start)s – %(end)s."
    ))
    closed = _closed_action(entry)
    if closed is not None:
        unchanged = (
            before is not None and before.action_id == entry.action_id
            and before.staff_cost_id == entry.staff_cost_id
            and entry.hours is not None and entry.hours <= before.hours
        )
        if not unchanged:
            field, action = closed
            raise ValidationError({field: _(
                "The action “%(action)s” is %(status)s: no more hours can be logged on it. "
                "Choose another action or line, or record a new progress checkpoint to reopen it."
            ) % {"action": action, "status": action.get_status_display().lower()}})


@transaction.atomic
def time_entry_create(
    *, user: AnyUser, agreement: Agreement, staff_cost: StaffCost | None, action: Action | None,
    date: date, hours: Decimal, note: str = "",
) -> TimeEntry:
    """Log hours worked on a staff-cost line or on an action (operators: an assigned one)."""
    if not access_for(user, agreement).can_log:
        raise PermissionDenied
    entry = TimeEntry(
        agreement=agreement, staff_cost=staff_cost, action=action, user=user, date=date,
        hours=hours, note=note,
    )
    _check_entry(entry, user)
    model_create(entry, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    return entry


@transaction.atomic
def time_entry_update(
    *, user: AnyUser, entry: TimeEntry, staff_cost: StaffCost | None, action: Action | None,
    date: date, hours: Decimal, note: str = "", version: int | None = None,
) -> TimeEntry:
    """Change an entry: its author or an editor of the agreement.

    ``version``: the entry's version when the form was opened (a stale one is refused).
    """
    if not user_can_change_entry(user, entry, entry.agreement):
        raise PermissionDenied
    changes = {"staff_cost": staff_cost, "action": action, "date": date, "hours": hours, "note": note}
    _check_entry(model_candidate(entry, changes), user, before=entry)
    model_update(
        entry, changes, fields=ENTRY_FIELDS, user=user, agreement_id=entry.agreement_id,
        messages=MESSAGES, expected_version=version,
    )
    return entry


@transaction.atomic
def time_entry_delete(*, user: AnyUser, entry: TimeEntry) -> None:
    """Remove an entry: its author or an editor of the agreement."""
    if not user_can_change_entry(user, entry, entry.agreement):
        raise PermissionDenied
    model_delete(entry, user=user, agreement_id=entry.agreement_id)


# -- enrolment counts ----------------------------------------------------------------------


def _check_enrolment(item: EnrolmentCount) -> None:
    line = item.budget_line
    if line.unit != BudgetLine.Unit.MONTH:
        raise ValidationError(_("Counts are kept only for lines paid by the month."))
    if item.count is not None and item.count < 0:
        raise ValidationError({"count": MESSAGES["enrolment_count_gte_0"][1]})
    agreement = line.agreement
    if item.month is not None:
        first, last = month_of(agreement.start_date), month_of(agreement.end_date)
        if not first <= item.month <= last:
            raise ValidationError({"month": _(
                "Choose a month within the agreement's period, %(start)s – %(end)s."
            ) % {"start": format_date(agreement.start_date), "end": format_date(agreement.end_date)}})


def _require_enrolment_change(user: AnyUser, item: EnrolmentCount) -> None:
    """Editors, and operators assigned to the count's line, may change it."""
    access = access_for(user, item.budget_line.agreement)
    if not access.can_log:
        raise PermissionDenied
    require_assigned(access, item.budget_line)


@transaction.atomic
def enrolment_create(
    *, user: AnyUser, line: BudgetLine, month: date, count: int, note: str = "",
) -> EnrolmentCount:
    """Record how many were enrolled in a month (operators: on a line assigned to them)."""
    access = access_for(user, line.agreement)
    if not access.can_log:
        raise PermissionDenied
    require_assigned(access, line, field="budget_line")
    item = EnrolmentCount(budget_line=line, month=month_of(month), count=count, note=note)
    _check_enrolment(item)
    model_create(item, user=user, agreement_id=line.agreement_id, messages=MESSAGES)
    return item


@transaction.atomic
def enrolment_update(
    *, user: AnyUser, item: EnrolmentCount, month: date, count: int, note: str = "",
    version: int | None = None,
) -> EnrolmentCount:
    """Correct a month's count (``version``: as the form was opened; a stale one is refused)."""
    agreement = item.budget_line.agreement
    _require_enrolment_change(user, item)
    changes = {"month": month_of(month), "count": count, "note": note}
    _check_enrolment(model_candidate(item, changes))
    model_update(
        item, changes, fields=ENROLMENT_FIELDS, user=user, agreement_id=agreement.pk,
        messages=MESSAGES, expected_version=version,
    )
    return item


@transaction.atomic
def enrolment_delete(*, user: AnyUser, item: EnrolmentCount) -> None:
    """Remove a month's count."""
    agreement = item.budget_line.agreement
    _require_enrolment_change(user, item)
    model_delete(item, user=user, agreement_id=agreement.pk)
