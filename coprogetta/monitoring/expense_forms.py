"""The expense form: it reads the input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField
from coprogetta.accounts.selectors import AnyUser
from coprogetta.agreements.budget_forms import DATE_FORMATS, DATE_INPUT
from coprogetta.agreements.fields import AmountField
from coprogetta.agreements.models import Agreement, BudgetLine, Contribution
from coprogetta.lib.textparse.numbers import format_number

from .expense_selectors import planned
from .expense_services import DOCUMENT_TYPE_NAMES, DOCUMENT_TYPES
from .selectors import loggable

LINE_CHOICE = _("Choose one of this agreement's contributions or budget lines.")


def line_value(line: Contribution | BudgetLine) -> str:
    return f"{'c' if isinstance(line, Contribution) else 'b'}{line.pk}"


def _label(line: Contribution | BudgetLine) -> str:
    area = f"{_('Area')} {line.area.number} · " if line.area is not None else ""
    return f"{area}{line} (€ {format_number(planned(line), 2)})"


class ExpenseForm(StyledFormMixin, forms.Form):
    version = VersionField()
    line = forms.ChoiceField(
        label=_("Contribution or budget line"), error_messages={"invalid_choice": LINE_CHOICE},
    )
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    amount = AmountField(label=_("Amount"), help_text=_("In euro, for example 1.234,56."))
    description = forms.CharField(label=_("Description"), max_length=500)
    over_budget_reason = forms.CharField(
        label=_("Reason for exceeding the plan"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only when the expense takes its line over the planned amount."),
    )
    document = forms.FileField(
        label=_("Document"), required=False, max_length=200,
        widget=forms.FileInput(
            attrs={"accept": ",".join(f".{extension}" for extension in DOCUMENT_TYPES)}
        ),
        help_text=_("Optional: a receipt or invoice (%(types)s), at most 10 MB.")
        % {"types": DOCUMENT_TYPE_NAMES},
    )
    remove_document = forms.BooleanField(label=_("Remove the attached document"), required=False)

    def __init__(
        self, *args: Any, agreement: Agreement, has_document: bool = False,
        user: AnyUser | None = None, **kwargs: Any,
    ) -> None:
        """With ``user``, the choices are the lines the user may record on (an operator: the
        assigned ones)."""
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        if not has_document:
            del self.fields["remove_document"]
        contributions_qs = agreement.contributions.select_related("area")
        budget_lines_qs = agreement.budget_lines.select_related("area")
        if user is not None:
            contributions_qs = loggable(user, agreement, contributions_qs)
            budget_lines_qs = loggable(user, agreement, budget_lines_qs)
        contributions = list(contributions_qs)
        budget_lines = list(budget_lines_qs)
        self.lines = {line_value(line): line for line in [*contributions, *budget_lines]}
        choices: list[Any] = [("", _("Choose…"))]
        if contributions:
            choices.append((_("Contributions"), [(line_value(c), _label(c)) for c in contributions]))
        if budget_lines:
            choices.append((_("Budget lines"), [(line_value(b), _label(b)) for b in budget_lines]))
        self.fields["line"].choices = choices  # type: ignore[attr-defined]

    def clean_line(self) -> Contribution | BudgetLine:
        line = self.lines.get(self.cleaned_data["line"])
        if line is None:
            raise forms.ValidationError(LINE_CHOICE, code="invalid_choice")
        return line

    def service_data(self) -> dict[str, Any]:
        """The cleaned data as the services take it: ``document`` None keeps, False removes."""
        data = dict(self.cleaned_data)
        remove = data.pop("remove_document", False)
        if not data.get("document"):
            data["document"] = False if remove else None
        return data
