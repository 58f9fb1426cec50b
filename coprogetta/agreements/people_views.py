"""The People page of an agreement ("Persone"): who has access, with which role, assigned to what.

Everyone who sees the agreement sees the page; editors of a public-body party and superusers
narrow roles and assign operators (``people_services.require_manage``: 403 for anyone else,
checked before any form is shown); another organisation's agreement is a 404.
"""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coprogetta.accounts.forms import form_call

from . import people_selectors as selectors
from . import people_services as services
from .access import Role, access_for
from .models import Agreement
from .people_forms import AgreementRoleForm, AssignmentForm
from .selectors import agreement_get
from .views import _delete_page

get_and_post = require_http_methods(["GET", "POST"])


def _list_url(agreement: Agreement) -> str:
    return reverse("agreements:people_list", args=[agreement.pk])


def _crumbs(agreement: Agreement, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    """Agreements › the agreement, and with ``tail``: › People › the page."""
    crumbs: list[tuple[str, str | None]] = [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
    ]
    if tail:
        crumbs.append((_("People"), _list_url(agreement)))
    return [*crumbs, *tail]


def _managed(request: HttpRequest, pk: int) -> Agreement:
    """The agreement (404 if not visible), if the user may manage its people (403 otherwise)."""
    agreement = agreement_get(request.user, pk)
    if not access_for(request.user, agreement).can_approve:
        raise PermissionDenied
    return agreement


@require_GET
def people_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    title = _("People")
    return render(request, "agreements/people.html", {
        "agreement": agreement, "people": selectors.people_of(agreement), "title": title,
        "can_manage": access_for(request.user, agreement).can_approve,
        "crumbs": [*_crumbs(agreement), (title, None)],
    })


def _form_page(
    request: HttpRequest, *, agreement: Agreement, person: selectors.Person, form: Any,
    title: str, save: Callable[..., Any], data: Callable[[], dict[str, Any]], done: str,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        if form_call(form, save, data()) is not None:
            messages.success(request, done)
            return redirect(_list_url(agreement))
    return render(request, "agreements/people_form.html", {
        "agreement": agreement, "person": person, "form": form, "title": title,
        "back": _list_url(agreement), "crumbs": _crumbs(agreement, (title, None)),
    })


@get_and_post
def people_role(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    agreement = _managed(request, pk)
    someone = selectors.person_get(agreement, person)
    initial = {"role": someone.narrowed.role if someone.narrowed else someone.org_role}
    form = AgreementRoleForm(
        request.POST if request.method == "POST" else None, org_role=someone.org_role,
        initial=initial,
    )
    save = partial(services.agreement_role_set, user=request.user, agreement=agreement,
                   person=someone.user)
    return _form_page(
        request, agreement=agreement, person=someone, form=form,
        title=_("Role of %(person)s on this agreement") % {"person": someone.name},
        save=save, data=lambda: form.cleaned_data,
        done=_("Role of %(person)s on this agreement saved.") % {"person": someone.name},
    )


@get_and_post
def people_role_delete(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    agreement = _managed(request, pk)
    someone = selectors.person_get(agreement, person)
    if someone.narrowed is None:
        raise Http404
    item = someone.narrowed
    return _delete_page(
        request, obj=item, delete=partial(services.people_remove, user=request.user, item=item),
        question=_(
            "Remove the narrower role of %(person)s on this agreement? The role their organisation "
            "grants (%(role)s) will apply again."
        ) % {"person": someone.name, "role": Role(someone.org_role).label},
        crumbs=_crumbs(agreement), cancel_url=_list_url(agreement),
        success_url=_list_url(agreement),
        done=_("The narrower role of %(person)s was removed.") % {"person": someone.name},
        title=_("Remove the narrower role of %(person)s") % {"person": someone.name},
        button=_("Remove"),
    )


@get_and_post
def people_assign(request: HttpRequest, pk: int, person: int) -> HttpResponse:
    agreement = _managed(request, pk)
    someone = selectors.person_get(agreement, person)
    areas, actions = selectors.assignable_items(agreement)
    form = AssignmentForm(
        request.POST if request.method == "POST" else None, areas=areas, actions=actions,
    )
    save = partial(services.assignment_create, user=request.user, agreement=agreement,
                   person=someone.user)
    return _form_page(
        request, agreement=agreement, person=someone, form=form,
        title=_("Assign %(person)s to an area or action") % {"person": someone.name},
        save=save, data=form.service_data,
        done=_("%(person)s is assigned.") % {"person": someone.name},
    )


@get_and_post
def assignment_delete(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = _managed(request, pk)
    assignment = selectors.assignment_get(agreement, item)
    name = assignment.user.get_full_name() or assignment.user.get_username()
    target = assignment.area or assignment.action
    return _delete_page(
        request, obj=assignment,
        delete=partial(services.people_remove, user=request.user, item=assignment),
        question=_(
            "Take “%(target)s” away from %(person)s? They will no longer record hours, counts "
            "or expenses on it."
        ) % {"target": target, "person": name},
        crumbs=_crumbs(agreement), cancel_url=_list_url(agreement),
        success_url=_list_url(agreement),
        done=_("“%(target)s” is no longer assigned to %(person)s.") % {"target": target, "person": name},
        title=_("Unassign %(person)s") % {"person": name}, button=_("Unassign"),
    )
