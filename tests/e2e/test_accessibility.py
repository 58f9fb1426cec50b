"""axe-core on every page of the application: no serious or critical WCAG 2.1 A/AA violation.

Every URL name of the resolver is either in PAGES (checked in the browser) or in NOT_PAGES
(a download, a JSON answer, a POST-only action, the API), with the reason; a new URL name in
neither fails the test. The Django admin is left out.
"""

import re

from tests.test_routes import fill, project_routes

from .conftest import axe_violations

#: URL names that answer with something other than an HTML page, and why.
NOT_PAGES = {
    "logout": "POST only: logs out and redirects",
    "set_language": "POST only: sets the language and redirects",
    "agreements:version_download": "the version as a JSON file",
    "documents:summary_export": "the summary table as a file (XLSX, ODS, CSV, PDF)",
    "documents:report_download": "a report file",
    "documents:report_table": "one table of the report as a spreadsheet",
    "monitoring:expense_document": "an expense's receipt file",
    "jobs:status": "a job's progress as JSON (polled by the job page)",
    "territory:hsds_export_zip": "the directory as an HSDS ZIP file",
    "territory:hsds_export_json": "the directory as HSDS JSON",
    "territory:coverage_download": "the coverage matrix as a file",
    "planning:workplan_pdf": "the work plan as PDF",
    "planning:feed": "an iCalendar feed",
    "health": "a plain-text health check for load balancers",
}
#: Pages anyone can see, checked without logging in (the home page again, logged in, in PAGES).
ANONYMOUS_PAGES = ("login", "home:home", "home:glossary", "home:accessibility")
#: The API answers JSON, except its token pages (in PAGES).
API_PAGES = {"api:token_list", "api:token_revoke"}

#: Every HTML page, by URL name, checked with the demo loaded and as the municipality's officer.
PAGES = (
    "home:home", "home:glossary", "home:accessibility",
    "accounts:organization_list", "accounts:organization_create", "accounts:organization_edit",
    "agreements:list", "agreements:create", "agreements:detail", "agreements:edit",
    "agreements:delete", "agreements:party_create", "agreements:party_edit",
    "agreements:party_delete", "agreements:area_create", "agreements:area_detail",
    "agreements:area_edit", "agreements:area_delete", "agreements:action_create",
    "agreements:action_edit", "agreements:action_delete", "agreements:budgetline_create",
    "agreements:budgetline_edit", "agreements:budgetline_delete", "agreements:feetier_create",
    "agreements:feetier_edit", "agreements:feetier_delete", "agreements:contribution_create",
    "agreements:contribution_edit", "agreements:contribution_delete",
    "agreements:tranche_create", "agreements:tranche_edit", "agreements:tranche_delete",
    "agreements:tranche_invoice", "agreements:tranche_pay", "agreements:tranche_reopen",
    "agreements:staffcost_create", "agreements:staffcost_edit", "agreements:staffcost_delete",
    "history:agreement", "history:object", "history:security", "accounts:organization_history",
    "agreements:people_list", "agreements:people_role", "agreements:people_role_delete",
    "agreements:people_assign", "agreements:assignment_delete",
    "agreements:version_list", "agreements:version_freeze", "agreements:version_diff",
    "agreements:version_detail", "agreements:version_approve",
    "documents:summary", "documents:report_list", "documents:report_generate",
    "documents:report_preview", "documents:import_upload",
    "documents:import_review", "documents:import_confirm", "documents:import_discard",
    "monitoring:dashboard", "monitoring:timeentry_list", "monitoring:timeentry_create",
    "monitoring:timeentry_edit", "monitoring:timeentry_delete", "monitoring:enrolment_list",
    "monitoring:enrolment_create", "monitoring:enrolment_edit", "monitoring:enrolment_delete",
    "monitoring:expense_list", "monitoring:expense_create", "monitoring:expense_edit",
    "monitoring:expense_delete", "monitoring:indicator_list", "monitoring:indicator_create",
    "monitoring:indicator_edit", "monitoring:indicator_delete",
    "monitoring:indicatorvalue_create", "monitoring:indicatorvalue_edit",
    "monitoring:indicatorvalue_delete", "monitoring:indicatorvalue_approve",
    "monitoring:progress_list", "monitoring:progress_create", "monitoring:progress_edit",
    "monitoring:progress_delete",
    "jobs:detail",
    "territory:directory", "territory:resource_create", "territory:hsds_import",
    "territory:resource_detail", "territory:resource_edit", "territory:resource_delete",
    "territory:agreement", "territory:needs", "territory:analysis_create",
    "territory:analysis_delete", "territory:need_create", "territory:need_edit",
    "territory:need_delete", "territory:programmes", "territory:programme_create",
    "territory:programme_detail", "territory:programme_edit", "territory:programme_delete",
    "territory:programme_copy", "territory:activity_create", "territory:activity_edit",
    "territory:activity_delete", "territory:coverage",
    "planning:workplan", "planning:workplan_area", "planning:deadlines", "planning:user_feed",
    "planning:agreement_feed",
    "api:token_list", "api:token_revoke",
)


#: Pages seen by someone other than the municipality's officer.
VIEWERS = {"history:security": "admin"}


def viewer_pages(demo, new_page):
    """A function giving, for a URL name, a browser page logged in as the one who sees it."""
    opened: dict[str, object] = {}

    def page_for(name: str):
        username = VIEWERS.get(name, "funzionario")
        if username not in opened:
            opened[username] = new_page(demo.users[username])
        return opened[username]

    return page_for


def routes_by_name() -> dict[str, str]:
    return {name: route for route, name in project_routes() if name}


def test_every_url_name_is_a_listed_page_or_said_why_not():
    names = set(routes_by_name())
    listed = set(PAGES) | set(NOT_PAGES) | set(ANONYMOUS_PAGES)
    unlisted = sorted(
        name for name in names - listed
        if not (name.startswith("api:") and name not in API_PAGES)
    )
    assert not unlisted, f"URL names missing from PAGES (or NOT_PAGES) in {__file__}: {unlisted}"
    gone = sorted(listed - names)
    assert not gone, f"PAGES / NOT_PAGES name URLs that no longer exist: {gone}"
    assert len(PAGES) == len(set(PAGES))


def page_url(name: str, route: str, demo) -> str:
    kind = name.split(":")[-1].split("_")[0]
    ids = {**demo.ids, "item": demo.items.get(kind, 0)}
    if name.startswith("accounts:"):  # an organisation's pages: pk is the organisation
        ids["pk"] = demo.ids["organization"]
    return fill(route, ids)


def _report(found: dict[str, list[dict]]) -> str:
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(f"{where}: [{v['impact']}] {v['id']} — {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
    return "\n".join(lines)


def test_every_page_has_no_serious_or_critical_axe_violation(demo, new_page, live_server):
    routes = routes_by_name()
    page_for = viewer_pages(demo, new_page)
    found: dict[str, list[dict]] = {}
    wrong = []
    for name in PAGES:
        page = page_for(name)
        url = page_url(name, routes[name], demo)
        response = page.goto(live_server.url + url)
        if response is None or response.status != 200 or "text/html" not in response.headers.get(
            "content-type", ""
        ):
            wrong.append((name, url, response and response.status))
            continue
        if page.locator("html").get_attribute("lang") != "it" or not re.search(r"\S", page.title()):
            wrong.append((name, url, "no lang or no title"))
        violations = axe_violations(page)
        if violations:
            found[f"{name} {url}"] = violations
    assert not wrong, f"pages not shown as HTML in Italian with a title: {wrong}"
    assert not found, "axe-core found serious or critical violations:\n" + _report(found)


def _check(page, where: str, found: dict, *, lang: str = "it") -> None:
    assert page.locator("html").get_attribute("lang") == lang, where
    violations = axe_violations(page)
    if violations:
        found[where] = violations


def test_public_error_and_invalid_pages_have_no_serious_axe_violation(
    demo, new_page, live_server, settings
):
    """The login page (also refused), the public pages, the 403 and 404 pages, a page in English."""
    settings.COPROGETTA_DEMO_LOGINS = True
    routes = routes_by_name()
    found: dict[str, list[dict]] = {}
    page = new_page()
    for name in ANONYMOUS_PAGES:
        response = page.goto(live_server.url + fill(routes[name], {}))
        assert response.status == 200, name
        _check(page, f"{name} (anonymous)", found)
    page.goto(live_server.url + "/accesso/")
    page.fill("#id_username", "funzionario")
    page.fill("#id_password", "not the password")
    page.press("#id_password", "Enter")
    page.wait_for_selector("#login-error")
    for field in ("#id_username", "#id_password"):
        assert page.get_attribute(field, "aria-invalid") == "true"
        assert page.get_attribute(field, "aria-describedby") == "login-error"
    _check(page, "login (refused)", found)

    officer = new_page(demo.users["funzionario"])
    response = officer.goto(live_server.url + f"/accordi/{demo.agreement.pk + 1000}/")
    assert response.status == 404
    assert officer.locator("h1").inner_text().strip() == "Pagina non trovata"
    _check(officer, "404", found)

    reader = new_page(demo.users["consigliere"])
    response = reader.goto(live_server.url + f"/accordi/{demo.agreement.pk}/modifica/")
    assert response.status == 403
    _check(reader, "403", found)

    english = new_page(demo.users["funzionario"], language="en")
    english.goto(live_server.url + f"/accordi/{demo.agreement.pk}/")
    _check(english, "agreements:detail in English", found, lang="en")
    assert not found, "axe-core found serious or critical violations:\n" + _report(found)
