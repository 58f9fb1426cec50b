"""Forms of agreements: Italian numbers, choices limited to the agreement, accessible inputs."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coprogetta.accounts.forms import form_add_service_error, form_submit
from coprogetta.accounts.models import Organization
from coprogetta.agreements.forms import ActionForm, AgreementCreateForm, AgreementForm, AreaForm
from coprogetta.agreements.models import Party
from tests import factories as f


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the language of their ids (Italian comes from the translations)."""
    with translation.override("en"):
        yield

VALID = {
    "title": "Coprogettazione",
    "kind": "codesign",
    "status": "draft",
    "start_date": "2016-01-01",
    "end_date": "2016-12-31",
    "financial_regime": "fee",
    "monitoring_every_months": "6",
}


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("26,25", Decimal("26.25")),
        ("1234.56", Decimal("1234.56")),
        ("€ 294.105,57", Decimal("294105.57")),
        ("", None),
    ],
)
def test_tender_base_accepts_numbers_as_italians_type_them(typed, value):
    form = AgreementForm(data={**VALID, "tender_base_amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tender_base_amount"] == value


@pytest.mark.parametrize("typed", ["-1", "-0,01", "1.000.000.000.000,00", "12,345", "abc", "1,2,3"])
def test_tender_base_refuses_negative_absurd_and_malformed_amounts(typed):
    form = AgreementForm(data={**VALID, "tender_base_amount": typed})
    assert not form.is_valid()
    assert "tender_base_amount" in form.errors


def test_an_existing_agreement_shows_its_amount_the_italian_way_and_iso_dates(db):
    agreement = f.AgreementFactory(tender_base_amount=Decimal("1234.5"))
    html = str(AgreementForm(instance=agreement))
    assert 'value="1.234,50"' in html
    assert 'type="date"' in html
    assert 'value="2016-01-01"' in html


def test_the_form_does_not_change_its_instance(db):
    agreement = f.AgreementFactory(title="Prima")
    form = AgreementForm(data={**VALID, "title": "Dopo"}, instance=agreement)
    assert form.is_valid()
    assert agreement.title == "Prima"


def test_create_form_offers_only_the_given_organisations_and_creator_roles(world):
    form = AgreementCreateForm(organizations=Organization.objects.filter(pk=world.municipality.pk))
    assert list(form.fields["organization"].queryset) == [world.municipality]
    assert form.fields["organization"].initial == world.municipality
    assert [value for value, _ in form.fields["role"].choices] == [
        Party.Role.PUBLIC_BODY, Party.Role.THIRD_SECTOR,
    ]
    form = AgreementCreateForm(
        data={**VALID, "organization": world.other.pk, "role": "public_body"},
        organizations=Organization.objects.filter(pk=world.municipality.pk),
    )
    assert "organization" in form.errors


def test_action_responsible_is_chosen_among_the_parties(world):
    form = ActionForm(agreement=world.agreement)
    assert set(form.fields["responsible"].queryset) == {world.municipality, world.consortium}


def test_inputs_carry_classes_and_describe_their_errors():
    form = AgreementForm(data={**VALID, "tender_base_amount": "x"})
    assert not form.is_valid()
    html = str(form["tender_base_amount"])
    assert 'class="form-control is-invalid"' in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_tender_base_amount_helptext id_tender_base_amount_error"' in html
    assert "class=" not in str(form["kind"]).split(">")[0]  # selects are styled by their wrapper


def test_service_errors_land_on_their_field_or_on_the_form():
    form = AreaForm(data={"number": "1", "title": "Infanzia"})
    assert form.is_valid()
    form_add_service_error(form, ValidationError({"number": "Taken.", "agreement": "Elsewhere."}))
    assert form.errors["number"] == ["Taken."]
    assert form.non_field_errors() == ["Elsewhere."]
    form = AreaForm(data={"number": "1", "title": "Infanzia"})
    form.is_valid()
    form_add_service_error(form, ValidationError("Whole form."))
    assert form.non_field_errors() == ["Whole form."]


def test_form_submit_calls_the_service_only_with_valid_data():
    calls = []

    def service(**kwargs):
        calls.append(kwargs)
        return "done"

    assert form_submit(AreaForm(data={"number": "x"}), service, user="u") is None
    assert form_submit(AreaForm(), service, user="u") is None
    assert calls == []
    assert form_submit(AreaForm(data={"number": "2", "title": "T"}), service, user="u") == "done"
    assert calls == [{"user": "u", "number": 2, "title": "T", "target": ""}]


def test_period_order_is_told_with_the_other_errors():
    form = AgreementForm(data={**VALID, "end_date": "2015-12-31", "tender_base_amount": "-3"})
    assert not form.is_valid()
    assert form.errors["end_date"] == ["The end date must be after the start date."]
    assert "tender_base_amount" in form.errors


def test_the_empty_programme_choice_says_there_is_none():
    from coprogetta.agreements.forms import AgreementForm

    choices = list(AgreementForm().fields["programme_every_months"].choices)
    assert choices[0] == ("", "no periodic programme")
    assert [value for value, _ in choices[1:]] == [4, 3, 6]
