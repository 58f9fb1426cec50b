"""Every route of the project: login required, and an outsider never sees a foreign agreement."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "login", "set_language", "logout", "planning:feed", "health", "home:home", "home:glossary",
    "home:accessibility",
}


def _routes(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else None


def project_routes():
    """(route, name) of the project's own pages (Django admin excluded)."""
    return [
        (route, name)
        for route, name in _routes(get_resolver().url_patterns)
        if not route.startswith("admin/")
    ]


def fill(route: str, ids: dict[str, int]) -> str:
    """A concrete path for ``route``: ints from ``ids`` (1 if absent), "pdf" for str."""

    def value(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        if converter == "uuid":
            return str(ids.get(name, "00000000-0000-4000-8000-000000000000"))
        return "pdf" if converter == "str" else str(ids.get(name, 1))

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)


@pytest.mark.django_db
def test_every_route_requires_login(client):
    for route, name in project_routes():
        if name in PUBLIC or route == "":
            continue
        url = fill(route, {})
        response = client.get(url)
        if route.startswith("api/v1/") and not name.startswith("api:token"):  # 401, no login page
            assert response.status_code == 401, (name, url, response.status_code)
            continue
        assert response.status_code == 302, (name, url, response.status_code)
        assert response["Location"].startswith("/accesso/"), (name, url)


def test_agreement_routes_are_known():
    names = {name for _, name in project_routes()}
    assert "agreements:list" in names


@pytest.fixture
def furnished(world):
    """The world's agreement with one object of every kind, and the id to use per URL kwarg."""
    from . import factories as f

    agreement = world.agreement
    area = f.AreaFactory(agreement=agreement)
    action = f.ActionFactory(area=area)
    line = f.BudgetLineFactory(agreement=agreement, area=area)
    tier = f.FeeTierFactory(budget_line=line)
    contribution = f.ContributionFactory(agreement=agreement, area=area)
    tranche = f.PaymentTrancheFactory(agreement=agreement)
    cost = f.StaffCostFactory(agreement=agreement, area=area)
    party = agreement.parties.get(organization=world.consortium)
    from coprogetta.monitoring.models import EnrolmentCount, TimeEntry

    entry = TimeEntry.objects.create(
        agreement=agreement, staff_cost=cost, user=world.owner, date=agreement.start_date,
        hours=2,
    )
    enrolment = EnrolmentCount.objects.create(budget_line=line, month=agreement.start_date, count=22)
    from django.core.files.base import ContentFile

    from coprogetta.monitoring.models import Expense

    expense = Expense.objects.create(
        agreement=agreement, contribution=contribution, date=agreement.start_date, amount=10,
        description="Supervisione", recorded_by=world.owner,
        document=ContentFile(b"%PDF-1.4 receipt", name="ricevuta.pdf"),
    )
    from coprogetta.documents.models import Report
    from coprogetta.monitoring.models import (
        ActionProgress,
        Indicator,
        IndicatorTarget,
        IndicatorValue,
    )

    indicator = Indicator.objects.create(
        agreement=agreement, area=area, name="Bambini iscritti", unit=Indicator.Unit.COUNT,
    )
    IndicatorTarget.objects.create(indicator=indicator, period_end=agreement.end_date, target=20)
    value = IndicatorValue.objects.create(
        indicator=indicator, period_end=agreement.end_date, value=18, reported_by=world.member,
    )
    checkpoint = ActionProgress.objects.create(
        action=action, date=agreement.start_date, status="in_progress", percent=10,
        recorded_by=world.owner,
    )
    report = Report.objects.create(
        agreement=agreement, kind=Report.Kind.MONITORING, format=Report.Format.PDF,
        checkpoint=agreement.end_date, created_by=world.owner,
        file=ContentFile(b"%PDF-1.4 report", name="relazione.pdf"),
    )
    from coprogetta.agreements.version_services import version_freeze

    version = version_freeze(user=world.owner, agreement=agreement, label="V1")
    from coprogetta.accounts.models import Membership
    from coprogetta.agreements.models import AgreementRole, Assignment

    AgreementRole.objects.create(agreement=agreement, user=world.reader, role=Membership.Role.READER)
    operator = f.MembershipFactory(organization=world.consortium, role=Membership.Role.OPERATOR).user
    assignment = Assignment.objects.create(agreement=agreement, user=operator, area=area)
    items = {
        "version": version.pk,
        "indicator": indicator.pk, "indicatorvalue": value.pk, "progress": checkpoint.pk,
        "report": report.pk,
        "party": party.pk, "action": action.pk, "budgetline": line.pk, "feetier": tier.pk,
        "contribution": contribution.pk, "tranche": tranche.pk, "staffcost": cost.pk,
        "area": area.pk, "timeentry": entry.pk, "enrolment": enrolment.pk,
        "expense": expense.pk, "assignment": assignment.pk,
    }
    ids = {
        "pk": agreement.pk, "area": area.pk, "line": line.pk, "action": action.pk,
        "indicator": indicator.pk, "person": world.reader.pk,
        "kind": "agreements.area", "object_id": area.pk,
    }
    return world, ids, items


def agreement_routes():
    return [(r, n) for r, n in project_routes() if "<int:pk>" in r and r.startswith("accordi/")]


def route_url(route, name, ids, items):
    kind = (name or "").split(":")[-1].split("_")[0]
    return fill(route, {**ids, "item": items.get(kind, 0)})


@pytest.mark.django_db
def test_outsider_gets_404_on_every_agreement_url(furnished):
    world, ids, items = furnished
    outsider = world.client_for(world.outsider)
    routes = agreement_routes()
    assert len(routes) > 10
    for route, name in routes:
        url = route_url(route, name, ids, items)
        assert outsider.get(url).status_code == 404, (name, url)
        assert outsider.post(url, {}).status_code in {404, 405}, (name, url)


@pytest.mark.django_db
def test_owner_reaches_every_agreement_url(furnished):
    world, ids, items = furnished
    owner = world.client_for(world.owner)
    for route, name in agreement_routes():
        url = route_url(route, name, ids, items)
        assert owner.get(url).status_code == 200, (name, url)
