"""Reads of the import: a user's own drafts (anybody else's is a 404), and what their review shows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from coprogetta.accounts.selectors import AnyUser

from .import_services import findings_count, findings_sorted
from .models import ImportDraft


def import_drafts_open(user: AnyUser) -> QuerySet[ImportDraft]:
    """The user's drafts still waiting for review, newest first (without their heavy text)."""
    if not user.is_authenticated:
        return ImportDraft.objects.none()
    return (
        ImportDraft.objects.filter(owner=user, status=ImportDraft.Status.DRAFT)
        .defer("lines", "document", "sources")
        .order_by("-created_at", "-id")
    )


def import_draft_get(user: AnyUser, pk: int) -> ImportDraft:
    """The user's own draft; 404 for anybody else's, or for no such draft."""
    if not user.is_authenticated:
        raise Http404
    try:
        return ImportDraft.objects.select_related("agreement").get(pk=pk, owner=user)
    except (ImportDraft.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class SourceLine:
    number: int
    text: str
    cells: list[str] | None
    linked: bool


@dataclass
class FindingRow:
    kind: str
    message: str
    stated: Decimal | None
    computed: Decimal | None
    difference: Decimal | None
    line: int | None
    text: str


def _decimal(value: Any) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except InvalidOperation:
        return None


def review_findings(draft: ImportDraft) -> tuple[list[FindingRow], dict[str, int]]:
    """The findings of a draft's verification, mismatches first, and their count by kind."""
    findings = findings_sorted(list((draft.document.get("verification") or {}).get("findings", [])))
    rows = []
    for item in findings:
        stated, computed = _decimal(item.get("stated")), _decimal(item.get("computed"))
        location = item.get("location") or {}
        line = location.get("line")
        rows.append(FindingRow(
            kind=str(item.get("kind", "")), message=str(item.get("message", "")), stated=stated,
            computed=computed,
            difference=stated - computed if stated is not None and computed is not None else None,
            line=int(line) if isinstance(line, int) and line > 0 else None,
            text=str(location.get("text") or ""),
        ))
    return rows, findings_count(findings)


def source_lines(draft: ImportDraft) -> list[SourceLine]:
    """The document's lines, numbered from 1; table rows split into cells."""
    linked = {line for line in draft.sources.values() if isinstance(line, int)}
    linked |= {
        line for item in (draft.document.get("verification") or {}).get("findings", [])
        if isinstance(line := (item.get("location") or {}).get("line"), int)
    }
    return [
        SourceLine(number, text, text.split("\t") if "\t" in text else None, number in linked)
        for number, text in enumerate(draft.lines, start=1)
    ]


def draft_summary(document: dict[str, Any]) -> dict[str, Any]:
    """What the confirmation page recalls of a draft: title, period, parties, counts, totals."""
    from .import_report import totals

    areas = document.get("areas", [])
    return {
        "title": document.get("title", ""), "period": document.get("period") or {},
        "parties": document.get("parties", []), "areas": len(areas),
        "actions": sum(len(a.get("actions", [])) for a in areas), "totals": totals(document),
    }
