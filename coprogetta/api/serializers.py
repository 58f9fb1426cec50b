"""What the API reads and writes. Thin: field types only; every rule is in the services.

``*Out`` serializers describe records as the API returns them; ``*In`` serializers the
request bodies, whose fields are the arguments of the service that does the write.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

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
from coprogetta.documents.models import Report
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)

from . import fields as f

AMOUNT = {"max_digits": 13, "decimal_places": 2}
#: Computed amounts (a line's net, a sum) may have more digits than a stored one.
COMPUTED: dict = {"max_digits": None, "decimal_places": 2}


TYPE_MESSAGES = {
    "string": _("Write this as a string."),
    "integer": _("Write this as a whole number."),
    "boolean": _("Write this as true or false."),
    "array": _("Write this as a list."),
}


def json_type(field: serializers.Field) -> str | None:
    """The JSON type the schema gives ``field`` in a request body (None: not checked here)."""
    if isinstance(field, serializers.BooleanField):
        return "boolean"
    if isinstance(field, serializers.ChoiceField):
        return "integer" if all(isinstance(k, int) for k in field.choices) else "string"
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        return "integer"
    if isinstance(field, serializers.CharField | serializers.DecimalField | serializers.DateField):
        return "string"
    if isinstance(field, serializers.ListField | serializers.ListSerializer):
        return "array"
    return None


def has_type(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, {"string": str, "boolean": bool, "array": list}[kind])


class Strict(serializers.Serializer):
    # A request body is read as its schema says: "5" is not 5, true is not "true", and a string
    # is kept as sent (not trimmed, so its length is the length the schema allows).

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            if isinstance(field, serializers.CharField):
                field.trim_whitespace = False
        return fields

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            errors = {}
            for name, field in self.fields.items():
                kind = json_type(field)
                value = data.get(name)
                if field.read_only or name not in data or value is None or kind is None:
                    continue
                if not has_type(value, kind):
                    errors[name] = [TYPE_MESSAGES[kind]]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class StrictModel(Strict, serializers.ModelSerializer):
    pass


def version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1,
        help_text="The version the edit started from: if the record changed since, the answer is 409.",
    )


# -- agreements ------------------------------------------------------------------------------

AGREEMENT_FIELDS = [
    "title", "kind", "status", "start_date", "end_date", "tender_base_amount", "financial_regime",
    "monitoring_frequency", "monitoring_every_months", "programme_every_months",
]


class AgreementOut(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", *AGREEMENT_FIELDS, "created_at", "updated_at", "version"]


class AgreementIn(StrictModel):
    version = version_field()

    class Meta:
        model = Agreement
        fields = [*AGREEMENT_FIELDS, "version"]


class AgreementCreateIn(AgreementIn):
    organization = f.OwnOrganizationField(help_text="Your organisation: it becomes the first party.")
    role = serializers.ChoiceField(choices=[Party.Role.PUBLIC_BODY, Party.Role.THIRD_SECTOR])

    class Meta(AgreementIn.Meta):
        fields = [*AGREEMENT_FIELDS, "organization", "role"]


class PartyOut(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Party
        fields = ["id", "organization", "organization_name", "role", "version"]


class PartyIn(StrictModel):
    version = version_field()

    class Meta:
        model = Party
        fields = ["organization", "role", "version"]


class PartyCreateIn(PartyIn):
    class Meta(PartyIn.Meta):
        fields = ["organization", "role"]


class AreaOut(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "number", "title", "target", "version"]


class AreaIn(StrictModel):
    version = version_field()

    class Meta:
        model = Area
        fields = ["number", "title", "target", "version"]


class AreaCreateIn(AreaIn):
    class Meta(AreaIn.Meta):
        fields = ["number", "title", "target"]


ACTION_FIELDS = ["kind", "number", "title", "description", "responsible", "schedule_text"]


class ActionOut(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = [
            "id", "area", *ACTION_FIELDS, "schedule", "schedule_manual", "status", "progress",
            "version",
        ]


class ActionIn(StrictModel):
    responsible = f.PartyOrganizationField(required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = Action
        fields = [*ACTION_FIELDS, "version"]


class ActionCreateIn(ActionIn):
    area = f.AreaField()

    class Meta(ActionIn.Meta):
        fields = ["area", *ACTION_FIELDS]


# -- money -----------------------------------------------------------------------------------


class AmountsOut(serializers.Serializer):
    net = serializers.DecimalField(**COMPUTED)
    vat = serializers.DecimalField(**COMPUTED)
    gross = serializers.DecimalField(**COMPUTED)


LINE_FIELDS = [
    "area", "action", "description", "unit_amount", "quantity", "unit", "vat_rate", "vat_included",
]


class BudgetLineOut(serializers.ModelSerializer):
    amounts = AmountsOut(read_only=True)

    class Meta:
        model = BudgetLine
        fields = ["id", *LINE_FIELDS, "position", "amounts", "version"]


class BudgetLineIn(StrictModel):
    area = f.AreaField(required=False, allow_null=True)
    action = f.ActionField(required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = BudgetLine
        fields = [*LINE_FIELDS, "version"]


class BudgetLineCreateIn(BudgetLineIn):
    class Meta(BudgetLineIn.Meta):
        fields = LINE_FIELDS


TIER_FIELDS = ["min_count", "max_count", "unit_amount", "renegotiate"]


class FeeTierOut(serializers.ModelSerializer):
    class Meta:
        model = FeeTier
        fields = ["id", "budget_line", *TIER_FIELDS, "version"]


class FeeTierIn(StrictModel):
    version = version_field()

    class Meta:
        model = FeeTier
        fields = [*TIER_FIELDS, "version"]


class FeeTierCreateIn(FeeTierIn):
    budget_line = f.BudgetLineField()

    class Meta(FeeTierIn.Meta):
        fields = ["budget_line", *TIER_FIELDS]


CONTRIBUTION_FIELDS = ["area", "action", "description", "kind", "amount", "percent"]


class ContributionOut(serializers.ModelSerializer):
    class Meta:
        model = Contribution
        fields = ["id", *CONTRIBUTION_FIELDS, "position", "version"]


class ContributionIn(StrictModel):
    area = f.AreaField(required=False, allow_null=True)
    action = f.ActionField(required=False, allow_null=True)
    amount = serializers.DecimalField(**AMOUNT, required=False, allow_null=True)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = Contribution
        fields = [*CONTRIBUTION_FIELDS, "version"]


class ContributionCreateIn(ContributionIn):
    class Meta(ContributionIn.Meta):
        fields = CONTRIBUTION_FIELDS


STAFF_FIELDS = [
    "area", "action", "role", "count", "hourly_rate", "vat_included", "vat_rate", "hours",
    "period_start", "period_end",
]


class StaffCostOut(serializers.ModelSerializer):
    amounts = AmountsOut(read_only=True)

    class Meta:
        model = StaffCost
        fields = ["id", *STAFF_FIELDS, "position", "amounts", "version"]


class StaffCostIn(StrictModel):
    area = f.AreaField(required=False, allow_null=True)
    action = f.ActionField(required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = StaffCost
        fields = [*STAFF_FIELDS, "version"]


class StaffCostCreateIn(StaffCostIn):
    class Meta(StaffCostIn.Meta):
        fields = STAFF_FIELDS


TRANCHE_FIELDS = ["area", "due_date", "due_text", "amount", "percent", "is_balance"]


class TrancheOut(serializers.ModelSerializer):
    class Meta:
        model = PaymentTranche
        fields = [
            "id", *TRANCHE_FIELDS, "position", "status", "invoice_number", "invoice_date",
            "paid_date", "version",
        ]


class TrancheIn(StrictModel):
    area = f.AreaField(required=False, allow_null=True)
    version = version_field()

    class Meta:
        model = PaymentTranche
        fields = [*TRANCHE_FIELDS, "version"]


class TrancheCreateIn(TrancheIn):
    class Meta(TrancheIn.Meta):
        fields = TRANCHE_FIELDS


class TrancheInvoiceIn(Strict):
    invoice_number = serializers.CharField(max_length=50)
    invoice_date = serializers.DateField()
    version = version_field()


class TranchePayIn(Strict):
    paid_date = serializers.DateField()
    version = version_field()


class VersionIn(Strict):
    version = version_field()


# -- monitoring ------------------------------------------------------------------------------


class TimeEntryOut(serializers.ModelSerializer):
    class Meta:
        model = TimeEntry
        fields = ["id", "staff_cost", "action", "date", "hours", "note", "user", "created_at", "version"]


class TimeEntryIn(StrictModel):
    staff_cost = f.StaffCostField(required=False, allow_null=True, default=None)
    action = f.ActionField(required=False, allow_null=True, default=None)
    version = version_field()

    class Meta:
        model = TimeEntry
        fields = ["staff_cost", "action", "date", "hours", "note", "version"]


class TimeEntryCreateIn(TimeEntryIn):
    class Meta(TimeEntryIn.Meta):
        fields = ["staff_cost", "action", "date", "hours", "note"]


class EnrolmentOut(serializers.ModelSerializer):
    class Meta:
        model = EnrolmentCount
        fields = ["id", "budget_line", "month", "count", "note", "version"]


class EnrolmentIn(StrictModel):
    version = version_field()

    class Meta:
        model = EnrolmentCount
        fields = ["month", "count", "note", "version"]


class EnrolmentCreateIn(EnrolmentIn):
    budget_line = f.BudgetLineField()

    class Meta(EnrolmentIn.Meta):
        fields = ["budget_line", "month", "count", "note"]


class ExpenseOut(serializers.ModelSerializer):
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = Expense
        fields = [
            "id", "contribution", "budget_line", "date", "amount", "description",
            "over_budget_reason", "has_document", "recorded_by", "created_at", "version",
        ]

    def get_has_document(self, obj: Expense) -> bool:
        return bool(obj.document)


class ExpenseIn(StrictModel):
    """Exactly one of ``contribution`` and ``budget_line``. Documents are uploaded on the pages."""

    contribution = f.ContributionField(required=False, allow_null=True, default=None)
    budget_line = f.BudgetLineField(required=False, allow_null=True, default=None)
    version = version_field()

    class Meta:
        model = Expense
        fields = [
            "contribution", "budget_line", "date", "amount", "description", "over_budget_reason",
            "version",
        ]


class ExpenseCreateIn(ExpenseIn):
    class Meta(ExpenseIn.Meta):
        fields = ["contribution", "budget_line", "date", "amount", "description", "over_budget_reason"]


class TargetOut(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["id", "indicator", "period_end", "target", "version"]


class TargetIn(Strict):
    period_end = serializers.DateField()
    target = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True, help_text=(
        "null removes the target of that period."
    ))


INDICATOR_FIELDS = [
    "area", "action", "name", "unit", "definition", "baseline", "higher_is_better", "source",
]


class IndicatorOut(serializers.ModelSerializer):
    targets = TargetOut(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = ["id", *INDICATOR_FIELDS, "position", "targets", "version"]


class IndicatorIn(StrictModel):
    area = f.AreaField(required=False, allow_null=True, default=None)
    action = f.ActionField(required=False, allow_null=True, default=None)
    targets = TargetIn(many=True, required=False, help_text=(
        "Targets per monitoring checkpoint; periods not listed keep their target."
    ))
    version = version_field()

    class Meta:
        model = Indicator
        fields = [*INDICATOR_FIELDS, "targets", "version"]


class IndicatorCreateIn(IndicatorIn):
    class Meta(IndicatorIn.Meta):
        fields = [*INDICATOR_FIELDS, "targets"]


class IndicatorValueOut(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = [
            "id", "indicator", "period_end", "value", "note", "status", "reported_by",
            "approved_by", "approved_at", "created_at", "version",
        ]


class IndicatorValueIn(StrictModel):
    version = version_field()

    class Meta:
        model = IndicatorValue
        fields = ["period_end", "value", "note", "version"]


class IndicatorValueCreateIn(IndicatorValueIn):
    indicator = f.IndicatorField()

    class Meta(IndicatorValueIn.Meta):
        fields = ["indicator", "period_end", "value", "note"]


class ProgressOut(serializers.ModelSerializer):
    class Meta:
        model = ActionProgress
        fields = ["id", "action", "date", "status", "percent", "note", "recorded_by", "created_at", "version"]


class ProgressIn(StrictModel):
    version = version_field()

    class Meta:
        model = ActionProgress
        fields = ["date", "status", "percent", "note", "version"]


class ProgressCreateIn(ProgressIn):
    action = f.ActionField()

    class Meta(ProgressIn.Meta):
        fields = ["action", "date", "status", "percent", "note"]


# -- read-only views -------------------------------------------------------------------------


class ReportOut(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "kind", "format", "checkpoint", "size", "created_by", "created_at"]


class DeadlineOut(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField()
    key = serializers.CharField()
    area = serializers.IntegerField(allow_null=True)
    ref_id = serializers.IntegerField(allow_null=True)
    label = serializers.CharField()
    done = serializers.BooleanField()


class SummaryLineOut(serializers.Serializer):
    budget_line = serializers.IntegerField()
    description = serializers.CharField()
    amounts = AmountsOut()


class SummaryTrancheOut(serializers.Serializer):
    tranche = serializers.IntegerField()
    amount = serializers.DecimalField(**COMPUTED, allow_null=True)


class SummaryAreaOut(serializers.Serializer):
    area = serializers.IntegerField(allow_null=True)
    lines = SummaryLineOut(many=True)
    total = AmountsOut()
    items = serializers.DecimalField(**COMPUTED)
    quota = serializers.DecimalField(**COMPUTED)
    cofinancing = serializers.DecimalField(**COMPUTED)
    resources = serializers.DecimalField(**COMPUTED)
    tranches = SummaryTrancheOut(many=True)


class SummaryOut(serializers.Serializer):
    agreement = serializers.IntegerField()
    areas = SummaryAreaOut(many=True)
    total = AmountsOut()
    items = serializers.DecimalField(**COMPUTED)
    quota = serializers.DecimalField(**COMPUTED)
    cofinancing = serializers.DecimalField(**COMPUTED)
    resources = serializers.DecimalField(**COMPUTED)
    resources_ratio = serializers.DecimalField(**COMPUTED, allow_null=True)
    payable = serializers.DecimalField(**COMPUTED)
    tranches = SummaryTrancheOut(many=True)
