"""Writes of the territory: permissions, validation, versions, copies."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from coprogetta.accounts.services import EditConflict
from coprogetta.territory import services
from coprogetta.territory.models import Need, NeedsAnalysis, Programme, Resource, TargetGroup
from tests import factories as f

from .conftest import make_resource

pytestmark = pytest.mark.django_db


def _resource_values(**overrides):
    values = {
        "kind": Resource.Kind.SPACE,
        "name": "Oratorio",
        "provider_name": "Parrocchia",
        "latitude": Decimal("45.36"),
        "longitude": Decimal("9.68"),
        "target_groups": ["adolescents", "children"],
        "languages": "it,en",
    }
    values.update(overrides)
    return values


def test_an_editor_of_the_organisation_records_a_resource(world):
    resource = services.resource_create(user=world.member, owner=world.consortium, **_resource_values())
    assert resource.owner == world.consortium
    assert resource.target_group_codes == ["children", "adolescents"]  # in the order of TargetGroup
    assert resource.language_codes == ["it", "en"]


def test_no_one_records_resources_for_another_organisation(world):
    with pytest.raises(PermissionDenied):
        services.resource_create(user=world.owner, owner=world.consortium, **_resource_values())
    with pytest.raises(PermissionDenied):
        services.resource_create(user=world.reader, owner=world.municipality, **_resource_values())


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("latitude", Decimal("91"), "latitude"),
        ("latitude", Decimal("-90.5"), "latitude"),
        ("longitude", Decimal("180.1"), "longitude"),
    ],
)
def test_coordinates_out_of_range_are_refused(world, field, value, key):
    with pytest.raises(ValidationError) as error:
        services.resource_create(
            user=world.member, owner=world.consortium, **_resource_values(**{field: value})
        )
    assert key in error.value.message_dict
    assert not Resource.objects.exists()


def test_half_coordinates_and_inverted_ages_are_refused(world):
    with pytest.raises(ValidationError) as error:
        services.resource_create(
            user=world.member, owner=world.consortium, **_resource_values(longitude=None)
        )
    assert "longitude" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.resource_create(
            user=world.member, owner=world.consortium, **_resource_values(min_age=14, max_age=11)
        )
    assert "max_age" in error.value.message_dict


def test_a_stale_edit_of_a_resource_is_refused(world):
    resource = make_resource(world.consortium)
    services.resource_update(user=world.member, resource=resource, version=1, **_resource_values(name="A"))
    assert resource.version == 2
    stale = Resource.objects.get(pk=resource.pk)
    stale.version = 1
    with pytest.raises(EditConflict):
        services.resource_update(user=world.member, resource=stale, version=1, **_resource_values(name="B"))
    assert Resource.objects.get(pk=resource.pk).name == "A"


def test_a_new_analysis_version_copies_the_needs_and_keeps_the_old_one(territory):
    world = territory["world"]
    newer = services.analysis_create(
        user=world.owner, agreement=world.agreement, date=date(2016, 6, 1), title="Aggiornamento"
    )
    assert newer.needs.count() == 2
    assert territory["analysis"].needs.count() == 2
    assert set(newer.needs.values_list("description", flat=True)) == {
        "Dispersione scolastica",
        "Anziani soli",
    }
    with pytest.raises(ValidationError) as error:
        services.analysis_create(
            user=world.owner, agreement=world.agreement, date=date(2016, 6, 1), title="x"
        )
    assert "date" in error.value.message_dict
    assert NeedsAnalysis.objects.filter(agreement=world.agreement).count() == 2


def test_needs_need_an_editor_of_the_agreement(territory):
    world = territory["world"]
    with pytest.raises(PermissionDenied):
        services.need_create(
            user=world.reader,
            analysis=territory["analysis"],
            target_group=TargetGroup.ELDERLY,
            zone="x",
            description="x",
            evidence="x",
            priority=1,
            recorded_on=date(2016, 1, 1),
        )
    need = services.need_create(
        user=world.member,
        analysis=territory["analysis"],
        target_group=TargetGroup.ELDERLY,
        zone="Centro",
        description="Solitudine",
        evidence="Anagrafe",
        priority=1,
        recorded_on=date(2016, 1, 1),
    )
    assert need.analysis_id == territory["analysis"].pk


def test_a_programme_lasts_four_months_by_default_within_the_agreement(world):
    programme = services.programme_create(
        user=world.owner, agreement=world.agreement, title="P", start_date=date(2016, 1, 1)
    )
    assert programme.end_date == date(2016, 4, 30)
    late = services.programme_create(
        user=world.owner, agreement=world.agreement, title="Q", start_date=date(2016, 11, 1)
    )
    assert late.end_date == date(2016, 12, 31)
    with pytest.raises(ValidationError) as error:
        services.programme_create(
            user=world.owner,
            agreement=world.agreement,
            title="R",
            start_date=date(2016, 5, 1),
            end_date=date(2016, 4, 1),
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.programme_create(
            user=world.owner, agreement=world.agreement, title="S", start_date=date(2015, 12, 1)
        )


def test_an_activity_cannot_answer_a_need_of_another_agreement(territory):
    world = territory["world"]
    other = f.AgreementFactory()
    f.PartyFactory(agreement=other, organization=world.municipality)
    foreign = Need.objects.create(
        analysis=NeedsAnalysis.objects.create(agreement=other, date=date(2016, 1, 1), title="Altro"),
        target_group=TargetGroup.CHILDREN,
        zone="x",
        description="Altrove",
        evidence="x",
    )
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            user=world.owner,
            programme=territory["programme"],
            title="A",
            needs=[territory["covered"], foreign],
        )
    assert "needs" in error.value.message_dict
    assert "Altrove" in error.value.message_dict["needs"][0]
    assert territory["programme"].activities.count() == 1


def test_an_activity_reads_its_schedule_and_checks_its_responsible(territory):
    world = territory["world"]
    activity = services.activity_create(
        user=world.owner,
        programme=territory["programme"],
        title="Laboratori",
        needs=[territory["covered"]],
        resources=[territory["used"]],
        responsible=world.consortium,
        schedule_text="da febbraio a marzo",
        budget=Decimal("1200.00"),
        expected_participants=20,
    )
    assert activity.schedule["status"] == "resolved"
    assert activity.schedule["intervals"] == [{"start": "2016-02-01", "end": "2016-03-31"}]
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            user=world.owner, programme=territory["programme"], title="B", responsible=world.other
        )
    assert "responsible" in error.value.message_dict


def test_an_activity_uses_only_resources_the_user_sees(territory):
    world = territory["world"]
    hidden = make_resource(world.other, 9, name="Risorsa di Altrove")
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            user=world.owner, programme=territory["programme"], title="A", resources=[hidden]
        )
    assert "resources" in error.value.message_dict


def test_a_programme_is_copied_into_the_next_period(territory):
    world = territory["world"]
    start, end = services.next_period(territory["programme"])
    assert (start, end) == (date(2016, 5, 1), date(2016, 8, 31))
    copy = services.programme_copy(
        user=world.owner, programme=territory["programme"], title="Maggio-agosto", start_date=start
    )
    assert copy.end_date == date(2016, 8, 31)
    [activity] = copy.activities.all()
    assert activity.title == "Laboratori"
    assert list(activity.needs.all()) == [territory["covered"]]
    assert list(activity.resources.all()) == [territory["used"]]
    assert activity.budget == Decimal("1000.00")
    assert Programme.objects.filter(agreement=world.agreement).count() == 2
