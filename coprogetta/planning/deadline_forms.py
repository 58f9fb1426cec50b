"""The filter of the deadlines page and the buttons of a calendar feed's page."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coprogetta.agreements.models import Agreement
from coprogetta.lib.deadlines import HORIZONS

DEFAULT_HORIZON = 30


class DeadlineFilterForm(forms.Form):
    """``?giorni=30|60|90&accordo=<id>``: the window and, optionally, one agreement."""

    assert HORIZONS == (30, 60, 90)

    giorni = forms.TypedChoiceField(
        label=_("Falling due within"), coerce=int, required=False, empty_value=DEFAULT_HORIZON,
        choices=[(30, _("30 days")), (60, _("60 days")), (90, _("90 days"))],
    )
    accordo = forms.ModelChoiceField(
        label=_("Agreement"), queryset=Agreement.objects.none(), required=False,
        empty_label=_("All agreements"),
    )

    def __init__(self, *args: Any, agreements: QuerySet[Agreement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["accordo"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = agreements.only("pk", "title")

    def horizon(self) -> int:
        """The chosen window; the default when the choice is missing or not one of HORIZONS."""
        return int(self.cleaned_data.get("giorni") or DEFAULT_HORIZON)

    def agreement(self) -> Agreement | None:
        return self.cleaned_data.get("accordo")


class FeedActionForm(forms.Form):
    """Create a new feed address (the old one stops working) or revoke it."""

    CREATE = "create"
    REVOKE = "revoke"
    action = forms.ChoiceField(choices=[(CREATE, _("Create")), (REVOKE, _("Revoke"))])
