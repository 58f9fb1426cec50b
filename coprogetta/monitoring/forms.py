"""Forms of hours and counts: they read the input; the services decide what is allowed."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField
from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.budget_forms import DATE_FORMATS, DATE_INPUT, ActionChoiceField
from coprogetta.agreements.fields import ItalianDecimalField
from coprogetta.agreements.models import Action, Agreement, StaffCost
from coprogetta.lib.textparse.numbers import format_number

from .selectors import loggable

MONTH_FORMATS = ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y"]
MONTH_INPUT = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
NEGATIVE_COUNT = _("A count cannot be negative: enter 0 or more.")


class StaffCostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffCost) -> str:
        return f"{obj.role} ({format_number(obj.hours, 2)} h)"


def staff_cost_field(required: bool = False) -> StaffCostChoiceField:
    return StaffCostChoiceField(
        queryset=StaffCost.objects.none(), required=required, label=_("Staff-cost line"),
        empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose one of this agreement's staff-cost lines.")},
    )


def action_field() -> ActionChoiceField:
    return ActionChoiceField(
        queryset=Action.objects.none(), required=False, label=_("Action"), empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose one of this agreement's actions.")},
    )


class AgreementForm(StyledFormMixin, forms.Form):
    """Choices scoped to one agreement, and with ``user`` to what the user may log on
    (an operator sees only the lines and actions assigned to them)."""

    def __init__(
        self, *args: Any, agreement: Agreement, user: AnyUser | None = None, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement

        def scoped(queryset: QuerySet[Any], action: str = "action") -> QuerySet[Any]:
            return queryset if user is None else loggable(user, agreement, queryset, action=action)

        if "staff_cost" in self.fields:
            self.fields["staff_cost"].queryset = scoped(agreement.staff_costs.all())  # type: ignore[attr-defined]
        if "action" in self.fields:
            self.fields["action"].queryset = scoped(  # type: ignore[attr-defined]
                Action.objects.filter(area__agreement=agreement).select_related("area")
                .order_by("area__number", "kind", "number"),
                action="pk",
            )


class TimeEntryForm(AgreementForm):
    staff_cost = staff_cost_field()
    action = action_field()
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    hours = ItalianDecimalField(
        label=_("Hours"), max_digits=6, decimal_places=2, help_text=_("For example 3,5."),
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = VersionField()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "staff_cost" in data and "action" in data and (
            (data["staff_cost"] is None) == (data["action"] is None)
        ):
            self.add_error(
                "staff_cost",
                _("Choose either a staff-cost line or an action, not both and not neither."),
            )
        return data


class EnrolmentForm(StyledFormMixin, forms.Form):
    month = forms.DateField(
        label=_("Month"), widget=MONTH_INPUT, input_formats=MONTH_FORMATS,
        help_text=_("For example 2016-09 or 09/2016."),
        error_messages={"invalid": _("Enter a month, for example 2016-09 or 09/2016.")},
    )
    count = forms.IntegerField(
        label=_("Enrolled"), min_value=0, error_messages={"min_value": NEGATIVE_COUNT},
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = VersionField()


class WhatIfForm(StyledFormMixin, forms.Form):
    """``?da=2016-09&iscritti=22``: the count from a month on."""

    da = forms.DateField(
        label=_("From month"), widget=MONTH_INPUT, input_formats=MONTH_FORMATS,
        error_messages={"invalid": _("Enter a month, for example 2016-09 or 09/2016.")},
    )
    iscritti = forms.IntegerField(
        label=_("Enrolled"), min_value=0, error_messages={"min_value": NEGATIVE_COUNT},
    )

    def values(self) -> tuple[date, int] | None:
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["da"], self.cleaned_data["iscritti"]
