"""Pages that change an agreement's money: check access, read the form, call one service, go back.

Every view starts with ``agreement_get(..., for_edit=True)`` (404 for another organisation,
403 for readers) and looks the item up inside that agreement (another agreement's item: 404).
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from coprogetta.accounts.forms import form_call

from . import budget_services as services
from .budget_forms import (
    BudgetLineForm,
    ContributionForm,
    FeeTierForm,
    MoneyForm,
    StaffCostForm,
    TrancheForm,
    TrancheInvoiceForm,
    TranchePayForm,
    TrancheReopenForm,
    initial_for,
)
from .models import Agreement, BudgetLine, Contribution, FeeTier, PaymentTranche, StaffCost
from .selectors import agreement_get

FORM_TEMPLATE = "agreements/budget/form.html"
DELETE_TEMPLATE = "agreements/budget/confirm_delete.html"
get_and_post = require_http_methods(["GET", "POST"])


# -- the three steps, shared -----------------------------------------------------------------


def _back(agreement: Agreement, area_id: int | None) -> str:
    """The page that shows the item: its area's page, or the agreement's."""
    if area_id:
        return reverse("agreements:area_detail", args=[agreement.pk, area_id])
    return reverse("agreements:detail", args=[agreement.pk])


def _area_id(obj: models.Model) -> int | None:
    return obj.budget_line.area_id if isinstance(obj, FeeTier) else obj.area_id


def _data(request: HttpRequest) -> QueryDict | None:
    return request.POST if request.method == "POST" else None


def _area_param(request: HttpRequest, agreement: Agreement) -> int | None:
    """The ``?area=`` of a "new" link, if it is one of the agreement's areas."""
    value = request.GET.get("area", "")
    if not value.isdigit():
        return None
    return agreement.areas.filter(pk=int(value)).values_list("pk", flat=True).first()


def _form_page(
    request: HttpRequest, *, agreement: Agreement, form: MoneyForm, title: str, back: str,
    save: Callable[..., models.Model], context: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        obj = form_call(form, save, form.service_data())
        if obj is not None:
            messages.success(request, _("Saved: %(item)s.") % {"item": obj})
            return redirect(_back(agreement, _area_id(obj)))
    return render(request, FORM_TEMPLATE, {
        "agreement": agreement, "form": form, "title": title, "back": back, **(context or {}),
    })


def _edit_page(
    request: HttpRequest, *, agreement: Agreement, form_class: type[MoneyForm], obj: models.Model,
    title: str, save: Callable[..., models.Model], context: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    initial = initial_for(form_class, obj) if initial is None else initial
    form = form_class(_data(request), agreement=agreement, initial=initial)
    return _form_page(
        request, agreement=agreement, form=form, title=title, back=_back(agreement, _area_id(obj)),
        save=save, context={"item": obj, **(context or {})},
    )


def _delete_page(
    request: HttpRequest, *, agreement: Agreement, obj: models.Model, title: str,
    delete: Callable[[], None],
) -> HttpResponse:
    back = _back(agreement, _area_id(obj))
    errors: list[str] = []
    if request.method == "POST":
        label = str(obj)
        try:
            delete()
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Deleted: %(item)s.") % {"item": label})
            return redirect(back)
    return render(request, DELETE_TEMPLATE, {
        "agreement": agreement, "item": obj, "title": title, "back": back, "errors": errors,
    })


def _create_page(
    request: HttpRequest, agreement: Agreement, form_class: type[MoneyForm], title: str,
    save: Callable[..., models.Model],
) -> HttpResponse:
    area_id = _area_param(request, agreement)
    form = form_class(_data(request), agreement=agreement, initial={"area": area_id})
    return _form_page(
        request, agreement=agreement, form=form, title=title, back=_back(agreement, area_id), save=save,
    )


# -- budget lines ----------------------------------------------------------------------------


@get_and_post
def budgetline_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    save = partial(services.budget_line_create, user=request.user, agreement=agreement)
    return _create_page(request, agreement, BudgetLineForm, _("New budget line"), save)


@get_and_post
def budgetline_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    line = get_object_or_404(BudgetLine, pk=item, agreement=agreement)
    save = partial(services.budget_line_update, user=request.user, line=line)
    return _edit_page(
        request, agreement=agreement, form_class=BudgetLineForm, obj=line, title=_("Edit budget line"),
        save=save,
    )


@get_and_post
def budgetline_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    line = get_object_or_404(BudgetLine, pk=item, agreement=agreement)
    delete = partial(services.budget_line_delete, user=request.user, line=line)
    return _delete_page(request, agreement=agreement, obj=line, title=_("Delete budget line"), delete=delete)


# -- fee tiers -------------------------------------------------------------------------------


def _tier(agreement: Agreement, item: int) -> FeeTier:
    return get_object_or_404(
        FeeTier.objects.select_related("budget_line"), pk=item, budget_line__agreement=agreement
    )


@get_and_post
def feetier_create(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    budget_line = get_object_or_404(BudgetLine, pk=line, agreement=agreement)
    form = FeeTierForm(_data(request), agreement=agreement)
    save = partial(services.fee_tier_create, user=request.user, line=budget_line)
    return _form_page(
        request, agreement=agreement, form=form, title=_("New fee tier"),
        back=_back(agreement, budget_line.area_id), save=save, context={"line": budget_line},
    )


@get_and_post
def feetier_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tier = _tier(agreement, item)
    save = partial(services.fee_tier_update, user=request.user, tier=tier)
    return _edit_page(
        request, agreement=agreement, form_class=FeeTierForm, obj=tier, title=_("Edit fee tier"), save=save,
        context={"line": tier.budget_line},
    )


@get_and_post
def feetier_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tier = _tier(agreement, item)
    delete = partial(services.fee_tier_delete, user=request.user, tier=tier)
    return _delete_page(request, agreement=agreement, obj=tier, title=_("Delete fee tier"), delete=delete)


# -- contributions ---------------------------------------------------------------------------


@get_and_post
def contribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    save = partial(services.contribution_create, user=request.user, agreement=agreement)
    title = _("New contribution of the Third-Sector party")
    return _create_page(request, agreement, ContributionForm, title, save)


@get_and_post
def contribution_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    contribution = get_object_or_404(Contribution, pk=item, agreement=agreement)
    save = partial(services.contribution_update, user=request.user, item=contribution)
    initial = initial_for(ContributionForm, contribution)
    if services.contribution_is_computed(contribution):
        initial["amount"] = None  # left blank, it follows a changed percentage
    return _edit_page(
        request, agreement=agreement, form_class=ContributionForm, obj=contribution,
        title=_("Edit contribution"), save=save, initial=initial,
    )


@get_and_post
def contribution_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    contribution = get_object_or_404(Contribution, pk=item, agreement=agreement)
    delete = partial(services.contribution_delete, user=request.user, item=contribution)
    return _delete_page(
        request, agreement=agreement, obj=contribution, title=_("Delete contribution"), delete=delete,
    )


# -- payment tranches ------------------------------------------------------------------------


@get_and_post
def tranche_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    save = partial(services.tranche_create, user=request.user, agreement=agreement)
    return _create_page(request, agreement, TrancheForm, _("New payment tranche"), save)


@get_and_post
def tranche_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tranche = get_object_or_404(PaymentTranche, pk=item, agreement=agreement)
    save = partial(services.tranche_update, user=request.user, tranche=tranche)
    return _edit_page(
        request, agreement=agreement, form_class=TrancheForm, obj=tranche, title=_("Edit payment tranche"),
        save=save,
    )


@get_and_post
def tranche_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tranche = get_object_or_404(PaymentTranche, pk=item, agreement=agreement)
    delete = partial(services.tranche_delete, user=request.user, tranche=tranche)
    return _delete_page(
        request, agreement=agreement, obj=tranche, title=_("Delete payment tranche"), delete=delete,
    )


def _tranche(agreement: Agreement, item: int) -> PaymentTranche:
    return get_object_or_404(PaymentTranche, pk=item, agreement=agreement)


def _tranche_step(
    request: HttpRequest, *, agreement: Agreement, tranche: PaymentTranche, form_class: type[forms.Form],
    title: str, intro: str, save: Callable[..., PaymentTranche], done: str,
    initial: dict[str, Any] | None = None, submit_label: str | None = None,
) -> HttpResponse:
    """A page that moves a tranche one step (invoice, payment, reopen): GET shows the form."""
    back = _back(agreement, tranche.area_id)
    form = form_class(_data(request), initial={"version": tranche.version, **(initial or {})})
    if request.method == "POST" and form.is_valid():
        obj = form_call(form, save, form.cleaned_data)
        if obj is not None:
            messages.success(request, done % {"item": obj})
            return redirect(back)
    return render(request, FORM_TEMPLATE, {
        "agreement": agreement, "form": form, "title": title, "back": back, "item": tranche,
        "intro": intro, "submit_label": submit_label,
    })


def _tranche_label(tranche: PaymentTranche) -> dict[str, str]:
    return {"tranche": str(tranche), "status": tranche.get_status_display().lower()}


@get_and_post
def tranche_invoice(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tranche = _tranche(agreement, item)
    save = partial(services.tranche_invoice, user=request.user, tranche=tranche)
    return _tranche_step(
        request, agreement=agreement, tranche=tranche, form_class=TrancheInvoiceForm,
        title=_("Record the invoice of a tranche"), save=save,
        intro=_("Tranche “%(tranche)s”, now %(status)s. Once the invoice is recorded the tranche is "
                "invoiced and waits for the payment.") % _tranche_label(tranche),
        done=_("Invoice recorded: %(item)s."),
    )


@get_and_post
def tranche_pay(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tranche = _tranche(agreement, item)
    save = partial(services.tranche_pay, user=request.user, tranche=tranche)
    return _tranche_step(
        request, agreement=agreement, tranche=tranche, form_class=TranchePayForm,
        title=_("Record the payment of a tranche"), save=save,
        intro=_("Tranche “%(tranche)s”, now %(status)s.") % _tranche_label(tranche),
        done=_("Payment recorded: %(item)s."),
    )


@get_and_post
def tranche_reopen(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    tranche = _tranche(agreement, item)
    save = partial(services.tranche_reopen, user=request.user, tranche=tranche)
    if tranche.status == PaymentTranche.Status.PAID:
        intro = _("Tranche “%(tranche)s” is paid: its payment will be undone and it will wait for the "
                  "payment again. The invoice stays.")
    elif tranche.status == PaymentTranche.Status.INVOICED:
        intro = _("Tranche “%(tranche)s” is invoiced: its invoice will be undone and it will be planned "
                  "again.")
    else:
        intro = _("Tranche “%(tranche)s” is planned: there is no invoice or payment to undo.")
    return _tranche_step(
        request, agreement=agreement, tranche=tranche, form_class=TrancheReopenForm,
        title=_("Undo the last step of a tranche"), save=save,
        intro=intro % _tranche_label(tranche), done=_("Last step undone: %(item)s."),
        submit_label=_("Undo the last step"),
    )


# -- staff costs -----------------------------------------------------------------------------


@get_and_post
def staffcost_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    save = partial(services.staff_cost_create, user=request.user, agreement=agreement)
    return _create_page(request, agreement, StaffCostForm, _("New staff cost"), save)


@get_and_post
def staffcost_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    cost = get_object_or_404(StaffCost, pk=item, agreement=agreement)
    save = partial(services.staff_cost_update, user=request.user, cost=cost)
    return _edit_page(
        request, agreement=agreement, form_class=StaffCostForm, obj=cost, title=_("Edit staff cost"),
        save=save,
    )


@get_and_post
def staffcost_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    cost = get_object_or_404(StaffCost, pk=item, agreement=agreement)
    delete = partial(services.staff_cost_delete, user=request.user, cost=cost)
    return _delete_page(request, agreement=agreement, obj=cost, title=_("Delete staff cost"), delete=delete)
