"""The API under /api/v1/: agreements and, under each, its records; the schema; the token page.

API views answer 401 themselves (no redirect to the login page), so they are exempt from
the login-required middleware; the token page is an ordinary page that needs a login.
"""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import people_views, token_views, views

app_name = "api"

LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "put": "update", "delete": "destroy"}
READ_LIST = {"get": "list"}
READ_DETAIL = {"get": "retrieve"}
DELETE_DETAIL = {"get": "retrieve", "delete": "destroy"}


def api(route: str, view: Any, name: str) -> URLPattern:
    return path(route, login_not_required(view), name=name)


def resource(segment: str, viewset: Any, name: str, *, read_only: bool = False,
             deletable: bool = False, steps: tuple[str, ...] = ()) -> list[URLPattern]:
    """List and detail routes of a resource of an agreement, and its steps (POST .../<step>/).

    ``deletable``: created and deleted, never replaced (no PUT)."""
    base = f"agreements/<int:agreement_pk>/{segment}/"
    detail = READ_DETAIL if read_only else DELETE_DETAIL if deletable else DETAIL
    routes = [
        api(base, viewset.as_view(READ_LIST if read_only else LIST), f"{name}-list"),
        api(f"{base}<int:pk>/", viewset.as_view(detail), f"{name}-detail"),
    ]
    for step in steps:
        routes.append(api(f"{base}<int:pk>/{step}/", viewset.as_view({"post": step}), f"{name}-{step}"))
    return routes


urlpatterns = [
    api("schema/", SpectacularAPIView.as_view(), "schema"),
    api("agreements/", views.AgreementViewSet.as_view(LIST), "agreement-list"),
    api("agreements/<int:agreement_pk>/", views.AgreementViewSet.as_view(DETAIL), "agreement-detail"),
    api("agreements/<int:agreement_pk>/summary/", views.SummaryViewSet.as_view(READ_DETAIL), "summary"),
    *resource("parties", views.PartyViewSet, "party"),
    *resource("areas", views.AreaViewSet, "area"),
    *resource("actions", views.ActionViewSet, "action"),
    *resource("budget-lines", views.BudgetLineViewSet, "budgetline"),
    *resource("fee-tiers", views.FeeTierViewSet, "feetier"),
    *resource("contributions", views.ContributionViewSet, "contribution"),
    *resource("staff-costs", views.StaffCostViewSet, "staffcost"),
    *resource("tranches", views.TrancheViewSet, "tranche", steps=("invoice", "pay", "reopen")),
    *resource("time-entries", views.TimeEntryViewSet, "timeentry"),
    *resource("enrolments", views.EnrolmentViewSet, "enrolment"),
    *resource("expenses", views.ExpenseViewSet, "expense"),
    *resource("indicators", views.IndicatorViewSet, "indicator"),
    *resource("indicator-targets", views.IndicatorTargetViewSet, "indicatortarget", read_only=True),
    *resource("indicator-values", views.IndicatorValueViewSet, "indicatorvalue", steps=("approve",)),
    *resource("progress", views.ProgressViewSet, "progress"),
    *resource("reports", views.ReportViewSet, "report", read_only=True),
    api("agreements/<int:agreement_pk>/deadlines/", views.DeadlineViewSet.as_view(READ_LIST),
        "deadline-list"),
    *resource("roles", people_views.AgreementRoleViewSet, "agreementrole", deletable=True),
    *resource("assignments", people_views.AssignmentViewSet, "assignment", deletable=True),
    path("token/", token_views.token_list, name="token_list"),
    path("token/<int:item>/revoke/", token_views.token_revoke, name="token_revoke"),
    # Last: any other address (even with a newline in it) is a JSON 404, not an HTML page.
    re_path(r"^[\s\S]*$", login_not_required(views.NotFoundView.as_view()), name="not_found"),
]
