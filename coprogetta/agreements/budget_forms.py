"""Forms of an agreement's money. They read the input; the services decide what is allowed.

Plain forms (not ModelForms) so that an edit never touches the instance before the service
has taken its "before" snapshot.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField

from .fields import AmountField, ItalianDecimalField
from .models import Action, Agreement, BudgetLine, Contribution, FeeTier, PaymentTranche, VatRate

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class MoneyForm(StyledFormMixin, forms.Form):
    """Common behaviour: Bootstrap Italia inputs, choices scoped to one agreement."""

    #: Fields the service does not take.
    form_only: tuple[str, ...] = ()
    #: The version an edit started from (empty when the form creates): a stale edit is refused.
    version = VersionField()

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if "area" in self.fields:
            self.fields["area"].queryset = agreement.areas.all()
        if "action" in self.fields:
            self.fields["action"].queryset = (
                Action.objects.filter(area__agreement=agreement).select_related("area")
                .order_by("area__number", "kind", "number")
            )

    def service_data(self) -> dict[str, Any]:
        """The cleaned values, keyed as the service's keyword arguments (no version to create)."""
        return {
            k: v for k, v in self.cleaned_data.items()
            if k not in self.form_only and not (k == "version" and v is None)
        }

    def require(self, name: str, message: str) -> None:
        if self.cleaned_data.get(name) in (None, ""):
            self.add_error(name, message)

    def refuse(self, name: str, message: str) -> None:
        if self.cleaned_data.get(name) not in (None, ""):
            self.add_error(name, message)


class ActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Action) -> str:
        label = f"{obj.area.number}.{obj.number} {obj.title} ({obj.get_kind_display()})"
        if obj.is_closed:  # said in words, so that no hours are logged on it by mistake
            label = f"{label} – {obj.get_status_display().lower()}"
        return label


def area_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=None, required=False, label=_("Area"), empty_label=_("Not assigned to an area"),
        error_messages={"invalid_choice": _("Choose one of this agreement's areas.")},
    )


def action_field(label: str) -> ActionChoiceField:
    return ActionChoiceField(
        queryset=None, required=False, label=label, empty_label=_("None"),
        error_messages={"invalid_choice": _("Choose one of this agreement's actions.")},
    )


def initial_from(obj: Any, names: list[str]) -> dict[str, Any]:
    """Form initial values from a model instance (foreign keys by id)."""
    initial = {}
    for name in names:
        field = obj._meta.get_field(name)
        initial[name] = getattr(obj, field.attname)
    return initial


class BudgetLineForm(MoneyForm):
    area = area_field()
    action = action_field(_("Action"))
    description = forms.CharField(label=_("Description"), max_length=300)
    unit_amount = AmountField(
        label=_("Unit amount (€)"),
        help_text=_("For example 26.736,87: the monthly fee, the weekly fee, the lump sum."),
    )
    quantity = ItalianDecimalField(
        label=_("Quantity"), max_digits=9, decimal_places=2,
        help_text=_("How many units: 11 months, 6 weeks, 1 lump sum."),
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=BudgetLine.Unit.choices)
    vat_rate = forms.ChoiceField(
        label=_("VAT rate"), choices=VatRate.choices,
        error_messages={"invalid_choice": _("Choose one of the VAT rates offered.")},
    )
    vat_included = forms.BooleanField(label=_("The unit amount includes VAT"), required=False)

    FIELDS = ["area", "action", "description", "unit_amount", "quantity", "unit", "vat_rate", "vat_included"]


class FeeTierForm(MoneyForm):
    AMOUNT, RENEGOTIATE = "amount", "renegotiate"

    min_count = forms.IntegerField(
        label=_("From (count)"), min_value=0, max_value=2_147_483_647,
        help_text=_("The smallest number (for example of enrolled children) in this range."),
    )
    max_count = forms.IntegerField(
        label=_("To (count)"), min_value=0, max_value=2_147_483_647, required=False,
        help_text=_("Leave empty for “and above”."),
    )
    consequence = forms.ChoiceField(
        label=_("In this range"), widget=forms.RadioSelect, initial=AMOUNT,
        choices=[
            (AMOUNT, _("another unit amount applies")), (RENEGOTIATE, _("the fee is to be renegotiated")),
        ],
    )
    unit_amount = AmountField(label=_("Unit amount in this range (€)"), required=False)

    form_only = ("consequence",)

    @classmethod
    def initial_for(cls, tier: FeeTier) -> dict[str, Any]:
        initial = initial_from(tier, ["min_count", "max_count", "unit_amount"])
        initial["consequence"] = cls.RENEGOTIATE if tier.renegotiate else cls.AMOUNT
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("consequence") == self.AMOUNT:
            self.require("unit_amount", _("Enter the unit amount that applies in this range."))
        elif data.get("consequence") == self.RENEGOTIATE:
            self.refuse("unit_amount", _("Leave the amount empty when the fee is to be renegotiated."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["renegotiate"] = self.cleaned_data["consequence"] == self.RENEGOTIATE
        return data


class ContributionForm(MoneyForm):
    area = area_field()
    action = action_field(_("Funded action"))
    description = forms.CharField(label=_("Description"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), widget=forms.RadioSelect, choices=Contribution.Kind.choices,
        initial=Contribution.Kind.ITEM,
    )
    amount = AmountField(
        label=_("Amount (€)"), required=False,
        help_text=_("For a quota or a co-financing share, leave empty to compute it from the percentage."),
    )
    percent = ItalianDecimalField(
        label=_("Percentage"), max_digits=5, decimal_places=2, required=False,
        help_text=_("Of the tender base (quota) or of the project cost (co-financing)."),
    )

    FIELDS = ["area", "action", "description", "kind", "amount", "percent"]


class TrancheForm(MoneyForm):
    AMOUNT, PERCENT, BALANCE = "amount", "percent", "balance"

    area = area_field()
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS,
    )
    due_text = forms.CharField(
        label=_("Due (as written)"), max_length=200, required=False,
        help_text=_("For example \"on approval of the final report\"."),
    )
    kind = forms.ChoiceField(
        label=_("The tranche is"), widget=forms.RadioSelect,
        choices=[(AMOUNT, _("a fixed amount")), (PERCENT, _("a percentage of the budget")),
                 (BALANCE, _("the balance (what remains)"))],
    )
    amount = AmountField(label=_("Amount (€)"), required=False)
    percent = ItalianDecimalField(label=_("Percentage"), max_digits=5, decimal_places=2, required=False)
    #: The status is not typed here: it changes when the invoice and the payment are recorded.

    form_only = ("kind",)
    FIELDS = ["area", "due_date", "due_text", "amount", "percent"]

    @classmethod
    def initial_for(cls, tranche: PaymentTranche) -> dict[str, Any]:
        initial = initial_from(tranche, cls.FIELDS)
        initial["kind"] = (
            cls.BALANCE if tranche.is_balance else cls.PERCENT if tranche.percent is not None else cls.AMOUNT
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == self.AMOUNT:
            self.require("amount", _("Enter the amount of the tranche."))
            self.refuse("percent", _("You chose a fixed amount: leave the percentage empty."))
        elif kind == self.PERCENT:
            self.require("percent", _("Enter the percentage of the budget."))
            self.refuse("amount", _("You chose a percentage: leave the amount empty."))
        elif kind == self.BALANCE:
            self.refuse("amount", _("The balance is computed: leave the amount empty."))
            self.refuse("percent", _("The balance is computed: leave the percentage empty."))
        if not data.get("due_date") and not data.get("due_text") and "due_date" not in self.errors:
            self.add_error("due_date", _("Enter a due date or describe when the tranche falls due."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["is_balance"] = self.cleaned_data["kind"] == self.BALANCE
        return data


class TrancheInvoiceForm(StyledFormMixin, forms.Form):
    """The invoice of a tranche: its number and date."""

    invoice_number = forms.CharField(
        label=_("Invoice number"), max_length=50,
        help_text=_("As written on the invoice, for example 12/2016."),
    )
    invoice_date = forms.DateField(label=_("Invoice date"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    version = VersionField()


class TranchePayForm(StyledFormMixin, forms.Form):
    """The payment of a tranche: the day it was paid."""

    paid_date = forms.DateField(label=_("Payment date"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    version = VersionField()


class TrancheReopenForm(StyledFormMixin, forms.Form):
    """The confirmation that undoes a tranche's last step."""

    version = VersionField()


class StaffCostForm(MoneyForm):
    area = area_field()
    action = action_field(_("Action"))
    role = forms.CharField(label=_("Role"), max_length=200, help_text=_("For example \"educator\"."))
    count = forms.IntegerField(label=_("Head count"), max_value=32767)
    hourly_rate = AmountField(label=_("Hourly rate (€)"))
    vat_included = forms.BooleanField(label=_("The hourly rate includes VAT"), required=False)
    vat_rate = forms.ChoiceField(
        label=_("VAT rate"), choices=VatRate.choices, initial=VatRate.OUT_OF_SCOPE,
        error_messages={"invalid_choice": _("Choose one of the VAT rates offered.")},
    )
    hours = ItalianDecimalField(label=_("Planned hours"), max_digits=9, decimal_places=2)
    period_start = forms.DateField(
        label=_("From"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS,
    )
    period_end = forms.DateField(label=_("To"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS)

    FIELDS = ["area", "action", "role", "count", "hourly_rate", "vat_included", "vat_rate", "hours",
              "period_start", "period_end"]


def initial_for(form_class: type[MoneyForm], obj: Any) -> dict[str, Any]:
    """The edit form's initial values for ``obj``, with the version the edit starts from."""
    custom = getattr(form_class, "initial_for", None)
    initial = custom(obj) if custom is not None else initial_from(obj, form_class.FIELDS)
    return {**initial, "version": obj.version}

