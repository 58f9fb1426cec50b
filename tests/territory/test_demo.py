"""The demo territory: Crema's resources, a needs analysis, two four-monthly programmes and
one need left uncovered on purpose."""

from decimal import Decimal

import pytest

from coprogetta.territory import demo
from coprogetta.territory.models import Activity, Need, NeedsAnalysis, Programme, Resource
from coprogetta.territory.selectors import coverage

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_territory_the_issue_asks_for(world):
    analysis = demo.load_territory_demo(world.agreement)
    resources = Resource.objects.all()
    assert resources.count() >= 25
    assert {r.kind for r in resources} == set(Resource.Kind.values)
    names = " ".join(resources.values_list("name", flat=True))
    for named in (
        "Consultorio Familiare Kappadue",
        "Fam.Ba",
        "Colonia Seriana",
        "ex-chiesetta",
        "Oratorio",
        "Istituto Comprensivo",
        "servizio civile",
    ):
        assert named in names
    for r in resources.exclude(latitude=None):
        assert Decimal("45.30") < r.latitude < Decimal("45.42") and Decimal("9.60") < r.longitude < Decimal(
            "9.75"
        )
    assert analysis.needs.count() == 8
    programmes = list(Programme.objects.filter(agreement=world.agreement))
    assert len(programmes) == 2
    for programme in programmes:
        assert (programme.end_date - programme.start_date).days in range(118, 124)  # four months
        assert programme.activities.exists()


def test_one_need_is_uncovered_on_purpose(world):
    demo.load_territory_demo(world.agreement)
    matrix = coverage(world.agreement)
    uncovered = matrix.uncovered
    assert [n.zone for n in uncovered] == ["Santa Maria della Croce"]
    assert uncovered[0].target_group == "elderly"
    assert matrix.unused_resources  # some mapped resources wait for an activity


def test_loading_it_again_changes_nothing(world):
    first = demo.load_territory_demo(world.agreement)
    counts = [m.objects.count() for m in (Resource, NeedsAnalysis, Need, Programme, Activity)]
    assert demo.load_territory_demo(world.agreement) == first
    assert [m.objects.count() for m in (Resource, NeedsAnalysis, Need, Programme, Activity)] == counts
