"""Pages of hours and enrolments: check access, read the form, call one service, go back.

Anyone who sees the agreement sees these pages; writing needs a role that may log
(operators included, readers never: 403); another organisation's agreement is a 404.
"""

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coprogetta.accounts.forms import form_call
from coprogetta.agreements.models import Agreement, BudgetLine
from coprogetta.agreements.selectors import agreement_get

from . import selectors, services
from .forms import EnrolmentForm, TimeEntryForm, WhatIfForm
from .models import EnrolmentCount, TimeEntry

FORM_TEMPLATE = "agreements/budget/form.html"
DELETE_TEMPLATE = "agreements/budget/confirm_delete.html"
ENTRIES_PER_PAGE = 50
get_and_post = require_http_methods(["GET", "POST"])


def _id_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def _form_page(
    request: HttpRequest, *, agreement: Agreement, form: forms.Form, title: str, back: str,
    save: Callable[..., models.Model], context: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        obj = form_call(form, save, form.cleaned_data)
        if obj is not None:
            messages.success(request, _("Saved: %(item)s.") % {"item": obj})
            return redirect(back)
    return render(request, FORM_TEMPLATE, {
        "agreement": agreement, "form": form, "title": title, "back": back, **(context or {}),
    })


def _delete_page(
    request: HttpRequest, *, agreement: Agreement, obj: models.Model, title: str, back: str,
    delete: Callable[[], None],
) -> HttpResponse:
    if request.method == "POST":
        label = str(obj)
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Deleted: %(item)s.") % {"item": label})
        return redirect(back)
    return render(request, DELETE_TEMPLATE, {
        "agreement": agreement, "item": obj, "title": title, "back": back,
    })


# -- hours ---------------------------------------------------------------------------------


@require_GET
def timeentry_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    summary = selectors.hours_summary(agreement)
    costs = {s.cost.pk: s.cost for s in summary.lines}
    staff_cost = costs.get(_id_param(request, "voce") or 0)
    actions = {a.action.pk: a.action for a in summary.actions}
    action = actions.get(_id_param(request, "azione") or 0)
    entries = selectors.time_entries(agreement, staff_cost=staff_cost, action=action)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("pagina"))
    rows = [(entry, selectors.user_can_change_entry(request.user, entry, agreement)) for entry in page]
    filters = {"voce": staff_cost and staff_cost.pk, "azione": action and action.pk}
    kept = urlencode({name: value for name, value in filters.items() if value})
    return render(request, "monitoring/timeentry_list.html", {
        "agreement": agreement, "summary": summary, "page": page, "rows": rows,
        "can_log": selectors.user_may_record(request.user, agreement),
        "notice": selectors.assignment_notice(request.user, agreement),
        "staff_cost": staff_cost, "action": action, "title": _("Hours"),
        "filter_query": f"&{kept}" if kept else "",
    })


def _entry(request: HttpRequest, agreement: Agreement, item: int) -> TimeEntry:
    entry = get_object_or_404(
        TimeEntry.objects.select_related("staff_cost", "action__area"), pk=item, agreement=agreement
    )
    if not selectors.user_can_change_entry(request.user, entry, agreement):
        raise PermissionDenied
    entry.agreement = agreement
    return entry


def _hours_url(agreement: Agreement) -> str:
    return reverse("monitoring:timeentry_list", args=[agreement.pk])


@get_and_post
def timeentry_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_for_logging(request.user, pk)
    initial = {"staff_cost": _id_param(request, "voce"), "action": _id_param(request, "azione")}
    form = TimeEntryForm(request.POST if request.method == "POST" else None, agreement=agreement,
                         user=request.user, initial=initial)
    save = partial(services.time_entry_create, user=request.user, agreement=agreement)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Log hours"), back=_hours_url(agreement),
        save=save,
    )


@get_and_post
def timeentry_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    entry = _entry(request, agreement, item)
    initial = {
        "staff_cost": entry.staff_cost_id, "action": entry.action_id, "date": entry.date,
        "hours": entry.hours, "note": entry.note, "version": entry.version,
    }
    form = TimeEntryForm(request.POST if request.method == "POST" else None, agreement=agreement,
                         user=request.user, initial=initial)
    save = partial(services.time_entry_update, user=request.user, entry=entry)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Edit time entry"), back=_hours_url(agreement),
        save=save, context={"item": entry},
    )


@get_and_post
def timeentry_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    entry = _entry(request, agreement, item)
    delete = partial(services.time_entry_delete, user=request.user, entry=entry)
    return _delete_page(
        request, agreement=agreement, obj=entry, title=_("Delete time entry"), back=_hours_url(agreement),
        delete=delete,
    )


# -- enrolments ----------------------------------------------------------------------------


@require_GET
def enrolment_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    what_if_form = WhatIfForm(request.GET if "da" in request.GET or "iscritti" in request.GET else None)
    what_if = what_if_form.values()
    only = _id_param(request, "voce")
    lines = [
        selectors.line_enrolment(
            agreement, line, what_if=what_if if only is None or only == line.pk else None
        )
        for line in selectors.monthly_lines(agreement)
    ]
    writable = {
        item.line.pk for item in lines
        if selectors.user_can_change_enrolment(request.user, item.line, agreement)
    }
    return render(request, "monitoring/enrolment_list.html", {
        "agreement": agreement, "lines": lines, "what_if_form": what_if_form, "what_if": what_if,
        "writable": writable, "notice": selectors.assignment_notice(request.user, agreement),
        "title": _("Enrolments"),
    })


def _enrolments_url(agreement: Agreement) -> str:
    return reverse("monitoring:enrolment_list", args=[agreement.pk])


def _enrolment(request: HttpRequest, agreement: Agreement, item: int) -> EnrolmentCount:
    enrolment = get_object_or_404(
        EnrolmentCount.objects.select_related("budget_line"), pk=item, budget_line__agreement=agreement
    )
    if not selectors.user_can_change_enrolment(request.user, enrolment.budget_line, agreement):
        raise PermissionDenied
    enrolment.budget_line.agreement = agreement
    return enrolment


@get_and_post
def enrolment_create(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    agreement = selectors.agreement_for_logging(request.user, pk)
    budget_line = get_object_or_404(BudgetLine, pk=line, agreement=agreement, unit=BudgetLine.Unit.MONTH)
    if not selectors.user_can_change_enrolment(request.user, budget_line, agreement):
        raise PermissionDenied
    budget_line.agreement = agreement
    form = EnrolmentForm(request.POST if request.method == "POST" else None)
    save = partial(services.enrolment_create, user=request.user, line=budget_line)
    return _form_page(
        request, agreement=agreement, form=form, title=_("New enrolment count"),
        back=_enrolments_url(agreement), save=save, context={"line": budget_line},
    )


@get_and_post
def enrolment_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = selectors.agreement_for_logging(request.user, pk)
    enrolment = _enrolment(request, agreement, item)
    initial = {
        "month": enrolment.month, "count": enrolment.count, "note": enrolment.note,
        "version": enrolment.version,
    }
    form = EnrolmentForm(request.POST if request.method == "POST" else None, initial=initial)
    save = partial(services.enrolment_update, user=request.user, item=enrolment)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Edit enrolment count"),
        back=_enrolments_url(agreement), save=save,
        context={"line": enrolment.budget_line, "item": enrolment},
    )


@get_and_post
def enrolment_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = selectors.agreement_for_logging(request.user, pk)
    enrolment = _enrolment(request, agreement, item)
    delete = partial(services.enrolment_delete, user=request.user, item=enrolment)
    return _delete_page(
        request, agreement=agreement, obj=enrolment, title=_("Delete enrolment count"),
        back=_enrolments_url(agreement), delete=delete,
    )
