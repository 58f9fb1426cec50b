"""Import of an agreement from a document: read, extract, verify; keep a draft; confirm.

``import_read`` does the work without touching the database (the ``import`` and ``verify``
commands use it). On the web, ``import_start`` keeps the upload aside and starts a
background job ("import") that reads it into an ``ImportDraft``; the owner corrects the
draft (``import_draft_update``: the JSON Schema and the verification run again) and
confirms it (``import_draft_confirm``: the agreement is created by ``agreement_import`` in
one transaction) or discards it. Nothing is written to the agreements before confirmation.
"""

from __future__ import annotations

import copy
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from coprogetta.accounts.selectors import AnyUser, organizations_of, user_is_editor
from coprogetta.accounts.services import model_create, model_update
from coprogetta.agreements.models import Agreement
from coprogetta.lib import money
from coprogetta.lib.importer import extract
from coprogetta.lib.taxcodes import TaxCodeError, normalise_tax_code
from coprogetta.lib.textparse.numbers import format_number
from coprogetta.lib.verification import Finding, verify

from .interchange import DocumentError, agreement_import, validate_document
from .interchange_import import organization_match
from .jobs import Progress, job_runner, job_start
from .models import ImportDraft, Job
from .reading import SourceText, UnreadableDocument, max_bytes, read_document

logger = logging.getLogger(__name__)

#: The order findings are shown in: what must be fixed first.
KIND_ORDER = {"mismatch": 0, "inconsistency": 1, "unresolved": 2, "approximate": 3, "ok": 4}
PENDING_DIR = "imports/pending"


@dataclass
class ImportResult:
    """A document read into a draft: its lines, the draft, where each value came from."""

    source: SourceText
    document: dict[str, Any]
    sources: dict[str, int]
    findings: list[dict[str, Any]]


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def finding_data(finding: Finding) -> dict[str, Any]:
    """A finding as the interchange format writes it (``verification.findings``)."""
    data: dict[str, Any] = {
        "kind": finding.kind, "message": finding.message,
        "stated": _text(finding.stated), "computed": _text(finding.computed),
        "location": {"line": finding.line, "text": finding.text or ""},
    }
    if getattr(finding, "code", ""):
        data["code"] = finding.code
    return data


def findings_sorted(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mismatches first, then inconsistencies, unresolved, approximations and the checks that hold."""

    def key(item: dict[str, Any]) -> tuple[int, int]:
        line = (item.get("location") or {}).get("line") or 0
        return KIND_ORDER.get(str(item.get("kind")), 9), int(line)

    return sorted(findings, key=key)


def findings_verify(
    lines: list[str], document: dict[str, Any], sources: dict[str, int] | None = None
) -> list[dict[str, Any]]:
    """The verification of ``document`` against the text it was read from, and of the amounts
    the draft itself states (a corrected unit amount with the old total is a mismatch)."""
    findings = [finding_data(f) for f in verify(lines, document)]
    findings.extend(draft_checks(lines, document, sources or {}))
    return findings_sorted(findings)


def _items(document: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    items = [(f"/{key}/{i}", item) for i, item in enumerate(document.get(key, []))]
    for a, area in enumerate(document.get("areas", [])):
        items.extend((f"/areas/{a}/{key}/{i}", item) for i, item in enumerate(area.get(key, [])))
    return items


def draft_checks(lines: list[str], document: dict[str, Any], sources: dict[str, int]) -> list[dict[str, Any]]:
    """Mismatches between the amounts each budget line and staff cost of the draft states and
    those the money engine computes from its unit amount, quantity and VAT rate."""
    found: list[dict[str, Any]] = []
    checks = [(pointer, item, {"net": "net", "vat": "vat", "gross": "gross"}, "unit_amount", "quantity")
              for pointer, item in _items(document, "budget_lines")]
    checks += [(pointer, item, {"gross": "amount"}, "hourly_rate", "hours")
               for pointer, item in _items(document, "staff_costs")]
    for pointer, item, keys, unit_key, quantity_key in checks:
        try:
            rate = item.get("vat_rate", "out_of_scope")
            amounts = money.line_amounts(
                Decimal(str(item.get(unit_key))), Decimal(str(item.get(quantity_key, "1"))),
                None if rate == "out_of_scope" else Decimal(str(rate)),
                vat_included=bool(item.get("vat_included", False)),
            )
            stated_values = {key: Decimal(str(item.get(key))) for key in keys.values()}
        except (money.MoneyError, InvalidOperation, ValueError, TypeError):
            continue
        for attribute, key in keys.items():
            stated, computed = stated_values[key], getattr(amounts, attribute)
            if stated == computed:
                continue
            line = sources.get(f"{pointer}/{key}") or sources.get(f"{pointer}/{unit_key}")
            found.append({
                "kind": "mismatch", "code": "draft",
                "message": _("%(what)s of the draft: %(stated)s stated, %(computed)s computed from "
                             "%(unit)s × %(quantity)s") % {
                    "what": str(item.get("description") or item.get("role") or key),
                    "stated": format_number(stated), "computed": format_number(computed),
                    "unit": format_number(Decimal(str(item.get(unit_key)))),
                    "quantity": str(item.get(quantity_key, "1")),
                },
                "stated": format(stated, "f"), "computed": format(computed, "f"),
                "location": {"line": line, "text": lines[line - 1] if line and line <= len(lines) else ""},
            })
    return found


def findings_count(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(KIND_ORDER, 0)
    for item in findings:
        counts[str(item.get("kind"))] = counts.get(str(item.get("kind")), 0) + 1
    return counts


def import_read(data: bytes, filename: str, progress: Progress | None = None) -> ImportResult:
    """Read ``data`` into a verified draft; UnreadableDocument if the file cannot be read."""
    step: Callable[[int, str], None] = progress or (lambda percent, text="": None)
    step(5, _("Reading the document"))
    source = read_document(data, filename)
    step(35, _("Extracting the agreement"))
    extraction = extract(source.lines)
    document = copy.deepcopy(extraction.document)
    step(75, _("Verifying the arithmetic"))
    # the extraction has verified the text already; the draft's own amounts are checked here
    stated = (document.get("verification") or {}).get("findings")
    if stated is None:
        findings = findings_verify(source.lines, document, dict(extraction.sources))
    else:
        findings = findings_sorted(
            list(stated) + draft_checks(source.lines, document, dict(extraction.sources))
        )
    document["verification"] = {"findings": findings}
    return ImportResult(source=source, document=document, sources=dict(extraction.sources), findings=findings)


# -- the web flow ------------------------------------------------------------------------------


def _require_editor(user: AnyUser) -> None:
    if not user_is_editor(user):
        raise PermissionDenied


def _require_owner(user: AnyUser, draft: ImportDraft) -> None:
    if not user.is_authenticated or draft.owner_id != user.pk:
        raise PermissionDenied
    _require_editor(user)
    if draft.status != ImportDraft.Status.DRAFT:
        raise ValidationError(_("This draft has already been confirmed or discarded: it cannot change."))


def import_start(*, user: AnyUser, file: UploadedFile) -> Job:
    """Keep the upload aside and start reading it in the background; the job's page follows it."""
    _require_editor(user)
    if file.size is not None and file.size > max_bytes():
        raise ValidationError({"file": _("The file is too big: the limit is %(limit)s MB.") % {
            "limit": max_bytes() // (1024 * 1024)}})
    name = (file.name or "document").replace("\\", "/").rsplit("/", 1)[-1][:200]
    data = file.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise ValidationError({"file": _("The file is too big: the limit is %(limit)s MB.") % {
            "limit": max_bytes() // (1024 * 1024)}})
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    path = default_storage.save(f"{PENDING_DIR}/{uuid.uuid4().hex}", ContentFile(data))
    return job_start(
        user=user, kind="import", title=_("Import of %(name)s") % {"name": name},
        params={"path": path, "filename": name},
    )


@job_runner("import")
def import_run(job: Job, progress: Progress) -> str:
    """The background part of an import: the draft's review page when it is done."""
    path = str(job.params.get("path", ""))
    if not path.startswith(PENDING_DIR + "/"):
        raise ValidationError(_("The uploaded file is no longer available: upload it again."))
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read(max_bytes() + 1)
    except (FileNotFoundError, OSError):
        raise ValidationError(_("The uploaded file is no longer available: upload it again.")) from None
    finally:
        try:
            default_storage.delete(path)
        except OSError:  # pragma: no cover - the file is gone either way
            logger.warning("Could not delete the pending upload %s", path)
    draft = import_draft_create(
        user=job.user, data=data, filename=str(job.params.get("filename", "")), progress=progress
    )
    progress(95, _("Saving the draft"))
    return reverse("documents:import_review", kwargs={"draft": draft.pk})


@transaction.atomic
def import_draft_create(
    *, user: AnyUser, data: bytes, filename: str, progress: Progress | None = None
) -> ImportDraft:
    """Read a document into a new draft of ``user``; nothing is kept if it cannot be read."""
    _require_editor(user)
    try:
        result = import_read(data, filename, progress)
    except UnreadableDocument as error:
        raise ValidationError({"file": error.message}) from None
    draft = ImportDraft(
        owner=user, filename=filename[:255], format=result.source.format, lines=result.source.lines,
        document=result.document, sources=result.sources,
    )
    model_create(draft, user=user)
    return draft


def _problems(error: DocumentError) -> ValidationError:
    shown = error.problems[:20]
    more = len(error.problems) - len(shown)
    text = " ".join(shown) + (" " + _("(and %(count)s more)") % {"count": more} if more > 0 else "")
    return ValidationError(_("The draft is not a valid agreement yet. What to fix: %(problems)s") % {
        "problems": text})


@transaction.atomic
def import_draft_update(
    *, user: AnyUser, draft: ImportDraft, document: dict[str, Any], version: int | None = None
) -> ImportDraft:
    """Save corrections: the draft must still fit the JSON Schema; the verification runs again."""
    _require_owner(user, draft)
    document = copy.deepcopy(document)
    document.pop("verification", None)
    try:
        validate_document(document)
    except DocumentError as error:
        raise _problems(error) from None
    document["verification"] = {"findings": findings_verify(list(draft.lines), document, draft.sources)}
    model_update(draft, {"document": document}, fields=["document"], user=user, expected_version=version)
    return draft


def _user_is_party(user: AnyUser, document: dict[str, Any]) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    own = set(organizations_of(user).values_list("pk", flat=True))
    for party in document.get("parties", []):
        try:
            code = normalise_tax_code(str(party.get("tax_code") or "").strip())
        except TaxCodeError:
            code = ""
        organization = organization_match(
            name=str(party.get("name", "")), tax_code=code, kind=str(party.get("kind") or "other")
        )
        if organization.pk in own:
            return True
    return False


@transaction.atomic
def import_draft_confirm(*, user: AnyUser, draft: ImportDraft, version: int | None = None) -> Agreement:
    """Create the agreement the draft describes, all of it or nothing, and close the draft."""
    _require_owner(user, draft)
    document = copy.deepcopy(draft.document)
    if not _user_is_party(user, document):
        raise ValidationError(_(
            "None of the parties is one of your organisations, so you could not see the agreement "
            "once created. Correct the name or the tax code of your organisation's party so that "
            "it matches your organisation, then confirm again."
        ))
    try:
        agreement = agreement_import(user=user, document=document)
    except DocumentError as error:
        raise _problems(error) from None
    model_update(
        draft, {"status": ImportDraft.Status.CONFIRMED, "agreement": agreement},
        fields=["status", "agreement"], user=user, expected_version=version,
    )
    return agreement


@transaction.atomic
def import_draft_discard(*, user: AnyUser, draft: ImportDraft, version: int | None = None) -> ImportDraft:
    """Set a draft aside: nothing is created, and it leaves the list of open drafts."""
    _require_owner(user, draft)
    model_update(
        draft, {"status": ImportDraft.Status.DISCARDED}, fields=["status"], user=user,
        expected_version=version,
    )
    return draft
