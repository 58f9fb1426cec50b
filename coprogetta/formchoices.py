"""Read a form's model choices in the view, so that no query runs while its template renders."""

from django.forms import BaseForm, ModelChoiceField


def choices_read(form: BaseForm) -> BaseForm:
    """Replace each model choice field's lazy choices with the list of them (one query each,
    made here); validation still reads the field's queryset."""
    for field in form.fields.values():
        if isinstance(field, ModelChoiceField):
            # a comprehension: list() would ask the iterator's length first (a COUNT query)
            field.choices = [choice for choice in field.choices]  # noqa: C416
    return form
