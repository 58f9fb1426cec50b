"""Forms of negotiation versions: the name and note of a freeze, the confirmation of an approval."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin


class VersionFreezeForm(StyledFormMixin, forms.Form):
    label = forms.CharField(
        label=_("Name of the version"), max_length=200,
        help_text=_("For example “Aggiornamento 2016” or “Documento di negoziazione 2015”."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was negotiated, or why the text is frozen now (optional)."),
    )


class VersionApproveForm(StyledFormMixin, forms.Form):
    """Nothing to fill in: posting it confirms the approval."""
