"""The coverage matrix laid out once (``coverage_table``) and written as a page, XLSX, ODS and
CSV. The spreadsheets are described with ``documents.exports_sheets``' typed cells and sheets
and written with its styles; the CSV follows the dialect of ``documents.exports``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from coprogetta.documents.exports import csv_number, csv_text
from coprogetta.documents.exports_sheets import EUR, Cell, Row, Sheet, sheets_ods, sheets_xlsx

from .selectors import Coverage


@dataclass
class NeedLine:
    need_id: int
    label: str
    target_group: str
    zone: str
    priority: str
    marks: list[bool]
    resources: list[str]
    covered: bool


@dataclass
class ResourceLine:
    resource_id: int
    name: str
    kind: str
    provider: str
    activities: list[str]
    used: bool


@dataclass
class ActivityColumn:
    activity_id: int
    label: str
    programme: str
    budget: Decimal


@dataclass
class CoverageTable:
    title: str
    scope: str
    analysis: str
    activities: list[ActivityColumn]
    needs: list[NeedLine]
    resources: list[ResourceLine]

    @property
    def uncovered_count(self) -> int:
        return sum(1 for n in self.needs if not n.covered)

    @property
    def unused_count(self) -> int:
        return sum(1 for r in self.resources if not r.used)


def coverage_table(matrix: Coverage) -> CoverageTable:
    """The rows and columns every format shows, from a ``selectors.coverage`` result."""
    activities = matrix.activities
    names = {r.pk: r.name for r in matrix.resources}
    uses: dict[int, list[str]] = {}
    for activity in activities:
        for resource_id in _resource_ids(matrix, activity.pk):
            uses.setdefault(resource_id, []).append(activity.title)
    need_lines = []
    for row in matrix.rows:
        need = row.need
        need_lines.append(
            NeedLine(
                need_id=need.pk,
                label=need.short_description,
                target_group=need.get_target_group_display(),
                zone=need.zone,
                priority=str(need.get_priority_display()),
                marks=[a.pk in row.activity_ids for a in activities],
                resources=sorted(names[r] for r in row.resource_ids if r in names),
                covered=row.covered,
            )
        )
    resource_lines = [
        ResourceLine(
            resource_id=r.pk,
            name=r.name,
            kind=str(r.get_kind_display()),
            provider=r.provider_name,
            activities=uses.get(r.pk, []),
            used=r.pk in matrix.used_resource_ids,
        )
        for r in matrix.resources
    ]
    scope = (
        _("Programme: %(title)s") % {"title": matrix.programme.title}
        if matrix.programme
        else _("Whole agreement: every programme")
    )
    return CoverageTable(
        title=matrix.agreement.title,
        scope=scope,
        analysis=str(matrix.analysis) if matrix.analysis else _("No needs analysis yet"),
        activities=[ActivityColumn(a.pk, a.title, a.programme.title, a.budget) for a in activities],
        needs=need_lines,
        resources=resource_lines,
    )


def _resource_ids(matrix: Coverage, activity_id: int) -> set[int]:
    return matrix.resources_by_activity.get(activity_id, set())


# -- the cells of the two sheets -------------------------------------------------------------


def _yes(flag: bool) -> str:
    return _("yes") if flag else _("no")


def need_header(table: CoverageTable) -> list[str]:
    return [
        _("Need"),
        _("Target group"),
        _("Zone"),
        _("Priority"),
        *[a.label for a in table.activities],
        _("Resources used"),
        _("Covered"),
    ]


def need_cells(table: CoverageTable, line: NeedLine) -> list[str]:
    marks = ["X" if mark else "" for mark in line.marks]
    covered = _("yes") if line.covered else _("NOT COVERED")
    return [
        line.label,
        line.target_group,
        line.zone,
        line.priority,
        *marks,
        "; ".join(line.resources),
        covered,
    ]


def resource_header() -> list[str]:
    return [_("Resource"), _("Kind"), _("Provider"), _("Activities that use it"), _("Used")]


def resource_cells(line: ResourceLine) -> list[str]:
    return [
        line.name,
        line.kind,
        line.provider,
        "; ".join(line.activities),
        _("yes") if line.used else _("NOT USED"),
    ]


def workbook(table: CoverageTable) -> list[Sheet]:
    heading: list[Row] = [
        [Cell(_("Coverage of needs"), bold=True)],
        [Cell(table.title, bold=True)],
        [Cell(table.scope)],
        [Cell(table.analysis)],
        [],
    ]
    needs = Sheet(_("Needs")[:31], [45, 22, 18, 10] + [14] * len(table.activities) + [40, 14])
    needs.rows = list(heading)
    needs.header_row = len(needs.rows)
    needs.rows.append([Cell(name, bold=True) for name in need_header(table)])
    for line in table.needs:
        needs.rows.append(
            [
                Cell(text, bold=(i == len(need_header(table)) - 1 and not line.covered))
                for i, text in enumerate(need_cells(table, line))
            ]
        )
    needs.rows.append([])
    needs.rows.append(
        [
            Cell(_("Budget of the activities"), bold=True),
            None,
            None,
            None,
            *[Cell(a.budget, EUR) for a in table.activities],
        ]
    )
    resources = Sheet(_("Resources")[:31], [40, 20, 35, 45, 12])
    resources.rows = list(heading)
    resources.header_row = len(resources.rows)
    resources.rows.append([Cell(name, bold=True) for name in resource_header()])
    for res in table.resources:
        resources.rows.append(
            [Cell(text, bold=(i == 4 and not res.used)) for i, text in enumerate(resource_cells(res))]
        )
    return [needs, resources]


def coverage_xlsx(matrix: Coverage) -> bytes:
    """The matrix as an Office Open XML workbook: a sheet of needs and one of resources."""
    return sheets_xlsx(workbook(coverage_table(matrix)))


def coverage_ods(matrix: Coverage) -> bytes:
    """The matrix as an OpenDocument spreadsheet."""
    return sheets_ods(workbook(coverage_table(matrix)))


def coverage_csv(matrix: Coverage) -> bytes:
    """The matrix as CSV (``;``, UTF-8 with BOM, CRLF): the needs, an empty row, the resources."""
    table = coverage_table(matrix)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(v) for v in need_header(table)])
    for line in table.needs:
        writer.writerow([csv_text(v) for v in need_cells(table, line)])
    writer.writerow(
        [
            csv_text(_("Budget of the activities")),
            "",
            "",
            "",
            *[csv_number(a.budget) for a in table.activities],
        ]
    )
    writer.writerow([])
    writer.writerow([csv_text(v) for v in resource_header()])
    for res in table.resources:
        writer.writerow([csv_text(v) for v in resource_cells(res)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Export:
    render: Callable[[Coverage], bytes]
    content_type: str


EXPORTS = {
    "xlsx": Export(coverage_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ods": Export(coverage_ods, "application/vnd.oasis.opendocument.spreadsheet"),
    "csv": Export(coverage_csv, "text/csv; charset=utf-8"),
}
