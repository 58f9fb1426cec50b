"""Forms of indicators and their values: they read the input; the services read the numbers.

Baselines, targets and values are text fields: the service reads them in the indicator's
unit (``coprogetta.lib.indicators``) and puts a refusal, as a sentence, on the field.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField
from coprogetta.agreements.budget_forms import area_field
from coprogetta.agreements.models import Action, Agreement
from coprogetta.lib import indicators as lib
from coprogetta.lib.textparse.numbers import format_date

from .forms import action_field
from .indicator_services import HINTS, target_field
from .models import Indicator

DIRECTIONS = [
    ("1", _("Higher values are better")),
    ("0", _("Lower values are better")),
]


def typed(value: Decimal | None, unit: str) -> str:
    """A stored number as the input shows it again (no unit mark)."""
    return "" if value is None else lib.format_value(value, unit, mark=False)  # type: ignore[arg-type]


class IndicatorForm(StyledFormMixin, forms.Form):
    version = VersionField()
    name = forms.CharField(label=_("Name"), max_length=300)
    definition = forms.CharField(
        label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is counted and how, so that every period is measured the same way."),
    )
    area = area_field()
    action = action_field()
    unit = forms.ChoiceField(label=_("Unit"), choices=Indicator.Unit.choices)
    baseline = forms.CharField(
        label=_("Baseline"), required=False, max_length=40,
        help_text=_("The value at the start, in the indicator's unit. Empty counts as 0."),
    )
    higher_is_better = forms.TypedChoiceField(
        label=_("Direction"), choices=DIRECTIONS, coerce=lambda v: v == "1", initial="1",
        widget=forms.RadioSelect,
    )
    source = forms.CharField(label=_("Data source"), max_length=300, required=False)

    def __init__(self, *args: Any, agreement: Agreement, checkpoints: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.checkpoints = checkpoints
        self.fields["area"].queryset = agreement.areas.all()  # type: ignore[attr-defined]
        self.fields["action"].queryset = (  # type: ignore[attr-defined]
            Action.objects.filter(area__agreement=agreement).select_related("area")
            .order_by("area__number", "kind", "number")
        )
        for day in checkpoints:
            self.fields[target_field(day)] = forms.CharField(
                label=_("Target at %(date)s") % {"date": format_date(day)}, required=False,
                max_length=40, help_text=_("Empty: no target for this period."),
            )

    def main_fields(self) -> list[forms.BoundField]:
        return [field for field in self.visible_fields() if not field.name.startswith("target_")]

    def target_fields(self) -> list[forms.BoundField]:
        return [self[target_field(day)] for day in self.checkpoints]

    def service_data(self) -> dict[str, Any]:
        """The cleaned data as the services take them: the targets by checkpoint."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("target_")}
        data["targets"] = {day: self.cleaned_data.get(target_field(day), "") for day in self.checkpoints}
        return data


def indicator_initial(indicator: Indicator, targets: dict[date, Decimal]) -> dict[str, Any]:
    unit = indicator.unit
    initial: dict[str, Any] = {
        "version": indicator.version, "name": indicator.name, "definition": indicator.definition,
        "area": indicator.area_id, "action": indicator.action_id, "unit": unit,
        "baseline": typed(indicator.baseline, unit),
        "higher_is_better": "1" if indicator.higher_is_better else "0", "source": indicator.source,
    }
    for day, target in targets.items():
        initial[target_field(day)] = typed(target, unit)
    return initial


class IndicatorValueForm(StyledFormMixin, forms.Form):
    version = VersionField()
    period_end = forms.TypedChoiceField(
        label=_("Period ending on"), coerce=date.fromisoformat,
        error_messages={"invalid_choice": _("Choose one of the agreement's monitoring checkpoints.")},
    )
    value = forms.CharField(label=_("Value"), max_length=40)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, indicator: Indicator, checkpoints: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period_end"].choices = [  # type: ignore[attr-defined]
            (day.isoformat(), format_date(day)) for day in checkpoints
        ]
        self.fields["value"].help_text = _("Measured in %(unit)s: %(hint)s.") % {
            "unit": indicator.get_unit_display(), "hint": HINTS[indicator.unit],
        }
        self.fields["value"].widget.attrs.update(autocomplete="off")


class ApproveForm(StyledFormMixin, forms.Form):
    version = VersionField()
