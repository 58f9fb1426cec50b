"""Forms of agreements, parties, areas and actions: fields and their rendering; services write."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import ServiceModelForm
from coprogetta.accounts.models import Organization

from .fields import AmountField
from .models import Action, Agreement, Area, Party
from .services import CREATOR_ROLES, MESSAGES


class DateInput(forms.DateInput):
    """The browser's date picker; the value travels as ISO 8601."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class AgreementForm(ServiceModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title", "kind", "status", "start_date", "end_date", "tender_base_amount",
            "financial_regime", "monitoring_frequency", "monitoring_every_months",
            "programme_every_months",
        ]
        field_classes = {"tender_base_amount": AmountField}
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "tender_base_amount": _("In euro, for example 1.234,56. Leave empty if there is none."),
            "monitoring_frequency": _("As the agreement writes it, for example “half-yearly”."),
        }

    def clean(self) -> dict[str, Any]:
        """The period's order, told together with the other errors (the service checks it too)."""
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end <= start:
            field, message = MESSAGES["agreement_end_after_start"]
            self.add_error(field, message)
        return data


class AgreementCreateForm(AgreementForm):
    """A new agreement, and the organisation of the user that enters it as its first party."""

    organization = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=Organization.objects.none(),
        help_text=_("It becomes a party to the agreement, so that you can work on it."),
    )
    role = forms.ChoiceField(
        label=_("Its role in the agreement"), choices=[(r.value, r.label) for r in CREATOR_ROLES]
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        if len(organizations) == 1:
            field.initial = organizations[0]


class PartyForm(ServiceModelForm):
    class Meta:
        model = Party
        fields = ["organization", "role"]


class AreaForm(ServiceModelForm):
    class Meta:
        model = Area
        fields = ["number", "title", "target"]


class ActionForm(ServiceModelForm):
    class Meta:
        model = Action
        fields = ["kind", "number", "title", "description", "responsible", "schedule_text"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "schedule_text": _("When it takes place, as the agreement writes it, "
                               "for example “dal mese di gennaio”."),
        }

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(parties__agreement=agreement)
