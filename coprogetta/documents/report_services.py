"""Generating monitoring reports: check, build the figures once, render, keep the file.

``report_start`` validates the request and starts a background job (kind ``report``); the
job calls ``report_generate``, which builds ``ReportData`` in Italian, renders it as PDF, DOCX
or ODT and saves a ``Report`` with its audit row. Anyone who may see the agreement may
generate and download its reports (they only read it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import model_create
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_detail, agreements_visible_to

from .jobs import Progress, job_runner, job_start
from .models import Job, Report
from .report_data import ReportData, checkpoint_period, report_data
from .report_docx import report_docx
from .report_odt import report_odt
from .report_pdf import report_pdf

REPORT_LANGUAGE = "it"


@dataclass(frozen=True)
class Renderer:
    render: Callable[[ReportData], bytes]
    content_type: str


RENDERERS: dict[str, Renderer] = {
    Report.Format.PDF: Renderer(report_pdf, "application/pdf"),
    Report.Format.DOCX: Renderer(
        report_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    Report.Format.ODT: Renderer(report_odt, "application/vnd.oasis.opendocument.text"),
}


def _require_view(user: AnyUser, agreement: Agreement) -> None:
    if not agreements_visible_to(user).filter(pk=agreement.pk).exists():
        raise PermissionDenied


def report_check(*, agreement: Agreement, checkpoint: date, kind: str, fmt: str) -> None:
    """Refuse a kind, format or period the agreement has not (ValidationError by field)."""
    if kind not in Report.Kind.values:
        raise ValidationError({"kind": _("Choose a monitoring report or an accountability pack.")})
    if fmt not in Report.Format.values:
        raise ValidationError({"fmt": _("Choose PDF, DOCX or ODT.")})
    try:
        checkpoint_period(agreement, checkpoint)
    except ValidationError as error:
        raise ValidationError({"checkpoint": error.messages}) from None


def report_build(
    *, user: AnyUser, agreement: Agreement, checkpoint: date, kind: str, notes: str = "",
    progress: Progress | None = None,
) -> ReportData:
    """The report's figures, in Italian, for a user who sees the agreement."""
    with translation.override(REPORT_LANGUAGE):
        return report_data(agreement_detail(user, agreement.pk), checkpoint=checkpoint, kind=kind,
                           notes=notes, progress=progress)


def report_generate(
    *, user: AnyUser, agreement: Agreement, checkpoint: date, kind: str, fmt: str, notes: str = "",
    progress: Progress | None = None,
) -> Report:
    """Build, render and keep a report; ``progress(percent, step)`` follows the work."""
    _require_view(user, agreement)
    report_check(agreement=agreement, checkpoint=checkpoint, kind=kind, fmt=fmt)
    step = progress or (lambda percent, text="": None)
    data = report_build(user=user, agreement=agreement, checkpoint=checkpoint, kind=kind, notes=notes,
                        progress=step)
    step(55, _("Writing the %(format)s file") % {"format": fmt.upper()})
    with translation.override(REPORT_LANGUAGE):
        content = RENDERERS[fmt].render(data)
    step(95, _("Saving the file"))
    return report_save(user=user, agreement=agreement, data=data, fmt=fmt, content=content)


@transaction.atomic
def report_save(*, user: AnyUser, agreement: Agreement, data: ReportData, fmt: str, content: bytes) -> Report:
    """Store a rendered report and record who generated it (the file first, then the row)."""
    report = Report(agreement=agreement, kind=data.kind, format=fmt, checkpoint=data.checkpoint,
                    size=len(content), created_by=user if user.is_authenticated else None)
    report.file.save(data.filename(fmt), ContentFile(content), save=False)
    try:
        model_create(report, user=user, agreement_id=agreement.pk)
    except Exception:
        report.file.delete(save=False)
        raise
    return report


def report_start(
    *, user: AnyUser, agreement: Agreement, checkpoint: date, kind: str, fmt: str, notes: str = "",
) -> Job:
    """Check the request, then start generating in the background; the caller shows the job."""
    _require_view(user, agreement)
    report_check(agreement=agreement, checkpoint=checkpoint, kind=kind, fmt=fmt)
    title = _("%(kind)s at %(date)s (%(format)s)") % {
        "kind": Report.Kind(kind).label, "date": f"{checkpoint:%d/%m/%Y}", "format": fmt.upper()}
    return job_start(user=user, kind="report", title=title, agreement=agreement, params={
        "checkpoint": checkpoint.isoformat(), "kind": kind, "fmt": fmt, "notes": notes,
    })


@job_runner("report")
def report_job(job: Job, progress: Progress) -> str:
    """The job's work: generate, then send the user to the file."""
    params: dict[str, Any] = job.params
    if job.agreement is None:
        raise ValidationError(_("The agreement of this report no longer exists."))
    report = report_generate(
        user=job.user, agreement=job.agreement, checkpoint=date.fromisoformat(params["checkpoint"]),
        kind=params["kind"], fmt=params["fmt"], notes=params.get("notes", ""), progress=progress,
    )
    return reverse("documents:report_download", args=[job.agreement.pk, report.pk])
