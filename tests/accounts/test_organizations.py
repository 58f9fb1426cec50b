"""Organisations: who sees and edits them, tax codes checked, audit rows written."""

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import translation

from coprogetta.accounts import selectors, services
from coprogetta.accounts.forms import OrganizationForm
from coprogetta.accounts.models import AuditEntry, Membership, Organization
from tests import factories as f

PIVA = "00488410010"  # a partita IVA with a valid check digit


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the language of their ids (Italian comes from the translations)."""
    with translation.override("en"):
        yield


def login(world, user):
    client = world.client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def edit_url(organization):
    return reverse("accounts:organization_edit", args=[organization.pk])


# -- selectors -------------------------------------------------------------------------------


def test_visible_organisations_are_the_users_and_their_partners(world):
    f.OrganizationFactory(name="Sconosciuta")
    assert set(selectors.organizations_visible_to(world.owner)) == {world.municipality, world.consortium}
    assert set(selectors.organizations_visible_to(world.outsider)) == {world.other}


def test_organization_get(world):
    assert selectors.organization_get(world.owner, world.consortium.pk) == world.consortium
    assert selectors.organization_get(world.owner, world.municipality.pk, for_edit=True)
    with pytest.raises(PermissionDenied):
        selectors.organization_get(world.owner, world.consortium.pk, for_edit=True)
    with pytest.raises(PermissionDenied):
        selectors.organization_get(world.reader, world.municipality.pk, for_edit=True)
    with pytest.raises(Http404):
        selectors.organization_get(world.outsider, world.municipality.pk)


# -- services --------------------------------------------------------------------------------


def test_create_normalises_the_tax_code_and_records_it(world):
    organization = services.organization_create(
        user=world.owner, name="Coop Il Sole", kind=Organization.Kind.COOPERATIVE,
        tax_code=f" it {PIVA[:3]} {PIVA[3:]} ", consortium=world.consortium,
    )
    assert organization.tax_code == PIVA
    assert organization.consortium == world.consortium
    entry = AuditEntry.objects.get(object_type="accounts.organization")
    assert (entry.action, entry.user, entry.agreement_id) == ("create", world.owner, None)
    assert not Membership.objects.filter(organization=organization).exists()


@pytest.mark.parametrize(("tax_code", "message"), [
    ("00488410011", "This is not a valid codice fiscale or partita IVA: check the characters."),
    ("RSSMRA85T10A562X", "This is not a valid codice fiscale or partita IVA: check the characters."),
    (PIVA, "Another organisation already has this tax code."),
])
def test_create_refuses_bad_or_duplicate_tax_codes(world, tax_code, message):
    world.consortium.tax_code = PIVA
    world.consortium.save()
    with pytest.raises(ValidationError) as excinfo:
        services.organization_create(
            user=world.owner, name="X", kind=Organization.Kind.OTHER, tax_code=tax_code
        )
    assert excinfo.value.message_dict == {"tax_code": [message]}
    assert Organization.objects.count() == 3


def test_create_refuses_a_non_editor(world):
    with pytest.raises(PermissionDenied):
        services.organization_create(user=world.reader, name="X", kind=Organization.Kind.OTHER)


def test_update_by_an_editor_member_only(world):
    services.organization_update(
        user=world.owner, organization=world.municipality, name="Comune di Crema (CR)"
    )
    world.municipality.refresh_from_db()
    assert world.municipality.name == "Comune di Crema (CR)"
    assert AuditEntry.objects.get(action="update").changes == {
        "name": ["Comune di Crema", "Comune di Crema (CR)"]
    }
    for user, organization in [(world.owner, world.consortium), (world.reader, world.municipality)]:
        with pytest.raises(PermissionDenied):
            services.organization_update(user=user, organization=organization, name="X")


def test_a_consortium_cannot_be_its_own_member(world):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_update(
            user=world.member, organization=world.consortium, consortium=world.consortium
        )
    assert list(excinfo.value.message_dict) == ["consortium"]


def test_only_consortia_can_be_chosen_as_consortium(world):
    with pytest.raises(ValidationError) as excinfo:
        services.organization_update(
            user=world.owner, organization=world.municipality, consortium=world.other
        )
    assert list(excinfo.value.message_dict) == ["consortium"]
    world.municipality.refresh_from_db()
    assert world.municipality.consortium is None


def test_form_offers_other_consortia_only(world):
    other_consortium = f.OrganizationFactory(kind=Organization.Kind.CONSORTIUM)
    form = OrganizationForm(instance=world.consortium)
    assert list(form.fields["consortium"].queryset) == [other_consortium]


# -- views -----------------------------------------------------------------------------------


def test_list_links_to_what_the_user_may_edit(world):
    html = login(world, world.owner).get(reverse("accounts:organization_list")).content.decode()
    assert "Consorzio Sul Serio" in html and "Comune di Altrove" not in html
    assert edit_url(world.municipality) in html
    assert edit_url(world.consortium) not in html
    assert reverse("accounts:organization_create") in html
    html = login(world, world.reader).get(reverse("accounts:organization_list")).content.decode()
    assert reverse("accounts:organization_create") not in html
    assert edit_url(world.municipality) not in html


def test_create_organisation_page(world):
    client = login(world, world.owner)
    assert client.get(reverse("accounts:organization_create")).status_code == 200
    response = client.post(reverse("accounts:organization_create"), {
        "name": "Coop Il Sole", "kind": "cooperative", "tax_code": f"IT{PIVA}",
        "consortium": world.consortium.pk,
    }, follow=True)
    assert "Organisation saved." in response.content.decode()
    assert Organization.objects.get(name="Coop Il Sole").tax_code == PIVA


def test_create_organisation_with_a_wrong_tax_code_writes_nothing(world):
    response = login(world, world.owner).post(reverse("accounts:organization_create"), {
        "name": "Coop Il Sole", "kind": "cooperative", "tax_code": "00488410011",
    })
    html = response.content.decode()
    assert 'id="id_tax_code_error"' in html
    assert "check the characters" in html
    assert Organization.objects.count() == 3
    assert not AuditEntry.objects.exists()


def test_edit_organisation_page(world):
    client = login(world, world.owner)
    assert 'value="Comune di Crema"' in client.get(edit_url(world.municipality)).content.decode()
    response = client.post(edit_url(world.municipality), {"name": "Città di Crema", "kind": "public_body"})
    assert response["Location"] == reverse("accounts:organization_list")
    world.municipality.refresh_from_db()
    assert world.municipality.name == "Città di Crema"


def test_organisation_pages_refuse(world, client):
    for url in [reverse("accounts:organization_create"), edit_url(world.municipality)]:
        assert client.get(url)["Location"].startswith(reverse("login"))
    reader = login(world, world.reader)
    assert reader.get(reverse("accounts:organization_create")).status_code == 403
    response = reader.post(reverse("accounts:organization_create"), {"name": "X", "kind": "other"})
    assert response.status_code == 403
    assert reader.get(edit_url(world.municipality)).status_code == 403
    assert reader.post(edit_url(world.municipality), {"name": "X", "kind": "other"}).status_code == 403
    owner = login(world, world.owner)
    assert owner.get(edit_url(world.consortium)).status_code == 403  # a partner: seen, not edited
    outsider = login(world, world.outsider)
    assert outsider.get(edit_url(world.municipality)).status_code == 404
    assert outsider.post(edit_url(world.municipality), {"name": "X", "kind": "other"}).status_code == 404
    assert Organization.objects.filter(name="X").count() == 0
    world.municipality.refresh_from_db()
    assert world.municipality.name == "Comune di Crema"
