"""Organisation pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import OrganizationForm, form_submit
from .selectors import (
    organization_get,
    organizations_editable_by,
    organizations_visible_to,
    user_is_editor,
)

#: Organisations per page of the list.
ORGANIZATIONS_PER_PAGE = 50


@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        organizations_visible_to(request.user).select_related("consortium"), ORGANIZATIONS_PER_PAGE
    ).get_page(request.GET.get("pagina"))
    page.object_list = list(page.object_list)  # read here, not while the template renders
    return render(request, "accounts/organization_list.html", {
        "organizations": page.object_list,
        "page": page,
        "editable_ids": set(organizations_editable_by(request.user).values_list("pk", flat=True)),
        "can_create": user_is_editor(request.user),
    })


def _form_page(request: HttpRequest, form: OrganizationForm, title: str) -> HttpResponse:
    list_url = reverse("accounts:organization_list")
    return render(request, "accounts/organization_form.html", {
        "form": form, "title": title, "cancel_url": list_url,
        "crumbs": [(_("Organisations"), list_url), (title, None)],
    })


@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    if not user_is_editor(request.user):
        raise PermissionDenied
    form = OrganizationForm(request.POST if request.method == "POST" else None)
    if form_submit(form, services.organization_create, user=request.user):
        messages.success(request, _("Organisation saved."))
        return redirect("accounts:organization_list")
    return _form_page(request, form, _("New organisation"))


@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_get(request.user, pk, for_edit=True)
    form = OrganizationForm(request.POST if request.method == "POST" else None, instance=organization)
    if form_submit(form, services.organization_update, user=request.user, organization=organization):
        messages.success(request, _("Organisation saved."))
        return redirect("accounts:organization_list")
    return _form_page(request, form, _("Edit “%(name)s”") % {"name": organization.name})
