"""Who has access to an agreement (the "Persone" page): their organisation roles, the narrower
role on this agreement if any, and what operators are assigned.

A fixed number of queries however many people there are (``people_of``: three).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404

from coprogetta.accounts.models import Membership

from .access import RANK, Role, narrower
from .models import Action, Agreement, AgreementRole, Area, Assignment, Party


@dataclass
class Person:
    """A person with access to the agreement through one or more party organisations."""

    user: Any
    memberships: list[Membership] = field(default_factory=list)
    narrowed: AgreementRole | None = None
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def org_role(self) -> str:
        """The widest role the person's party organisations grant."""
        return max((m.role for m in self.memberships), key=lambda role: RANK[Role(role)])

    @property
    def role(self) -> str:
        """The role in effect on this agreement."""
        if self.narrowed is None:
            return self.org_role
        return narrower(self.org_role, self.narrowed.role) or self.org_role

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR and not self.user.is_superuser

    @property
    def name(self) -> str:
        return str(self.user.get_full_name() or self.user.get_username())


def _memberships(agreement: Agreement) -> QuerySet[Membership]:
    """The memberships of the agreement's party organisations, each once."""
    parties = Party.objects.filter(agreement=agreement).values("organization_id")
    return Membership.objects.filter(organization__in=parties).select_related("user", "organization")


def people_of(agreement: Agreement) -> list[Person]:
    """Everyone who has access to the agreement through a party organisation, by name."""
    people: dict[int, Person] = {}
    for membership in _memberships(agreement):
        person = people.setdefault(membership.user_id, Person(membership.user))
        person.memberships.append(membership)
    for role in AgreementRole.objects.filter(agreement=agreement, user_id__in=list(people)):
        people[role.user_id].narrowed = role
    assignments = sorted(
        Assignment.objects.filter(agreement=agreement, user_id__in=list(people))
        .select_related("area", "action__area"),
        key=assignment_order,
    )
    for assignment in assignments:
        people[assignment.user_id].assignments.append(assignment)
    for person in people.values():
        person.memberships.sort(key=lambda m: m.organization.name)
    return sorted(
        people.values(),
        key=lambda p: (p.user.last_name.lower(), p.user.first_name.lower(), p.user.get_username()),
    )


def assignment_order(item: Assignment) -> tuple[int, int, str, int]:
    """Areas first, by number; then actions, by area, kind and number."""
    if item.area is not None:
        return (0, item.area.number, "", 0)
    action = item.action
    assert action is not None  # an assignment is of an area or of an action
    return (1, action.area.number, action.kind, action.number)


def person_get(agreement: Agreement, pk: int) -> Person:
    """One person with access through a party (404 for anyone else)."""
    for person in people_of(agreement):
        if person.user.pk == pk:
            return person
    raise Http404


def party_people(agreement: Agreement) -> QuerySet[Any]:
    """The users with access to the agreement through a party organisation."""
    users = get_user_model().objects.filter(memberships__in=_memberships(agreement).values("pk"))
    return users.distinct()


def assigner_names(agreement: Agreement) -> list[str]:
    """Who may narrow roles and assign operators: the editors of a public-body party (unless
    narrowed on this agreement), by name."""
    narrowed_away = AgreementRole.objects.filter(agreement=agreement).exclude(
        role__in=Membership.EDITOR_ROLES
    ).values("user_id")
    public_bodies = Party.objects.filter(
        agreement=agreement, role=Party.Role.PUBLIC_BODY
    ).values("organization_id")
    memberships = (
        Membership.objects.filter(organization__in=public_bodies, role__in=Membership.EDITOR_ROLES)
        .exclude(user_id__in=narrowed_away).select_related("user")
    )
    return sorted({str(m.user.get_full_name() or m.user.get_username()) for m in memberships})


def assignable_items(agreement: Agreement) -> tuple[list[Area], list[Action]]:
    """The areas and actions of the agreement an operator may be assigned to."""
    areas = list(agreement.areas.order_by("number"))
    actions = list(
        Action.objects.filter(area__agreement=agreement).select_related("area")
        .order_by("area__number", "kind", "number")
    )
    return areas, actions


def assignment_get(agreement: Agreement, pk: int) -> Assignment:
    """One assignment of the agreement (404 for another agreement's)."""
    item = (
        Assignment.objects.filter(agreement=agreement, pk=pk)
        .select_related("user", "area", "action__area").first()
    )
    if item is None:
        raise Http404
    return item
