"""Forms of the territory: they read the input; the services decide what is allowed."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.forms import StyledFormMixin, VersionField
from coprogetta.accounts.models import Organization
from coprogetta.agreements.budget_forms import DATE_FORMATS, DATE_INPUT
from coprogetta.agreements.fields import AmountField, ItalianDecimalField

from .models import Need, Resource, TargetGroup

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class DirectoryFilterForm(StyledFormMixin, forms.Form):
    """The directory's filters, read from the query string (all optional)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    gruppo = forms.ChoiceField(label=_("Target group"), required=False)
    zona = forms.ChoiceField(label=_("Zone"), required=False)
    tipo = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args: Any, zones: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["gruppo"].choices = everything + list(TargetGroup.choices)  # type: ignore[attr-defined]
        self.fields["zona"].choices = everything + [(z, z) for z in zones]  # type: ignore[attr-defined]
        self.fields["tipo"].choices = everything + list(Resource.Kind.choices)  # type: ignore[attr-defined]


class ResourceForm(StyledFormMixin, forms.Form):
    version = VersionField()
    owner = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Recorded by"),
        help_text=_("The organisation that keeps this record up to date."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXTAREA)
    provider_name = forms.CharField(
        label=_("Provider"), max_length=200, help_text=_("The organisation that offers it.")
    )
    location_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("Town"), max_length=100, initial="Crema")
    zone = forms.CharField(label=_("Zone or neighbourhood"), max_length=100, required=False)
    latitude = ItalianDecimalField(
        label=_("Latitude"),
        required=False,
        places=6,
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, between -90 and 90 (Crema is about 45,36)."),
    )
    longitude = ItalianDecimalField(
        label=_("Longitude"),
        required=False,
        places=6,
        max_digits=9,
        decimal_places=6,
        help_text=_("Decimal degrees, between -180 and 180 (Crema is about 9,68)."),
    )
    schedule_text = forms.CharField(label=_("Opening times"), max_length=300, required=False)
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=120, required=False)
    cost_description = forms.CharField(
        label=_("Cost"), max_length=300, required=False, help_text=_("For example: free; € 5 a week.")
    )
    cost_amount = AmountField(label=_("Cost in euro"), required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=0, required=False, help_text=_("How many people at once.")
    )
    contact_name = forms.CharField(
        label=_("Contact"),
        max_length=200,
        required=False,
        help_text=_("An office or a role, not a private person."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    url = forms.URLField(label=_("Web page"), required=False, assume_scheme="https")
    languages = forms.CharField(
        label=_("Languages"),
        max_length=100,
        required=False,
        initial="it",
        help_text=_("Two-letter codes separated by commas, for example: it,en."),
    )

    def __init__(self, *args: Any, owners: QuerySet[Organization] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if owners is None:
            del self.fields["owner"]
        else:
            self.fields["owner"].queryset = owners  # type: ignore[attr-defined]

    def clean_languages(self) -> str:
        codes = [c.strip().lower() for c in self.cleaned_data["languages"].split(",") if c.strip()]
        if any(len(code) != 2 or not code.isalpha() for code in codes):
            raise forms.ValidationError(_("Write two-letter language codes, for example: it,en."))
        return ",".join(codes)

    @staticmethod
    def initial_of(resource: Resource) -> dict[str, Any]:
        from .services import RESOURCE_FIELDS

        data = {name: getattr(resource, name) for name in RESOURCE_FIELDS}
        data["target_groups"] = resource.target_group_codes
        data["version"] = resource.version
        return data


class AnalysisForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date of this version"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(label=_("Method and sources"), required=False, widget=TEXTAREA)
    copy_needs = forms.BooleanField(
        label=_("Start from the needs of the previous version"),
        required=False,
        initial=True,
    )


class NeedForm(StyledFormMixin, forms.Form):
    version = VersionField()
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    zone = forms.CharField(
        label=_("Zone or neighbourhood"), max_length=100, help_text=_("For example: San Carlo, Zona 3.")
    )
    description = forms.CharField(label=_("Description"), widget=TEXTAREA)
    evidence = forms.CharField(
        label=_("Evidence or source"),
        widget=TEXTAREA,
        help_text=_("Aggregate data only: figures, reports, meetings. No personal data."),
    )
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Need.Priority.choices, coerce=int)
    recorded_on = forms.DateField(label=_("Date recorded"), widget=DATE_INPUT, input_formats=DATE_FORMATS)


class ProgrammeForm(StyledFormMixin, forms.Form):
    version = VersionField()
    title = forms.CharField(label=_("Title"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    end_date = forms.DateField(
        label=_("End"),
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        required=False,
        help_text=_("Leave it empty for a programme of four months."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)


class CopyForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title of the new programme"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    end_date = forms.DateField(
        label=_("End"),
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        required=False,
        help_text=_("Leave it empty for a programme of four months."),
    )


class NeedChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Need) -> str:
        return f"{obj.get_priority_display()} · {obj}"


class ActivityForm(StyledFormMixin, forms.Form):
    version = VersionField()
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXTAREA)
    needs = NeedChoiceField(
        queryset=Need.objects.none(),
        label=_("Needs answered"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose needs of this agreement's analysis.")},
    )
    resources = forms.ModelMultipleChoiceField(
        queryset=Resource.objects.none(),
        label=_("Resources used"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={"invalid_choice": _("Choose resources from the directory you can see.")},
    )
    responsible = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Responsible organisation"),
        required=False,
    )
    schedule_text = forms.CharField(
        label=_("Schedule"),
        max_length=300,
        required=False,
        help_text=_("As the programme writes it, for example: ogni martedì da ottobre a dicembre."),
    )
    places = forms.CharField(
        label=_("Places"), max_length=300, required=False, help_text=_("Where the activity takes place.")
    )
    budget = AmountField(label=_("Budget"), required=False, help_text=_("In euro, for example 1.234,56."))
    expected_participants = forms.IntegerField(label=_("Expected participants"), min_value=0, required=False)

    def __init__(
        self,
        *args: Any,
        needs: QuerySet[Need],
        resources: QuerySet[Resource],
        organizations: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["needs"].queryset = needs  # type: ignore[attr-defined]
        self.fields["resources"].queryset = resources  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = organizations  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["needs"] = list(data["needs"])
        data["resources"] = list(data["resources"])
        if data.get("budget") is None:
            data.pop("budget")
        if data.get("expected_participants") is None:
            data.pop("expected_participants")
        return data


class HsdsImportForm(StyledFormMixin, forms.Form):
    owner = forms.ModelChoiceField(
        queryset=Organization.objects.none(),
        label=_("Record the resources on behalf of"),
    )
    package = forms.FileField(
        label=_("HSDS data package"),
        help_text=_("A ZIP file with datapackage.json and the CSV tables, or the JSON form (.json)."),
        widget=forms.FileInput(attrs={"accept": ".zip,.json"}),
    )

    def __init__(self, *args: Any, owners: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
