"""Pages of expenses ("Spese"): check access, read the form, call one service, go back.

Anyone who sees the agreement sees the page and the documents; recording needs a role that
may log (operators included, readers never: 403); another organisation's agreement is a 404.
"""

from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprogetta.accounts.forms import form_call
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get

from . import expense_selectors, expense_services, selectors
from .expense_forms import ExpenseForm, line_value
from .models import Expense
from .views import ENTRIES_PER_PAGE, _delete_page, get_and_post

FORM_TEMPLATE = "monitoring/expense_form.html"


def _expenses_url(agreement: Agreement) -> str:
    return reverse("monitoring:expense_list", args=[agreement.pk])


@require_GET
def expense_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    summary = expense_selectors.budget_actual(agreement, as_of=timezone.localdate())
    page = Paginator(expense_selectors.expenses(agreement), ENTRIES_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    rows = [
        (expense, expense_selectors.user_can_change_expense(request.user, expense, agreement))
        for expense in page
    ]
    return render(request, "monitoring/expense_list.html", {
        "agreement": agreement, "summary": summary, "page": page, "rows": rows,
        "can_log": selectors.user_may_record(request.user, agreement),
        "notice": selectors.assignment_notice(request.user, agreement), "title": _("Expenses"),
    })


def _expense(request: HttpRequest, agreement: Agreement, item: int) -> Expense:
    expense = get_object_or_404(
        Expense.objects.select_related("contribution", "budget_line"), pk=item, agreement=agreement
    )
    if not expense_selectors.user_can_change_expense(request.user, expense, agreement):
        raise PermissionDenied
    expense.agreement = agreement
    return expense


def _form_page(
    request: HttpRequest, *, agreement: Agreement, form: ExpenseForm, title: str,
    save: Any, context: dict[str, Any] | None = None,
) -> HttpResponse:
    back = _expenses_url(agreement)
    if request.method == "POST" and form.is_valid():
        obj = form_call(form, save, form.service_data())
        if obj is not None:
            messages.success(request, _("Saved: %(item)s.") % {"item": obj})
            return redirect(back)
    return render(request, FORM_TEMPLATE, {
        "agreement": agreement, "form": form, "title": title, "back": back,
        "over_budget": "over_budget_reason" in form.errors, **(context or {}),
    })


def _bound(request: HttpRequest) -> tuple[Any, Any]:
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


@get_and_post
def expense_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for_logging(request.user, pk)
    data, files = _bound(request)
    form = ExpenseForm(
        data, files, agreement=agreement, user=request.user, initial={"line": request.GET.get("voce", "")},
    )
    save = partial(expense_services.expense_create, user=request.user, agreement=agreement)
    return _form_page(request, agreement=agreement, form=form, title=_("Record an expense"), save=save)


@get_and_post
def expense_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    expense = _expense(request, agreement, item)
    line = expense.line
    initial = {
        "line": line_value(line) if line is not None else "", "date": expense.date,
        "amount": expense.amount, "description": expense.description,
        "over_budget_reason": expense.over_budget_reason, "version": expense.version,
    }
    data, files = _bound(request)
    form = ExpenseForm(
        data, files, agreement=agreement, user=request.user, initial=initial,
        has_document=bool(expense.document),
    )
    save = partial(expense_services.expense_update, user=request.user, expense=expense)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Edit expense"), save=save,
        context={"item": expense},
    )


@get_and_post
def expense_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    expense = _expense(request, agreement, item)
    delete = partial(expense_services.expense_delete, user=request.user, expense=expense)
    return _delete_page(
        request, agreement=agreement, obj=expense, title=_("Delete expense"),
        back=_expenses_url(agreement), delete=delete,
    )


@require_GET
def expense_document(request: HttpRequest, pk: int, item: int) -> FileResponse:
    """The expense's document, as an attachment, to whoever may see the agreement."""
    agreement = agreement_get(request.user, pk)
    expense = get_object_or_404(Expense, pk=item, agreement=agreement)
    if not expense.document:
        raise Http404
    extension = expense_services.document_extension(expense.document.name)
    if extension not in expense_services.DOCUMENT_TYPES:
        raise Http404
    try:
        handle = expense.document.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    filename = f"spesa-{expense.pk}.{extension}"
    response = FileResponse(
        handle, as_attachment=True, filename=filename,
        content_type=expense_services.DOCUMENT_TYPES[extension][1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

