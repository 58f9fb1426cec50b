"""What one person may do on one agreement: the single answer every selector and service reads.

A role comes from the person's membership of an organisation that is party to the agreement
(``accounts.Membership``); an ``AgreementRole`` may narrow it on one agreement, never widen it.
Operators write only on what they are assigned (``Assignment``: an area, with everything in
it, or an action): services refuse anything else with ``require_assigned``, and forms offer
only ``Access.scope()``.

The answer is computed once per agreement object and person (one query; two or three for an
operator) and kept on the object, so a page that asks many times costs nothing more; after
roles or assignments change, ``forget`` drops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, Subquery
from django.utils.translation import gettext

from coprogetta.accounts.models import Membership

from .models import Action, Agreement, AgreementRole, Assignment, Party

AnyUser = AbstractBaseUser | AnonymousUser
Role = Membership.Role

#: How much each role may do; an agreement role narrower than the organisation's wins.
RANK = {Role.READER: 0, Role.OPERATOR: 1, Role.COORDINATOR: 2, Role.OFFICER: 2, Role.ADMIN: 3}
EDITOR_ROLES = Membership.EDITOR_ROLES
LOGGER_ROLES = EDITOR_ROLES | {Role.OPERATOR}


@dataclass(frozen=True)
class Access:
    """A person's rights on an agreement."""

    role: str | None
    superuser: bool = False
    #: the role is held through a public-body party (the municipality approves and pays)
    public_body: bool = False
    area_ids: frozenset[int] = frozenset()
    action_ids: frozenset[int] = frozenset()
    #: the actions of the assigned areas (an item of one of them is in an assigned area)
    area_action_ids: frozenset[int] = frozenset()

    @property
    def can_read(self) -> bool:
        return self.superuser or self.role is not None

    @property
    def can_edit(self) -> bool:
        """Change the agreement and its parts (administrators, officers, coordinators)."""
        return self.superuser or self.role in EDITOR_ROLES

    @property
    def can_log(self) -> bool:
        """Write time entries, enrolment counts and expenses (on assigned items, for operators)."""
        return self.superuser or self.role in LOGGER_ROLES

    @property
    def can_approve(self) -> bool:
        """Approve indicator values and negotiation versions: editors of a public-body party."""
        return self.superuser or (self.role in EDITOR_ROLES and self.public_body)

    @property
    def is_operator(self) -> bool:
        return not self.superuser and self.role == Role.OPERATOR

    def may_write_on(
        self, *, area_id: int | None = None, action_id: int | None = None,
        action_area_id: int | None = None,
    ) -> bool:
        """Whether a log-type write may touch an item of this area or action.

        Editors may write anywhere; operators only on an assigned action, or on anything in an
        assigned area (``action_area_id`` is the area of the item's action, when it has one).
        """
        if self.can_edit:
            return True
        if not self.can_log:
            return False
        if action_id is not None and (action_id in self.action_ids or action_id in self.area_action_ids):
            return True
        return any(a is not None and a in self.area_ids for a in (area_id, action_area_id))

    def may_write_on_item(self, item: Placed) -> bool:
        """Whether a log-type write may touch ``item`` (a staff cost, budget line, contribution
        or action), from its area and action ids alone (no query)."""
        if isinstance(item, Action):
            return self.may_write_on(area_id=item.area_id, action_id=item.pk)
        return self.may_write_on(area_id=item.area_id, action_id=getattr(item, "action_id", None))

    def scope(self, *, area: str = "area", action: str = "action") -> Q | None:
        """A filter of the items this person may log on (None: all of them).

        ``area`` and ``action`` name the item's fields; for actions themselves pass
        ``action="pk"``.
        """
        if self.can_edit:
            return None
        if not self.can_log:
            return Q(pk__in=[])
        return (
            Q(**{f"{area}__in": self.area_ids})
            | Q(**{f"{action}__in": self.action_ids | self.area_action_ids})
        )

    @property
    def has_assignments(self) -> bool:
        return bool(self.area_ids or self.action_ids)


class Placed(Protocol):
    """An item that sits in an area and maybe in an action."""

    pk: object
    area_id: int | None


NO_ACCESS = Access(role=None)


def require_assigned(access: Access, item: Placed, *, field: str | None = None) -> None:
    """Refuse a log-type write on an item the person is not assigned to.

    With ``field`` (the item was chosen in a form or a request body) the refusal is a
    ValidationError on that field naming the item; without (the item is the one being changed
    or deleted), PermissionDenied.
    """
    if access.may_write_on_item(item):
        return
    if field is None or not access.can_log:
        raise PermissionDenied
    raise ValidationError({field: gettext(
        "You are not assigned to “%(item)s”: choose an item of an area or action assigned to "
        "you, or ask an editor of the public body to assign it to you (page People)."
    ) % {"item": item}}, code="not_assigned")


def narrower(first: str | None, second: str | None) -> str | None:
    """The narrower of two roles (``None`` is no role at all)."""
    if first is None or second is None:
        return None
    return first if RANK[Role(first)] <= RANK[Role(second)] else second


def access_for(user: AnyUser, agreement: Agreement) -> Access:
    """The person's rights on the agreement, computed once per agreement object and person."""
    if not user.is_authenticated:
        return NO_ACCESS
    cache: dict[int, Access] = agreement.__dict__.setdefault("_access_cache", {})
    if user.pk in cache:
        return cache[user.pk]
    if user.is_superuser:
        result = Access(role=Role.ADMIN, superuser=True, public_body=True)
    else:
        result = _compute(user, agreement)
    cache[user.pk] = result
    return result


def _compute(user: AnyUser, agreement: Agreement) -> Access:
    narrowing = AgreementRole.objects.filter(agreement=agreement, user=user).values("role")[:1]
    held = list(
        Membership.objects.filter(user=user, organization__parties__agreement=agreement)
        .annotate(narrowed=Subquery(narrowing))
        .values_list("role", "organization__parties__role", "narrowed")
    )
    if not held:
        return NO_ACCESS
    best = max(held, key=lambda row: RANK[Role(row[0])])[0]
    narrowed = held[0][2]
    role = narrower(best, narrowed) if narrowed else best
    public_body = any(
        party_role == Party.Role.PUBLIC_BODY and RANK[Role(org_role)] >= RANK[Role(role)]
        for org_role, party_role, _ in held
    )
    area_ids: frozenset[int] = frozenset()
    action_ids: frozenset[int] = frozenset()
    area_action_ids: frozenset[int] = frozenset()
    if role == Role.OPERATOR:
        rows = list(
            Assignment.objects.filter(agreement=agreement, user=user).values_list(
                "area_id", "action_id"
            )
        )
        area_ids = frozenset(a for a, _ in rows if a is not None)
        action_ids = frozenset(b for _, b in rows if b is not None)
        if area_ids:
            area_action_ids = frozenset(
                Action.objects.filter(area_id__in=area_ids).values_list("pk", flat=True)
            )
    return Access(
        role=role, public_body=public_body, area_ids=area_ids, action_ids=action_ids,
        area_action_ids=area_action_ids,
    )


def forget(agreement: Agreement) -> None:
    """Drop the cached answers (after roles or assignments of the agreement change)."""
    agreement.__dict__.pop("_access_cache", None)


def narrowing_choices(org_role: str) -> list[str]:
    """The roles that may narrow ``org_role`` on one agreement: itself and every narrower one."""
    rank = RANK[Role(org_role)]
    return [role for role in Role if role == org_role or RANK[role] < rank]
