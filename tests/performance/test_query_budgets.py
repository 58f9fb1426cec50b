"""Query budgets: every page and API list makes as many queries with 1,000 rows of each kind as
with 10, and at most ``MAX_QUERIES``; no query is made while a template renders.

``PAGES`` names every URL of the project with its budget, or the reason it is not measured:
a new page fails ``test_every_page_has_a_budget`` until it is added here.
"""

import re

import pytest
from django.db import connection
from django.template.backends.django import Template as DjangoTemplate
from django.test.utils import CaptureQueriesContext

from tests.test_routes import fill, project_routes

from .rows import grow

MAX_QUERIES = 15
#: SQLite splits an ``IN (...)`` of more than 999 values into several queries (a prefetch of
#: 1,000 rows makes two); PostgreSQL does not, and there the large world has 1,000 rows.
SQLITE_ROWS = 990

#: Every page measured (GET as the agreement's officer, with 10 and with 1,000 rows of each kind).
PAGES = {
    "accounts:organization_create", "accounts:organization_edit", "accounts:organization_history",
    "accounts:organization_list", "agreements:action_create", "agreements:action_delete",
    "agreements:action_edit", "agreements:area_create", "agreements:area_delete",
    "agreements:area_detail", "agreements:area_edit", "agreements:assignment_delete",
    "agreements:budgetline_create", "agreements:budgetline_delete", "agreements:budgetline_edit",
    "agreements:contribution_create", "agreements:contribution_delete",
    "agreements:contribution_edit", "agreements:create", "agreements:delete", "agreements:detail",
    "agreements:edit", "agreements:feetier_create", "agreements:feetier_delete",
    "agreements:feetier_edit", "agreements:list", "agreements:party_create",
    "agreements:party_delete", "agreements:party_edit", "agreements:people_assign",
    "agreements:people_list", "agreements:people_role", "agreements:people_role_delete",
    "agreements:staffcost_create", "agreements:staffcost_delete", "agreements:staffcost_edit",
    "agreements:tranche_create", "agreements:tranche_delete", "agreements:tranche_edit",
    "agreements:tranche_invoice", "agreements:tranche_pay", "agreements:tranche_reopen",
    "agreements:version_approve", "agreements:version_detail", "agreements:version_diff",
    "agreements:version_download", "agreements:version_freeze", "agreements:version_list",
    "api:action-detail", "api:action-list", "api:agreement-detail", "api:agreement-list",
    "api:agreementrole-list", "api:area-detail", "api:area-list", "api:assignment-detail",
    "api:assignment-list", "api:budgetline-detail", "api:budgetline-list",
    "api:contribution-detail", "api:contribution-list", "api:deadline-list",
    "api:enrolment-detail", "api:enrolment-list", "api:expense-detail", "api:expense-list",
    "api:feetier-detail", "api:feetier-list", "api:indicator-detail", "api:indicator-list",
    "api:indicatortarget-list", "api:indicatorvalue-detail", "api:indicatorvalue-list",
    "api:party-detail", "api:party-list", "api:progress-detail", "api:progress-list",
    "api:report-detail", "api:report-list", "api:staffcost-detail", "api:staffcost-list",
    "api:summary", "api:timeentry-detail", "api:timeentry-list", "api:token_list",
    "api:tranche-detail", "api:tranche-list", "documents:import_upload",
    "documents:report_download", "documents:report_generate", "documents:report_list",
    "documents:report_preview", "documents:report_table", "documents:summary",
    "documents:summary_export", "health", "history:agreement", "history:object",
    "home:accessibility", "home:glossary", "home:home", "login",
    "monitoring:dashboard", "monitoring:enrolment_create", "monitoring:enrolment_delete",
    "monitoring:enrolment_edit", "monitoring:enrolment_list", "monitoring:expense_create",
    "monitoring:expense_delete", "monitoring:expense_document", "monitoring:expense_edit",
    "monitoring:expense_list", "monitoring:indicator_create", "monitoring:indicator_delete",
    "monitoring:indicator_edit", "monitoring:indicator_list", "monitoring:indicatorvalue_approve",
    "monitoring:indicatorvalue_create", "monitoring:indicatorvalue_delete",
    "monitoring:indicatorvalue_edit", "monitoring:progress_create", "monitoring:progress_delete",
    "monitoring:progress_edit", "monitoring:progress_list", "monitoring:timeentry_create",
    "monitoring:timeentry_delete", "monitoring:timeentry_edit", "monitoring:timeentry_list",
    "planning:agreement_feed", "planning:deadlines", "planning:user_feed", "planning:workplan",
    "planning:workplan_area", "planning:workplan_pdf", "territory:activity_create",
    "territory:activity_delete", "territory:activity_edit", "territory:agreement",
    "territory:analysis_create", "territory:analysis_delete", "territory:coverage",
    "territory:directory", "territory:hsds_export_json", "territory:hsds_export_zip",
    "territory:hsds_import", "territory:need_create", "territory:need_delete",
    "territory:need_edit", "territory:needs", "territory:programme_copy",
    "territory:programme_create", "territory:programme_delete", "territory:programme_detail",
    "territory:programme_edit", "territory:programmes", "territory:resource_create",
    "territory:resource_delete", "territory:resource_detail", "territory:resource_edit",
}
POST_ONLY = "answers POST only (tested in its app)"
#: The session renewed by ``accounts.sessions.SessionRenewMiddleware`` (an UPDATE in a
#: savepoint, once every few minutes of a session whatever the page): not the page's queries.
SESSION_RENEWAL = re.compile(r'^(UPDATE "django_session"|(RELEASE )?SAVEPOINT )')
#: Pages over MAX_QUERIES today, with their present count: they must not grow, and are to be
#: brought down (the dashboard and the report read the budget twice).
OVER_BUDGET = {
    "monitoring:dashboard": 22,
    "documents:report_preview": 26,
    "documents:report_table": 26,
    "agreements:version_diff": 16,
}
#: Form pages whose select widgets read their model choices while the template renders
#: (Django's ModelChoiceIterator); ``coprogetta.formchoices.choices_read`` reads them in the
#: view instead, and is to be applied to these forms.
FORM_CHOICES_IN_TEMPLATE = {
    "accounts:organization_create", "accounts:organization_edit", "agreements:create",
    "agreements:party_create", "agreements:party_edit", "agreements:action_create",
    "agreements:action_edit", "agreements:budgetline_create", "agreements:budgetline_edit",
    "agreements:contribution_create", "agreements:contribution_edit", "agreements:tranche_create",
    "agreements:tranche_edit", "agreements:staffcost_create", "agreements:staffcost_edit",
    "monitoring:timeentry_create", "monitoring:timeentry_edit", "monitoring:indicator_create",
    "monitoring:indicator_edit", "territory:resource_create", "territory:hsds_import",
    "territory:activity_create", "territory:activity_edit", "agreements:people_assign",
    "agreements:people_role", "monitoring:expense_create", "monitoring:expense_edit",
    "monitoring:progress_create", "monitoring:progress_edit", "monitoring:enrolment_create",
    "monitoring:enrolment_edit", "monitoring:indicatorvalue_create",
    "monitoring:indicatorvalue_edit", "territory:need_create", "territory:need_edit",
    "territory:programme_create", "territory:programme_edit", "territory:programme_copy",
}
NOT_MEASURED = {
    "logout": POST_ONLY, "set_language": POST_ONLY, "api:indicatorvalue-approve": POST_ONLY,
    "api:tranche-invoice": POST_ONLY, "api:tranche-pay": POST_ONLY, "api:tranche-reopen": POST_ONLY,
    "api:token_revoke": POST_ONLY,
    "api:not_found": "the API's answer to unknown paths (no query beyond the session)",
    "planning:feed": "a calendar feed reached by its secret token (tests/planning/test_feeds*)",
    "jobs:detail": "a background job's page (tests/documents/test_jobs.py)",
    "jobs:status": "a background job's status (tests/documents/test_jobs.py)",
    "documents:import_review": "an import draft (tests/documents/test_import_web.py)",
    "documents:import_confirm": POST_ONLY, "documents:import_discard": POST_ONLY,
    "territory:coverage_download": "a file download (tests/territory)",
    "api:agreementrole-detail": "a single record (its list is measured)",
    "api:indicatortarget-detail": "a single record (its list is measured)",
    "api:schema": "the OpenAPI schema (no rows)",
    "history:security": "administrators only (tests/accounts)",
}


def _kind(name: str) -> str:
    return name.split(":")[-1].split("_")[0].split("-")[0]


def url_for(route: str, name: str, ids: dict, items: dict) -> str:
    if name.startswith("api:"):
        return fill(route, {"agreement_pk": ids["pk"], "pk": items.get(_kind(name), 0)})
    if name.startswith("accounts:"):  # an organisation's pages: the world's municipality
        return fill(route, {**ids, "pk": ids["organization"]})
    return fill(route, {**ids, "item": items.get(_kind(name), 0)})


def territory_ids(world) -> dict[str, int]:
    """The ids of the territory's and the organisation's pages (real ids: PostgreSQL's
    sequences do not start again at 1 in every test, as SQLite's do)."""
    from coprogetta.territory import models as ter

    analysis = ter.NeedsAnalysis.objects.filter(agreement=world.agreement).order_by("pk").first()
    programme = ter.Programme.objects.filter(agreement=world.agreement).order_by("pk").first()
    return {
        "organization": world.municipality.pk,
        "resource": ter.Resource.objects.filter(owner=world.municipality).order_by("pk").first().pk,
        "analysis": analysis.pk,
        "need": ter.Need.objects.filter(analysis=analysis).order_by("pk").first().pk,
        "programme": programme.pk,
        "activity": ter.Activity.objects.filter(programme=programme).order_by("pk").first().pk,
    }


def named_routes() -> list[tuple[str, str]]:
    return [(route, name) for route, name in project_routes() if name]


@pytest.fixture
def template_queries(monkeypatch):
    """The queries made while a template renders: {template name: [sql, ...]}."""
    seen: dict[str, list[str]] = {}
    original = DjangoTemplate.render

    def render(self, context=None, request=None):
        def record(execute, sql, params, many, ctx):
            seen.setdefault(self.template.name, []).append(sql)
            return execute(sql, params, many, ctx)

        with connection.execute_wrapper(record):
            return original(self, context, request)

    monkeypatch.setattr(DjangoTemplate, "render", render)
    return seen


def measure(client, ids, items, template_queries) -> dict[str, tuple[int, int, list[str], list[str]]]:
    """{name: (status, queries, their SQL, the SQL made while templates rendered)}."""
    result = {}
    for route, name in named_routes():
        if name not in PAGES:
            continue
        template_queries.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url_for(route, name, ids, items))
        in_templates = [sql for queries in template_queries.values() for sql in queries]
        queries = [q["sql"] for q in ctx.captured_queries if not SESSION_RENEWAL.search(q["sql"])]
        result[name] = (response.status_code, len(queries), queries, in_templates)
    return result


def test_every_page_has_a_budget():
    """A page missing from PAGES (and not in NOT_MEASURED with a reason) fails here."""
    names = {name for _, name in named_routes()}
    assert names - PAGES - set(NOT_MEASURED) == set(), "pages without a budget"
    assert (PAGES | set(NOT_MEASURED)) - names == set(), "listed pages that no longer exist"
    assert not PAGES & set(NOT_MEASURED)
    assert set(OVER_BUDGET) <= PAGES and FORM_CHOICES_IN_TEMPLATE <= PAGES


def _shape(sql: str) -> str:
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)[:200]


@pytest.mark.django_db
def test_pages_make_as_many_queries_with_1000_rows_as_with_10(furnished, template_queries):
    world, ids, items = furnished
    client = world.client_for(world.owner)
    grow(world, 10)
    ids = {**ids, **territory_ids(world)}
    small = measure(client, ids, items, template_queries)
    grow(world, 1000 if connection.vendor == "postgresql" else SQLITE_ROWS)
    large = measure(client, ids, items, template_queries)
    problems = []
    for name, (status, count, queries, in_templates) in sorted(large.items()):
        budget = OVER_BUDGET.get(name, MAX_QUERIES)
        if status != 200 or small[name][0] != 200:
            problems.append(f"{name}: status {small[name][0]} / {status}")
        if count != small[name][1]:
            extra = sorted(set(map(_shape, queries)) - set(map(_shape, small[name][2])))
            problems.append(f"{name}: {small[name][1]} queries with 10 rows, {count} with 1,000 {extra[:3]}")
        if count > budget:
            problems.append(f"{name}: {count} queries, budget {budget}")
        if in_templates and name not in FORM_CHOICES_IN_TEMPLATE:
            problems.append(f"{name}: {len(in_templates)} queries while its template renders: "
                            f"{_shape(in_templates[0])}")
    assert not problems, "\n".join(problems)
