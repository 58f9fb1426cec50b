"""``formchoices.choices_read``: a form's model choices read once, before its template renders."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coprogetta.accounts.models import Organization
from coprogetta.formchoices import choices_read
from tests import factories as f


class PickForm(forms.Form):
    organization = forms.ModelChoiceField(queryset=Organization.objects.order_by("name"))
    note = forms.CharField(required=False)


@pytest.mark.django_db
def test_choices_are_read_in_one_query_and_rendering_makes_none():
    first, second = f.OrganizationFactory(name="Alfa"), f.OrganizationFactory(name="Beta")
    form = PickForm({"organization": str(second.pk)})
    with CaptureQueriesContext(connection) as reading:
        choices_read(form)
    assert len(reading) == 1  # no COUNT before the SELECT
    assert form.is_valid() and form.cleaned_data["organization"] == second  # as a view does
    with CaptureQueriesContext(connection) as rendering:
        html = str(form["organization"])
    assert len(rendering) == 0, rendering.captured_queries
    assert "Alfa" in html and "Beta" in html and f'value="{first.pk}"' in html


@pytest.mark.django_db
def test_validation_still_reads_the_queryset():
    kept = f.OrganizationFactory(name="Alfa")
    form = choices_read(PickForm({"organization": str(kept.pk)}))
    kept.delete()
    assert not form.is_valid()
