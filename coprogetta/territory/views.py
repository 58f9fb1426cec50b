"""Pages of the resources directory: check access, read the form, call one service, respond.

Resources belong to the organisation that recorded them; its editors change them, and the
members of its agreements' partners see them. Anyone else gets a 404.
"""

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coprogetta.accounts.forms import form_call
from coprogetta.accounts.selectors import organizations_editable_by
from coprogetta.agreements.selectors import agreements_visible_to

from . import selectors, services
from .forms import DirectoryFilterForm, ResourceForm

FORM_TEMPLATE = "territory/form.html"
DELETE_TEMPLATE = "territory/confirm_delete.html"
RESOURCES_PER_PAGE = 25
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
get_and_post = require_http_methods(["GET", "POST"])
Crumb = tuple[str, str | None]


def tile_url() -> str:
    """The tile server of the map (setting ``COPROGETTA_TILE_URL``, OpenStreetMap by default)."""
    return str(getattr(settings, "COPROGETTA_TILE_URL", DEFAULT_TILE_URL))


def directory_crumbs(*tail: Crumb) -> list[Crumb]:
    return [(_("Territory"), reverse("territory:directory")), *tail]


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    title: str,
    back: str,
    crumbs: list[Crumb],
    save: Callable[..., models.Model],
    data: Callable[[], dict[str, Any]] | None = None,
    done: Callable[[models.Model], str] | None = None,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """A form that calls ``save`` with its data and goes to ``done(obj)`` (or ``back``)."""
    if request.method == "POST" and form.is_valid():
        obj = form_call(form, save, data() if data else form.cleaned_data)
        if obj is not None:
            messages.success(request, _("Saved: %(item)s.") % {"item": obj})
            return redirect(done(obj) if done else back)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "title": title,
            "back": back,
            "crumbs": crumbs,
            **(context or {}),
        },
    )


def delete_page(
    request: HttpRequest,
    *,
    obj: models.Model,
    title: str,
    back: str,
    done: str,
    crumbs: list[Crumb],
    delete: Callable[[], None],
    warning: str = "",
) -> HttpResponse:
    """A confirmation page; POST deletes and goes to ``done``."""
    if request.method == "POST":
        label = str(obj)
        try:
            delete()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("Deleted: %(item)s.") % {"item": label})
        return redirect(done)
    return render(
        request,
        DELETE_TEMPLATE,
        {
            "item": obj,
            "title": title,
            "back": back,
            "crumbs": crumbs,
            "warning": warning,
        },
    )


# -- the directory ---------------------------------------------------------------------------


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    owners = selectors.visible_owner_ids(request.user)
    zones = selectors.directory_zones(request.user, owners)
    form = DirectoryFilterForm(request.GET or None, zones=zones)
    filters = selectors.DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            target_group=data["gruppo"],
            zone=data["zona"],
            kind=data["tipo"],
            text=data["q"],
        )
    resources = selectors.directory(request.user, filters, owners)
    page = Paginator(resources, RESOURCES_PER_PAGE).get_page(request.GET.get("pagina"))
    kept = {k: v for k, v in request.GET.items() if k != "pagina" and v}
    editable = set(organizations_editable_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "territory/directory.html",
        {
            "title": _("Resources and opportunities of the territory"),
            "crumbs": directory_crumbs((_("Resources and opportunities"), None)),
            "form": form,
            "filters": filters,
            "page": page,
            "query": ("&" + urlencode(kept)) if kept else "",
            "export_query": ("?" + urlencode(kept)) if kept else "",
            "can_add": bool(editable),
            "tile_url": tile_url(),
            "tile_attribution": getattr(settings, "COPROGETTA_TILE_ATTRIBUTION", DEFAULT_TILE_ATTRIBUTION),
            "located": sum(1 for r in page if r.has_coordinates),
            "agreements": list(
                agreements_visible_to(request.user).order_by("-start_date", "title").only("pk", "title")
            ),
        },
    )


def _resource_for_edit(request: HttpRequest, resource_id: int) -> Any:
    resource = selectors.resource_get(request.user, resource_id)
    if not selectors.user_can_edit_resource(request.user, resource):
        raise PermissionDenied
    return resource


@require_GET
def resource_detail(request: HttpRequest, resource: int) -> HttpResponse:
    obj = selectors.resource_get(request.user, resource)
    return render(
        request,
        "territory/resource_detail.html",
        {
            "resource": obj,
            "title": obj.name,
            "crumbs": directory_crumbs(
                (_("Resources and opportunities"), reverse("territory:directory")), (obj.name, None)
            ),
            "can_edit": selectors.user_can_edit_resource(request.user, obj),
            "activities": list(
                obj.activities.select_related("programme")
                .order_by("programme__start_date", "id")
                .filter(programme__agreement__in=agreements_visible_to(request.user))
            ),
        },
    )


@get_and_post
def resource_create(request: HttpRequest) -> HttpResponse:
    owners = organizations_editable_by(request.user)
    if not owners.exists():
        raise PermissionDenied
    form = ResourceForm(request.POST or None, owners=owners, initial={"owner": owners.first()})
    title = _("Add a resource")
    return form_page(
        request,
        form=form,
        title=title,
        back=reverse("territory:directory"),
        crumbs=directory_crumbs((title, None)),
        save=partial(services.resource_create, user=request.user),
        done=lambda obj: reverse("territory:resource_detail", args=[obj.pk]),
    )


@get_and_post
def resource_edit(request: HttpRequest, resource: int) -> HttpResponse:
    obj = _resource_for_edit(request, resource)
    form = ResourceForm(request.POST or None, initial=ResourceForm.initial_of(obj))
    title = _("Edit resource")
    back = reverse("territory:resource_detail", args=[obj.pk])
    return form_page(
        request,
        form=form,
        title=title,
        back=back,
        crumbs=directory_crumbs((obj.name, back), (title, None)),
        save=partial(services.resource_update, user=request.user, resource=obj),
    )


@get_and_post
def resource_delete(request: HttpRequest, resource: int) -> HttpResponse:
    obj = _resource_for_edit(request, resource)
    back = reverse("territory:resource_detail", args=[obj.pk])
    title = _("Delete resource")
    return delete_page(
        request,
        obj=obj,
        title=title,
        back=back,
        done=reverse("territory:directory"),
        crumbs=directory_crumbs((obj.name, back), (title, None)),
        delete=partial(services.resource_delete, user=request.user, resource=obj),
        warning=_("Activities that use it will no longer list it."),
    )
