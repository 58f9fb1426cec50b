"""The authorisation matrix: what every page and every API operation needs, and who has it.

``tests/security/test_matrix.py`` reads these tables and exercises every route and every API
operation for every role, in the agreement's own organisations and in another one. A route or
an operation without an entry here fails that test: add it to ``PAGES`` (by URL name) or to
``API`` (by ``"METHOD /api/v1/path/"`` as the OpenAPI schema writes it) with the permission it
needs, one of ``PERMISSIONS``.
"""

from dataclasses import dataclass, field

# -- permissions ------------------------------------------------------------------------------

PUBLIC = "public"  # anyone, logged in or not
LOGIN = "login"  # any logged-in person (what they see is scoped to them)
READ = "read"  # anyone who can read the agreement: a member of a party, any role
LOG = "log"  # editors, and operators assigned to the item (hours, counts, expenses)
LOG_OWN = "log-own"  # editors, and the item's author while assigned (the assigned operator wrote it)
LOG_CHOOSE = "log-choose"  # a log write whose item is chosen in the body: editors, assigned operators;
#                           an operator without assignment gets the page with nothing to choose, or 403
EDIT = "edit"  # administrators, officers and coordinators of a party
APPROVE = "approve"  # editors of a public-body party (the municipality approves)
EDITOR_ANYWHERE = "editor-anywhere"  # an editor role in some organisation (new agreement, import)
ORG_EDIT = "org-edit"  # editors of the organisation that owns the object (here: the municipality)
OWNER = "owner"  # only who created it (a job, an import draft, an API token); anybody else: 404
SUPERUSER = "superuser"  # superusers only
NOT_FOUND = "not-found"  # 404 for everybody (the API's catch-all)

PERMISSIONS = frozenset({
    PUBLIC, LOGIN, READ, LOG, LOG_OWN, LOG_CHOOSE, EDIT, APPROVE, EDITOR_ANYWHERE, ORG_EDIT,
    OWNER, SUPERUSER, NOT_FOUND,
})

# -- roles ------------------------------------------------------------------------------------

#: The roles of the matrix: each is a person of the agreement's own organisations (the
#: municipality, a public body, and the consortium, the Third-Sector party); the same roles
#: exist in another pair of organisations with their own agreement.
ROLES = (
    "admin",  # administrator of the municipality
    "officer",  # public-body officer (the municipality)
    "coordinator",  # Third-Sector coordinator (the consortium)
    "operator",  # operator of the consortium, assigned to the furnished area
    "operator_unassigned",  # operator of the consortium, assigned to nothing
    "reader",  # reader of the municipality (a council member)
    "superuser",
    "anonymous",
)

EDITORS = {"admin", "officer", "coordinator", "superuser"}

#: Who has each permission on the own agreement (and its organisations' objects).
HOLDERS: dict[str, frozenset[str]] = {
    PUBLIC: frozenset(ROLES),
    LOGIN: frozenset(ROLES) - {"anonymous"},
    READ: frozenset(ROLES) - {"anonymous"},
    LOG: frozenset(EDITORS | {"operator"}),
    LOG_OWN: frozenset(EDITORS | {"operator"}),
    LOG_CHOOSE: frozenset(EDITORS | {"operator"}),
    EDIT: frozenset(EDITORS),
    APPROVE: frozenset({"admin", "officer", "superuser"}),
    EDITOR_ANYWHERE: frozenset(EDITORS),
    ORG_EDIT: frozenset({"admin", "officer", "superuser"}),
    OWNER: frozenset({"officer"}),
    SUPERUSER: frozenset({"superuser"}),
    NOT_FOUND: frozenset(),
}

#: Refused holders of these permissions get 404 (the object is hidden), not 403.
HIDDEN = frozenset({OWNER, NOT_FOUND})

#: Roles that may get either outcome (the page with nothing to choose, or 403) per permission.
EITHER: dict[str, frozenset[str]] = {LOG_CHOOSE: frozenset({"operator_unassigned"})}


def allowed(permission: str, role: str) -> bool:
    return role in HOLDERS[permission]


# -- pages ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    """A page: who may GET it, who may POST to it (None: the method is not accepted, 405)."""

    get: str | None
    post: str | None = None
    #: URL kwargs that are not the usual object of their name ("pk" of an organisation ...)
    kwargs: dict[str, str] = field(default_factory=dict)
    #: The own agreement's address naming another agreement's object: "404", or "empty" where
    #: the page reads no live object (an object's history, kept after it is deleted) and must
    #: show nothing of it.
    foreign_object: str = "404"


def form(permission: str, **kwargs: str) -> Page:
    """A form page: the same permission to see it and to submit it."""
    return Page(get=permission, post=permission, kwargs=kwargs)


def view(permission: str, **kwargs: str) -> Page:
    return Page(get=permission, kwargs=kwargs)


PAGES: dict[str | None, Page] = {
    "home:home": view(PUBLIC),  # what Coprogetta is; a person's agreements once logged in
    "home:glossary": view(PUBLIC),
    "home:accessibility": view(PUBLIC),
    "health": view(PUBLIC),
    "login": form(PUBLIC),
    "logout": Page(get=None, post=PUBLIC),
    "set_language": Page(get=PUBLIC, post=PUBLIC),
    # organisations
    "accounts:organization_list": view(LOGIN),
    "accounts:organization_create": form(EDITOR_ANYWHERE),
    "accounts:organization_edit": form(ORG_EDIT, pk="municipality"),
    "accounts:organization_history": view(READ, pk="municipality"),  # members and partners
    # history ("Storico"): whoever reads the agreement; security events: superusers
    "history:agreement": view(READ),
    "history:object": Page(get=READ, kwargs={"kind": "agreements.area", "object_id": "area"},
                           foreign_object="empty"),
    "history:security": view(SUPERUSER),
    # agreements and their parts
    "agreements:list": view(LOGIN),
    "agreements:create": form(EDITOR_ANYWHERE),
    "agreements:detail": view(READ),
    "agreements:edit": form(EDIT),
    "agreements:delete": form(EDIT),
    "agreements:party_create": form(EDIT),
    "agreements:party_edit": form(EDIT),
    "agreements:party_delete": form(EDIT),
    "agreements:area_create": form(EDIT),
    "agreements:area_detail": view(READ),
    "agreements:area_edit": form(EDIT),
    "agreements:area_delete": form(EDIT),
    "agreements:action_create": form(EDIT),
    "agreements:action_edit": form(EDIT),
    "agreements:action_delete": form(EDIT),
    # the people of the agreement: everyone reads; editors of a public-body party manage
    "agreements:people_list": view(READ),
    "agreements:people_role": form(APPROVE, person="narrowed"),
    "agreements:people_role_delete": form(APPROVE, person="narrowed"),
    "agreements:people_assign": form(APPROVE, person="operator_unassigned"),
    "agreements:assignment_delete": form(APPROVE),
    "agreements:budgetline_create": form(EDIT),
    "agreements:budgetline_edit": form(EDIT),
    "agreements:budgetline_delete": form(EDIT),
    "agreements:feetier_create": form(EDIT),
    "agreements:feetier_edit": form(EDIT),
    "agreements:feetier_delete": form(EDIT),
    "agreements:contribution_create": form(EDIT),
    "agreements:contribution_edit": form(EDIT),
    "agreements:contribution_delete": form(EDIT),
    "agreements:staffcost_create": form(EDIT),
    "agreements:staffcost_edit": form(EDIT),
    "agreements:staffcost_delete": form(EDIT),
    "agreements:tranche_create": form(EDIT),
    "agreements:tranche_edit": form(EDIT),
    "agreements:tranche_delete": form(EDIT),
    "agreements:tranche_invoice": form(EDIT),
    "agreements:tranche_pay": form(EDIT),
    "agreements:tranche_reopen": form(EDIT),
    # negotiation versions
    "agreements:version_list": view(READ),
    "agreements:version_freeze": form(EDIT),
    "agreements:version_detail": view(READ),
    "agreements:version_approve": form(APPROVE),
    "agreements:version_diff": view(READ),
    "agreements:version_download": view(READ),
    # documents: the summary table, reports, the import, background jobs
    "documents:summary": view(READ),
    "documents:summary_export": view(READ, fmt="csv"),
    "documents:report_list": view(READ),
    "documents:report_generate": form(READ),  # a report is a reading of the agreement
    "documents:report_preview": view(READ),
    "documents:report_table": view(READ),
    "documents:report_download": view(READ),
    "documents:import_upload": form(EDITOR_ANYWHERE),
    "documents:import_review": form(OWNER),
    "documents:import_confirm": form(OWNER),
    "documents:import_discard": form(OWNER),
    "jobs:detail": view(OWNER),
    "jobs:status": view(OWNER),
    # monitoring
    "monitoring:dashboard": view(READ),
    "monitoring:timeentry_list": view(READ),
    "monitoring:timeentry_create": form(LOG_CHOOSE),
    "monitoring:timeentry_edit": form(LOG_OWN),
    "monitoring:timeentry_delete": form(LOG_OWN),
    "monitoring:enrolment_list": view(READ),
    "monitoring:enrolment_create": form(LOG),
    "monitoring:enrolment_edit": form(LOG),
    "monitoring:enrolment_delete": form(LOG),
    "monitoring:expense_list": view(READ),
    "monitoring:expense_create": form(LOG_CHOOSE),
    "monitoring:expense_edit": form(LOG_OWN),
    "monitoring:expense_delete": form(LOG_OWN),
    "monitoring:expense_document": view(READ),
    "monitoring:indicator_list": view(READ),
    "monitoring:indicator_create": form(EDIT),
    "monitoring:indicator_edit": form(EDIT),
    "monitoring:indicator_delete": form(EDIT),
    # indicator values and progress: editors only (operators write hours, counts, expenses)
    "monitoring:indicatorvalue_create": form(EDIT),
    "monitoring:indicatorvalue_edit": form(EDIT),
    "monitoring:indicatorvalue_delete": form(EDIT),
    "monitoring:indicatorvalue_approve": form(APPROVE),
    "monitoring:progress_list": view(READ),
    "monitoring:progress_create": form(EDIT),
    "monitoring:progress_edit": form(EDIT),
    "monitoring:progress_delete": form(EDIT),
    # planning
    "planning:deadlines": view(LOGIN),
    "planning:user_feed": form(LOGIN),  # one's own calendar feed
    "planning:agreement_feed": form(READ),  # one's own feed of the agreement
    "planning:feed": view(PUBLIC, token="feed"),  # the secret in the address is the key
    "planning:workplan": view(READ),
    "planning:workplan_area": view(READ),
    "planning:workplan_pdf": view(READ),
    # territory: the directory of the organisations' resources, needs and programmes
    "territory:directory": view(LOGIN),
    "territory:hsds_export_json": view(LOGIN),
    "territory:hsds_export_zip": view(LOGIN),
    "territory:hsds_import": form(EDITOR_ANYWHERE),
    "territory:resource_create": form(EDITOR_ANYWHERE),
    "territory:resource_detail": view(READ),
    "territory:resource_edit": form(ORG_EDIT),
    "territory:resource_delete": form(ORG_EDIT),
    "territory:agreement": view(READ),
    "territory:needs": view(READ),
    "territory:analysis_create": form(EDIT),
    "territory:analysis_delete": form(EDIT),
    "territory:need_create": form(EDIT),
    "territory:need_edit": form(EDIT),
    "territory:need_delete": form(EDIT),
    "territory:programmes": view(READ),
    "territory:programme_create": form(EDIT),
    "territory:programme_detail": view(READ),
    "territory:programme_edit": form(EDIT),
    "territory:programme_delete": form(EDIT),
    "territory:programme_copy": form(EDIT),
    "territory:activity_create": form(EDIT),
    "territory:activity_edit": form(EDIT),
    "territory:activity_delete": form(EDIT),
    "territory:coverage": view(READ),
    "territory:coverage_download": view(READ, fmt="csv"),
    # the API's pages and fixed addresses (its operations are in API below)
    "api:token_list": form(LOGIN),  # one's own tokens
    "api:token_revoke": form(OWNER),
    "api:schema": view(LOGIN),
    "api:not_found": Page(get=NOT_FOUND, post=NOT_FOUND),
}

# -- API operations ---------------------------------------------------------------------------

A = "/api/v1/agreements/{agreement_pk}/"


def crud(segment: str, *, write: str = EDIT, change: str | None = None) -> dict[str, str]:
    """A collection and its records: read by readers; ``write`` creates, ``change`` (default
    ``write``) replaces and deletes."""
    change = change or write
    return {
        f"GET {A}{segment}/": READ,
        f"POST {A}{segment}/": write,
        f"GET {A}{segment}/{{id}}/": READ,
        f"PUT {A}{segment}/{{id}}/": change,
        f"DELETE {A}{segment}/{{id}}/": change,
    }


API: dict[str, str] = {
    "GET /api/v1/agreements/": LOGIN,
    "POST /api/v1/agreements/": EDITOR_ANYWHERE,
    f"GET {A}": READ,
    f"PUT {A}": EDIT,
    f"DELETE {A}": EDIT,
    **crud("parties"),
    **crud("areas"),
    **crud("actions"),
    **crud("budget-lines"),
    **crud("fee-tiers"),
    **crud("contributions"),
    **crud("staff-costs"),
    **crud("tranches"),
    f"POST {A}tranches/{{id}}/invoice/": EDIT,
    f"POST {A}tranches/{{id}}/pay/": EDIT,
    f"POST {A}tranches/{{id}}/reopen/": EDIT,
    **crud("time-entries", write=LOG_CHOOSE, change=LOG_OWN),
    **crud("enrolments", write=LOG_CHOOSE, change=LOG),
    **crud("expenses", write=LOG_CHOOSE, change=LOG_OWN),
    **crud("indicators"),
    f"GET {A}indicator-targets/": READ,
    f"GET {A}indicator-targets/{{id}}/": READ,
    **crud("indicator-values"),
    f"POST {A}indicator-values/{{id}}/approve/": APPROVE,
    **crud("progress"),
    # the people of the agreement: everyone reads; editors of a public-body party manage
    f"GET {A}roles/": READ,
    f"POST {A}roles/": APPROVE,
    f"GET {A}roles/{{id}}/": READ,
    f"DELETE {A}roles/{{id}}/": APPROVE,
    f"GET {A}assignments/": READ,
    f"POST {A}assignments/": APPROVE,
    f"GET {A}assignments/{{id}}/": READ,
    f"DELETE {A}assignments/{{id}}/": APPROVE,
    f"GET {A}reports/": READ,
    f"GET {A}reports/{{id}}/": READ,
    f"GET {A}deadlines/": READ,
    f"GET {A}summary/": READ,
}


def check_tables() -> list[str]:
    """Entries naming a permission that does not exist."""
    wrong = [f"page {name}: {p}" for name, page in PAGES.items() for p in (page.get, page.post)
             if p is not None and p not in PERMISSIONS]
    wrong += [f"API {op}: {p}" for op, p in API.items() if p not in PERMISSIONS]
    return wrong


def is_api_operation_route(route: str) -> bool:
    """Whether a resolver route is one of the API's operations (listed in ``API``, not ``PAGES``)."""
    return route.startswith("api/v1/agreements/")


def openapi_path(route: str) -> str:
    """The OpenAPI path of a resolver route: ``<int:agreement_pk>`` -> ``{agreement_pk}``, pk -> id."""
    import re

    def placeholder(match: re.Match[str]) -> str:
        return "{id}" if match.group(1) == "pk" else f"{{{match.group(1)}}}"

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", placeholder, route)
