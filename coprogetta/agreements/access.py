"""What one person may do on one agreement: the single answer every selector and service reads.

A role comes from the person's membership of an organisation that is party to the agreement
(``accounts.Membership``); an ``AgreementRole`` may narrow it on one agreement, never widen it.
Operators write only on what they are assigned (``Assignment``: an area or an action).

The answer is computed once per agreement object and person (two or three queries) and kept on
the object, so a page that asks many times costs nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from coprogetta.accounts.models import Membership

from .models import Agreement, AgreementRole, Assignment, Party

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
        if action_id is not None and action_id in self.action_ids:
            return True
        return any(a is not None and a in self.area_ids for a in (area_id, action_area_id))

    @property
    def has_assignments(self) -> bool:
        return bool(self.area_ids or self.action_ids)


NO_ACCESS = Access(role=None)


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
    held = list(
        Membership.objects.filter(user=user, organization__parties__agreement=agreement)
        .values_list("role", "organization__parties__role")
    )
    if not held:
        return NO_ACCESS
    best = max(held, key=lambda pair: RANK[Role(pair[0])])[0]
    narrowed = (
        AgreementRole.objects.filter(agreement=agreement, user=user)
        .values_list("role", flat=True).first()
    )
    role = narrower(best, narrowed) if narrowed else best
    public_body = any(
        party_role == Party.Role.PUBLIC_BODY and RANK[Role(org_role)] >= RANK[Role(role)]
        for org_role, party_role in held
    )
    area_ids: frozenset[int] = frozenset()
    action_ids: frozenset[int] = frozenset()
    if role == Role.OPERATOR:
        rows = list(
            Assignment.objects.filter(agreement=agreement, user=user).values_list(
                "area_id", "action_id"
            )
        )
        area_ids = frozenset(a for a, _ in rows if a is not None)
        action_ids = frozenset(b for _, b in rows if b is not None)
    return Access(role=role, public_body=public_body, area_ids=area_ids, action_ids=action_ids)


def forget(agreement: Agreement) -> None:
    """Drop the cached answers (after roles or assignments of the agreement change)."""
    agreement.__dict__.pop("_access_cache", None)
