"""Writes of the People page: a role narrowed on one agreement, and operators' assignments.

Editors of a public-body party of the agreement (``Access.can_approve``) and superusers
decide them; each write is one transaction with its audit row, and the cached answers of
``access_for`` are dropped afterwards.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import (
    ConstraintMessages,
    model_create,
    model_delete,
    model_update,
)

from .access import Role, access_for, forget, narrowing_choices
from .models import Action, Agreement, AgreementRole, Area, Assignment
from .people_selectors import person_get

MESSAGES: ConstraintMessages = {
    "agreement_role_unique": ("role", _("This person already has a role on this agreement.")),
    "assignment_unique_area": ("area", _("This person is already assigned to this area.")),
    "assignment_unique_action": ("action", _("This person is already assigned to this action.")),
    "assignment_area_xor_action": (
        "area", _("Choose either an area or an action, not both and not neither."),
    ),
}


def require_manage(user: AnyUser, agreement: Agreement) -> None:
    """Only editors of a public-body party (and superusers) manage the agreement's people."""
    if not access_for(user, agreement).can_approve:
        raise PermissionDenied


def _person(agreement: Agreement, person: Any) -> Any:
    """The person as one of the agreement's people, or a refusal that names nobody."""
    try:
        return person_get(agreement, person.pk)
    except Http404:  # not a member of a party organisation
        raise ValidationError({"user": gettext(
            "Choose a person who has access to this agreement through a party organisation."
        )}, code="not_a_party_member") from None


@transaction.atomic
def agreement_role_set(
    *, user: AnyUser, agreement: Agreement, person: Any, role: str,
) -> AgreementRole:
    """Narrow ``person``'s role on ``agreement`` (never wider than their organisation's)."""
    require_manage(user, agreement)
    someone = _person(agreement, person)
    if someone.user.pk == user.pk:
        raise ValidationError({"role": gettext(
            "You cannot change your own role on this agreement: ask another editor of the "
            "public body."
        )}, code="own_role")
    if role not in Role.values:
        raise ValidationError({"role": gettext("Choose one of the roles.")}, code="invalid_choice")
    allowed = narrowing_choices(someone.org_role)
    if role not in allowed:
        raise ValidationError({"role": gettext(
            "A role on one agreement can only narrow the one the organisation grants: "
            "%(person)s holds the role %(org_role)s in their organisation, so choose one of: "
            "%(roles)s."
        ) % {
            "person": someone.name, "org_role": Role(someone.org_role).label,
            "roles": ", ".join(str(Role(r).label) for r in allowed),
        }}, code="wider")
    existing = someone.narrowed
    if existing is not None:
        model_update(
            existing, {"role": role}, fields=["role"], user=user, agreement_id=agreement.pk,
            messages=MESSAGES,
        )
        item = existing
    else:
        item = AgreementRole(agreement=agreement, user=someone.user, role=role)
        model_create(item, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    forget(agreement)
    return item


@transaction.atomic
def people_remove(*, user: AnyUser, item: AgreementRole | Assignment) -> None:
    """Remove a narrowing (the organisation's role applies again) or take an area or action
    away from an operator."""
    agreement = item.agreement
    require_manage(user, agreement)
    model_delete(item, user=user, agreement_id=agreement.pk)
    forget(agreement)


@transaction.atomic
def assignment_create(
    *, user: AnyUser, agreement: Agreement, person: Any, area: Area | None = None,
    action: Action | None = None,
) -> Assignment:
    """Assign an operator of the agreement to an area or to an action of it."""
    require_manage(user, agreement)
    someone = _person(agreement, person)
    if (area is None) == (action is None):
        raise ValidationError({"area": MESSAGES["assignment_area_xor_action"][1]})
    if area is not None and area.agreement_id != agreement.pk:
        raise ValidationError({"area": gettext("Choose one of this agreement's areas.")})
    if action is not None and action.area.agreement_id != agreement.pk:
        raise ValidationError({"action": gettext("Choose one of this agreement's actions.")})
    if not someone.is_operator:
        raise ValidationError({"user": gettext(
            "Only operators are assigned to areas and actions: %(person)s is %(role)s on this "
            "agreement and may already record on all of it, or not at all."
        ) % {"person": someone.name, "role": someone.role_label}}, code="not_operator")
    item = Assignment(agreement=agreement, user=someone.user, area=area, action=action)
    model_create(item, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    forget(agreement)
    return item
