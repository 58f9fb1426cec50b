"""The directory as HSDS open data: download the data package (ZIP or JSON), import one."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coprogetta.accounts.selectors import organizations_editable_by

from . import hsds, hsds_reading, hsds_services, selectors
from .forms import DirectoryFilterForm, HsdsImportForm
from .views import directory_crumbs, get_and_post

MAX_PACKAGE_BYTES = 20 * 1024 * 1024


def _tables(request: HttpRequest) -> hsds.Tables:
    """The tables of the resources the user sees, with the directory's filters applied."""
    form = DirectoryFilterForm(request.GET or None, zones=selectors.directory_zones(request.user))
    filters = selectors.DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.DirectoryFilters(
            target_group=data["gruppo"], zone=data["zona"], kind=data["tipo"], text=data["q"]
        )
    return hsds.package_tables(selectors.directory(request.user, filters).order_by("uid"))


@require_GET
def hsds_export_zip(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(hsds.package_zip(_tables(request)), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="risorse-hsds.zip"'
    return response


@require_GET
def hsds_export_json(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(hsds.package_json(_tables(request)), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="risorse-hsds.json"'
    return response


def read_package(name: str, data: bytes) -> hsds_reading.Reading:
    """The resources of an uploaded package (ZIP or JSON) with every problem found."""
    try:
        if name.lower().endswith(".json") or data[:1] in (b"{", b"["):
            tables, problems = hsds_reading.read_json(data)
        else:
            tables, problems = hsds_reading.read_zip(data)
    except hsds_reading.PackageError:
        return hsds_reading.Reading(
            problems=[hsds_reading.Problem(name, _("the file is neither a ZIP data package nor HSDS JSON."))]
        )
    return hsds_reading.resources_from_tables(tables, problems)


@get_and_post
def hsds_import(request: HttpRequest) -> HttpResponse:
    owners = organizations_editable_by(request.user)
    if not owners.exists():
        raise PermissionDenied
    form = HsdsImportForm(
        request.POST or None, request.FILES or None, owners=owners, initial={"owner": owners.first()}
    )
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["package"]
        if upload.size > MAX_PACKAGE_BYTES:
            form.add_error("package", _("The package is too large: at most 20 MB."))
        else:
            reading = read_package(upload.name or "", upload.read())
            report = hsds_services.hsds_import(
                user=request.user, owner=form.cleaned_data["owner"], reading=reading
            )
    title = _("Import an HSDS data package")
    return render(
        request,
        "territory/hsds_import.html",
        {
            "form": form,
            "report": report,
            "title": title,
            "crumbs": directory_crumbs((title, None)),
        },
    )
