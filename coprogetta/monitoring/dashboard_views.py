"""The dashboard ("Cruscotto") of an agreement: anyone who sees the agreement sees it.

``?al=YYYY-MM-DD`` reads the dashboard as of another day (default: today); an invalid date
is shown as an error and today is used.
"""

from datetime import date

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coprogetta.agreements.selectors import user_can_edit

from . import dashboard_selectors


class AsOfForm(forms.Form):
    """``?al=2016-07-15``: the day the dashboard is read on."""

    al = forms.DateField(
        label=gettext_lazy("As of"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Enter a date such as 2016-07-15.")},
    )

    def chosen(self) -> date | None:
        """The day asked for, if a valid one was."""
        return self.cleaned_data.get("al") if self.is_valid() else None


@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = dashboard_selectors.dashboard_agreement(request.user, pk)
    form = AsOfForm(request.GET if "al" in request.GET else None)
    chosen = form.chosen()
    as_of = chosen or timezone.localdate()
    can_edit = user_can_edit(request.user, agreement)
    board = dashboard_selectors.dashboard(agreement, as_of=as_of, dated=chosen is not None, can_edit=can_edit)
    return render(request, "monitoring/dashboard.html", {
        "agreement": agreement, "dashboard": board, "dated": chosen is not None,
        "form": form, "title": _("Dashboard"), "can_edit": can_edit,
        "agreement_deadlines_url": reverse("planning:deadlines") + f"?accordo={agreement.pk}&giorni=90",
    })
