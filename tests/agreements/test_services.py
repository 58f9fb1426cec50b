"""Writes of agreements, parties, areas and actions: rules, refusals and audit rows."""

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coprogetta.accounts import services as account_services
from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.agreements import services
from coprogetta.agreements.models import Action, Agreement, Area, Party
from tests import factories as f


@pytest.fixture(autouse=True)
def english():
    """Messages in English, the language of their ids (Italian comes from the translations)."""
    with translation.override("en"):
        yield

AGREEMENT = {
    "title": "Coprogettazione 2017",
    "kind": Agreement.Kind.CODESIGN,
    "start_date": date(2017, 1, 1),
    "end_date": date(2017, 12, 31),
    "tender_base_amount": Decimal("1234.56"),
}


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# -- agreements ------------------------------------------------------------------------------


def test_agreement_create_adds_the_creators_party_and_audits_both(world):
    agreement = services.agreement_create(
        user=world.owner, organization=world.municipality, role=Party.Role.PUBLIC_BODY, **AGREEMENT
    )
    assert agreement.status == Agreement.Status.DRAFT
    assert list(agreement.parties.values_list("organization", "role")) == [
        (world.municipality.pk, Party.Role.PUBLIC_BODY)
    ]
    entries = AuditEntry.objects.filter(agreement_id=agreement.pk, action="create")
    assert sorted(entries.values_list("object_type", flat=True)) == [
        "agreements.agreement", "agreements.party",
    ]
    created = entries.get(object_type="agreements.agreement")
    assert created.user == world.owner
    assert created.changes["tender_base_amount"] == [None, "1234.56"]


def test_agreement_create_refuses_a_reader(world):
    with pytest.raises(PermissionDenied):
        services.agreement_create(
            user=world.reader, organization=world.municipality, role=Party.Role.PUBLIC_BODY,
            **AGREEMENT,
        )
    assert Agreement.objects.count() == 1


def test_agreement_create_refuses_an_organisation_the_user_does_not_edit(world):
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            user=world.owner, organization=world.consortium, role=Party.Role.THIRD_SECTOR,
            **AGREEMENT,
        )
    assert "organization" in errors_of(excinfo)
    assert Agreement.objects.count() == 1


def test_agreement_create_refuses_the_partner_role(world):
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            user=world.owner, organization=world.municipality, role=Party.Role.PARTNER, **AGREEMENT
        )
    assert "role" in errors_of(excinfo)


def test_agreement_create_with_end_before_start_writes_nothing(world):
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_create(
            user=world.owner, organization=world.municipality, role=Party.Role.PUBLIC_BODY,
            **{**AGREEMENT, "end_date": date(2016, 12, 31)},
        )
    assert errors_of(excinfo) == {"end_date": ["The end date must be after the start date."]}
    assert Agreement.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_agreement_update_records_old_and_new_values(world):
    services.agreement_update(
        user=world.owner, agreement=world.agreement, title="Nuovo titolo",
        tender_base_amount=Decimal("26.25"),
    )
    world.agreement.refresh_from_db()
    assert world.agreement.title == "Nuovo titolo"
    entry = AuditEntry.objects.get(action="update")
    assert entry.agreement_id == world.agreement.pk
    assert entry.changes == {
        "title": ["Coprogettazione 2016", "Nuovo titolo"],
        "tender_base_amount": [None, "26.25"],
        "version": [1, 2],
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": date(2015, 1, 1)}, "end_date", "The end date must be after the start date."),
        ({"end_date": date(2016, 1, 1)}, "end_date", "The end date must be after the start date."),
        ({"tender_base_amount": Decimal("-1")}, "tender_base_amount",
         "The tender base amount cannot be negative."),
    ],
)
def test_agreement_update_refusal_leaves_the_agreement_as_it_was(world, changes, field, message):
    with pytest.raises(ValidationError) as excinfo:
        services.agreement_update(user=world.owner, agreement=world.agreement, **changes)
    assert message in errors_of(excinfo)[field]
    assert world.agreement.end_date == date(2016, 12, 31)  # the object in memory too
    assert world.agreement.tender_base_amount is None
    world.agreement.refresh_from_db()
    assert world.agreement.end_date == date(2016, 12, 31)
    assert not AuditEntry.objects.exists()


def test_agreement_update_without_changes_records_nothing(world):
    services.agreement_update(user=world.owner, agreement=world.agreement, title="Coprogettazione 2016")
    assert not AuditEntry.objects.exists()


def test_agreement_update_refuses_unknown_fields(world):
    with pytest.raises(TypeError):
        services.agreement_update(user=world.owner, agreement=world.agreement, created_at=None)


@pytest.mark.parametrize("who", ["reader", "outsider"])
def test_agreement_writes_refuse_non_editors(world, who):
    user = getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.agreement_update(user=user, agreement=world.agreement, title="X")
    with pytest.raises(PermissionDenied):
        services.agreement_delete(user=user, agreement=world.agreement)
    with pytest.raises(PermissionDenied):
        services.area_create(user=user, agreement=world.agreement, number=1, title="X")
    assert Agreement.objects.filter(title="Coprogettazione 2016").exists()


def test_agreement_delete_removes_everything_and_is_audited(world):
    area = f.AreaFactory(agreement=world.agreement)
    f.ActionFactory(area=area)
    f.BudgetLineFactory(agreement=world.agreement, area=area)
    services.agreement_delete(user=world.member, agreement=world.agreement)
    assert not Agreement.objects.exists()
    assert not Area.objects.exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.object_type == "agreements.agreement"
    assert entry.changes["title"] == ["Coprogettazione 2016", None]


# -- parties ---------------------------------------------------------------------------------


def test_party_add_and_duplicate(world):
    party = services.party_add(
        user=world.owner, agreement=world.agreement, organization=world.other,
        role=Party.Role.PARTNER,
    )
    assert AuditEntry.objects.filter(object_type="agreements.party", object_id=str(party.pk)).exists()
    with pytest.raises(ValidationError) as excinfo:
        services.party_add(
            user=world.owner, agreement=world.agreement, organization=world.other,
            role=Party.Role.PARTNER,
        )
    assert errors_of(excinfo) == {
        "organization": ["This organisation is already a party to the agreement."]
    }
    assert world.agreement.parties.count() == 3


def test_party_remove_refuses_the_users_own_last_party(world):
    own = world.agreement.parties.get(organization=world.municipality)
    with pytest.raises(ValidationError) as excinfo:
        services.party_remove(user=world.owner, party=own)
    assert "lose access" in excinfo.value.messages[0]
    assert Party.objects.filter(pk=own.pk).exists()


def test_party_remove_allows_another_party(world):
    other = world.agreement.parties.get(organization=world.consortium)
    services.party_remove(user=world.owner, party=other)
    assert not Party.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_type="agreements.party").exists()


def test_party_remove_allows_own_party_when_another_of_the_users_stays(world):
    f.MembershipFactory(user=world.owner, organization=world.consortium, role=Membership.Role.COORDINATOR)
    own = world.agreement.parties.get(organization=world.municipality)
    services.party_remove(user=world.owner, party=own)
    assert not Party.objects.filter(pk=own.pk).exists()


def test_party_update_refuses_to_swap_away_the_users_own_organisation(world):
    own = world.agreement.parties.get(organization=world.municipality)
    with pytest.raises(ValidationError) as excinfo:
        services.party_update(user=world.owner, party=own, organization=world.other)
    assert "organization" in errors_of(excinfo)
    own.refresh_from_db()
    assert own.organization == world.municipality


def test_party_of_a_responsible_organisation_cannot_leave(world):
    area = f.AreaFactory(agreement=world.agreement)
    f.ActionFactory(area=area, responsible=world.consortium)
    party = world.agreement.parties.get(organization=world.consortium)
    with pytest.raises(ValidationError) as excinfo:
        services.party_remove(user=world.owner, party=party)
    assert "responsible" in excinfo.value.messages[0]


def test_party_update_changes_the_role(world):
    party = world.agreement.parties.get(organization=world.consortium)
    services.party_update(user=world.owner, party=party, role=Party.Role.PARTNER)
    party.refresh_from_db()
    assert party.role == Party.Role.PARTNER


# -- areas and actions -----------------------------------------------------------------------


def test_area_create_update_delete(world):
    area = services.area_create(user=world.owner, agreement=world.agreement, number=1, title="Infanzia")
    services.area_update(user=world.owner, area=area, target="0-3 anni")
    services.area_delete(user=world.owner, area=area)
    entries = AuditEntry.objects.filter(object_type="agreements.area").order_by("id")
    assert list(entries.values_list("action", flat=True)) == ["create", "update", "delete"]
    assert not Area.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [(1, "Another area of this agreement already has this number."), (0, "Areas are numbered from 1.")],
)
def test_area_numbers_are_positive_and_unique(world, number, message):
    f.AreaFactory(agreement=world.agreement, number=1)
    with pytest.raises(ValidationError) as excinfo:
        services.area_create(user=world.owner, agreement=world.agreement, number=number, title="X")
    assert errors_of(excinfo) == {"number": [message]}
    assert Area.objects.count() == 1


def test_same_area_number_in_another_agreement_is_fine(world):
    f.AreaFactory(number=1)
    services.area_create(user=world.owner, agreement=world.agreement, number=1, title="X")


def test_action_numbers_are_unique_per_area_and_kind(world):
    area = f.AreaFactory(agreement=world.agreement)
    services.action_create(
        user=world.owner, area=area, kind=Action.Kind.DEVELOPMENT, number=1, title="Supervisione"
    )
    services.action_create(
        user=world.owner, area=area, kind=Action.Kind.CONSOLIDATION, number=1, title="Nido"
    )
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            user=world.owner, area=area, kind=Action.Kind.DEVELOPMENT, number=1, title="Altro"
        )
    assert list(errors_of(excinfo)) == ["number"]
    assert Action.objects.count() == 2


def test_action_responsible_must_be_a_party(world):
    area = f.AreaFactory(agreement=world.agreement)
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            user=world.owner, area=area, kind=Action.Kind.DEVELOPMENT, number=1, title="X",
            responsible=world.other,
        )
    assert list(errors_of(excinfo)) == ["responsible"]
    action = services.action_create(
        user=world.owner, area=area, kind=Action.Kind.DEVELOPMENT, number=1, title="X",
        responsible=world.consortium, schedule_text="dal mese di gennaio",
    )
    with pytest.raises(ValidationError):
        services.action_update(user=world.owner, action=action, responsible=world.other)
    action.refresh_from_db()
    assert action.responsible == world.consortium


def test_action_update_and_delete_are_audited_with_the_agreement(world):
    action = f.ActionFactory(area=f.AreaFactory(agreement=world.agreement))
    services.action_update(user=world.owner, action=action, title="Nuovo")
    services.action_delete(user=world.owner, action=action)
    assert set(AuditEntry.objects.values_list("action", "agreement_id")) == {
        ("update", world.agreement.pk), ("delete", world.agreement.pk),
    }


def test_a_constraint_broken_meanwhile_is_a_validation_error(world):
    """Two requests race past validation: the database refuses, the user reads a sentence."""
    f.AreaFactory(agreement=world.agreement, number=1)
    with mock.patch.object(account_services, "model_validate"):
        with pytest.raises(ValidationError) as excinfo:
            services.area_create(user=world.owner, agreement=world.agreement, number=1, title="X")
    assert "Reload the page" in excinfo.value.messages[0]
    assert Area.objects.count() == 1
    assert not AuditEntry.objects.exists()
