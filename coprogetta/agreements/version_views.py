"""Pages of negotiation versions: check access, call one service or selector, respond.

Everyone who sees the agreement sees its versions and their comparison; editors freeze;
editors of a public-body party approve (``version_selectors.user_can_approve_versions``).
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from coprogetta.accounts.forms import form_call
from coprogetta.lib.negotiation_diff import canonical_bytes

from . import version_selectors as selectors
from . import version_services as services
from .models import Agreement, NegotiationVersion
from .selectors import agreement_get, user_can_edit
from .version_forms import VersionApproveForm, VersionFreezeForm

get_and_post = require_http_methods(["GET", "POST"])


def _list_url(agreement: Agreement) -> str:
    return reverse("agreements:version_list", args=[agreement.pk])


def _detail_url(version: NegotiationVersion) -> str:
    return reverse("agreements:version_detail", args=[version.agreement_id, version.pk])


def _crumbs(agreement: Agreement, title: str, *, list_page: bool = False) -> list[tuple[str, str]]:
    """Agreements › the agreement › negotiation versions › the page."""
    crumbs = [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
    ]
    if not list_page:
        crumbs.append((_("Negotiation versions"), _list_url(agreement)))
    return [*crumbs, (title, "")]


@require_GET
def version_list(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    versions = list(selectors.versions_of(agreement))
    title = _("Negotiation versions")
    return render(request, "agreements/version_list.html", {
        "agreement": agreement, "versions": versions, "title": title,
        "crumbs": _crumbs(agreement, title, list_page=True),
        "can_freeze": user_can_edit(request.user, agreement),
        "live": selectors.live_state(agreement) if versions else None,
        "defaults": selectors.default_keys(agreement), "LIVE": selectors.LIVE,
    })


@get_and_post
def version_freeze(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk, for_edit=True)
    form = VersionFreezeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        save = partial(services.version_freeze, user=request.user, agreement=agreement)
        version = form_call(form, save, form.cleaned_data)
        if version is not None:
            messages.success(request, _("Version %(number)s frozen: %(label)s.") % {
                "number": version.number, "label": version.label})
            return redirect(_detail_url(version))
    title = _("Freeze a negotiation version")
    return render(request, "agreements/version_freeze.html", {
        "agreement": agreement, "form": form, "title": title, "crumbs": _crumbs(agreement, title),
        "back": _list_url(agreement), "live": selectors.live_state(agreement),
    })


@require_GET
def version_detail(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    version = selectors.version_get(agreement, item)
    title = _("Version %(number)s – %(label)s") % {"number": version.number, "label": version.label}
    previous = (
        NegotiationVersion.objects.filter(agreement=agreement, number__lt=version.number)
        .order_by("-number").only("pk", "number").first()
    )
    return render(request, "agreements/version_detail.html", {
        "agreement": agreement, "version": version, "title": title,
        "crumbs": _crumbs(agreement, title), "intact": selectors.version_intact(version),
        "summary": selectors.version_summary(version.document), "previous": previous,
        "can_approve": (version.status == NegotiationVersion.Status.FROZEN
                        and selectors.user_can_approve_versions(request.user, agreement)),
        "LIVE": selectors.LIVE,
    })


@get_and_post
def version_approve(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    version = selectors.version_get(agreement, item)
    if not selectors.user_can_approve_versions(request.user, agreement):
        raise PermissionDenied
    form = VersionApproveForm(request.POST if request.method == "POST" else None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.version_approve(user=request.user, version=version)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Version %(number)s approved: %(label)s.") % {
                "number": version.number, "label": version.label})
            return redirect(_detail_url(version))
    title = _("Approve version %(number)s") % {"number": version.number}
    return render(request, "agreements/version_approve.html", {
        "agreement": agreement, "version": version, "title": title, "form": form,
        "crumbs": _crumbs(agreement, title), "errors": errors, "back": _detail_url(version),
        "intact": selectors.version_intact(version),
        "already_approved": version.status == NegotiationVersion.Status.APPROVED,
    })


@require_GET
def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_get(request.user, pk)
    versions = list(selectors.versions_of(agreement))
    old_key = request.GET.get("da", "")
    new_key = request.GET.get("a", "")
    if not old_key or not new_key:
        defaults = selectors.default_keys(agreement)
        if defaults is not None:
            old_key, new_key = old_key or defaults[0], new_key or defaults[1]
    comparison = None
    if old_key and new_key:
        comparison = selectors.version_comparison(agreement, old_key, new_key)
    title = _("Compare negotiation versions")
    return render(request, "agreements/version_diff.html", {
        "agreement": agreement, "versions": versions, "title": title,
        "crumbs": _crumbs(agreement, title), "comparison": comparison,
        "old_key": old_key, "new_key": new_key, "LIVE": selectors.LIVE,
        "can_freeze": user_can_edit(request.user, agreement),
    })


@require_GET
def version_download(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """The frozen document in its canonical serialisation: its SHA-256 is the version's."""
    agreement = agreement_get(request.user, pk)
    version = selectors.version_get(agreement, item)
    response = HttpResponse(canonical_bytes(version.document), content_type="application/json; charset=utf-8")
    filename = f"accordo-{agreement.pk}-versione-{version.number}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
