"""Forms of organisations, and the base every form of the project builds on.

Forms validate what the user typed and render the fields; the write, with the model's own
validation, is the service's. ``form_submit`` joins the two: it calls the service with the
cleaned data and puts the service's refusal on the form.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BoundField
from django.utils.text import capfirst

from .models import Organization
from .services import EditConflict

T = TypeVar("T")

#: The Bootstrap Italia class of each kind of input (by ``BoundField.widget_type``).
_WIDGET_CLASSES = {"select": "", "checkbox": "form-check-input", "radioselect": ""}


class StyledBoundField(BoundField):
    """An input with its Bootstrap Italia class, and ``is-invalid`` when it has errors."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        classes = [widget.attrs.get("class", ""), _WIDGET_CLASSES.get(self.widget_type, "form-control")]
        if self.errors:
            classes.append("is-invalid")
        if css := " ".join(c for c in classes if c):
            attrs["class"] = css
        return attrs


class StyledFormMixin:
    """Renders its fields as Bootstrap Italia inputs."""

    bound_field_class = StyledBoundField


class VersionField(forms.IntegerField):
    """The hidden version an edit form started from (see ``agreements.models.Versioned``)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, min_value=1, **kwargs)


def version_initial(instance: Any) -> dict[str, int]:
    """The initial data of an edit form's version field, for a versioned ``instance``."""
    version = getattr(instance, "version", None)
    return {"version": version} if getattr(instance, "pk", None) and version else {}


class ServiceModelForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm that validates and renders fields only.

    It neither changes its instance nor checks the model: the service does both when it
    writes, so a refused change leaves the object as it was. Editing a versioned record, it
    carries the record's version in a hidden field, so that a concurrent change is detected.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initial := version_initial(self.instance):
            self.fields["version"] = VersionField()
            self.initial.update(initial)

    def _post_clean(self) -> None:
        pass


def form_add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field if the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields and field != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def form_submit(form: forms.BaseForm, service: Callable[..., T], **kwargs: Any) -> T | None:
    """The service's result for a valid bound form; None, with the errors on the form, otherwise.

    An empty ``version`` (a form that creates) is not passed on. After an edit conflict the
    form keeps the user's input and takes the stored version, so saving again replaces the
    other person's change knowingly.
    """
    if not form.is_bound or not form.is_valid():
        return None
    return form_call(form, service, form.cleaned_data, **kwargs)


def form_call(
    form: forms.BaseForm, service: Callable[..., T], data: dict[str, Any], **kwargs: Any
) -> T | None:
    """Call ``service`` with a valid form's ``data``; None, with its refusal on the form, if refused."""
    data = dict(data)
    if data.get("version", 0) is None:
        del data["version"]
    try:
        return service(**kwargs, **data)
    except ValidationError as error:
        if isinstance(error, EditConflict) and "version" in form.fields:
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = str(error.current_version)
        form_add_service_error(form, error)
        return None


class OrganizationForm(ServiceModelForm):
    #: Longer than the stored code: people type spaces and the IT prefix, the service drops them.
    tax_code = forms.CharField(
        label=capfirst(Organization._meta.get_field("tax_code").verbose_name),
        help_text=Organization._meta.get_field("tax_code").help_text,
        max_length=32, required=False,
    )

    class Meta:
        model = Organization
        fields = ["name", "kind", "tax_code", "consortium"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        consortium = self.fields["consortium"]
        assert isinstance(consortium, forms.ModelChoiceField)
        if self.instance.pk is not None:
            consortium.queryset = consortium.queryset.exclude(pk=self.instance.pk)
        self.fields["tax_code"].widget.attrs.update(autocomplete="off", spellcheck="false")
