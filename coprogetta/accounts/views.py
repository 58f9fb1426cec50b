"""Organisation pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import organizations_visible_to


def organization_list(request: HttpRequest) -> HttpResponse:
    organizations = organizations_visible_to(request.user).select_related("consortium")
    return render(request, "accounts/organization_list.html", {"organizations": organizations})
