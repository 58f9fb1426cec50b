"""Pages of indicators ("Indicatori"): check access, read the form, call one service, go back.

Anyone who sees the agreement sees the indicators; editors define them; whoever may log
reports values; editors of a public-body party approve them. Another organisation's
agreement is a 404.
"""

from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprogetta.accounts.forms import form_call
from coprogetta.accounts.services import EditConflict
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get, monitoring_checkpoints, user_can_edit
from coprogetta.lib import indicators as lib
from coprogetta.lib.textparse.numbers import format_date

from . import indicator_selectors, indicator_services
from .indicator_forms import ApproveForm, IndicatorForm, IndicatorValueForm, indicator_initial, typed
from .models import Indicator, IndicatorValue
from .views import get_and_post

FORM_TEMPLATE = "monitoring/indicator_form.html"
PERIOD = "periodo"


def _list_url(agreement: Agreement, period: date | None = None) -> str:
    url = reverse("monitoring:indicator_list", args=[agreement.pk])
    return f"{url}?{PERIOD}={period.isoformat()}" if period else url


def _crumbs(agreement: Agreement, title: str, *, list_page: bool = False) -> list[tuple[str, str]]:
    crumbs = [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
    ]
    if not list_page:
        crumbs.append((_("Indicators"), _list_url(agreement)))
    return [*crumbs, (title, "")]


@require_GET
def indicator_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    checkpoints = monitoring_checkpoints(agreement)
    checkpoint = indicator_selectors.chosen_checkpoint(
        checkpoints, request.GET.get(PERIOD), timezone.localdate(),
        reported=partial(indicator_selectors.reported_periods, agreement),
    )
    overview = indicator_selectors.indicator_overview(agreement, checkpoint)
    title = _("Indicators")
    return render(request, "monitoring/indicator_list.html", {
        "agreement": agreement, "overview": overview, "report": overview.report,
        "checkpoint": checkpoint, "can_edit": user_can_edit(request.user, agreement),
        "can_log": user_can_edit(request.user, agreement),  # values: editors only
        "can_approve": indicator_selectors.user_can_approve(request.user, agreement),
        "title": title, "crumbs": _crumbs(agreement, title, list_page=True),
    })


def _form_page(
    request: HttpRequest, *, agreement: Agreement, form: Any, title: str, save: Any, back: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = form.service_data() if hasattr(form, "service_data") else form.cleaned_data
        obj = form_call(form, save, data)
        if obj is not None:
            messages.success(request, _("Saved: %(item)s.") % {"item": obj})
            return redirect(back)
    return render(request, FORM_TEMPLATE, {
        "agreement": agreement, "form": form, "title": title, "back": back,
        "crumbs": _crumbs(agreement, title), **(context or {}),
    })


def _bound(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# -- indicators (editors) ------------------------------------------------------------------


def _indicator(agreement: Agreement, item: int) -> Indicator:
    indicator = get_object_or_404(Indicator, pk=item, agreement=agreement)
    indicator.agreement = agreement
    return indicator


@get_and_post
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    checkpoints = monitoring_checkpoints(agreement)
    form = IndicatorForm(_bound(request), agreement=agreement, checkpoints=checkpoints)
    del form.fields["version"]  # a new indicator has no version to compare
    save = partial(indicator_services.indicator_create, user=request.user, agreement=agreement)
    return _form_page(
        request, agreement=agreement, form=form, title=_("New indicator"), save=save,
        back=_list_url(agreement),
    )


@get_and_post
def indicator_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    indicator = _indicator(agreement, item)
    checkpoints = monitoring_checkpoints(agreement)
    initial = indicator_initial(indicator, indicator_selectors.indicator_targets(indicator))
    form = IndicatorForm(
        _bound(request), agreement=agreement, checkpoints=checkpoints, initial=initial,
    )
    save = partial(indicator_services.indicator_update, user=request.user, indicator=indicator)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Edit indicator"), save=save,
        back=_list_url(agreement), context={"item": indicator},
    )


@get_and_post
def indicator_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    indicator = _indicator(agreement, item)
    back = _list_url(agreement)
    if request.method == "POST":
        label = str(indicator)
        indicator_services.indicator_delete(user=request.user, indicator=indicator)
        messages.success(request, _("Deleted: %(item)s.") % {"item": label})
        return redirect(back)
    title = _("Delete indicator")
    return render(request, "monitoring/indicator_confirm_delete.html", {
        "agreement": agreement, "item": indicator, "title": title, "back": back,
        "values": indicator_selectors.indicator_value_count(indicator),
        "crumbs": _crumbs(agreement, title),
    })


# -- reported values (whoever may log) -----------------------------------------------------


def _value(request: HttpRequest, agreement: Agreement, item: int) -> IndicatorValue:
    value = get_object_or_404(
        IndicatorValue.objects.select_related("indicator", "reported_by", "approved_by"),
        pk=item, indicator__agreement=agreement,
    )
    value.indicator.agreement = agreement
    return value


def _value_context(indicator: Indicator, period: date | None) -> dict[str, Any]:
    """The indicator and its target for ``period``, shown above the value form."""
    targets = indicator_selectors.indicator_targets(indicator)
    target = targets.get(period) if period else None
    return {
        "indicator": indicator,
        "target_shown": lib.format_value(target, indicator.unit) if target is not None else "",  # type: ignore[arg-type]
        "baseline_shown": lib.format_value(indicator.baseline, indicator.unit)  # type: ignore[arg-type]
        if indicator.baseline is not None else "",
        "period": period,
    }


@get_and_post
def indicatorvalue_create(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    item = _indicator(agreement, indicator)
    checkpoints = monitoring_checkpoints(agreement)
    period = indicator_selectors.chosen_checkpoint(
        checkpoints, request.GET.get(PERIOD), timezone.localdate()
    )
    form = IndicatorValueForm(
        _bound(request), indicator=item, checkpoints=checkpoints,
        initial={"period_end": period.isoformat() if period else ""},
    )
    del form.fields["version"]  # a new value has no version to compare
    save = partial(indicator_services.indicator_value_create, user=request.user, indicator=item)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Report a value"), save=save,
        back=_list_url(agreement, period), context=_value_context(item, period),
    )


@get_and_post
def indicatorvalue_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    value = _value(request, agreement, item)
    if not indicator_selectors.user_can_change_value(request.user, value, agreement):
        raise PermissionDenied
    indicator = value.indicator
    checkpoints = monitoring_checkpoints(agreement)
    form = IndicatorValueForm(
        _bound(request), indicator=indicator, checkpoints=checkpoints, initial={
            "version": value.version, "period_end": value.period_end.isoformat(),
            "value": typed(value.value, indicator.unit), "note": value.note,
        },
    )
    save = partial(indicator_services.indicator_value_update, user=request.user, item=value)
    return _form_page(
        request, agreement=agreement, form=form, title=_("Edit reported value"), save=save,
        back=_list_url(agreement, value.period_end),
        context={**_value_context(indicator, value.period_end), "item": value},
    )


@get_and_post
def indicatorvalue_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    value = _value(request, agreement, item)
    if not indicator_selectors.user_can_change_value(request.user, value, agreement):
        raise PermissionDenied
    back = _list_url(agreement, value.period_end)
    if request.method == "POST":
        label = f"{value.indicator} · {value}"
        indicator_services.indicator_value_delete(user=request.user, item=value)
        messages.success(request, _("Deleted: %(item)s.") % {"item": label})
        return redirect(back)
    title = _("Delete reported value")
    return render(request, "monitoring/indicator_value_confirm.html", {
        "agreement": agreement, "item": value, "title": title, "back": back, "delete": True,
        "crumbs": _crumbs(agreement, title), **_value_context(value.indicator, value.period_end),
        "value_shown": lib.format_value(value.value, value.indicator.unit),  # type: ignore[arg-type]
    })


@get_and_post
def indicatorvalue_approve(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    value = _value(request, agreement, item)
    if not indicator_selectors.user_can_approve(request.user, agreement):
        raise PermissionDenied
    back = _list_url(agreement, value.period_end)
    form = ApproveForm(_bound(request), initial={"version": value.version})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            indicator_services.indicator_value_approve(
                user=request.user, item=value, version=form.cleaned_data["version"],
            )
        except EditConflict:
            # The value changed since the page was shown: show it again as it is now.
            value = _value(request, agreement, item)
            form = ApproveForm(initial={"version": value.version})
            errors = [_(
                "Someone changed this value while you were reading it: check it again before "
                "approving."
            )]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        else:
            messages.success(request, _("Approved: %(indicator)s, %(date)s.") % {
                "indicator": value.indicator, "date": format_date(value.period_end),
            })
            return redirect(back)
    title = _("Approve reported value")
    return render(request, "monitoring/indicator_value_confirm.html", {
        "agreement": agreement, "item": value, "title": title, "back": back, "form": form,
        "crumbs": _crumbs(agreement, title), **_value_context(value.indicator, value.period_end),
        "value_shown": lib.format_value(value.value, value.indicator.unit),  # type: ignore[arg-type]
        "already_approved": value.status == IndicatorValue.Status.APPROVED, "errors": errors,
    })
