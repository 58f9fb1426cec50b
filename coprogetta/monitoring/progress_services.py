"""Writes of progress checkpoints: one transaction each, with its audit row.

After every write the action's ``status`` and ``progress`` are those of its latest checkpoint
(by date, then by id), or "not started" and 0 when none is left: lists read them from the
action without another query.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
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
from coprogetta.agreements.models import Action, Agreement
from coprogetta.agreements.selectors import require_edit
from coprogetta.lib import progress

from .models import ActionProgress
from .services import _within_period

MESSAGES: ConstraintMessages = {
    "actionprogress_percent_lte_100": ("percent", _("Enter a percentage from 0 to 100.")),
}
PROGRESS_FIELDS = ("date", "status", "percent", "note")
PROBLEMS = {
    "status": ("status", _("Choose one of the statuses offered.")),
    "percent_range": ("percent", _("Enter a percentage from 0 to 100.")),
    "done_not_100": ("percent", _("A done action is at 100 %: enter 100, or choose another status.")),
    "not_started_not_0": (
        "percent", _("An action not yet started is at 0 %: enter 0, or choose another status."),
    ),
}


def _agreement(action: Action) -> Agreement:
    return action.area.agreement


def _check(item: ActionProgress) -> None:
    agreement = _agreement(item.action)
    _within_period(agreement, item.date, "date", _(
        "Choose a date within the agreement's period, %(start)s – %(end)s."
    ))
    if item.percent is None:
        raise ValidationError({"percent": PROBLEMS["percent_range"][1]})
    problem = progress.checkpoint_problem(item.status, item.percent)
    if problem is not None:
        field, message = PROBLEMS[problem]
        raise ValidationError({field: message})


def _lock(action: Action) -> None:
    """Lock the action's row: two checkpoints written at once leave it on the latest."""
    list(Action.objects.select_for_update().filter(pk=action.pk).values_list("pk"))


def action_sync(action: Action) -> Action:
    """Copy the latest checkpoint's status and percentage onto the action (not started and 0
    without checkpoints). Not a change of the action's own data: its version stays."""
    latest = ActionProgress.objects.filter(action=action).order_by("-date", "-id").first()
    status = latest.status if latest else Action.Status.NOT_STARTED
    percent = latest.percent if latest else 0
    Action.objects.filter(pk=action.pk).update(status=status, progress=percent)
    action.status, action.progress = status, percent
    return action


@transaction.atomic
def progress_create(
    *, user: AnyUser, action: Action, date: date, status: str, percent: int, note: str = "",
) -> ActionProgress:
    """Record a checkpoint of an action: editors of the agreement only."""
    require_edit(user, _agreement(action))
    _lock(action)
    item = ActionProgress(
        action=action, date=date, status=status, percent=percent, note=note, recorded_by=user,
    )
    _check(item)
    model_create(item, user=user, agreement_id=_agreement(action).pk, messages=MESSAGES)
    action_sync(action)
    return item


@transaction.atomic
def progress_update(
    *, user: AnyUser, item: ActionProgress, date: date, status: str, percent: int, note: str = "",
    version: int | None = None,
) -> ActionProgress:
    """Correct a checkpoint (``version``: as the form was opened; a stale one is refused)."""
    action = item.action
    require_edit(user, _agreement(action))
    _lock(action)
    changes: dict[str, Any] = {"date": date, "status": status, "percent": percent, "note": note}
    _check(model_candidate(item, changes))
    model_update(
        item, changes, fields=PROGRESS_FIELDS, user=user, agreement_id=_agreement(action).pk,
        messages=MESSAGES, expected_version=version,
    )
    action_sync(action)
    return item


@transaction.atomic
def progress_delete(*, user: AnyUser, item: ActionProgress) -> None:
    """Remove a checkpoint; the action goes back to the one before it."""
    action = item.action
    require_edit(user, _agreement(action))
    _lock(action)
    model_delete(item, user=user, agreement_id=_agreement(action).pk)
    action_sync(action)
