"""The authorisation matrix: every page and every API operation, for every role, in the
agreement's own organisations and in another organisation, for every method.

The table of what each route needs is ``tests/security/matrix.py``; a route or an operation
that has no entry there fails ``test_page`` / ``test_every_api_operation_has_an_entry``.

- A role allowed on its own agreement gets 2xx/3xx (a POST with an empty body may give the form
  with its errors, or 400 in the API, never 403/404/5xx); a role not allowed gets 403 (404
  where the project deliberately hides the object: jobs, drafts, tokens of somebody else).
- Another organisation's agreement, and another agreement's object under the own agreement's
  address, give 404, whatever the role and the method; anonymous requests go to the login page
  (401 in the API).
- A refused request writes nothing (no INSERT, UPDATE or DELETE but the session, the token's
  last use and audit rows), a GET writes nothing either, and no page shown to a person of the
  own organisations carries a word of the other organisations' records.
- A write whose body points at the other agreement's records (a staff cost, an area, a budget
  line, an indicator ...) is refused with a 4xx and changes no row of any table; the same body
  pointing at the own agreement's records succeeds, so the refusal is the pointer's.

The world (two agreements, each with one record of every kind and a person per role) is built
once for the module, inside a transaction rolled back at its end; each test runs in a savepoint.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from rest_framework.test import APIClient

from coprogetta.accounts.models import AuditEntry, Membership, Organization
from coprogetta.agreements.models import AgreementRole, Assignment, Party
from coprogetta.api.token_services import api_token_create
from coprogetta.documents.models import ImportDraft, Job, Report
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)
from coprogetta.territory.models import Activity, Need, NeedsAnalysis, Programme, Resource, TargetGroup

from .. import factories as f
from ..test_routes import project_routes
from . import matrix as m

#: A word only the other agreement's records carry: it must never reach the own people.
MARKER = "Zqaltrove"
#: A word the other organisations' names carry: it reaches the own people only where they pick
#: an organisation (a new party, a consortium an organisation belongs to): organisations are
#: public entities, their agreements are not.
ORG_MARKER = "Yqaltrove"
ORGANISATION_PICKERS = {
    "accounts:organization_create", "accounts:organization_edit", "agreements:party_create",
    "agreements:party_edit",
}

IMPORT_TEXT = "\n".join([
    "ACCORDO DI COLLABORAZIONE",
    "tra il Comune di Prova e la Cooperativa Sociale Aurora",
    "Periodo: dal 1° gennaio 2025 al 31 dicembre 2025",
    "Ambito 1 - Sostegno scolastico",
    "3. Risorse",
    "- Risorse Economiche: corrispettivo per 10 mensilità pari ad € 1.000,00 mensili + iva 5%"
    " = tot. complessivo € 10.000,00 + iva 5% = € 10.500,00",
    "",
]).encode()


# -- the world --------------------------------------------------------------------------------


@dataclass
class Side:
    """One agreement between a municipality and a consortium, a person per role, a record of
    every kind; ``ids`` per URL kwarg, ``items`` per route kind, ``api`` per API segment."""

    agreement: Any
    users: dict[str, Any]
    ids: dict[str, Any] = field(default_factory=dict)
    items: dict[str, Any] = field(default_factory=dict)
    api: dict[str, int] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def build_side(word: str, org_word: str) -> Side:
    from coprogetta.agreements.version_services import version_freeze
    from coprogetta.documents.import_services import import_start
    from coprogetta.planning.deadline_services import calendar_token_create

    municipality = f.OrganizationFactory(name=f"Comune {org_word}", kind=Organization.Kind.PUBLIC_BODY)
    consortium = f.OrganizationFactory(name=f"Consorzio {org_word}", kind=Organization.Kind.CONSORTIUM)
    agreement = f.AgreementFactory(title=f"Coprogettazione {word}")
    f.PartyFactory(agreement=agreement, organization=municipality, role=Party.Role.PUBLIC_BODY)
    party = f.PartyFactory(agreement=agreement, organization=consortium, role=Party.Role.THIRD_SECTOR)
    Role = Membership.Role
    roles = {
        "admin": (municipality, Role.ADMIN), "officer": (municipality, Role.OFFICER),
        "coordinator": (consortium, Role.COORDINATOR), "operator": (consortium, Role.OPERATOR),
        "operator_unassigned": (consortium, Role.OPERATOR), "reader": (municipality, Role.READER),
    }
    users = {
        role: f.MembershipFactory(
            organization=org, role=kind, user__username=f"{role}-{word}".lower(),
        ).user
        for role, (org, kind) in roles.items()
    }
    officer, operator = users["officer"], users["operator"]

    area = f.AreaFactory(agreement=agreement, title=f"Ambito {word}")
    action = f.ActionFactory(area=area, responsible=consortium, title=f"Azione {word}")
    line = f.BudgetLineFactory(agreement=agreement, area=area, action=action, description=f"Voce {word}")
    tier = f.FeeTierFactory(budget_line=line)
    contribution = f.ContributionFactory(agreement=agreement, area=area, description=f"Risorse {word}")
    tranche = f.PaymentTrancheFactory(agreement=agreement, due_text=f"Rata {word}")
    cost = f.StaffCostFactory(agreement=agreement, area=area, role=f"Educatore {word}")
    # a second area, not assigned to the operator, with what an operator logs on
    area2 = f.AreaFactory(agreement=agreement, title=f"Secondo ambito {word}")
    cost2 = f.StaffCostFactory(agreement=agreement, area=area2, role=f"Animatore {word}")
    line2 = f.BudgetLineFactory(agreement=agreement, area=area2, description=f"Altra voce {word}")
    contribution2 = f.ContributionFactory(agreement=agreement, area=area2, description=f"Altre {word}")
    assignment = Assignment.objects.create(agreement=agreement, user=operator, area=area)
    # a coordinator narrowed to reader on this agreement (the People page's narrower role)
    narrowed = f.MembershipFactory(
        organization=consortium, role=Role.COORDINATOR, user__username=f"narrowed-{word}".lower(),
    ).user
    narrowing = AgreementRole.objects.create(agreement=agreement, user=narrowed, role=Role.READER)

    entry = TimeEntry.objects.create(
        agreement=agreement, staff_cost=cost, user=operator, date=date(2016, 2, 1), hours=Decimal(2),
        note=f"Ore {word}",
    )
    enrolment = EnrolmentCount.objects.create(
        budget_line=line, month=date(2016, 1, 1), count=22, note=f"Iscritti {word}",
    )
    expense = Expense.objects.create(
        agreement=agreement, contribution=contribution, date=date(2016, 2, 1), amount=Decimal(10),
        description=f"Supervisione {word}", recorded_by=operator,
        document=ContentFile(b"%PDF-1.4 receipt", name="ricevuta.pdf"),
    )
    indicator = Indicator.objects.create(
        agreement=agreement, area=area, name=f"Bambini {word}", unit=Indicator.Unit.COUNT,
    )
    target = IndicatorTarget.objects.create(indicator=indicator, period_end=agreement.end_date, target=20)
    value = IndicatorValue.objects.create(
        indicator=indicator, period_end=agreement.end_date, value=18, reported_by=users["coordinator"],
        note=f"Valore {word}",
    )
    progress = ActionProgress.objects.create(
        action=action, date=date(2016, 3, 1), status="in_progress", percent=10, recorded_by=officer,
        note=f"Avanzamento {word}",
    )
    report = Report.objects.create(
        agreement=agreement, kind=Report.Kind.MONITORING, format=Report.Format.PDF,
        checkpoint=agreement.end_date, created_by=officer,
        file=ContentFile(b"%PDF-1.4 report", name="relazione.pdf"),
    )
    version = version_freeze(user=officer, agreement=agreement, label=f"Versione {word}")
    analysis = NeedsAnalysis.objects.create(
        agreement=agreement, date=date(2016, 1, 15), title=f"Analisi {word}",
    )
    need = Need.objects.create(
        analysis=analysis, target_group=TargetGroup.ELDERLY, zone="Centro",
        description=f"Bisogno {word}", evidence="Anagrafe",
    )
    resource = Resource.objects.create(
        owner=municipality, name=f"Oratorio {word}", provider_name="Parrocchia",
        kind=Resource.Kind.SPACE, zone="Centro",
    )
    programme = Programme.objects.create(
        agreement=agreement, title=f"Programma {word}", start_date=date(2016, 1, 1),
        end_date=date(2016, 4, 30),
    )
    activity = Activity.objects.create(
        programme=programme, title=f"Laboratori {word}", budget=Decimal("1000.00"),
    )
    activity.needs.set([need])
    activity.resources.set([resource])
    import_job = import_start(user=officer, file=SimpleUploadedFile(f"accordo-{word}.txt", IMPORT_TEXT))
    draft = ImportDraft.objects.get(owner=officer)
    job = Job.objects.create(
        kind="report", title=f"Relazione {word}", agreement=agreement, user=officer,
        status=Job.Status.DONE, progress=100,
    )
    assert import_job.status == Job.Status.DONE, import_job.error
    _feed, feed_secret = calendar_token_create(user=officer, agreement=None, language="en")
    token, _secret = api_token_create(user=officer, name=f"Token {word}")

    side = Side(agreement, users)
    side.ids = {
        "pk": agreement.pk, "agreement_pk": agreement.pk, "area": area.pk, "line": line.pk,
        "action": action.pk, "indicator": indicator.pk, "draft": draft.pk, "job": job.pk,
        "analysis": analysis.pk, "need": need.pk, "programme": programme.pk,
        "activity": activity.pk, "resource": resource.pk, "municipality": municipality.pk,
        "feed": feed_secret, "narrowed": narrowed.pk,
        "operator_unassigned": users["operator_unassigned"].pk,
    }
    side.items = {
        "party": party.pk, "action": action.pk, "budgetline": line.pk, "feetier": tier.pk,
        "contribution": contribution.pk, "tranche": tranche.pk, "staffcost": cost.pk,
        "timeentry": entry.pk, "enrolment": enrolment.pk, "expense": expense.pk,
        "indicator": indicator.pk, "indicatorvalue": value.pk, "progress": progress.pk,
        "report": report.pk, "version": version.pk, "token": token.pk, "assignment": assignment.pk,
    }
    side.api = {
        "parties": party.pk, "areas": area.pk, "actions": action.pk, "budget-lines": line.pk,
        "fee-tiers": tier.pk, "contributions": contribution.pk, "tranches": tranche.pk,
        "staff-costs": cost.pk, "time-entries": entry.pk, "enrolments": enrolment.pk,
        "expenses": expense.pk, "indicators": indicator.pk, "indicator-targets": target.pk,
        "indicator-values": value.pk, "progress": progress.pk, "reports": report.pk,
        "roles": narrowing.pk, "assignments": assignment.pk,
    }
    side.objects = {
        "municipality": municipality, "consortium": consortium, "area": area, "area2": area2,
        "action": action, "line": line, "line2": line2, "contribution": contribution,
        "contribution2": contribution2, "cost": cost, "cost2": cost2, "indicator": indicator,
        "tranche": tranche, "entry": entry, "version": version,
        "coordinator": users["coordinator"], "operator_unassigned": users["operator_unassigned"],
    }
    return side


@dataclass
class MatrixWorld:
    own: Side
    other: Side
    superuser: Any
    tokens: dict[str, str]  # an API token per role
    sessions: dict[str, str]  # a logged-in session per role (each test's changes roll back)


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker) -> Iterator[MatrixWorld]:
    """Built once; rolled back when the module ends (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        own = build_side("Crema", "Crema")
        other = build_side(MARKER, ORG_MARKER)
        superuser = f.UserFactory(username="root", is_superuser=True, is_staff=True)
        users = {**own.users, "superuser": superuser}
        tokens = {role: api_token_create(user=user, name="matrix")[1] for role, user in users.items()}
        sessions = {}
        for role, user in users.items():
            client = Client()
            client.force_login(user)
            sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield MatrixWorld(own, other, superuser, tokens, sessions)
        transaction.set_rollback(True)


@pytest.fixture
def mw(matrix_world, db) -> MatrixWorld:
    return matrix_world


def page_client(mw: MatrixWorld, role: str) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = mw.sessions[role]
    return client


def api_client(mw: MatrixWorld, role: str) -> APIClient:
    client = APIClient()
    if role != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {mw.tokens[role]}")
    return client


# -- what a request wrote ---------------------------------------------------------------------

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
#: What any request may write: its session, its token's last use, and new audit rows (a
#: refusal is recorded).
ALWAYS_WRITABLE = {
    "INSERT django_session", "UPDATE django_session", "DELETE django_session",
    "UPDATE api_apitoken", f"INSERT {AuditEntry._meta.db_table}",
}


@contextmanager
def writes() -> Iterator[list[str]]:
    """The tables written during the block, as "VERB table"."""
    seen: list[str] = []

    def record(execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        match = WRITE.match(sql)
        if match:
            seen.append(f"{match.group(1).split()[0].upper()} {match.group(2)}")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def foreign_writes(seen: list[str]) -> list[str]:
    return [w for w in seen if w not in ALWAYS_WRITABLE]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


SECURITY_EVENT = re.compile(r"login|logout|denied|refus|forbid|throttl|permission", re.IGNORECASE)


def audit_of_changes() -> list[tuple[str, str, str]]:
    """The audit rows that record a change (security events left out)."""
    return [
        (a, t, i) for a, t, i in AuditEntry.objects.values_list("action", "object_type", "object_id")
        if not SECURITY_EVENT.search(a)
    ]


# -- URLs -------------------------------------------------------------------------------------

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def route_kwargs(route: str) -> list[str]:
    return [name for _conv, name in CONVERTER.findall(route)]


def kind_of(name: str | None) -> str:
    return (name or "").split(":")[-1].split("_")[0]


def fill(route: str, name: str | None, page: m.Page, side: Side, pk_side: Side | None = None) -> str:
    """The route's address with ``side``'s objects (the agreement of ``pk_side`` if given)."""

    def value(match: re.Match) -> str:
        kwarg = match.group(2)
        if kwarg in page.kwargs:
            wanted = page.kwargs[kwarg]
            return str(side.ids.get(wanted, wanted))
        if kwarg == "pk" and pk_side is not None:
            return str(pk_side.ids["pk"])
        if kwarg == "item":
            return str(side.items[kind_of(name)])
        if match.group(1) == "path":  # the API's catch-all
            return "nothing/here/"
        return str(side.ids[kwarg])

    path = "/" + CONVERTER.sub(value, route)
    return path.replace("^[\\s\\S]*$", "nothing/here/")


#: Overrides of a URL kwarg that name an object of one side (the others are literal, or a secret).
OBJECT_OVERRIDES = {"municipality", "narrowed", "operator_unassigned", "area"}


def has_objects(route: str, page: m.Page) -> bool:
    """Whether the address names objects of one agreement or organisation (not the feed's secret)."""
    return any(
        k not in page.kwargs or page.kwargs[k] in OBJECT_OVERRIDES for k in route_kwargs(route)
    )


# -- expectations -----------------------------------------------------------------------------

ALLOWED_GET = set(range(200, 400))
ALLOWED_WRITE = {200, 201, 204, 302, 303, 400, 409}


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accesso/")


def body_text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", "replace")


def leaks(found: "Findings", what: str, response: Any, *, organisations: bool = True) -> None:
    """What the other organisations' records (and names) must not show in a response."""
    text = body_text(response)
    for word in (MARKER, ORG_MARKER) if organisations else (MARKER,):
        if word in text:
            found.add(f"{what}: shows the other organisations' records ({word!r})")


class Findings:
    """What went wrong in one test, reported together."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[str] = []

    def add(self, what: str) -> None:
        self.problems.append(what)

    def expect(
        self, what: str, response: Any, statuses: set[int], seen: list[str], *, may_write: bool,
    ) -> None:
        code = response.status_code
        if code not in statuses:
            self.add(f"{what}: {code}, expected one of {sorted(statuses)}")
        wrong = foreign_writes(seen)
        if wrong and not may_write:
            self.add(f"{what} ({code}) wrote {sorted(set(wrong))}")

    def close(self) -> None:
        if self.problems:
            pytest.fail(f"{self.label}:\n  " + "\n  ".join(self.problems), pytrace=False)


def request(client: Any, method: str, url: str, **kwargs: Any) -> tuple[Any, list[str]]:
    with writes() as seen:
        with transaction.atomic():  # a successful write is undone before the next request
            response = getattr(client, method.lower())(url, **kwargs)
            transaction.set_rollback(True)
    return response, seen


# -- pages ------------------------------------------------------------------------------------

ROUTES = {name: route for route, name in project_routes() if not m.is_api_operation_route(route)}


def page_cases() -> list[tuple[str | None, str]]:
    return [(name, role) for name in sorted(ROUTES, key=str) for role in m.ROLES]


def check_page_own(mw: MatrixWorld, found: Findings, name: str | None, route: str, page: m.Page,
                   role: str, client: Client) -> None:
    api = route.startswith("api/v1/") and not (name or "").startswith("api:token")
    url = fill(route, name, page, mw.own)
    for method, permission in (("GET", page.get), ("POST", page.post)):
        what = f"{role} {method} {url}"
        response, seen = request(client, method, url)
        if role == "anonymous" and permission is None and m.PUBLIC in (page.get, page.post):
            if not is_login_redirect(response):  # the login page, or 405
                found.expect(what, response, {405}, seen, may_write=False)
            continue
        if role == "anonymous" and permission != m.PUBLIC:
            if api:
                found.expect(what, response, {401}, seen, may_write=False)
            elif not is_login_redirect(response):
                found.add(f"{what}: {response.status_code}, expected the login page")
            continue
        if permission is None:  # the method is not accepted
            accepted = page.get or page.post
            statuses = {405} if accepted and m.allowed(accepted, role) else {403, 404, 405}
            found.expect(what, response, statuses, seen, may_write=False)
            continue
        if m.allowed(permission, role):
            statuses = ALLOWED_GET if method == "GET" else ALLOWED_WRITE
            found.expect(what, response, statuses, seen, may_write=method != "GET")
            if permission != m.PUBLIC and is_login_redirect(response):
                found.add(f"{what}: sent to the login page")
            if role != "superuser":
                leaks(found, what, response, organisations=name not in ORGANISATION_PICKERS)
        elif role in m.EITHER.get(permission, ()):
            statuses = (ALLOWED_GET if method == "GET" else ALLOWED_WRITE) | {403}
            found.expect(what, response, statuses, seen, may_write=False)
        else:
            refused = 404 if permission in m.HIDDEN else 403
            found.expect(what, response, {refused}, seen, may_write=False)


def check_page_other(mw: MatrixWorld, found: Findings, name: str | None, route: str, page: m.Page,
                     role: str, client: Client) -> None:
    """Another organisation's objects: 404; the own agreement with another's object: 404 (403 for
    a write the role may not do at all)."""
    targets = [("other", fill(route, name, page, mw.other))]
    objects = [k for k in route_kwargs(route) if k not in page.kwargs or page.kwargs[k] in OBJECT_OVERRIDES]
    if "<int:pk>" in route and len(objects) > 1 and "pk" not in page.kwargs:
        targets.append(("own agreement, other's object", fill(route, name, page, mw.other, mw.own)))
    for where, url in targets:
        for method, permission in (("GET", page.get), ("POST", page.post)):
            what = f"{role} {method} {url} ({where})"
            response, seen = request(client, method, url)
            if permission is None:
                found.expect(what, response, {404, 405}, seen, may_write=False)
            elif where != "other" and page.foreign_object == "empty" and m.allowed(permission, role):
                found.expect(what, response, {200}, seen, may_write=False)
                leaks(found, what, response)
            elif where == "other" or m.allowed(permission, role):
                found.expect(what, response, {404}, seen, may_write=False)
            else:
                found.expect(what, response, {403, 404}, seen, may_write=False)


@pytest.mark.parametrize(("name", "role"), page_cases())
def test_page(mw, name, role):
    """Every route of the project, for every role, in the own and in the other organisations."""
    route = ROUTES[name]
    page = m.PAGES.get(name)
    if page is None:
        pytest.fail(
            f"The route {name!r} ({route}) has no entry in tests/security/matrix.py: add it to "
            f"PAGES with the permission it needs (one of {sorted(m.PERMISSIONS)}), e.g. "
            f'"{name}": form(EDIT) for a form editors submit, view(READ) for a page readers see.',
            pytrace=False,
        )
    found = Findings(f"{name} as {role}")
    client = page_client(mw, role)
    check_page_own(mw, found, name, route, page, role, client)
    if role not in {"anonymous", "superuser"} and has_objects(route, page):
        check_page_other(mw, found, name, route, page, role, client)
    found.close()


def test_the_table_names_only_routes_that_exist():
    names = {name for _route, name in project_routes()}
    stale = sorted(str(n) for n in m.PAGES if n not in names)
    assert not stale, f"tests/security/matrix.py names routes that no longer exist: {stale}; remove them"
    assert not m.check_tables(), m.check_tables()


# -- API operations ---------------------------------------------------------------------------


@cache
def schema_operations() -> tuple[str, ...]:
    """Every operation of the API as "METHOD /path/", from the schema the code generates."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return tuple(sorted(
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    ))


def test_every_api_operation_has_an_entry():
    operations = set(schema_operations())
    missing = sorted(operations - set(m.API))
    stale = sorted(set(m.API) - operations)
    assert not missing, (
        f"API operations without an entry in tests/security/matrix.py: {missing}; add each to API "
        f"with the permission it needs (one of {sorted(m.PERMISSIONS)})"
    )
    assert not stale, f"tests/security/matrix.py names API operations that no longer exist: {stale}"


def test_every_api_route_is_an_operation():
    """The resolver's API addresses and the schema's paths are the same set."""
    paths = {op.split(" ", 1)[1] for op in schema_operations()}
    for route, name in project_routes():
        if m.is_api_operation_route(route):
            assert m.openapi_path(route) in paths, (name, route, "is not in the API schema")


def api_cases() -> list[tuple[str, str]]:
    return [(op, role) for op in sorted(m.API) for role in m.ROLES]


def api_url(op: str, side: Side, pk_side: Side | None = None) -> str:
    path = op.split(" ", 1)[1]
    segment = path.removeprefix(m.A).split("/", 1)[0]
    path = path.replace("{agreement_pk}", str((pk_side or side).ids["pk"]))
    return path.replace("{id}", str(side.api[segment])) if "{id}" in path else path


@pytest.mark.parametrize(("op", "role"), api_cases())
def test_api(mw, op, role):
    """Every API operation, for every role, on the own and on the other organisations' records."""
    method = op.split(" ", 1)[0]
    permission = m.API[op]
    client = api_client(mw, role)
    found = Findings(f"{op} as {role}")
    body = {} if method in {"POST", "PUT"} else None
    kwargs = {"data": body, "format": "json"} if body is not None else {}
    url = api_url(op, mw.own)
    what = f"{role} {method} {url}"
    response, seen = request(client, method, url, **kwargs)
    if role == "anonymous":
        found.expect(what, response, {401}, seen, may_write=False)
    elif m.allowed(permission, role):
        found.expect(what, response, {200} if method == "GET" else ALLOWED_WRITE, seen,
                     may_write=method != "GET")
        if role != "superuser":
            leaks(found, what, response)
    elif role in m.EITHER.get(permission, ()):
        found.expect(what, response, ({200} if method == "GET" else ALLOWED_WRITE) | {403}, seen,
                     may_write=False)
    else:
        found.expect(what, response, {404 if permission in m.HIDDEN else 403}, seen, may_write=False)
    if role not in {"anonymous", "superuser"} and "{agreement_pk}" in op:
        targets = [("other", api_url(op, mw.other))]
        if "{id}" in op:
            targets.append(("own agreement, other's record", api_url(op, mw.other, mw.own)))
        for where, target in targets:
            response, seen = request(client, method, target, **kwargs)
            statuses = {404} if where == "other" or m.allowed(permission, role) else {403, 404}
            found.expect(f"{role} {method} {target} ({where})", response, statuses, seen, may_write=False)
    found.close()


# -- bodies that point at the other organisations' records -----------------------------------

Body = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass(frozen=True)
class CrossWrite:
    """A write by ``role``: ``body`` built from the own side's records succeeds; built from the
    other side's (and, when ``refused`` names one, from an own record the role may not touch)
    it gives a 4xx and writes nothing."""

    role: str
    method: str
    address: str  # an API path under the own agreement, or a page's URL name
    body: Body
    item: str = ""  # the own record the address names ({id} or <item>)
    refused: tuple[str, ...] = ()  # own records (by Side.objects key) the role may not write on
    page: bool = False


def ref(key: str) -> Callable[[dict[str, Any]], int]:
    return lambda objects: objects[key].pk


API_WRITES = [
    CrossWrite("officer", "POST", "time-entries", lambda o: {
        "staff_cost": o["cost"].pk, "date": "2016-03-01", "hours": "1.50"}),
    CrossWrite("officer", "POST", "time-entries", lambda o: {
        "action": o["action"].pk, "date": "2016-03-01", "hours": "1.50"}),
    CrossWrite("operator", "POST", "time-entries", lambda o: {
        "staff_cost": o["cost"].pk, "date": "2016-03-01", "hours": "1.50"}, refused=("cost2",)),
    CrossWrite("operator", "PUT", "time-entries", lambda o: {
        "staff_cost": o["cost"].pk, "date": "2016-03-02", "hours": "3.00", "version": 1},
        item="entry", refused=("cost2",)),
    CrossWrite("officer", "POST", "enrolments", lambda o: {
        "budget_line": o["line"].pk, "month": "2016-04-01", "count": 20}),
    CrossWrite("operator", "POST", "enrolments", lambda o: {
        "budget_line": o["line"].pk, "month": "2016-04-01", "count": 20}, refused=("line2",)),
    CrossWrite("officer", "POST", "expenses", lambda o: {
        "contribution": o["contribution"].pk, "date": "2016-03-01", "amount": "5.00",
        "description": "Cancelleria"}),
    CrossWrite("operator", "POST", "expenses", lambda o: {
        "contribution": o["contribution"].pk, "date": "2016-03-01", "amount": "5.00",
        "description": "Cancelleria"}, refused=("contribution2",)),
    CrossWrite("officer", "POST", "expenses", lambda o: {
        "budget_line": o["line"].pk, "date": "2016-03-01", "amount": "5.00", "description": "Spesa"}),
    CrossWrite("officer", "POST", "fee-tiers", lambda o: {
        "budget_line": o["line"].pk, "min_count": 30, "max_count": 35, "unit_amount": "800.00"}),
    CrossWrite("officer", "POST", "actions", lambda o: {
        "area": o["area"].pk, "kind": "development", "number": 9, "title": "Nuova azione"}),
    CrossWrite("coordinator", "POST", "actions", lambda o: {
        "area": o["area"].pk, "kind": "development", "number": 9, "title": "Nuova azione",
        "responsible": o["consortium"].pk}),
    CrossWrite("officer", "POST", "budget-lines", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "description": "Materiali",
        "unit_amount": "100.00", "quantity": "2", "unit": "month", "vat_rate": "4"}),
    CrossWrite("officer", "POST", "contributions", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "description": "Volontari", "kind": "item",
        "amount": "50.00"}),
    CrossWrite("officer", "POST", "staff-costs", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "role": "Psicologo", "count": 1,
        "hourly_rate": "30.00", "vat_rate": "5", "hours": "10"}),
    CrossWrite("officer", "POST", "tranches", lambda o: {
        "area": o["area"].pk, "due_date": "2016-09-30", "amount": "100.00"}),
    CrossWrite("officer", "PUT", "tranches", lambda o: {
        "area": o["area"].pk, "due_date": "2016-06-30", "percent": "50", "version": 1},
        item="tranche"),
    CrossWrite("officer", "POST", "indicators", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "name": "Famiglie", "unit": "count"}),
    CrossWrite("officer", "POST", "indicator-values", lambda o: {
        "indicator": o["indicator"].pk, "period_end": "2016-06-30", "value": "5"}),
    CrossWrite("officer", "POST", "progress", lambda o: {
        "action": o["action"].pk, "date": "2016-04-01", "status": "in_progress", "percent": 20}),
    CrossWrite("officer", "POST", "roles", lambda o: {"user": o["coordinator"].pk, "role": "reader"}),
    CrossWrite("officer", "POST", "assignments", lambda o: {
        "user": o["operator_unassigned"].pk, "area": o["area"].pk}),
    CrossWrite("officer", "POST", "assignments", lambda o: {
        "user": o["operator_unassigned"].pk, "action": o["action"].pk}),
    CrossWrite("officer", "POST", "/api/v1/agreements/", lambda o: {
        "title": "Nuovo accordo", "kind": "codesign", "status": "draft", "start_date": "2017-01-01",
        "end_date": "2017-12-31", "organization": o["municipality"].pk, "role": "public_body"}),
]

PAGE_WRITES = [
    CrossWrite("officer", "POST", "monitoring:timeentry_create", lambda o: {
        "staff_cost": o["cost"].pk, "date": "01/03/2016", "hours": "1,5"}, page=True),
    CrossWrite("operator", "POST", "monitoring:timeentry_create", lambda o: {
        "staff_cost": o["cost"].pk, "date": "01/03/2016", "hours": "1,5"}, refused=("cost2",),
        page=True),
    CrossWrite("operator", "POST", "monitoring:timeentry_edit", lambda o: {
        "action": o["action"].pk, "date": "02/03/2016", "hours": "3", "version": 1},
        item="entry", page=True),
    CrossWrite("officer", "POST", "monitoring:expense_create", lambda o: {
        "line": f"c{o['contribution'].pk}", "date": "01/03/2016", "amount": "5,00",
        "description": "Cancelleria"}, page=True),
    CrossWrite("operator", "POST", "monitoring:expense_create", lambda o: {
        "line": f"c{o['contribution'].pk}", "date": "01/03/2016", "amount": "5,00",
        "description": "Cancelleria"}, refused=("contribution2",), page=True),
    CrossWrite("officer", "POST", "agreements:budgetline_create", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "description": "Materiali",
        "unit_amount": "100,00", "quantity": "2", "unit": "month", "vat_rate": "4"}, page=True),
    CrossWrite("officer", "POST", "agreements:tranche_create", lambda o: {
        "area": o["area"].pk, "due_date": "30/09/2016", "kind": "amount", "amount": "100,00"},
        page=True),
    CrossWrite("officer", "POST", "agreements:contribution_create", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "description": "Volontari", "kind": "item",
        "amount": "50,00"}, page=True),
    CrossWrite("officer", "POST", "agreements:staffcost_create", lambda o: {
        "area": o["area"].pk, "action": o["action"].pk, "role": "Psicologo", "count": "1",
        "hourly_rate": "30,00", "vat_rate": "5", "hours": "10"}, page=True),
    CrossWrite("coordinator", "POST", "agreements:action_create", lambda o: {
        "kind": "development", "number": "9", "title": "Nuova azione",
        "responsible": o["consortium"].pk}, page=True),
    CrossWrite("officer", "POST", "monitoring:indicator_create", lambda o: {
        "area": o["area"].pk, "name": "Famiglie", "unit": "count", "higher_is_better": "1"},
        page=True),
    CrossWrite("officer", "POST", "agreements:create", lambda o: {
        "title": "Nuovo accordo", "kind": "codesign", "status": "draft", "start_date": "2017-01-01",
        "end_date": "2017-12-31", "organization": o["municipality"].pk, "role": "public_body",
        "financial_regime": "fee", "monitoring_frequency": "six_monthly",
        "monitoring_every_months": "6", "programme_every_months": "4"}, page=True),
]


def cross_request(mw: MatrixWorld, case: CrossWrite, client: Any, objects: dict[str, Any]) -> Any:
    """The case's request with a body built from ``objects``."""
    body = case.body(objects)
    if case.page:
        route = ROUTES[case.address]
        item = mw.own.objects[case.item].pk if case.item else None
        url = fill(route, case.address, m.PAGES[case.address], mw.own)
        if item is not None:
            url = re.sub(r"/\d+/(modifica|elimina)/$", f"/{item}/\\1/", url)
        return client.post(url, body)
    if case.address.startswith("/"):
        url = case.address
    else:
        url = f"/api/v1/agreements/{mw.own.ids['pk']}/{case.address}/"
        if case.item:
            url += f"{mw.own.objects[case.item].pk}/"
    return getattr(client, case.method.lower())(url, data=body, format="json")


def refused(response: Any, page: bool) -> bool:
    """A 4xx, or (a page) the form shown again with its errors."""
    if page and response.status_code == 200:
        return b"is-invalid" in response.content or b"alert-danger" in response.content
    return 400 <= response.status_code < 500


def explain(response: Any) -> str:
    """Why a response refused: the form's errors, or the start of the body."""
    context = getattr(response, "context", None)
    form = context.get("form") if context is not None else None
    if form is not None and form.errors:
        return str(form.errors.get_json_data())
    return body_text(response)[:500]


def case_id(case: CrossWrite) -> str:
    return f"{case.role}-{case.method}-{case.address}" + (f"-{case.item}" if case.item else "") + (
        "-" + "-".join(case.refused) if case.refused else ""
    )


def check_cross_write(mw: MatrixWorld, case: CrossWrite) -> None:
    own, other = mw.own.objects, mw.other.objects
    client = page_client(mw, case.role) if case.page else api_client(mw, case.role)
    attempts = [("the other agreement's records", other)]
    for key in case.refused:  # an own record of an area the operator is not assigned to
        attempts.append((f"the own {key}, not assigned", {**own, key.rstrip("2"): own[key]}))
    for label, objects in attempts:
        before, audit = row_counts(), audit_of_changes()
        response = cross_request(mw, case, client, objects)
        after = row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert refused(response, case.page), (
            f"{case_id(case)} with {label}: {response.status_code}, expected a refusal",
            explain(response),
        )
        assert not changed, f"{case_id(case)} with {label} changed row counts: {changed}"
        assert audit_of_changes() == audit, f"{case_id(case)} with {label} wrote audit rows of a change"
    with transaction.atomic():
        response = cross_request(mw, case, client, own)
        ok = response.status_code in {200, 201, 302} and not refused(response, case.page)
        transaction.set_rollback(True)
    assert ok, (f"{case_id(case)} with the own records was refused ({response.status_code}): the body "
                "must be valid, so that the refusals above are the pointer's", explain(response))


@pytest.mark.parametrize("case", API_WRITES + PAGE_WRITES, ids=case_id)
def test_a_body_pointing_at_another_organisation_writes_nothing(mw, case):
    check_cross_write(mw, case)


# -- query parameters that name the other agreement's records ---------------------------------

#: (URL name, its query naming the other side's records, whether the answer must be 404)
QUERIES: list[tuple[str, Callable[[Side], dict[str, Any]], bool]] = [
    ("agreements:budgetline_create", lambda o: {"area": o.ids["area"]}, False),
    ("agreements:version_diff", lambda o: {"da": o.items["version"], "a": "live"}, False),
    ("monitoring:timeentry_list", lambda o: {"voce": o.objects["cost"].pk, "azione": o.ids["action"]},
     False),
    ("monitoring:timeentry_create", lambda o: {"voce": o.objects["cost"].pk, "azione": o.ids["action"]},
     False),
    ("monitoring:expense_create", lambda o: {"voce": f"c{o.objects['contribution'].pk}"}, False),
    ("monitoring:enrolment_list", lambda o: {"voce": o.ids["line"]}, False),
    ("planning:workplan_pdf", lambda o: {"ambito": o.ids["area"]}, True),
    ("territory:needs", lambda o: {"versione": o.ids["analysis"]}, False),
    ("territory:coverage", lambda o: {"programma": o.ids["programme"]}, True),
    ("territory:coverage", lambda o: {"versione": o.ids["analysis"]}, True),
]


@pytest.mark.parametrize(
    ("name", "query", "must_404"), QUERIES, ids=[f"{q[0]}-{i}" for i, q in enumerate(QUERIES)],
)
@pytest.mark.parametrize("role", ["officer", "reader"])
def test_a_query_naming_another_agreement_shows_nothing_of_it(mw, name, query, must_404, role):
    page = m.PAGES[name]
    url = fill(ROUTES[name], name, page, mw.own)
    found = Findings(f"{name}?{query(mw.other)} as {role}")
    response, seen = request(page_client(mw, role), "GET", url, data=query(mw.other))
    what = f"{role} GET {url}"
    if not m.allowed(page.get, role):
        found.expect(what, response, {403}, seen, may_write=False)
    else:
        found.expect(what, response, {404} if must_404 else {200, 400, 404}, seen, may_write=False)
        leaks(found, what, response)
    found.close()


def test_undeclared_api_methods_are_refused(mw):
    """A method the schema does not declare on a path is 405 (404 on the other agreement),
    and writes nothing."""
    declared: dict[str, set[str]] = {}
    for op in schema_operations():
        method, path = op.split(" ", 1)
        declared.setdefault(path, set()).add(method)
    client = api_client(mw, "officer")
    found = Findings("undeclared methods")
    for path, methods in sorted(declared.items()):
        op = f"GET {path}"
        for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - methods):
            for side, statuses in ((mw.own, {405}), (mw.other, {404, 405})):
                if side is mw.other and "{agreement_pk}" not in path:
                    continue
                url = api_url(op, side)
                response, seen = request(client, method, url, data={}, format="json")
                found.expect(f"officer {method} {url}", response, statuses, seen, may_write=False)
    found.close()
