"""The form of a progress checkpoint: it reads the input; the services decide what is allowed."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField
from coprogetta.agreements.budget_forms import DATE_FORMATS, DATE_INPUT
from coprogetta.agreements.models import Action

PERCENT_RANGE = _("Enter a percentage from 0 to 100.")


class ProgressForm(StyledFormMixin, forms.Form):
    date = forms.DateField(
        label=_("Date of the checkpoint"), widget=DATE_INPUT, input_formats=DATE_FORMATS,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Action.Status.choices,
        error_messages={"invalid_choice": _("Choose one of the statuses offered.")},
    )
    percent = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100,
        help_text=_("From 0 to 100: 100 when done, 0 when not yet started."),
        error_messages={"min_value": PERCENT_RANGE, "max_value": PERCENT_RANGE},
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was done, what is late and why."),
    )
    version = VersionField()


class AsOfForm(StyledFormMixin, forms.Form):
    """``?al=2016-06-30``: the progress as it stood on that day."""

    al = forms.DateField(
        label=_("Progress as of"), required=False, widget=DATE_INPUT, input_formats=DATE_FORMATS,
        help_text=_("Leave empty for the latest checkpoints."),
        error_messages={"invalid": _("Enter a date, for example 30/06/2016.")},
    )

    def as_of(self) -> date | None:
        """The date asked for, or None (none asked, or not a date: the form then says so)."""
        if not self.is_bound or not self.is_valid():
            return None
        return self.cleaned_data["al"]
