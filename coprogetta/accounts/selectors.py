"""Who sees what: the one place that answers it. Every view reads through these."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from coprogetta.agreements.models import Party

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
    own = Membership.objects.filter(user=user).values("organization_id").order_by()
    partners = (
        Party.objects.filter(agreement__parties__organization__in=own)
        .values("organization_id").order_by()
    )
    # One set (a UNION), not an OR of two subqueries: PostgreSQL read every organisation of
    # the country for the OR (a sequential scan, 4.7 ms at scale 600), the union by its index.
    return Organization.objects.filter(pk__in=own.union(partners))


def editable_organization_ids(user: AnyUser) -> set[int]:
    """Organisations in which the user holds a role that may change agreements."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role__in=Membership.EDITOR_ROLES).values_list(
            "organization_id", flat=True
        )
    )


def user_is_editor(user: AnyUser) -> bool:
    """Whether the user may create agreements and organisations (an editor role anywhere)."""
    return bool(user.is_authenticated and (user.is_superuser or editable_organization_ids(user)))


def user_can_edit_organization(user: AnyUser, organization: Organization) -> bool:
    """Superusers, and editor members of the organisation itself, may change it."""
    return bool(user.is_superuser or organization.pk in editable_organization_ids(user))


def organization_get(user: AnyUser, pk: int, *, for_edit: bool = False) -> Organization:
    """The organisation if the user may see it (404 otherwise); ``for_edit`` also checks the role."""
    try:
        organization = organizations_visible_to(user).get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_edit and not user_can_edit_organization(user, organization):
        raise PermissionDenied
    return organization


def organizations_editable_by(user: AnyUser) -> QuerySet[Organization]:
    """The organisations the user may change, and on whose behalf they may create agreements."""
    if user.is_authenticated and user.is_superuser:
        return Organization.objects.all()
    return Organization.objects.filter(pk__in=editable_organization_ids(user))
