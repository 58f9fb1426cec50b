"""Reads of the territory, always scoped to the user.

Resources belong to the organisation that recorded them: its members and the members of its
agreements' partners see them. Needs and programmes belong to an agreement: whoever sees the
agreement (``agreements.selectors.agreement_get``) sees them; others get a 404.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from coprogetta.accounts.models import Organization
from coprogetta.accounts.selectors import (
    AnyUser,
    organizations_visible_to,
    user_can_edit_organization,
)
from coprogetta.agreements.models import Agreement
from coprogetta.agreements.selectors import agreement_get, user_can_edit

from .models import Activity, Need, NeedsAnalysis, Programme, Resource

# -- resources -------------------------------------------------------------------------------


def visible_owner_ids(user: AnyUser) -> list[int]:
    """The ids of the organisations whose resources the user sees (one small query)."""
    return list(organizations_visible_to(user).values_list("pk", flat=True))


def resources_visible_to(user: AnyUser, owners: list[int] | None = None) -> QuerySet[Resource]:
    """Resources recorded by the user's organisations or by their agreements' partners
    (``owners``: their ids, when the caller has already read them)."""
    if not user.is_authenticated:
        return Resource.objects.none()
    if user.is_superuser:
        return Resource.objects.all()
    # The organisations as a list of ids (one small query): inlined as a subquery (an OR of
    # two sets) PostgreSQL guessed thousands of owners and read every resource of the country
    # (200,000 at scale 600); with the ids it reads the few owners' resources by their index.
    return Resource.objects.filter(owner__in=visible_owner_ids(user) if owners is None else owners)


def user_can_edit_resource(user: AnyUser, resource: Resource) -> bool:
    """Editors of the organisation that recorded the resource may change it."""
    return user_can_edit_organization(user, resource.owner)


def resource_get(user: AnyUser, pk: int) -> Resource:
    """The resource if the user may see it, 404 otherwise."""
    try:
        return resources_visible_to(user).select_related("owner").get(pk=pk)
    except (Resource.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def resources_search(resources: QuerySet[Resource], text: str) -> QuerySet[Resource]:
    """Resources matching ``text``: PostgreSQL full-text search (Italian) or, elsewhere, every
    word contained in the name, description, provider, place, address or zone."""
    text = " ".join(text.split())
    if not text:
        return resources
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("name", weight="A", config="italian")
            + SearchVector("provider_name", "location_name", weight="B", config="italian")
            + SearchVector("description", "address", "zone", weight="C", config="italian")
        )
        query = SearchQuery(text, search_type="websearch", config="italian")
        return (
            resources.annotate(search=vector, rank=SearchRank(vector, query))
            .filter(search=query)
            .order_by("-rank", "name", "id")
        )
    for word in text.split():
        resources = resources.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(provider_name__icontains=word)
            | Q(location_name__icontains=word)
            | Q(address__icontains=word)
            | Q(zone__icontains=word)
        )
    return resources


@dataclass(frozen=True)
class DirectoryFilters:
    target_group: str = ""
    zone: str = ""
    kind: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.target_group or self.zone or self.kind or self.text)


def directory(
    user: AnyUser, filters: DirectoryFilters, owners: list[int] | None = None
) -> QuerySet[Resource]:
    """The resources the user sees, filtered, with their organisation (one query a page)."""
    resources = resources_visible_to(user, owners).select_related("owner")
    if filters.target_group:
        resources = resources.filter(target_groups__contains=f",{filters.target_group},")
    if filters.zone:
        resources = resources.filter(zone=filters.zone)
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    return resources_search(resources, filters.text)


def directory_zones(user: AnyUser, owners: list[int] | None = None) -> list[str]:
    """The zones of the resources the user sees, for the filter (one query)."""
    return list(
        resources_visible_to(user, owners).exclude(zone="").order_by("zone")
        .values_list("zone", flat=True).distinct()
    )


def resources_of_agreement(agreement: Agreement) -> QuerySet[Resource]:
    """The resources recorded by the agreement's parties: the territory it maps."""
    return Resource.objects.filter(owner__in=agreement.parties.values("organization_id")).select_related(
        "owner"
    )


# -- needs -----------------------------------------------------------------------------------


def analyses(agreement: Agreement) -> QuerySet[NeedsAnalysis]:
    """The versions of the agreement's needs analysis, newest first, with their need counts."""
    return agreement.needs_analyses.annotate(need_count=Count("needs"))


def analysis_current(agreement: Agreement) -> NeedsAnalysis | None:
    """The newest version of the needs analysis, or None."""
    return agreement.needs_analyses.order_by("-date", "-id").first()


def analysis_get(user: AnyUser, pk: int, *, for_edit: bool = False) -> NeedsAnalysis:
    """A version of a needs analysis, if the user sees its agreement (404 otherwise)."""
    analysis = NeedsAnalysis.objects.filter(pk=pk).first()
    if analysis is None:
        raise Http404
    analysis.agreement = agreement_get(user, analysis.agreement_id, for_edit=for_edit)
    return analysis


def need_get(user: AnyUser, pk: int, *, for_edit: bool = False) -> Need:
    """A need, if the user sees its agreement (404 otherwise)."""
    need = Need.objects.select_related("analysis").filter(pk=pk).first()
    if need is None:
        raise Http404
    need.analysis.agreement = agreement_get(user, need.analysis.agreement_id, for_edit=for_edit)
    return need


def needs_of_agreement(agreement: Agreement) -> QuerySet[Need]:
    """Every need of every version of the agreement's analysis."""
    return Need.objects.filter(analysis__agreement=agreement).select_related("analysis")


# -- programmes ------------------------------------------------------------------------------


def programmes(agreement: Agreement) -> QuerySet[Programme]:
    """The agreement's programmes, with their activity counts and budgets."""
    return agreement.programmes.annotate(activity_count=Count("activities"))


def programme_get(user: AnyUser, pk: int, *, for_edit: bool = False) -> Programme:
    """A programme, if the user sees its agreement (404 otherwise)."""
    programme = Programme.objects.filter(pk=pk).first()
    if programme is None:
        raise Http404
    programme.agreement = agreement_get(user, programme.agreement_id, for_edit=for_edit)
    return programme


def programme_previous(programme: Programme) -> Programme | None:
    """The agreement's programme that starts last before this one."""
    return (
        Programme.objects.filter(agreement_id=programme.agreement_id, start_date__lt=programme.start_date)
        .order_by("-start_date", "-id")
        .first()
    )


def programme_latest(agreement: Agreement) -> Programme | None:
    return agreement.programmes.order_by("-start_date", "-id").first()


def activities(programme: Programme) -> QuerySet[Activity]:
    """A programme's activities with their needs, resources and responsible organisation."""
    return programme.activities.select_related("responsible").prefetch_related(
        Prefetch("needs", queryset=Need.objects.order_by("priority", "id")),
        Prefetch("resources", queryset=Resource.objects.order_by("name", "id")),
    )


def activity_get(user: AnyUser, pk: int, *, for_edit: bool = False) -> Activity:
    """An activity, if the user sees its programme's agreement (404 otherwise)."""
    activity = Activity.objects.select_related("programme").filter(pk=pk).first()
    if activity is None:
        raise Http404
    agreement = agreement_get(user, activity.programme.agreement_id, for_edit=for_edit)
    activity.programme.agreement = agreement
    return activity


def responsible_choices(agreement: Agreement) -> QuerySet[Organization]:
    """The organisations that may be responsible for an activity: the agreement's parties."""
    return Organization.objects.filter(parties__agreement=agreement).distinct().order_by("name")


def can_edit(user: AnyUser, agreement: Agreement) -> bool:
    return user_can_edit(user, agreement)


# -- coverage --------------------------------------------------------------------------------


@dataclass
class CoverageRow:
    need: Need
    activity_ids: set[int] = field(default_factory=set)
    resource_ids: set[int] = field(default_factory=set)

    @property
    def covered(self) -> bool:
        return bool(self.activity_ids)


@dataclass
class Coverage:
    """Needs against activities and resources, for a programme or a whole agreement."""

    agreement: Agreement
    programme: Programme | None
    analysis: NeedsAnalysis | None
    activities: list[Activity]
    resources: list[Resource]
    rows: list[CoverageRow]
    used_resource_ids: set[int]
    resources_by_activity: dict[int, set[int]] = field(default_factory=dict)

    @property
    def uncovered(self) -> list[Need]:
        return [row.need for row in self.rows if not row.covered]

    @property
    def unused_resources(self) -> list[Resource]:
        return [r for r in self.resources if r.pk not in self.used_resource_ids]


def coverage(
    agreement: Agreement, *, programme: Programme | None = None, analysis: NeedsAnalysis | None = None
) -> Coverage:
    """The coverage matrix of ``analysis`` (the newest by default), in a fixed number of queries.

    Activities are the programme's, or all the agreement's; resources are those its parties
    recorded, plus any other resource an activity uses.
    """
    if analysis is None:
        analysis = analysis_current(agreement)
    activity_qs = Activity.objects.filter(programme__agreement=agreement)
    if programme is not None:
        activity_qs = activity_qs.filter(programme=programme)
    activity_list = list(
        activity_qs.select_related("programme", "responsible").order_by(
            "programme__start_date", "programme_id", "id"
        )
    )
    ids = [a.pk for a in activity_list]
    need_links = list(
        Activity.needs.through.objects.filter(activity_id__in=ids).values_list("activity_id", "need_id")
    )
    resource_links = list(
        Activity.resources.through.objects.filter(activity_id__in=ids).values_list(
            "activity_id", "resource_id"
        )
    )
    used = {resource_id for _, resource_id in resource_links}
    resources = list(
        Resource.objects.filter(Q(owner__in=agreement.parties.values("organization_id")) | Q(pk__in=used))
        .select_related("owner")
        .order_by("name", "id")
    )
    needs = list(analysis.needs.order_by("priority", "target_group", "zone", "id")) if analysis else []
    rows = {need.pk: CoverageRow(need) for need in needs}
    resources_by_activity: dict[int, set[int]] = {}
    for activity_id, resource_id in resource_links:
        resources_by_activity.setdefault(activity_id, set()).add(resource_id)
    for activity_id, need_id in need_links:
        if need_id in rows:
            rows[need_id].activity_ids.add(activity_id)
            rows[need_id].resource_ids |= resources_by_activity.get(activity_id, set())
    return Coverage(
        agreement=agreement,
        programme=programme,
        analysis=analysis,
        activities=activity_list,
        resources=resources,
        rows=list(rows.values()),
        used_resource_ids=used,
        resources_by_activity=resources_by_activity,
    )
