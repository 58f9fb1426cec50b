"""Pages of agreements, their parties, areas and actions.

Each view reads the agreement through ``agreement_get`` (404 for another organisation's,
403 for a write without an editor role), looks children up inside it, validates the form and
calls one service.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Model
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coprogetta.accounts.forms import form_submit
from coprogetta.accounts.selectors import organizations_editable_by, user_is_editor

from . import selectors, services
from .forms import ActionForm, AgreementCreateForm, AgreementForm, AreaForm, PartyForm
from .models import Action, Agreement, Area

Crumb = tuple[str, str | None]
form_methods = require_http_methods(["GET", "POST"])


def _data(request: HttpRequest) -> Any:
    """The submitted data of a POST, None (an unbound form) for a GET."""
    return request.POST if request.method == "POST" else None


def _crumbs(*tail: Crumb, agreement: Agreement | None = None, area: Area | None = None) -> list[Crumb]:
    """Agreements › the agreement › the area › the page."""
    crumbs: list[Crumb] = [(_("Agreements"), reverse("agreements:list"))]
    if agreement is not None:
        crumbs.append((agreement.title, reverse("agreements:detail", args=[agreement.pk])))
    if area is not None:
        crumbs.append((str(area), reverse("agreements:area_detail", args=[agreement.pk, area.pk])))
    return crumbs + list(tail)


def _form_page(
    request: HttpRequest, form: BaseForm, *, title: str, crumbs: list[Crumb], cancel_url: str
) -> HttpResponse:
    return render(request, "agreements/form.html", {
        "form": form, "title": title, "crumbs": crumbs + [(title, None)], "cancel_url": cancel_url,
    })


def _delete_page(
    request: HttpRequest,
    *,
    obj: Model,
    delete: Callable[[], None],
    question: str,
    crumbs: Sequence[Crumb],
    cancel_url: str,
    success_url: str,
    done: str,
    title: str | None = None,
    button: str | None = None,
) -> HttpResponse:
    """GET asks for confirmation; POST deletes, or shows why the deletion was refused."""
    errors: list[str] = []
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, done)
            return redirect(success_url)
    title = title or _("Delete “%(object)s”") % {"object": obj}
    return render(request, "agreements/confirm_delete.html", {
        "object": obj, "title": title, "question": question, "errors": errors,
        "button": button or _("Delete"),
        "crumbs": [*crumbs, (title, None)], "cancel_url": cancel_url,
    })


# -- agreements ------------------------------------------------------------------------------


#: Agreements per page of the list.
AGREEMENTS_PER_PAGE = 50


@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.agreement_list(request.user), AGREEMENTS_PER_PAGE).get_page(
        request.GET.get("pagina"))
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "agreements/list.html", {
        "agreements": page.object_list,
        "page": page,
        "can_create": user_is_editor(request.user),
    })


@form_methods
def agreement_create(request: HttpRequest) -> HttpResponse:
    if not user_is_editor(request.user):
        raise PermissionDenied
    form = AgreementCreateForm(_data(request), organizations=organizations_editable_by(request.user))
    if agreement := form_submit(form, services.agreement_create, user=request.user):
        messages.success(request, _("Agreement saved."))
        return redirect("agreements:detail", agreement.pk)
    return _form_page(
        request, form, title=_("New agreement"), crumbs=_crumbs(),
        cancel_url=reverse("agreements:list"),
    )


@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_detail(request.user, pk)
    return render(request, "agreements/detail.html", {
        "agreement": agreement,
        "summary": selectors.economic_summary(agreement),
        "can_edit": selectors.user_can_edit(request.user, agreement),
        "crumbs": _crumbs((agreement.title, None)),
    })


@form_methods
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    form = AgreementForm(_data(request), instance=agreement)
    if form_submit(form, services.agreement_update, user=request.user, agreement=agreement):
        messages.success(request, _("Agreement saved."))
        return redirect("agreements:detail", agreement.pk)
    return _form_page(
        request, form, title=_("Edit the agreement"), crumbs=_crumbs(agreement=agreement),
        cancel_url=reverse("agreements:detail", args=[agreement.pk]),
    )


@form_methods
def agreement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    return _delete_page(
        request, obj=agreement,
        delete=lambda: services.agreement_delete(user=request.user, agreement=agreement),
        question=_("The agreement will be deleted with its parties, areas, actions and money. "
                   "This cannot be undone."),
        crumbs=_crumbs(agreement=agreement),
        cancel_url=reverse("agreements:detail", args=[agreement.pk]),
        success_url=reverse("agreements:list"), done=_("Agreement deleted."),
    )


# -- parties ---------------------------------------------------------------------------------


def _parties_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk]) + "#parties"


@form_methods
def party_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    form = PartyForm(_data(request))
    if form_submit(form, services.party_add, user=request.user, agreement=agreement):
        messages.success(request, _("Party added."))
        return redirect(_parties_url(agreement))
    return _form_page(
        request, form, title=_("Add a party"), crumbs=_crumbs(agreement=agreement),
        cancel_url=_parties_url(agreement),
    )


@form_methods
def party_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    party = get_object_or_404(agreement.parties.select_related("organization"), pk=item)
    form = PartyForm(_data(request), instance=party)
    if form_submit(form, services.party_update, user=request.user, party=party):
        messages.success(request, _("Party saved."))
        return redirect(_parties_url(agreement))
    return _form_page(
        request, form, title=_("Edit the party"), crumbs=_crumbs(agreement=agreement),
        cancel_url=_parties_url(agreement),
    )


@form_methods
def party_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    party = get_object_or_404(agreement.parties.select_related("organization"), pk=item)
    return _delete_page(
        request, obj=party,
        delete=lambda: services.party_remove(user=request.user, party=party),
        title=_("Remove “%(organization)s” from the agreement") % {"organization": party.organization},
        button=_("Remove"),
        question=_("The organisation will no longer be a party to this agreement."),
        crumbs=_crumbs(agreement=agreement), cancel_url=_parties_url(agreement),
        success_url=_parties_url(agreement), done=_("Party removed."),
    )


# -- areas -----------------------------------------------------------------------------------


def _area_url(area: Area) -> str:
    return reverse("agreements:area_detail", args=[area.agreement_id, area.pk])


@form_methods
def area_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    next_number = (agreement.areas.aggregate(top=Max("number"))["top"] or 0) + 1
    form = AreaForm(_data(request), initial={"number": next_number})
    if area := form_submit(form, services.area_create, user=request.user, agreement=agreement):
        messages.success(request, _("Area saved."))
        return redirect(_area_url(area))
    return _form_page(
        request, form, title=_("New area"), crumbs=_crumbs(agreement=agreement),
        cancel_url=reverse("agreements:detail", args=[agreement.pk]),
    )


@require_GET
def area_detail(request: HttpRequest, pk: int, area: int) -> HttpResponse:
    agreement = selectors.agreement_detail(request.user, pk)
    summary = selectors.economic_summary(agreement)
    area_summary = next((s for s in summary.areas if s.area is not None and s.area.pk == area), None)
    if area_summary is None:
        raise Http404
    actions = area_summary.area.actions.all()
    return render(request, "agreements/area_detail.html", {
        "agreement": agreement,
        "area": area_summary.area,
        "area_summary": area_summary,
        "actions_by_kind": [
            (kind, label, [a for a in actions if a.kind == kind]) for kind, label in Action.Kind.choices
        ],
        "can_edit": selectors.user_can_edit(request.user, agreement),
        "crumbs": _crumbs((str(area_summary.area), None), agreement=agreement),
    })


@form_methods
def area_edit(request: HttpRequest, pk: int, area: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    item = get_object_or_404(agreement.areas, pk=area)
    form = AreaForm(_data(request), instance=item)
    if form_submit(form, services.area_update, user=request.user, area=item):
        messages.success(request, _("Area saved."))
        return redirect(_area_url(item))
    return _form_page(
        request, form, title=_("Edit the area"), crumbs=_crumbs(agreement=agreement, area=item),
        cancel_url=_area_url(item),
    )


@form_methods
def area_delete(request: HttpRequest, pk: int, area: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    item = get_object_or_404(agreement.areas, pk=area)
    return _delete_page(
        request, obj=item,
        delete=lambda: services.area_delete(user=request.user, area=item),
        question=_("The area will be deleted with its actions and money. This cannot be undone."),
        crumbs=_crumbs(agreement=agreement, area=item), cancel_url=_area_url(item),
        success_url=reverse("agreements:detail", args=[agreement.pk]), done=_("Area deleted."),
    )


# -- actions ---------------------------------------------------------------------------------


@form_methods
def action_create(request: HttpRequest, pk: int, area: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    item = get_object_or_404(agreement.areas, pk=area)
    kind = request.GET.get("kind")
    initial = {"kind": kind} if kind in Action.Kind.values else {}
    form = ActionForm(_data(request), initial=initial, agreement=agreement)
    if form_submit(form, services.action_create, user=request.user, area=item):
        messages.success(request, _("Action saved."))
        return redirect(_area_url(item))
    return _form_page(
        request, form, title=_("New action"), crumbs=_crumbs(agreement=agreement, area=item),
        cancel_url=_area_url(item),
    )


def _action_in(agreement: Agreement, pk: int) -> Action:
    """The action if it belongs to one of the agreement's areas; 404 otherwise."""
    return get_object_or_404(
        Action.objects.select_related("area__agreement"), pk=pk, area__agreement=agreement
    )


@form_methods
def action_edit(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    action = _action_in(agreement, item)
    form = ActionForm(_data(request), instance=action, agreement=agreement)
    if form_submit(form, services.action_update, user=request.user, action=action):
        messages.success(request, _("Action saved."))
        return redirect(_area_url(action.area))
    return _form_page(
        request, form, title=_("Edit the action"),
        crumbs=_crumbs(agreement=agreement, area=action.area), cancel_url=_area_url(action.area),
    )


@form_methods
def action_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = selectors.agreement_get(request.user, pk, for_edit=True)
    action = _action_in(agreement, item)
    return _delete_page(
        request, obj=action,
        delete=lambda: services.action_delete(user=request.user, action=action),
        question=_("The action will be deleted. Money linked to it stays in the area."),
        crumbs=_crumbs(agreement=agreement, area=action.area), cancel_url=_area_url(action.area),
        success_url=_area_url(action.area), done=_("Action deleted."),
    )
