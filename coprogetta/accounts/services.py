"""Writes of accounts, the audit row every service writes, and the steps all services share."""

import copy
import datetime
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coprogetta.lib.taxcodes import TaxCodeError, normalise_tax_code
from coprogetta.lib.textparse.numbers import format_date, format_number

from .audit import audit_write
from .models import AuditEntry, Organization
from .selectors import AnyUser, user_can_edit_organization, user_is_editor

logger = logging.getLogger(__name__)
StrOrPromise = str | Promise


M = TypeVar("M", bound=models.Model)


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
    """The concrete field values of ``obj``, for the old → new record of a change.

    Decimals are written with their column's places, so 5 and 5.00 are the same value.
    """
    values = {}
    for f in obj._meta.concrete_fields:
        if f.attname in {"id", "created_at", "updated_at"}:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.DecimalField) and isinstance(value, Decimal) and value.is_finite():
            value = value.quantize(Decimal(1).scaleb(-f.decimal_places))
        values[f.attname] = _plain(value)
    return values


def audit_record(
    *,
    user: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    agreement_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit row: who did ``action`` to ``obj``, with the fields that changed.

    Who is kept as the user's id and username, the organisation as its id and name (the one
    through which the user acts on the agreement, else their first membership), and, within a
    request, the client's address.
    """
    before = before or {}
    after = after or {}
    changed = {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
    return audit_write(
        user=user, action=action, agreement_id=agreement_id, changes=changed,
        object_type=obj._meta.label_lower, object_id=str(obj.pk), object_repr=str(obj),
    )
# -- the steps every service repeats: validate, save, record ---------------------------------

#: A database constraint's name -> the form field its violation belongs to (None: the whole
#: form) and the sentence that tells the user what to fix.
ConstraintMessages = Mapping[str, tuple[str | None, StrOrPromise]]

CONFLICT_MESSAGE = _("Someone else changed these data meanwhile. Reload the page and try again.")


def model_validate(obj: models.Model, *, messages: ConstraintMessages | None = None) -> None:
    """``full_clean``, with each violated database constraint reported by its sentence."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        obj.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for constraint in obj._meta.constraints:
        try:
            constraint.validate(type(obj), obj, exclude=set(errors))
        except ValidationError as error:
            field, message = (messages or {}).get(constraint.name, (None, None))
            key = field or NON_FIELD_ERRORS
            errors.setdefault(key, []).append(ValidationError(message) if message else error)
    if errors:
        raise ValidationError(errors)


def model_save(obj: models.Model) -> None:
    """Save; a constraint that another request broke meanwhile becomes a ValidationError."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        logger.warning("Integrity error saving %s %s", obj._meta.label, obj.pk, exc_info=True)
        raise ValidationError(CONFLICT_MESSAGE) from None


def model_create(
    obj: models.Model,
    *,
    user: AnyUser | None,
    agreement_id: int | None = None,
    messages: ConstraintMessages | None = None,
) -> None:
    """Validate and save a new ``obj``, recording its creation."""
    model_validate(obj, messages=messages)
    model_save(obj)
    audit_record(
        user=user, action="create", obj=obj, agreement_id=agreement_id, after=snapshot(obj)
    )


def model_candidate(obj: M, changes: dict[str, Any]) -> M:
    """A copy of ``obj`` with ``changes`` applied, to check before anything is touched."""
    candidate = copy.copy(obj)
    for name, value in changes.items():
        setattr(candidate, name, value)
    return candidate


class EditConflict(ValidationError):
    """The record changed after the form was opened: the second of two edits is told.

    ``current_version`` is the stored version now: a form that resubmits with it replaces
    the other person's change knowingly.
    """

    def __init__(self, message: StrOrPromise, *, current_version: int) -> None:
        super().__init__(message, code="conflict")
        self.current_version = current_version


def _shown(value: Any) -> str:
    """A stored value as the pages show it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, Decimal):
        return format_number(value, 2)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return format_date(value)
    return str(value)


def _conflict(obj: models.Model, submitted: Mapping[str, Any], current_version: int) -> EditConflict:
    """The refusal of a stale edit: who changed the record, and the values now saved."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    differing = [
        f"{capfirst(obj._meta.get_field(name).verbose_name)}: {_shown(getattr(fresh, name))}"
        for name, value in submitted.items()
        if getattr(fresh, name) != value
    ]
    last = (
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("user").order_by("-created_at", "-id").first()
    )
    who = (last.user.get_full_name() or last.user.get_username()) if last and last.user else None
    if who and last is not None:
        when = timezone.localtime(last.created_at).strftime("%d/%m/%Y %H:%M")
        message = gettext(
            "%(who)s saved a change to this record on %(when)s, while you were editing it."
        ) % {"who": who, "when": when}
    else:
        message = gettext("Someone else saved a change to this record while you were editing it.")
    message += " " + gettext(
        "Your input is still in the form and nothing has been overwritten. Save again to replace "
        "their values with yours, or cancel to keep theirs."
    )
    if differing:
        message += " " + gettext("Saved now: %(values)s.") % {"values": "; ".join(differing)}
    return EditConflict(message, current_version=current_version)


def _has_version(obj: models.Model) -> bool:
    return any(f.name == "version" for f in obj._meta.concrete_fields)


def model_update(
    obj: models.Model,
    changes: Mapping[str, Any],
    *,
    fields: Iterable[str],
    user: AnyUser | None,
    agreement_id: int | None = None,
    messages: ConstraintMessages | None = None,
    expected_version: int | None = None,
) -> None:
    """Apply ``changes`` (only to the editable ``fields``), validate, save and record them.

    Nothing is written, nor recorded, when nothing changes. For a versioned model
    (``agreements.models.Versioned``) ``expected_version`` -- or a ``version`` key in
    ``changes``, as forms submit it -- is the version the edit started from: if the stored
    one differs, the edit is refused with an ``EditConflict`` and nothing is written.
    """
    changes = dict(changes)
    submitted_version = changes.pop("version", None)
    if expected_version is None:
        expected_version = submitted_version
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"{obj._meta.label} has no editable field {sorted(unknown)}")
    before = snapshot(obj)
    original = {name: getattr(obj, name) for name in changes}
    if _has_version(obj):
        original["version"] = obj.version  # type: ignore[attr-defined]
    for name, value in changes.items():
        setattr(obj, name, value)
    try:
        model_validate(obj, messages=messages)
        after = snapshot(obj)
        if after == before:
            return
        if _has_version(obj):
            _next_version(obj, expected_version, changes)
            after = snapshot(obj)
        model_save(obj)
    except ValidationError:
        for name, value in original.items():  # a refused change leaves the object as it was
            setattr(obj, name, value)
        raise
    audit_record(
        user=user, action="update", obj=obj, agreement_id=agreement_id, before=before, after=after
    )


def _next_version(obj: models.Model, expected: int | None, changes: Mapping[str, Any]) -> None:
    """Lock the row, refuse a stale edit, and move the version on by one."""
    manager = type(obj)._default_manager
    current = manager.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
    if current is None:
        raise ValidationError(_("This record no longer exists: someone deleted it meanwhile."))
    if expected is not None and int(expected) != current:
        raise _conflict(obj, changes, current)
    obj.version = current + 1  # type: ignore[attr-defined]


def model_delete(obj: models.Model, *, user: AnyUser | None, agreement_id: int | None = None) -> None:
    """Record and delete ``obj``; refuse if other records still depend on it."""
    audit_record(user=user, action="delete", obj=obj, agreement_id=agreement_id, before=snapshot(obj))
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("This cannot be deleted because other records still refer to it."), code="protected"
        ) from None


# -- organisations ---------------------------------------------------------------------------

ORGANIZATION_FIELDS = ("name", "kind", "tax_code", "consortium")
ORGANIZATION_MESSAGES: ConstraintMessages = {
    "organization_unique_tax_code": (
        "tax_code", _("Another organisation already has this tax code."),
    ),
}


def _tax_code(value: str) -> str:
    """The compact, checked tax code; empty stays empty."""
    if not value:
        return ""
    try:
        return normalise_tax_code(value)
    except TaxCodeError:
        raise ValidationError({"tax_code": _(
            "This is not a valid codice fiscale or partita IVA: check the characters."
        )}) from None


def _require_editor(user: AnyUser) -> None:
    if not user_is_editor(user):
        raise PermissionDenied


@transaction.atomic
def organization_create(
    *,
    user: AnyUser,
    name: str,
    kind: str,
    tax_code: str = "",
    consortium: Organization | None = None,
) -> Organization:
    """A new organisation; any editor may add one (it does not change the creator's own)."""
    _require_editor(user)
    organization = Organization(
        name=name, kind=kind, tax_code=_tax_code(tax_code), consortium=consortium
    )
    model_create(organization, user=user, messages=ORGANIZATION_MESSAGES)
    return organization


@transaction.atomic
def organization_update(*, user: AnyUser, organization: Organization, **changes: Any) -> Organization:
    """Change an organisation: its editor members and superusers only."""
    if not user_can_edit_organization(user, organization):
        raise PermissionDenied
    if "tax_code" in changes:
        changes["tax_code"] = _tax_code(changes["tax_code"])
    consortium = changes.get("consortium")
    if consortium is not None and consortium.pk == organization.pk:
        raise ValidationError({"consortium": _("An organisation cannot be a member of itself.")})
    model_update(
        organization, changes, fields=ORGANIZATION_FIELDS, user=user, messages=ORGANIZATION_MESSAGES
    )
    return organization
