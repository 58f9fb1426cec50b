"""Who sees what: the one place that answers it. Every view reads through these."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from .models import Membership, Organization

AnyUser = AbstractBaseUser | AnonymousUser


def organizations_of(user: AnyUser) -> QuerySet[Organization]:
    """The organisations the user belongs to."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user)


def organizations_visible_to(user: AnyUser) -> QuerySet[Organization]:
    """Organisations the user may see: their own and those party to their agreements."""
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return Organization.objects.all()
    own = Membership.objects.filter(user=user).values("organization_id")
    return Organization.objects.filter(
        pk__in=own
    ) | Organization.objects.filter(parties__agreement__parties__organization__in=own).distinct()


def editable_organization_ids(user: AnyUser) -> set[int]:
    """Organisations in which the user holds a role that may change agreements."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=Membership.EDITOR_ROLES).values_list(
            "organization_id", flat=True
        )
    )
