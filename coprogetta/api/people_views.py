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


class PeopleViewSet(Writable):
    """Created and deleted by the public body's editors, never replaced."""

    may_write = staticmethod(may_manage)

    def delete_with(self, obj: AgreementRole | Assignment) -> None:
        obj.agreement = self.agreement
        people_services.people_remove(user=self.request.user, item=obj)


class AgreementRoleViewSet(PeopleViewSet):
    """Roles narrowed on this agreement (never wider than the organisation's)."""

    model = AgreementRole
    output = s.AgreementRoleOut
    inputs = {"create": s.AgreementRoleIn}

    def create_with(self, data: dict[str, Any]) -> AgreementRole:
        return people_services.agreement_role_set(
            user=self.request.user, agreement=self.agreement, person=data["user"], role=data["role"],
        )


class AssignmentViewSet(PeopleViewSet):
    """What operators are assigned: an area or an action each."""

    model = Assignment
    output = s.AssignmentOut
    inputs = {"create": s.AssignmentIn}

    def create_with(self, data: dict[str, Any]) -> Assignment:
        return people_services.assignment_create(
            user=self.request.user, agreement=self.agreement, person=data["user"],
            area=data.get("area"), action=data.get("action"),
        )
