"""Pages of the monitoring reports: the list per checkpoint, the form that starts a report,
the preview on screen, the stored files and each table as a spreadsheet.

Whoever sees the agreement may generate and download; another organisation's agreement is
a 404. Reports are in Italian whatever the language of the pages.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from coprogetta.accounts.forms import form_submit
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get, monitoring_checkpoints
from coprogetta.lib.textparse.numbers import format_date

from . import report_services
from .models import Report
from .report_data import TABLE_CAPTIONS
from .report_forms import ReportForm
from .report_tables import TABLE_FORMATS, table_filename

DEFAULT_TABLE, DEFAULT_FORMAT = "bilancio", "xlsx"


class BadRequest(Exception):
    """A parameter the page cannot use: the message says what to change."""


def _crumbs(agreement: Agreement, *tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [
        (_("Agreements"), reverse("agreements:list")),
        (agreement.title, reverse("agreements:detail", args=[agreement.pk])),
        *tail,
    ]


def _list_crumb(agreement: Agreement) -> tuple[str, str]:
    return _("Monitoring reports"), reverse("documents:report_list", args=[agreement.pk])


def default_checkpoint(checkpoints: list[date], today: date) -> date | None:
    """The latest checkpoint already reached, or else the first one."""
    reached = [c for c in checkpoints if c <= today]
    return reached[-1] if reached else (checkpoints[0] if checkpoints else None)


def _checkpoint(agreement: Agreement, text: str | None) -> date:
    checkpoints = monitoring_checkpoints(agreement)
    listed = ", ".join(c.isoformat() for c in checkpoints)
    if not text:
        chosen = default_checkpoint(checkpoints, timezone.localdate())
        if chosen is None:
            raise BadRequest(_("This agreement has no monitoring checkpoints: set them on the agreement."))
        return chosen
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadRequest(_("“%(text)s” is not a date: give the period as YYYY-MM-DD, one of %(list)s.")
                         % {"text": text, "list": listed}) from None
    if day not in checkpoints:
        raise BadRequest(_("%(date)s is not a monitoring checkpoint of this agreement; choose one of "
                           "%(list)s.") % {"date": format_date(day), "list": listed})
    return day


def _kind(text: str | None) -> str:
    if not text:
        return Report.Kind.MONITORING
    if text not in Report.Kind.values:
        raise BadRequest(_("“%(text)s” is not a kind of report: use %(list)s.")
                         % {"text": text, "list": ", ".join(Report.Kind.values)})
    return text


def _refused(request: HttpRequest, agreement: Agreement, error: BadRequest) -> HttpResponse:
    return render(request, "documents/report_error.html", {
        "agreement": agreement, "title": _("The request cannot be answered"), "message": str(error),
        "crumbs": _crumbs(agreement, _list_crumb(agreement), (_("Request refused"), None)),
    }, status=400)


@require_safe
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The checkpoints, each with its generate buttons, its reports and its tables."""
    agreement = agreement_get(request.user, pk)
    reports = list(Report.objects.filter(agreement=agreement).select_related("created_by"))
    by_checkpoint: dict[date, list[Report]] = {}
    for report in reports:
        by_checkpoint.setdefault(report.checkpoint, []).append(report)
    checkpoints = monitoring_checkpoints(agreement)
    rows = [(c, by_checkpoint.pop(c, [])) for c in checkpoints]
    title = _("Monitoring reports")
    return render(request, "documents/report_list.html", {
        "agreement": agreement, "title": title, "rows": rows,
        "others": sorted(by_checkpoint.items(), reverse=True),  # checkpoints since changed
        "kinds": Report.Kind.choices, "formats": Report.Format.choices,
        "tables": list(TABLE_CAPTIONS.items()), "table_formats": list(TABLE_FORMATS),
        "crumbs": _crumbs(agreement, (title, None)),
    })


@require_http_methods(["GET", "HEAD", "POST"])
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the form; POST: start the report in the background and show its progress."""
    agreement = agreement_get(request.user, pk)
    checkpoints = monitoring_checkpoints(agreement)
    initial: dict[str, Any] = {}
    chosen = default_checkpoint(checkpoints, timezone.localdate())
    if chosen:
        initial["checkpoint"] = chosen.isoformat()
    for field, param in (("checkpoint", "periodo"), ("kind", "tipo"), ("fmt", "formato")):
        if request.GET.get(param):
            initial[field] = request.GET[param]
    form = ReportForm(request.POST if request.method == "POST" else None, initial=initial,
                      checkpoints=checkpoints)
    start = partial(report_services.report_start, user=request.user, agreement=agreement)
    job = form_submit(form, start)
    if job is not None:
        return redirect("jobs:detail", job=job.pk)
    title = _("Generate a report")
    return render(request, "documents/report_form.html", {
        "agreement": agreement, "form": form, "title": title,
        "back": reverse("documents:report_list", args=[agreement.pk]),
        "crumbs": _crumbs(agreement, _list_crumb(agreement), (title, None)),
    })


@require_safe
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as a page, to read on screen (the same content as the files)."""
    agreement = agreement_get(request.user, pk)
    try:
        checkpoint = _checkpoint(agreement, request.GET.get("periodo"))
        kind = _kind(request.GET.get("tipo"))
    except BadRequest as error:
        return _refused(request, agreement, error)
    data = report_services.report_build(user=request.user, agreement=agreement, checkpoint=checkpoint,
                                        kind=kind)
    return render(request, "documents/report_preview.html", {
        "agreement": agreement, "data": data, "title": data.heading, "links": True,
        "table_formats": list(TABLE_FORMATS), "formats": Report.Format.choices,
        "crumbs": _crumbs(agreement, _list_crumb(agreement),
                          (f"{data.heading} — {format_date(checkpoint)}", None)),
    })


@require_safe
def report_download(request: HttpRequest, pk: int, item: int) -> FileResponse:
    """A stored report, as an attachment, to whoever sees the agreement."""
    agreement = agreement_get(request.user, pk)
    report = get_object_or_404(Report, pk=item, agreement=agreement)
    renderer = report_services.RENDERERS.get(report.format)
    if renderer is None or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    kind = "relazione-monitoraggio" if report.kind == Report.Kind.MONITORING else "rendiconto-consiglio"
    response = FileResponse(handle, as_attachment=True, content_type=renderer.content_type,
                            filename=f"{kind}-{agreement.pk}-{report.checkpoint:%Y-%m-%d}.{report.format}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def report_table(request: HttpRequest, pk: int) -> HttpResponse:
    """One table of the report (``tabella``) for a period (``periodo``) as XLSX, ODS or CSV."""
    agreement = agreement_get(request.user, pk)
    try:
        checkpoint = _checkpoint(agreement, request.GET.get("periodo"))
        key = request.GET.get("tabella") or DEFAULT_TABLE
        fmt = request.GET.get("formato") or DEFAULT_FORMAT
        if key not in TABLE_CAPTIONS:
            raise BadRequest(_("“%(text)s” is not a table of the report: use %(list)s.")
                             % {"text": key, "list": ", ".join(TABLE_CAPTIONS)})
        if fmt not in TABLE_FORMATS:
            raise BadRequest(_("“%(text)s” is not a table format: use %(list)s.")
                             % {"text": fmt, "list": ", ".join(TABLE_FORMATS)})
    except BadRequest as error:
        return _refused(request, agreement, error)
    data = report_services.report_build(user=request.user, agreement=agreement, checkpoint=checkpoint,
                                        kind=Report.Kind.MONITORING)
    table = data.table(key)
    if table is None:
        raise Http404
    export = TABLE_FORMATS[fmt]
    response = HttpResponse(export.render(data, table), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{table_filename(data, table, fmt)}"'
    return response
