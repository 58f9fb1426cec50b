"""Writes of accounts, and the audit row every service writes."""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from .models import AuditEntry


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value (Decimal and dates as strings)."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of ``obj``, for the old → new record of a change."""
    return {
        f.attname: _plain(getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.attname not in {"id", "created_at", "updated_at"}
    }


def audit_record(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    agreement_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row: who did ``action`` to ``obj``, with the fields that changed."""
    before = before or {}
    after = after or {}
    changed = {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        agreement_id=agreement_id,
        changes=changed,
    )
