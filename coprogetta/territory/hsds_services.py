"""The write of an HSDS import: every resource of a package, or none (one transaction)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from coprogetta.accounts.models import Organization
from coprogetta.accounts.selectors import AnyUser, user_can_edit_organization
from coprogetta.accounts.services import model_candidate, model_create, model_update

from . import hsds_reading as hsds
from .models import Resource
from .services import RESOURCE_FIELDS, RESOURCE_MESSAGES, _check_resource, _resource_values

IMPORT_FIELDS = (*RESOURCE_FIELDS, "provider_uid", "location_uid")


@dataclass
class ImportReport:
    """What an import did: created and updated resources, or why it refused the package."""

    created: int = 0
    updated: int = 0
    problems: list[hsds.Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@transaction.atomic
def hsds_import(*, user: AnyUser, owner: Organization, reading: hsds.Reading) -> ImportReport:
    """Record the resources of an HSDS package on behalf of ``owner``, all or nothing.

    A package with any problem writes nothing; a service whose id belongs to another
    organisation's resource is a problem; one of ``owner``'s is updated.
    """
    if not user_can_edit_organization(user, owner):
        raise PermissionDenied
    report = ImportReport(problems=list(reading.problems), notes=list(reading.notes))
    if report.problems:
        return report
    existing = {
        r.uid: r
        for r in Resource.objects.filter(uid__in=[i.uid for i in reading.resources]).select_related("owner")
    }
    for item in reading.resources:
        values = {
            k: v
            for k, v in _resource_values(item.values).items()
            if v is not None
            or k in ("latitude", "longitude", "min_age", "max_age", "cost_amount", "capacity")
        }
        resource = existing.get(item.uid)
        try:
            if resource is None:
                resource = Resource(owner=owner, uid=item.uid, **values)
                _check_resource(resource)
                model_create(resource, user=user, messages=RESOURCE_MESSAGES)
                report.created += 1
            elif resource.owner_id != owner.pk:
                report.problems.append(
                    hsds.Problem(
                        gettext("service %(id)s") % {"id": item.uid},
                        gettext("this id belongs to a resource recorded by another organisation."),
                    )
                )
            else:
                changes = {k: v for k, v in values.items() if k in IMPORT_FIELDS}
                _check_resource(model_candidate(resource, changes))
                version = resource.version
                model_update(resource, changes, fields=IMPORT_FIELDS, user=user, messages=RESOURCE_MESSAGES)
                report.updated += int(resource.version != version)
        except ValidationError as error:
            report.problems.append(
                hsds.Problem(gettext("service %(id)s") % {"id": item.uid}, " ".join(error.messages))
            )
    if report.problems:
        transaction.set_rollback(True)
        report.created = report.updated = 0
    return report
