"""Document pages: the summary economic table and its downloads."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from coprogetta.agreements.selectors import agreement_detail, economic_summary

from .exports import EXPORTS
from .exports_table import summary_table


@require_safe
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Scheda economica di sintesi" of an agreement, with links to its files."""
    agreement = agreement_detail(request.user, pk)
    table = summary_table(economic_summary(agreement))
    return render(request, "documents/summary.html", {
        "agreement": agreement, "table": table, "exports": EXPORTS.items(),
    })


@require_safe
def summary_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The summary table as an XLSX, ODS, CSV or PDF attachment."""
    export = EXPORTS.get(fmt)
    if export is None:
        raise Http404
    content = export.render(economic_summary(agreement_detail(request.user, pk)))
    response = HttpResponse(content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="scheda-economica-{pk}.{fmt}"'
    return response
