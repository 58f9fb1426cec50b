"""Pages of the progress of actions ("Avanzamento"): check access, read the form, call one
service or selector, respond.

Anyone who sees the agreement sees the page; checkpoints are written by its editors (others:
403); another organisation's agreement is a 404.
"""

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprogetta.accounts.forms import form_call
from coprogetta.agreements.models import Action, Agreement
from coprogetta.agreements.selectors import agreement_get, user_can_edit

from . import progress_selectors, progress_services
from .models import ActionProgress
from .progress_forms import AsOfForm, ProgressForm
from .views import _delete_page, get_and_post

FORM_TEMPLATE = "monitoring/progress_form.html"


def _crumbs(agreement: Agreement, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Agreements › the agreement › progress › the page."""
    return [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
        *tail,
    ]


def _list_url(agreement: Agreement, action: Action | None = None) -> str:
    url = reverse("monitoring:progress_list", args=[agreement.pk])
    return f"{url}#azione-{action.pk}" if action is not None else url


@require_GET
def progress_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    as_of_form = AsOfForm(request.GET if "al" in request.GET else None)
    report = progress_selectors.progress_report(agreement, as_of_form.as_of())
    return render(request, "monitoring/progress_list.html", {
        "agreement": agreement, "report": report, "as_of_form": as_of_form,
        "can_edit": user_can_edit(request.user, agreement), "title": _("Progress of the actions"),
        "crumbs": _crumbs(agreement, (_("Progress of the actions"), None)),
    })


def _form_page(
    request: HttpRequest, *, agreement: Agreement, action: Action, form: ProgressForm, title: str,
    save: partial[ActionProgress], item: ActionProgress | None = None,
) -> HttpResponse:
    back = _list_url(agreement, action)
    if request.method == "POST" and form.is_valid():
        saved = form_call(form, save, form.cleaned_data)
        if saved is not None:
            messages.success(request, _("Saved: %(item)s.") % {"item": saved})
            return redirect(back)
    return render(request, FORM_TEMPLATE, {
        "agreement": agreement, "action": action, "form": form, "title": title, "back": back,
        "item": item,
        "crumbs": _crumbs(agreement, (_("Progress of the actions"), _list_url(agreement)), (title, None)),
    })


@get_and_post
def progress_create(request: HttpRequest, pk: int, action: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    target = get_object_or_404(Action.objects.select_related("area"), pk=action, area__agreement=agreement)
    target.area.agreement = agreement
    form = ProgressForm(
        request.POST if request.method == "POST" else None,
        initial={"status": target.status, "percent": target.progress},
    )
    save = partial(progress_services.progress_create, user=request.user, action=target)
    return _form_page(
        request, agreement=agreement, action=target, form=form, title=_("Record progress"), save=save,
    )


def _item(agreement: Agreement, item: int) -> ActionProgress:
    checkpoint = get_object_or_404(
        ActionProgress.objects.select_related("action__area"), pk=item,
        action__area__agreement=agreement,
    )
    checkpoint.action.area.agreement = agreement
    return checkpoint


@get_and_post
def progress_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    checkpoint = _item(agreement, item)
    initial = {
        "date": checkpoint.date, "status": checkpoint.status, "percent": checkpoint.percent,
        "note": checkpoint.note, "version": checkpoint.version,
    }
    form = ProgressForm(request.POST if request.method == "POST" else None, initial=initial)
    save = partial(progress_services.progress_update, user=request.user, item=checkpoint)
    return _form_page(
        request, agreement=agreement, action=checkpoint.action, form=form,
        title=_("Edit progress checkpoint"), save=save, item=checkpoint,
    )


@get_and_post
def progress_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    checkpoint = _item(agreement, item)
    delete = partial(progress_services.progress_delete, user=request.user, item=checkpoint)
    return _delete_page(
        request, agreement=agreement, obj=checkpoint, title=_("Delete progress checkpoint"),
        back=_list_url(agreement, checkpoint.action), delete=delete,
    )
