"""Writes of the territory: one transaction each, permission first, then validation, then the
audited save (``accounts.services.model_create`` / ``model_update`` / ``model_delete``)."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.models import Organization
from coprogetta.accounts.selectors import AnyUser, user_can_edit_organization
from coprogetta.accounts.services import (
    ConstraintMessages,
    model_candidate,
    model_create,
    model_delete,
    model_update,
)
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import require_edit
from coprogetta.lib.deadlines import add_months
from coprogetta.lib.schedules import Interval
from coprogetta.planning.workplan_schedules import parsed

from .models import Activity, Need, NeedsAnalysis, Programme, Resource, join_codes
from .selectors import resources_visible_to

PROGRAMME_MONTHS = 4

# -- resources -------------------------------------------------------------------------------

RESOURCE_MESSAGES: ConstraintMessages = {
    "resource_latitude_range": ("latitude", _("A latitude is between -90 and 90 degrees.")),
    "resource_longitude_range": ("longitude", _("A longitude is between -180 and 180 degrees.")),
    "resource_coordinates_both": (
        "longitude",
        _("Give both latitude and longitude, or neither."),
    ),
    "resource_age_range": ("max_age", _("The maximum age cannot be below the minimum age.")),
    "resource_cost_not_negative": ("cost_amount", _("A cost cannot be negative.")),
}
RESOURCE_FIELDS = (
    "kind",
    "name",
    "description",
    "provider_name",
    "location_name",
    "address",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "zone",
    "schedule_text",
    "min_age",
    "max_age",
    "target_groups",
    "cost_description",
    "cost_amount",
    "capacity",
    "contact_name",
    "email",
    "phone",
    "url",
    "languages",
)


def _check_resource(resource: Resource) -> None:
    """Coordinates in range and both or neither, ages in order: the sentences the form shows."""
    lat, lon = resource.latitude, resource.longitude
    if lat is not None and not Decimal(-90) <= lat <= Decimal(90):
        raise ValidationError({"latitude": RESOURCE_MESSAGES["resource_latitude_range"][1]})
    if lon is not None and not Decimal(-180) <= lon <= Decimal(180):
        raise ValidationError({"longitude": RESOURCE_MESSAGES["resource_longitude_range"][1]})
    if (lat is None) != (lon is None):
        raise ValidationError({"longitude": RESOURCE_MESSAGES["resource_coordinates_both"][1]})
    if resource.min_age is not None and resource.max_age is not None and resource.min_age > resource.max_age:
        raise ValidationError({"max_age": RESOURCE_MESSAGES["resource_age_range"][1]})


def _resource_values(values: dict[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if isinstance(values.get("target_groups"), list | tuple):
        values["target_groups"] = join_codes(list(values["target_groups"]))
    if isinstance(values.get("languages"), list | tuple):
        values["languages"] = ",".join(values["languages"])
    return values


@transaction.atomic
def resource_create(*, user: AnyUser, owner: Organization, **values: Any) -> Resource:
    """Record a resource on behalf of ``owner``: its editors only."""
    if not user_can_edit_organization(user, owner):
        raise PermissionDenied
    resource = Resource(owner=owner, **_resource_values(values))
    _check_resource(resource)
    model_create(resource, user=user, messages=RESOURCE_MESSAGES)
    return resource


@transaction.atomic
def resource_update(
    *, user: AnyUser, resource: Resource, version: int | None = None, **values: Any
) -> Resource:
    """Change a resource: editors of the organisation that recorded it."""
    if not user_can_edit_organization(user, resource.owner):
        raise PermissionDenied
    changes = _resource_values(values)
    _check_resource(model_candidate(resource, changes))
    model_update(
        resource,
        changes,
        fields=RESOURCE_FIELDS,
        user=user,
        messages=RESOURCE_MESSAGES,
        expected_version=version,
    )
    return resource


@transaction.atomic
def resource_delete(*, user: AnyUser, resource: Resource) -> None:
    if not user_can_edit_organization(user, resource.owner):
        raise PermissionDenied
    model_delete(resource, user=user)


# -- needs -----------------------------------------------------------------------------------

ANALYSIS_MESSAGES: ConstraintMessages = {
    "needsanalysis_unique_date": (
        "date",
        _("This agreement already has a version of the analysis on this date: choose another."),
    ),
}
NEED_FIELDS = ("target_group", "zone", "description", "evidence", "priority", "recorded_on")


@transaction.atomic
def analysis_create(
    *,
    user: AnyUser,
    agreement: Agreement,
    date: date,
    title: str,
    notes: str = "",
    copy_needs: bool = True,
) -> NeedsAnalysis:
    """A new dated version of the needs analysis; by default it starts from the needs of the
    newest version before it, so that the older version stays as it was."""
    require_edit(user, agreement)
    previous = agreement.needs_analyses.filter(date__lt=date).order_by("-date", "-id").first()
    analysis = NeedsAnalysis(agreement=agreement, date=date, title=title, notes=notes)
    model_create(analysis, user=user, agreement_id=agreement.pk, messages=ANALYSIS_MESSAGES)
    if copy_needs and previous is not None:
        for need in previous.needs.order_by("id"):
            copy = Need(analysis=analysis, **{name: getattr(need, name) for name in NEED_FIELDS})
            model_create(copy, user=user, agreement_id=agreement.pk)
    return analysis


@transaction.atomic
def analysis_delete(*, user: AnyUser, analysis: NeedsAnalysis) -> None:
    require_edit(user, analysis.agreement)
    if Activity.needs.through.objects.filter(need__analysis=analysis).exists():
        raise ValidationError(
            _("Activities answer needs of this version: remove those needs from the activities first.")
        )
    model_delete(analysis, user=user, agreement_id=analysis.agreement_id)


@transaction.atomic
def need_create(*, user: AnyUser, analysis: NeedsAnalysis, **values: Any) -> Need:
    require_edit(user, analysis.agreement)
    need = Need(analysis=analysis, **values)
    model_create(need, user=user, agreement_id=analysis.agreement_id)
    return need


@transaction.atomic
def need_update(*, user: AnyUser, need: Need, version: int | None = None, **values: Any) -> Need:
    require_edit(user, need.analysis.agreement)
    model_update(
        need,
        values,
        fields=NEED_FIELDS,
        user=user,
        agreement_id=need.analysis.agreement_id,
        expected_version=version,
    )
    return need


@transaction.atomic
def need_delete(*, user: AnyUser, need: Need) -> None:
    require_edit(user, need.analysis.agreement)
    model_delete(need, user=user, agreement_id=need.analysis.agreement_id)


# -- programmes ------------------------------------------------------------------------------

PROGRAMME_MESSAGES: ConstraintMessages = {
    "programme_end_after_start": ("end_date", _("The end cannot be before the start.")),
}
PROGRAMME_FIELDS = ("title", "start_date", "end_date", "notes")


def default_end(start: date, months: int = PROGRAMME_MONTHS) -> date:
    """The last day of a programme of ``months`` months starting on ``start``."""
    return add_months(start, months) - timedelta(days=1)


def _check_period(agreement: Agreement, start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"end_date": PROGRAMME_MESSAGES["programme_end_after_start"][1]})
    if start < agreement.start_date or end > agreement.end_date:
        raise ValidationError(
            {
                "start_date": _("A programme falls within the agreement's period, %(start)s – %(end)s.")
                % {
                    "start": agreement.start_date.strftime("%d/%m/%Y"),
                    "end": agreement.end_date.strftime("%d/%m/%Y"),
                }
            }
        )


@transaction.atomic
def programme_create(
    *,
    user: AnyUser,
    agreement: Agreement,
    title: str,
    start_date: date,
    end_date: date | None = None,
    notes: str = "",
) -> Programme:
    """A programme of activities; four months long unless an end is given."""
    require_edit(user, agreement)
    end = end_date or min(default_end(start_date), agreement.end_date)
    _check_period(agreement, start_date, end)
    programme = Programme(agreement=agreement, title=title, start_date=start_date, end_date=end, notes=notes)
    model_create(programme, user=user, agreement_id=agreement.pk, messages=PROGRAMME_MESSAGES)
    return programme


@transaction.atomic
def programme_update(
    *,
    user: AnyUser,
    programme: Programme,
    title: str,
    start_date: date,
    end_date: date | None = None,
    notes: str = "",
    version: int | None = None,
) -> Programme:
    require_edit(user, programme.agreement)
    end = end_date or min(default_end(start_date), programme.agreement.end_date)
    _check_period(programme.agreement, start_date, end)
    model_update(
        programme,
        {"title": title, "start_date": start_date, "end_date": end, "notes": notes},
        fields=PROGRAMME_FIELDS,
        user=user,
        agreement_id=programme.agreement_id,
        messages=PROGRAMME_MESSAGES,
        expected_version=version,
    )
    for activity in programme.activities.all():  # schedules are read against the period
        _reparse(activity, programme)
    return programme


@transaction.atomic
def programme_delete(*, user: AnyUser, programme: Programme) -> None:
    require_edit(user, programme.agreement)
    model_delete(programme, user=user, agreement_id=programme.agreement_id)


@transaction.atomic
def programme_copy(
    *,
    user: AnyUser,
    programme: Programme,
    title: str,
    start_date: date,
    end_date: date | None = None,
) -> Programme:
    """A new programme with copies of ``programme``'s activities (needs and resources kept,
    schedules read again against the new period)."""
    agreement = programme.agreement
    copy = programme_create(
        user=user,
        agreement=agreement,
        title=title,
        start_date=start_date,
        end_date=end_date,
        notes=programme.notes,
    )
    for activity in programme.activities.prefetch_related("needs", "resources").order_by("id"):
        activity_create(
            user=user,
            programme=copy,
            title=activity.title,
            description=activity.description,
            needs=list(activity.needs.all()),
            resources=list(activity.resources.all()),
            responsible=activity.responsible,
            schedule_text=activity.schedule_text,
            places=activity.places,
            budget=activity.budget,
            expected_participants=activity.expected_participants,
        )
    return copy


def next_period(programme: Programme) -> tuple[date, date]:
    """The period after ``programme``: the day after its end, for as long, within the agreement."""
    start = programme.end_date + timedelta(days=1)
    return start, min(default_end(start), programme.agreement.end_date)


# -- activities ------------------------------------------------------------------------------

ACTIVITY_MESSAGES: ConstraintMessages = {
    "activity_budget_not_negative": ("budget", _("A budget cannot be negative.")),
}
ACTIVITY_FIELDS = (
    "title",
    "description",
    "responsible",
    "schedule_text",
    "schedule",
    "places",
    "budget",
    "expected_participants",
)


def _check_links(
    user: AnyUser,
    programme: Programme,
    needs: list[Need],
    resources: list[Resource],
    responsible: Organization | None,
) -> None:
    """Needs of the programme's own agreement, resources the user sees, a party responsible."""
    agreement_id = programme.agreement_id
    foreign = [n for n in needs if n.analysis.agreement_id != agreement_id]
    if foreign:
        raise ValidationError(
            {
                "needs": _(
                    "These needs belong to another agreement: %(needs)s. "
                    "Choose needs of this agreement's analysis."
                )
                % {"needs": "; ".join(str(n) for n in foreign)}
            }
        )
    visible = set(
        resources_visible_to(user).filter(pk__in=[r.pk for r in resources]).values_list("pk", flat=True)
    )
    hidden = [r for r in resources if r.pk not in visible]
    if hidden:
        raise ValidationError({"resources": _("Choose resources from the directory you can see.")})
    if responsible is not None and not programme.agreement.parties.filter(organization=responsible).exists():
        raise ValidationError(
            {"responsible": _("The responsible organisation must be a party to the agreement.")}
        )


def _schedule(programme: Programme, text: str) -> dict[str, Any] | None:
    return parsed(text, Interval(programme.start_date, programme.end_date))


def _reparse(activity: Activity, programme: Programme) -> None:
    schedule = _schedule(programme, activity.schedule_text)
    if schedule != activity.schedule:
        Activity.objects.filter(pk=activity.pk).update(schedule=schedule)


@transaction.atomic
def activity_create(
    *,
    user: AnyUser,
    programme: Programme,
    title: str,
    description: str = "",
    needs: list[Need] | None = None,
    resources: list[Resource] | None = None,
    responsible: Organization | None = None,
    schedule_text: str = "",
    places: str = "",
    budget: Decimal = Decimal(0),
    expected_participants: int = 0,
) -> Activity:
    """An activity of ``programme``; its schedule is read from the text against the period."""
    require_edit(user, programme.agreement)
    needs, resources = list(needs or []), list(resources or [])
    _check_links(user, programme, needs, resources, responsible)
    activity = Activity(
        programme=programme,
        title=title,
        description=description,
        responsible=responsible,
        schedule_text=schedule_text,
        schedule=_schedule(programme, schedule_text),
        places=places,
        budget=budget if budget is not None else Decimal(0),
        expected_participants=expected_participants or 0,
    )
    model_create(activity, user=user, agreement_id=programme.agreement_id, messages=ACTIVITY_MESSAGES)
    activity.needs.set(needs)
    activity.resources.set(resources)
    return activity


@transaction.atomic
def activity_update(
    *,
    user: AnyUser,
    activity: Activity,
    title: str,
    description: str = "",
    needs: list[Need] | None = None,
    resources: list[Resource] | None = None,
    responsible: Organization | None = None,
    schedule_text: str = "",
    places: str = "",
    budget: Decimal = Decimal(0),
    expected_participants: int = 0,
    version: int | None = None,
) -> Activity:
    programme = activity.programme
    require_edit(user, programme.agreement)
    needs, resources = list(needs or []), list(resources or [])
    _check_links(user, programme, needs, resources, responsible)
    model_update(
        activity,
        {
            "title": title,
            "description": description,
            "responsible": responsible,
            "schedule_text": schedule_text,
            "schedule": _schedule(programme, schedule_text),
            "places": places,
            "budget": budget if budget is not None else Decimal(0),
            "expected_participants": expected_participants or 0,
        },
        fields=ACTIVITY_FIELDS,
        user=user,
        agreement_id=programme.agreement_id,
        messages=ACTIVITY_MESSAGES,
        expected_version=version,
    )
    activity.needs.set(needs)
    activity.resources.set(resources)
    return activity


@transaction.atomic
def activity_delete(*, user: AnyUser, activity: Activity) -> None:
    require_edit(user, activity.programme.agreement)
    model_delete(activity, user=user, agreement_id=activity.programme.agreement_id)
