"""Fixtures of the territory tests: resources, a needs analysis and a programme."""

from datetime import date
from decimal import Decimal

import pytest

from coprogetta.territory.models import Activity, Need, NeedsAnalysis, Programme, Resource, TargetGroup


def make_resource(owner, n: int = 0, **values) -> Resource:
    defaults = {
        "name": f"Oratorio {n}",
        "provider_name": "Parrocchia",
        "kind": Resource.Kind.SPACE,
        "zone": "San Carlo",
        "latitude": Decimal("45.36") + Decimal(n % 50) / 1000,
        "longitude": Decimal("9.68"),
        "target_groups": ",adolescents,",
        "address": f"Via Roma {n}",
    }
    defaults.update(values)
    return Resource.objects.create(owner=owner, **defaults)


@pytest.fixture
def territory(world):
    """The world's agreement with an analysis of two needs, a programme with one activity
    answering the first need, and two resources of the consortium (one used)."""
    analysis = NeedsAnalysis.objects.create(
        agreement=world.agreement, date=date(2016, 1, 15), title="Analisi"
    )
    covered = Need.objects.create(
        analysis=analysis,
        target_group=TargetGroup.PRE_ADOLESCENTS,
        zone="San Carlo",
        description="Dispersione scolastica",
        evidence="Dati della scuola",
    )
    uncovered = Need.objects.create(
        analysis=analysis,
        target_group=TargetGroup.ELDERLY,
        zone="Santa Maria della Croce",
        description="Anziani soli",
        evidence="Anagrafe",
    )
    used = make_resource(world.consortium, 1, name="Oratorio di San Carlo")
    unused = make_resource(world.consortium, 2, name="Palestra comunale", kind=Resource.Kind.SERVICE)
    programme = Programme.objects.create(
        agreement=world.agreement,
        title="Gennaio-aprile",
        start_date=date(2016, 1, 1),
        end_date=date(2016, 4, 30),
    )
    activity = Activity.objects.create(programme=programme, title="Laboratori", budget=Decimal("1000.00"))
    activity.needs.set([covered])
    activity.resources.set([used])
    return {
        "world": world,
        "analysis": analysis,
        "covered": covered,
        "uncovered": uncovered,
        "used": used,
        "unused": unused,
        "programme": programme,
        "activity": activity,
    }
