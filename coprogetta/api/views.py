"""The API's resources: each read through a selector, each write one call of the pages' service."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from coprogetta.accounts.selectors import user_is_editor
from coprogetta.agreements import budget_services, services
from coprogetta.agreements.models import (
    Action,
    Agreement,
    Area,
    BudgetLine,
    Contribution,
    FeeTier,
    Party,
    PaymentTranche,
    StaffCost,
)
from coprogetta.agreements.selectors import (
    agreement_detail,
    agreement_get,
    agreements_visible_to,
    economic_summary,
)
from coprogetta.documents.models import Report
from coprogetta.monitoring import (
    expense_selectors,
    expense_services,
    indicator_services,
    progress_services,
)
from coprogetta.monitoring import selectors as monitoring_selectors
from coprogetta.monitoring import services as monitoring_services
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)
from coprogetta.planning.deadline_selectors import deadline_rows

from . import serializers as s
from .base import AgreementScoped, ApiViewSet, Writable, may_log

# -- agreements ------------------------------------------------------------------------------


class AgreementViewSet(ApiViewSet):
    """The agreements of the user's organisations."""

    model = Agreement
    output = s.AgreementOut
    inputs = {"create": s.AgreementCreateIn, "update": s.AgreementIn}
    lookup_url_kwarg = "agreement_pk"

    def get_queryset(self) -> Any:
        return agreements_visible_to(self.request.user)

    def get_object(self) -> Agreement:
        return agreement_get(self.request.user, self.kwargs["agreement_pk"])

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not user_is_editor(request.user):  # as the page: 403 before the body is read
            raise PermissionDenied
        agreement = services.agreement_create(user=request.user, **self.read_input())
        return self.respond(agreement, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = agreement_get(request.user, kwargs["agreement_pk"], for_edit=True)
        return self.respond(services.agreement_update(user=request.user, agreement=agreement,
                                                      **self.read_input()))

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        agreement = agreement_get(request.user, kwargs["agreement_pk"], for_edit=True)
        services.agreement_delete(user=request.user, agreement=agreement)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartyViewSet(Writable):
    model = Party
    output = s.PartyOut
    inputs = {"create": s.PartyCreateIn, "update": s.PartyIn}
    related = ("organization",)

    def create_with(self, data: dict[str, Any]) -> Party:
        return services.party_add(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: Party, data: dict[str, Any]) -> Party:
        return services.party_update(user=self.request.user, party=obj, **data)

    def delete_with(self, obj: Party) -> None:
        services.party_remove(user=self.request.user, party=obj)


class AreaViewSet(Writable):
    model = Area
    output = s.AreaOut
    inputs = {"create": s.AreaCreateIn, "update": s.AreaIn}

    def create_with(self, data: dict[str, Any]) -> Area:
        return services.area_create(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: Area, data: dict[str, Any]) -> Area:
        return services.area_update(user=self.request.user, area=obj, **data)

    def delete_with(self, obj: Area) -> None:
        services.area_delete(user=self.request.user, area=obj)


class ActionViewSet(Writable):
    model = Action
    output = s.ActionOut
    inputs = {"create": s.ActionCreateIn, "update": s.ActionIn}
    agreement_path = "area__agreement"
    related = ("area__agreement",)

    def create_with(self, data: dict[str, Any]) -> Action:
        return services.action_create(user=self.request.user, **data)

    def update_with(self, obj: Action, data: dict[str, Any]) -> Action:
        return services.action_update(user=self.request.user, action=obj, **data)

    def delete_with(self, obj: Action) -> None:
        services.action_delete(user=self.request.user, action=obj)


# -- money -----------------------------------------------------------------------------------


class BudgetLineViewSet(Writable):
    model = BudgetLine
    output = s.BudgetLineOut
    inputs = {"create": s.BudgetLineCreateIn, "update": s.BudgetLineIn}

    def create_with(self, data: dict[str, Any]) -> BudgetLine:
        return budget_services.budget_line_create(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: BudgetLine, data: dict[str, Any]) -> BudgetLine:
        return budget_services.budget_line_update(user=self.request.user, line=obj, **data)

    def delete_with(self, obj: BudgetLine) -> None:
        budget_services.budget_line_delete(user=self.request.user, line=obj)


class FeeTierViewSet(Writable):
    model = FeeTier
    output = s.FeeTierOut
    inputs = {"create": s.FeeTierCreateIn, "update": s.FeeTierIn}
    agreement_path = "budget_line__agreement"
    related = ("budget_line__agreement",)

    def create_with(self, data: dict[str, Any]) -> FeeTier:
        line = data.pop("budget_line")
        return budget_services.fee_tier_create(user=self.request.user, line=line, **data)

    def update_with(self, obj: FeeTier, data: dict[str, Any]) -> FeeTier:
        return budget_services.fee_tier_update(user=self.request.user, tier=obj, **data)

    def delete_with(self, obj: FeeTier) -> None:
        budget_services.fee_tier_delete(user=self.request.user, tier=obj)


class ContributionViewSet(Writable):
    model = Contribution
    output = s.ContributionOut
    inputs = {"create": s.ContributionCreateIn, "update": s.ContributionIn}

    def create_with(self, data: dict[str, Any]) -> Contribution:
        return budget_services.contribution_create(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: Contribution, data: dict[str, Any]) -> Contribution:
        return budget_services.contribution_update(user=self.request.user, item=obj, **data)

    def delete_with(self, obj: Contribution) -> None:
        budget_services.contribution_delete(user=self.request.user, item=obj)


class StaffCostViewSet(Writable):
    model = StaffCost
    output = s.StaffCostOut
    inputs = {"create": s.StaffCostCreateIn, "update": s.StaffCostIn}

    def create_with(self, data: dict[str, Any]) -> StaffCost:
        return budget_services.staff_cost_create(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: StaffCost, data: dict[str, Any]) -> StaffCost:
        return budget_services.staff_cost_update(user=self.request.user, cost=obj, **data)

    def delete_with(self, obj: StaffCost) -> None:
        budget_services.staff_cost_delete(user=self.request.user, cost=obj)


class TrancheViewSet(Writable):
    """Payment tranches, and the steps of their life: invoiced, paid, reopened."""

    model = PaymentTranche
    output = s.TrancheOut
    inputs = {
        "create": s.TrancheCreateIn, "update": s.TrancheIn, "invoice": s.TrancheInvoiceIn,
        "pay": s.TranchePayIn, "reopen": s.VersionIn,
    }

    def create_with(self, data: dict[str, Any]) -> PaymentTranche:
        return budget_services.tranche_create(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: PaymentTranche, data: dict[str, Any]) -> PaymentTranche:
        return budget_services.tranche_update(user=self.request.user, tranche=obj, **data)

    def delete_with(self, obj: PaymentTranche) -> None:
        budget_services.tranche_delete(user=self.request.user, tranche=obj)

    @extend_schema(summary="Record the invoice of a tranche", responses=s.TrancheOut)
    def invoice(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tranche = self.get_object()
        return self.respond(budget_services.tranche_invoice(
            user=request.user, tranche=tranche, **self.read_input()
        ))

    @extend_schema(summary="Record the payment of a tranche", responses=s.TrancheOut)
    def pay(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tranche = self.get_object()
        return self.respond(budget_services.tranche_pay(
            user=request.user, tranche=tranche, **self.read_input()
        ))

    @extend_schema(summary="Take a tranche back to planned", responses=s.TrancheOut)
    def reopen(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tranche = self.get_object()
        return self.respond(budget_services.tranche_reopen(
            user=request.user, tranche=tranche, **self.read_input()
        ))


# -- monitoring ------------------------------------------------------------------------------


class TimeEntryViewSet(Writable):
    """Hours: whoever may log (operators included) adds them; authors and editors change them."""

    model = TimeEntry
    output = s.TimeEntryOut
    inputs = {"create": s.TimeEntryCreateIn, "update": s.TimeEntryIn}
    may_write = may_log
    may_change = staticmethod(monitoring_selectors.user_can_change_entry)

    def scoped(self, agreement: Agreement) -> Any:
        return monitoring_selectors.time_entries(agreement)

    def create_with(self, data: dict[str, Any]) -> TimeEntry:
        return monitoring_services.time_entry_create(user=self.request.user, agreement=self.agreement, **data)

    def update_with(self, obj: TimeEntry, data: dict[str, Any]) -> TimeEntry:
        return monitoring_services.time_entry_update(user=self.request.user, entry=obj, **data)

    def delete_with(self, obj: TimeEntry) -> None:
        monitoring_services.time_entry_delete(user=self.request.user, entry=obj)


class EnrolmentViewSet(Writable):
    model = EnrolmentCount
    output = s.EnrolmentOut
    inputs = {"create": s.EnrolmentCreateIn, "update": s.EnrolmentIn}
    agreement_path = "budget_line__agreement"
    related = ("budget_line__agreement",)
    may_write = may_log

    @staticmethod
    def may_change(user: Any, obj: EnrolmentCount, agreement: Agreement) -> bool:
        return monitoring_selectors.user_can_change_enrolment(user, obj.budget_line, agreement)

    def create_with(self, data: dict[str, Any]) -> EnrolmentCount:
        line = data.pop("budget_line")
        return monitoring_services.enrolment_create(user=self.request.user, line=line, **data)

    def update_with(self, obj: EnrolmentCount, data: dict[str, Any]) -> EnrolmentCount:
        return monitoring_services.enrolment_update(user=self.request.user, item=obj, **data)

    def delete_with(self, obj: EnrolmentCount) -> None:
        monitoring_services.enrolment_delete(user=self.request.user, item=obj)


def _expense_line(data: dict[str, Any]) -> dict[str, Any]:
    contribution, line = data.pop("contribution", None), data.pop("budget_line", None)
    if contribution is not None and line is not None:
        raise ValidationError({"budget_line": _(
            "Choose either a contribution or a budget line, not both."
        )})
    return {**data, "line": contribution or line}


class ExpenseViewSet(Writable):
    """Expenses, without their documents (those are uploaded and downloaded on the pages)."""

    model = Expense
    output = s.ExpenseOut
    inputs = {"create": s.ExpenseCreateIn, "update": s.ExpenseIn}
    may_write = may_log
    may_change = staticmethod(expense_selectors.user_can_change_expense)

    def scoped(self, agreement: Agreement) -> Any:
        return expense_selectors.expenses(agreement)

    def create_with(self, data: dict[str, Any]) -> Expense:
        return expense_services.expense_create(
            user=self.request.user, agreement=self.agreement, **_expense_line(data)
        )

    def update_with(self, obj: Expense, data: dict[str, Any]) -> Expense:
        return expense_services.expense_update(user=self.request.user, expense=obj, **_expense_line(data))

    def delete_with(self, obj: Expense) -> None:
        expense_services.expense_delete(user=self.request.user, expense=obj)


def _targets(data: dict[str, Any]) -> dict[str, Any]:
    targets = data.pop("targets", None)
    if targets is not None:
        targets = {t["period_end"]: t["target"] for t in targets}
    return {**data, "targets": targets}


class IndicatorViewSet(Writable):
    model = Indicator
    output = s.IndicatorOut
    inputs = {"create": s.IndicatorCreateIn, "update": s.IndicatorIn}
    prefetch = ("targets",)

    def create_with(self, data: dict[str, Any]) -> Indicator:
        return indicator_services.indicator_create(
            user=self.request.user, agreement=self.agreement, **_targets(data)
        )

    def update_with(self, obj: Indicator, data: dict[str, Any]) -> Indicator:
        indicator_services.indicator_update(user=self.request.user, indicator=obj, **_targets(data))
        return self.get_queryset().get(pk=obj.pk)

    def delete_with(self, obj: Indicator) -> None:
        indicator_services.indicator_delete(user=self.request.user, indicator=obj)


class IndicatorTargetViewSet(AgreementScoped):
    """Targets, read only: they are written with their indicator."""

    model = IndicatorTarget
    output = s.TargetOut
    agreement_path = "indicator__agreement"


class IndicatorValueViewSet(Writable):
    """Reported values: the agreement's editors report; the public body's editors approve."""

    model = IndicatorValue
    output = s.IndicatorValueOut
    inputs = {"create": s.IndicatorValueCreateIn, "update": s.IndicatorValueIn, "approve": s.VersionIn}
    agreement_path = "indicator__agreement"
    related = ("indicator__agreement",)

    def create_with(self, data: dict[str, Any]) -> IndicatorValue:
        indicator = data.pop("indicator")
        return indicator_services.indicator_value_create(user=self.request.user, indicator=indicator, **data)

    def update_with(self, obj: IndicatorValue, data: dict[str, Any]) -> IndicatorValue:
        return indicator_services.indicator_value_update(user=self.request.user, item=obj, **data)

    def delete_with(self, obj: IndicatorValue) -> None:
        indicator_services.indicator_value_delete(user=self.request.user, item=obj)

    @extend_schema(summary="Approve a reported value", responses=s.IndicatorValueOut)
    def approve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return self.respond(indicator_services.indicator_value_approve(
            user=request.user, item=item, **self.read_input()
        ))


class ProgressViewSet(Writable):
    """Progress checkpoints of the actions."""

    model = ActionProgress
    output = s.ProgressOut
    inputs = {"create": s.ProgressCreateIn, "update": s.ProgressIn}
    agreement_path = "action__area__agreement"
    related = ("action__area__agreement",)

    def create_with(self, data: dict[str, Any]) -> ActionProgress:
        action = data.pop("action")
        return progress_services.progress_create(user=self.request.user, action=action, **data)

    def update_with(self, obj: ActionProgress, data: dict[str, Any]) -> ActionProgress:
        return progress_services.progress_update(user=self.request.user, item=obj, **data)

    def delete_with(self, obj: ActionProgress) -> None:
        progress_services.progress_delete(user=self.request.user, item=obj)


# -- read only -------------------------------------------------------------------------------


class ReportViewSet(AgreementScoped):
    """Generated reports (their files are downloaded on the pages)."""

    model = Report
    output = s.ReportOut


class DeadlineViewSet(AgreementScoped):
    """The agreement's deadlines in date order: tranches, monitoring, actions."""

    model = Agreement
    output = s.DeadlineOut

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = deadline_rows(request.user, agreement_id=self.agreement.pk, include_closed=True)
        items = [
            {
                "date": row.deadline.date, "kind": str(row.deadline.kind), "key": row.deadline.key,
                "area": row.area.pk if row.area else None, "ref_id": row.deadline.ref_id,
                "label": row.label, "done": row.deadline.done,
            }
            for row in rows
        ]
        page = self.paginate_queryset(items)  # type: ignore[arg-type]
        return self.get_paginated_response(s.DeadlineOut(page, many=True).data)


class SummaryViewSet(AgreementScoped):
    """The summary economic table ("scheda economica di sintesi")."""

    model = Agreement
    output = s.SummaryOut

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        summary = economic_summary(agreement_detail(request.user, self.agreement.pk))

        def tranches(rows: list[Any]) -> list[dict[str, Any]]:
            return [{"tranche": row.tranche.pk, "amount": row.amount} for row in rows]

        areas = [
            {
                "area": part.area.pk if part.area else None,
                "lines": [
                    {"budget_line": line.line.pk, "description": line.line.description,
                     "amounts": line.amounts}
                    for line in part.lines
                ],
                "total": part.total, "items": part.items, "quota": part.quota,
                "cofinancing": part.cofinancing, "resources": part.resources,
                "tranches": tranches(part.tranche_rows) if part.area is not None else [],
            }
            for part in summary.areas
        ]
        return Response(s.SummaryOut({
            "agreement": summary.agreement.pk, "areas": areas, "total": summary.total,
            "items": summary.items, "quota": summary.quota, "cofinancing": summary.cofinancing,
            "resources": summary.resources, "resources_ratio": summary.resources_ratio,
            "payable": summary.payable, "tranches": tranches(summary.tranche_rows),
        }).data)




class NotFoundView(APIView):
    """Any other address under the API: a JSON 404 (after authentication), never an HTML page."""

    schema = None

    def http_method_not_allowed(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound
