"""Pages of the import: upload a document, follow the reading, review and correct the draft
beside the document's text, then confirm it (the agreement is created) or discard it.

Only editors upload; only a draft's owner sees it (anybody else gets 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from coprogetta.accounts.forms import form_call, form_submit
from coprogetta.accounts.selectors import user_is_editor

from . import import_selectors, import_services
from .import_forms import DecisionForm, DraftForm, ImportUploadForm
from .models import ImportDraft


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Agreements"), reverse("agreements:list")),
            (_("Import from a document"), reverse("documents:import_upload")), *extra]


def import_upload(request: HttpRequest) -> HttpResponse:
    if not user_is_editor(request.user):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST":
        job = form_call(form, import_services.import_start, {"file": request.FILES.get("file")},
                        user=request.user) if form.is_valid() else None
        if job is not None:
            return redirect("jobs:detail", job=job.pk)
    drafts = list(import_selectors.import_drafts_open(request.user))
    return render(request, "documents/import_upload.html", {
        "form": form, "drafts": drafts, "title": _("Import from a document"),
        "crumbs": [(_("Agreements"), reverse("agreements:list")), (_("Import from a document"), "")],
    })


def _review_context(draft: ImportDraft, form: DraftForm | None) -> dict[str, Any]:
    findings, counts = import_selectors.review_findings(draft)
    return {
        "draft": draft, "form": form, "findings": findings, "counts": counts,
        "lines": import_selectors.source_lines(draft),
        "title": _("Review of %(name)s") % {"name": draft.filename},
        "crumbs": _crumbs((draft.filename, "")),
    }


def import_review(request: HttpRequest, draft: int) -> HttpResponse:
    item = import_selectors.import_draft_get(request.user, draft)
    editable = item.status == ImportDraft.Status.DRAFT
    data = request.POST if request.method == "POST" else None
    part = request.GET.get("parte")
    form = DraftForm(
        data, draft_document=item.document, sources=item.sources, initial={"version": item.version},
        part=part,
    ) if editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid() and form_call(
            form, import_services.import_draft_update, form.values(), user=request.user, draft=item
        ) is not None:
            messages.success(request, _("The corrections have been saved and the draft verified again."))
            url = reverse("documents:import_review", kwargs={"draft": item.pk})
            return redirect(f"{url}?parte={form.part}" if form.part else url)
    return render(request, "documents/import_review.html", _review_context(item, form))


def _decision(request: HttpRequest, draft: int, *, confirm: bool) -> HttpResponse:
    item = import_selectors.import_draft_get(request.user, draft)
    form = DecisionForm(request.POST if request.method == "POST" else None, initial={"version": item.version})
    if request.method == "POST" and item.status == ImportDraft.Status.DRAFT:
        service = import_services.import_draft_confirm if confirm else import_services.import_draft_discard
        result = form_submit(form, service, user=request.user, draft=item)
        if result is not None and confirm:
            messages.success(request, _("The agreement has been created from the document."))
            return redirect("agreements:detail", pk=result.pk)
        if result is not None:
            messages.success(request, _("The draft has been discarded: nothing was created."))
            return redirect("documents:import_upload")
    _findings, counts = import_selectors.review_findings(item)
    title = _("Confirm the import") if confirm else _("Discard the draft")
    return render(request, "documents/import_confirm.html", {
        "draft": item, "form": form, "confirm": confirm, "counts": counts, "title": title,
        "crumbs": _crumbs((item.filename, reverse("documents:import_review", args=[item.pk])), (title, "")),
        "summary": import_selectors.draft_summary(item.document),
    })


def import_confirm(request: HttpRequest, draft: int) -> HttpResponse:
    return _decision(request, draft, confirm=True)


def import_discard(request: HttpRequest, draft: int) -> HttpResponse:
    return _decision(request, draft, confirm=False)
