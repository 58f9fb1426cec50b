"""The API of an agreement's people: narrower roles and operators' assignments (list, create,
delete), over the People page's selectors and services."""

from typing import Any

from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements import people_services
from coprogetta.agreements.access import access_for
from coprogetta.agreements.models import Agreement, AgreementRole, Assignment

from . import people_serializers as s
from .base import Writable


def may_manage(user: AnyUser, agreement: Agreement) -> bool:
    """Editors of a public-body party and superusers (``people_services.require_manage``)."""
    return access_for(user, agreement).can_approve


class AgreementRoleViewSet(Writable):
    """Roles narrowed on this agreement (never wider than the organisation's)."""

    model = AgreementRole
    output = s.AgreementRoleOut
    inputs = {"create": s.AgreementRoleIn}
    may_write = staticmethod(may_manage)

    def create_with(self, data: dict[str, Any]) -> AgreementRole:
        return people_services.agreement_role_set(
            user=self.request.user, agreement=self.agreement, person=data["user"], role=data["role"],
        )

    def delete_with(self, obj: AgreementRole) -> None:
        obj.agreement = self.agreement
        people_services.agreement_role_delete(user=self.request.user, item=obj)


class AssignmentViewSet(Writable):
    """What operators are assigned: an area or an action each."""

    model = Assignment
    output = s.AssignmentOut
    inputs = {"create": s.AssignmentIn}
    may_write = staticmethod(may_manage)

    def create_with(self, data: dict[str, Any]) -> Assignment:
        return people_services.assignment_create(
            user=self.request.user, agreement=self.agreement, person=data["user"],
            area=data.get("area"), action=data.get("action"),
        )

    def delete_with(self, obj: Assignment) -> None:
        obj.agreement = self.agreement
        people_services.assignment_delete(user=self.request.user, item=obj)
