"""The form that asks for a monitoring report: period, kind, format and the notes section."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin
from coprogetta.lib.textparse.numbers import format_date

from .models import Report


class ReportForm(StyledFormMixin, forms.Form):
    checkpoint = forms.TypedChoiceField(label=_("Period ending on"), coerce=date.fromisoformat)
    kind = forms.ChoiceField(label=_("Document"), choices=Report.Kind.choices, widget=forms.RadioSelect,
                             initial=Report.Kind.MONITORING)
    fmt = forms.ChoiceField(label=_("Format"), choices=Report.Format.choices, widget=forms.RadioSelect,
                            initial=Report.Format.PDF)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Printed in the report's last section, \"Notes\" (in Italian). Leave an empty "
                    "line between paragraphs."),
    )

    def __init__(self, *args: Any, checkpoints: list[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["checkpoint"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(c.isoformat(), format_date(c)) for c in checkpoints]
