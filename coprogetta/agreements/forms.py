"""Forms of agreements, parties, areas and actions: fields and their rendering; services write."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import ServiceModelForm
from coprogetta.accounts.models import Organization
from coprogetta.lib.schedules import ONGOING, UNRESOLVED, Interval
from coprogetta.planning import workplan_schedules
from coprogetta.planning.workplan_text import summarise

from .fields import AmountField
from .models import Action, Agreement, Area, Party
from .services import CREATOR_ROLES, MESSAGES

T = TypeVar("T")


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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = self.fields["programme_every_months"]
        programme.choices = [("", _("no periodic programme")), *list(programme.choices)[1:]]

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


#: What the user reads about a line of a schedule correction that cannot be read.
ENTRY_ERRORS = {
    "not_an_interval": _("Line %(line)s, “%(text)s”: write an interval as “01/04/2016 - 31/12/2016”."),
    "not_a_date": _("Line %(line)s, “%(text)s”: write a date as “31/05/2016”."),
    "impossible_date": _("Line %(line)s, “%(text)s”: this date does not exist."),
    "end_before_start": _("Line %(line)s, “%(text)s”: the interval ends before it starts."),
}


class ActionForm(ServiceModelForm):
    """An action; its schedule is read from the text, or corrected by hand (intervals and
    deadlines, one per line, as Italian documents write dates)."""

    schedule_intervals = forms.CharField(
        label=_("Intervals"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, for example “01/04/2016 - 31/12/2016”."),
    )
    schedule_deadlines = forms.CharField(
        label=_("Deadlines"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One date per line, for example “31/05/2016”."),
    )

    class Meta:
        model = Action
        fields = ["kind", "number", "title", "description", "responsible", "schedule_text", "schedule_manual"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"schedule_manual": _("Correct the schedule by hand")}
        help_texts = {
            "schedule_text": _("When it takes place, as the agreement writes it, "
                               "for example “dal mese di gennaio”."),
            "schedule_manual": _("The intervals and deadlines below then replace what was read from "
                                 "the text. Untick to read the text again."),
        }

    #: Rendered by a template of its own: the schedule's fields with what was read from the text.
    fields_template = "agreements/_action_form_fields.html"
    schedule_fields = ("schedule_text", "schedule_manual", "schedule_intervals", "schedule_deadlines")

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(parties__agreement=agreement)
        self.period = Interval(agreement.start_date, agreement.end_date)
        action = self.instance
        self.schedule_summary = summarise(action.schedule_text, action.schedule) if action.pk else None
        self.text_summary = None  # what the text reads as, beside a correction by hand
        if action.pk and action.schedule_manual:
            self.text_summary = summarise(
                action.schedule_text, workplan_schedules.parsed(action.schedule_text, self.period)
            )
        current = workplan_schedules.stored(action.schedule_text, action.schedule)
        if current is not None and current.status != UNRESOLVED:
            intervals, deadlines = workplan_schedules.as_lines(current)
            if current.status == ONGOING and not current.intervals:
                intervals = workplan_schedules.as_lines(replace(current, intervals=(self.period,)))[0]
            self.fields["schedule_intervals"].initial = intervals
            self.fields["schedule_deadlines"].initial = deadlines

    def main_fields(self) -> list[BoundField]:
        return [self[name] for name in self.fields if name not in self.schedule_fields]

    def correction_fields(self) -> list[BoundField]:
        return [self[name] for name in self.schedule_fields[1:]]

    def clean(self) -> dict[str, Any]:
        """With “Correct the schedule by hand”, the intervals and deadlines become ``schedule``."""
        data = super().clean()
        intervals_text = data.pop("schedule_intervals", "") or ""
        deadlines_text = data.pop("schedule_deadlines", "") or ""
        if not data.get("schedule_manual"):
            return data
        intervals = self._entries("schedule_intervals", workplan_schedules.parse_intervals, intervals_text)
        deadlines = self._entries("schedule_deadlines", workplan_schedules.parse_deadlines, deadlines_text)
        if intervals is None or deadlines is None:
            return data
        if not intervals and not deadlines:
            self.add_error("schedule_intervals", _(
                "Write at least one interval or one deadline, or untick “Correct the schedule by hand”."
            ))
            return data
        data["schedule"] = workplan_schedules.manual(
            data.get("schedule_text", ""), intervals, deadlines, self.period
        )
        return data

    def _entries(self, field: str, parse: Callable[[str], list[T]], text: str) -> list[T] | None:
        try:
            return parse(text)
        except workplan_schedules.EntryError as error:
            self.add_error(field, ENTRY_ERRORS[error.code] % {"line": error.line, "text": error.text})
            return None
