"""The "Storico" pages: an agreement's history, one object's history, an organisation's, and
the administrators' page of security events. Each reads a fixed number of queries."""

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprogetta.agreements.access import access_for
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get

from . import history
from .models import AuditEntry
from .selectors import organization_get


def _readable_agreement(request: HttpRequest, pk: int) -> Agreement:
    """The agreement if the user may read it; 404 otherwise (as every agreement page)."""
    agreement = agreement_get(request.user, pk)
    if not access_for(request.user, agreement).can_read:
        raise Http404
    return agreement


def _page(request: HttpRequest, entries, **context):  # type: ignore[no-untyped-def]
    """The page of rows the request asks for (``?pagina=``), labelled for the template."""
    page = Paginator(entries, history.PAGE_SIZE).get_page(request.GET.get("pagina"))
    return {"page": page, "rows": history.history_rows(list(page.object_list)), **context}


def _agreement_crumbs(agreement: Agreement, *titles: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
        *titles,
    ]


@require_GET
def agreement_history(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _readable_agreement(request, pk)
    kinds = history.agreement_kinds(agreement.pk)
    kind = request.GET.get("tipo", "")
    if kind not in {k for k, _label in kinds}:
        kind = ""
    title = _("History")
    return render(request, "accounts/history_agreement.html", _page(
        request, history.agreement_entries(agreement.pk, kind=kind),
        agreement=agreement, title=title, kinds=kinds, kind=kind,
        query=("&" + urlencode({"tipo": kind})) if kind else "",
        crumbs=_agreement_crumbs(agreement, (title, "")), subnav_active="history",
    ))


@require_GET
def object_history(request: HttpRequest, pk: int, kind: str, object_id: int) -> HttpResponse:
    agreement = _readable_agreement(request, pk)
    if history.model_for(kind) is None:
        raise Http404
    entries = history.object_entries(agreement.pk, kind, object_id)
    context = _page(request, entries)
    latest = context["rows"][0].entry.object_repr if context["rows"] else f"#{object_id}"
    title = _("History of %(kind)s “%(object)s”") % {
        "kind": history.kind_label(kind).lower(), "object": latest,
    }
    crumbs = _agreement_crumbs(
        agreement, (_("History"), reverse("history:agreement", args=[agreement.pk])), (title, ""),
    )
    return render(request, "accounts/history_object.html", {
        **context, "agreement": agreement, "title": title, "crumbs": crumbs, "query": "",
        "subnav_active": "history",
    })


@require_GET
def organization_history(request: HttpRequest, pk: int) -> HttpResponse:
    organization = organization_get(request.user, pk)
    title = _("History of “%(name)s”") % {"name": organization.name}
    list_url = reverse("accounts:organization_list")
    return render(request, "accounts/history_organization.html", _page(
        request, history.organization_entries(organization.pk),
        organization=organization, title=title, query="",
        crumbs=[(_("Organisations"), list_url), (title, "")],
    ))


@require_GET
def security_events(request: HttpRequest) -> HttpResponse:
    """Logins, failed logins and refused requests: superusers only."""
    if not request.user.is_superuser:
        raise PermissionDenied
    action = request.GET.get("azione", "")
    if action not in AuditEntry.SECURITY_ACTIONS:
        action = ""
    actions = [(a.value, a.label) for a in AuditEntry.Action if a in AuditEntry.SECURITY_ACTIONS]
    title = _("Security events")
    return render(request, "accounts/security_events.html", _page(
        request, history.security_entries(action=action),
        title=title, actions=actions, action=action,
        query=("&" + urlencode({"azione": action})) if action else "",
        crumbs=[(title, "")],
    ))
