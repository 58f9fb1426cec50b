"""Reading the audit trail for the "Storico" pages: the rows, with field labels and values as
the pages show them.

The rows keep the values as they were stored (JSON: decimals and dates as strings, foreign keys
as ids); while the model still exists, each field gets its verbose name and its value is shown
as the pages show it (choices by their label, amounts with two decimals, dates as dd/mm/yyyy).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext

from coprogetta.lib.textparse.numbers import format_date, format_number

from .models import AuditEntry

PAGE_SIZE = 50


def model_for(kind: str) -> type[models.Model] | None:
    """The model whose ``app_label.model_name`` is ``kind``, if it (still) exists."""
    try:
        return apps.get_model(kind)
    except (LookupError, ValueError):
        return None


def kind_label(kind: str) -> str:
    """The kind of object as people say it (the model's verbose name), else as stored."""
    model = model_for(kind)
    return capfirst(str(model._meta.verbose_name)) if model is not None else kind


def _fields(model: type[models.Model] | None) -> dict[str, models.Field[Any, Any]]:
    if model is None:
        return {}
    return {f.attname: f for f in model._meta.concrete_fields}


def shown_value(field: models.Field[Any, Any] | None, value: Any) -> str:
    """A stored value as the pages show it (see the module docstring)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(field, models.DecimalField):
        try:
            return format_number(Decimal(str(value)), field.decimal_places)
        except InvalidOperation:
            return str(value)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        try:
            return format_date(datetime.date.fromisoformat(str(value)))
        except ValueError:
            return str(value)
    if isinstance(field, models.ForeignKey):
        return f"#{value}"
    return str(value)


@dataclass(frozen=True)
class Change:
    """One field of a row: its label, the value before and the value after."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryRow:
    """An audit entry as a "Storico" page shows it."""

    entry: AuditEntry
    kind: str
    changes: list[Change]

    @property
    def is_security_event(self) -> bool:
        return self.entry.action in AuditEntry.SECURITY_ACTIONS


def history_rows(entries: list[AuditEntry]) -> list[HistoryRow]:
    """The entries with their kind and changes labelled, fields in the model's order (no query)."""
    rows = []
    for entry in entries:
        model = model_for(entry.object_type) if entry.object_type else None
        fields = _fields(model)
        changes = []
        order = {name: position for position, name in enumerate(fields)}
        stored = sorted((entry.changes or {}).items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
        for name, pair in stored:
            old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
            field = fields.get(name)
            label = capfirst(str(field.verbose_name)) if field is not None else name
            changes.append(Change(label, shown_value(field, old), shown_value(field, new)))
        kind = kind_label(entry.object_type) if entry.object_type else ""
        rows.append(HistoryRow(entry=entry, kind=kind, changes=changes))
    return rows


def agreement_entries(agreement_id: int, *, kind: str = "") -> QuerySet[AuditEntry]:
    """The agreement's rows (of one kind of object, if given), newest first."""
    entries = AuditEntry.objects.filter(agreement_id=agreement_id)
    if kind:
        entries = entries.filter(object_type=kind)
    return entries.order_by("-id")


def agreement_kinds(agreement_id: int) -> list[tuple[str, str]]:
    """(kind, label) of the kinds of object the agreement's history holds, by label."""
    kinds = (
        AuditEntry.objects.filter(agreement_id=agreement_id).order_by()
        .values_list("object_type", flat=True).distinct()
    )
    return sorted(((k, kind_label(k)) for k in kinds if k), key=lambda pair: pair[1].casefold())


def object_entries(agreement_id: int, kind: str, object_id: int) -> QuerySet[AuditEntry]:
    """One object's rows within the agreement, newest first (also after it was deleted)."""
    return AuditEntry.objects.filter(
        agreement_id=agreement_id, object_type=kind, object_id=str(object_id)
    ).order_by("-id")


def organization_entries(organization_id: int) -> QuerySet[AuditEntry]:
    """The organisation record's rows, newest first."""
    return AuditEntry.objects.filter(
        object_type=AuditEntry.ORGANIZATION_KIND, object_id=str(organization_id)
    ).order_by("-id")


def security_entries(*, action: str = "") -> QuerySet[AuditEntry]:
    """Logins, failed logins and refused requests (one action of them, if given), newest first."""
    actions = [action] if action in AuditEntry.SECURITY_ACTIONS else AuditEntry.SECURITY_ACTIONS
    return AuditEntry.all_entries.filter(action__in=actions).order_by("-id")
