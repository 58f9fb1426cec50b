"""Writes of expenses: one transaction each, with its audit row.

An expense that takes its line over the plan is not refused: without a reason the service
says by how much and asks for one; with a reason it is recorded.
"""

from datetime import date
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
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
from coprogetta.agreements.models import Agreement, BudgetLine, Contribution
from coprogetta.lib import money
from coprogetta.lib.textparse.numbers import format_number

from .expense_selectors import planned, spent_on_line, user_can_change_expense
from .models import Expense
from .services import _within_period

MESSAGES: ConstraintMessages = {
    "expense_amount_gt_0": ("amount", _("An expense must be more than € 0.")),
    "expense_contribution_or_line": (
        "line", _("Choose either a contribution or a budget line, not both and not neither."),
    ),
}
EXPENSE_FIELDS = (
    "contribution", "budget_line", "date", "amount", "description", "over_budget_reason", "document",
)
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ZIP_SIGNATURE = (b"PK\x03\x04",)
#: The document types accepted, by extension, with the bytes their files start with and the
#: content type they are served as. The client's own content type is never used.
DOCUMENT_TYPES: dict[str, tuple[tuple[bytes, ...], str]] = {
    "pdf": ((b"%PDF-",), "application/pdf"),
    "jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    "png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    "odt": (ZIP_SIGNATURE, "application/vnd.oasis.opendocument.text"),
    "ods": (ZIP_SIGNATURE, "application/vnd.oasis.opendocument.spreadsheet"),
    "docx": (ZIP_SIGNATURE,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": (ZIP_SIGNATURE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
DOCUMENT_TYPE_NAMES = "PDF, JPG, PNG, ODT, DOCX, XLSX, ODS"


def document_extension(name: str) -> str:
    return PurePath(name).suffix.lower().lstrip(".")


def check_document(upload: File) -> None:
    """Refuse a document of another type (by its name and its first bytes) or above 10 MB."""
    extension = document_extension(upload.name or "")
    if extension not in DOCUMENT_TYPES:
        raise ValidationError({"document": _(
            "Attach a document of one of these types: %(types)s."
        ) % {"types": DOCUMENT_TYPE_NAMES}}, code="document_type")
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"document": _(
            "The document is too large: attach one of at most 10 MB."
        )}, code="document_size")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_TYPES[extension][0]):
        raise ValidationError({"document": _(
            "The document's content is not a %(type)s file: check that you chose the right file."
        ) % {"type": extension.upper()}}, code="document_content")


def over_budget_message(line: Contribution | BudgetLine, spent: Decimal, amount: Decimal) -> str:
    plan = planned(line)
    remaining = money.round_half_up(plan - spent)
    return str(_(
        "This expense takes “%(line)s” over its plan: planned € %(planned)s, already spent "
        "€ %(spent)s, remaining € %(remaining)s, this expense € %(amount)s (€ %(over)s over). "
        "Give the reason for exceeding the plan to record it anyway."
    ) % {
        "line": line, "planned": format_number(plan, 2), "spent": format_number(spent, 2),
        "remaining": format_number(remaining, 2), "amount": format_number(amount, 2),
        "over": format_number(money.round_half_up(spent + amount - plan), 2),
    })


def _check_expense(expense: Expense, user: AnyUser, *, upload: File | None) -> None:
    agreement = expense.agreement
    line = expense.line
    if (expense.contribution is None) == (expense.budget_line is None) or line is None:
        raise ValidationError({"line": MESSAGES["expense_contribution_or_line"][1]})
    if line.agreement_id != agreement.pk:
        raise ValidationError({"line": _("Choose one of this agreement's contributions or budget lines.")})
    require_assigned(access_for(user, agreement), line, field="line")
    if expense.amount is None or expense.amount <= 0:
        raise ValidationError({"amount": MESSAGES["expense_amount_gt_0"][1]})
    try:
        money.check_amount(expense.amount)
    except money.MoneyError:
        raise ValidationError({"amount": _("Enter an amount in euro with at most two decimals.")}) from None
    _within_period(agreement, expense.date, "date", _(
        "Expenses can be recorded only within the agreement's period, %(start)s – %(end)s."
    ))
    if upload is not None:
        check_document(upload)
    expense.over_budget_reason = (expense.over_budget_reason or "").strip()
    # Lock the line: two expenses recorded at once must not both miss the overspend warning.
    type(line)._default_manager.select_for_update().filter(pk=line.pk).first()
    spent = spent_on_line(line, exclude=expense)
    if spent + expense.amount > planned(line) and not expense.over_budget_reason:
        raise ValidationError(
            {"over_budget_reason": over_budget_message(line, spent, expense.amount)},
            code="over_budget",
        )


def _line_fields(line: Contribution | BudgetLine | None) -> dict[str, Any]:
    return {
        "contribution": line if isinstance(line, Contribution) else None,
        "budget_line": line if isinstance(line, BudgetLine) else None,
    }


def _delete_file_on_commit(name: str) -> None:
    if name:
        storage = Expense._meta.get_field("document").storage  # type: ignore[union-attr]
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def expense_create(
    *, user: AnyUser, agreement: Agreement, line: Contribution | BudgetLine | None, date: date,
    amount: Decimal, description: str, over_budget_reason: str = "", document: File | None = None,
) -> Expense:
    """Record an expense on a contribution or a budget line of ``agreement`` (operators: on an
    assigned one)."""
    if not access_for(user, agreement).can_log:
        raise PermissionDenied
    expense = Expense(
        agreement=agreement, **_line_fields(line), date=date, amount=amount,
        description=description, over_budget_reason=over_budget_reason, recorded_by=user,
    )
    upload = document or None
    _check_expense(expense, user, upload=upload)
    if upload is not None:
        expense.document = upload  # type: ignore[assignment]
    model_create(expense, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    return expense


@transaction.atomic
def expense_update(
    *, user: AnyUser, expense: Expense, line: Contribution | BudgetLine | None, date: date,
    amount: Decimal, description: str, over_budget_reason: str = "",
    document: File | None | bool = None, version: int | None = None,
) -> Expense:
    """Change an expense: who recorded it or an editor of the agreement.

    ``version``: the expense's version when the form was opened (a stale one is refused).

    ``document``: None keeps the current one, False removes it, a file replaces it.
    """
    if not user_can_change_expense(user, expense, expense.agreement):
        raise PermissionDenied
    changes: dict[str, Any] = {
        **_line_fields(line), "date": date, "amount": amount, "description": description,
        "over_budget_reason": over_budget_reason,
    }
    upload = document if isinstance(document, File) else None
    candidate = model_candidate(expense, changes)
    _check_expense(candidate, user, upload=upload)
    changes["over_budget_reason"] = candidate.over_budget_reason
    old_name = expense.document.name or ""
    if upload is not None:
        changes["document"] = upload
    elif document is False:
        changes["document"] = ""
    model_update(
        expense, changes, fields=EXPENSE_FIELDS, user=user, agreement_id=expense.agreement_id,
        messages=MESSAGES, expected_version=version,
    )
    if "document" in changes and old_name and old_name != expense.document.name:
        _delete_file_on_commit(old_name)
    return expense


@transaction.atomic
def expense_delete(*, user: AnyUser, expense: Expense) -> None:
    """Remove an expense and its document: who recorded it or an editor of the agreement."""
    if not user_can_change_expense(user, expense, expense.agreement):
        raise PermissionDenied
    name = expense.document.name or ""
    model_delete(expense, user=user, agreement_id=expense.agreement_id)
    _delete_file_on_commit(name)
