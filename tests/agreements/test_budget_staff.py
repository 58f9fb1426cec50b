"""Staff costs: a role, a head count, an hourly rate (often VAT included) and planned hours."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import StaffCost
from tests import factories as f

pytestmark = pytest.mark.django_db

EDUCATOR = {
    "role": "Educatore", "count": "2", "hourly_rate": "26,25", "vat_included": "on", "vat_rate": "5",
    "hours": "76", "period_start": "2016-09-01", "period_end": "2016-12-31",
}


def url(name, *args):
    return reverse(f"agreements:{name}", args=args)


def post(world, data):
    return world.client_for(world.owner).post(url("staffcost_create", world.agreement.pk), data)


def test_staff_cost_is_saved_and_recorded(world):
    area = f.AreaFactory(agreement=world.agreement, number=3)
    action = f.ActionFactory(area=area)
    response = post(world, {**EDUCATOR, "area": area.pk, "action": action.pk})
    assert response.status_code == 302
    assert response["Location"] == url("area_detail", world.agreement.pk, area.pk)
    cost = StaffCost.objects.get()
    assert (cost.hourly_rate, cost.count, cost.vat_included, cost.hours) == (
        Decimal("26.25"), 2, True, Decimal("76"),
    )
    assert cost.amounts.gross == Decimal("1995.00")
    assert AuditEntry.objects.get(object_type="agreements.staffcost").action == "create"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hours": "0"}, "hours", "greater than zero"),
        ({"hours": "-4"}, "hours", "greater than zero"),
        ({"count": "0"}, "count", "at least 1"),
        ({"hourly_rate": "-1"}, "hourly_rate", ""),
        ({"vat_rate": "7"}, "vat_rate", "Choose one of the VAT rates offered."),
        ({"period_start": "2016-12-31", "period_end": "2016-09-01"}, "period_end", "ends before it starts"),
        ({"period_end": "2017-01-15"}, "period_end",
         "within the agreement's period, 01/01/2016 – 31/12/2016"),
        ({"period_start": "2015-12-31"}, "period_start", "within the agreement's period"),
        ({"role": ""}, "role", ""),
    ],
)
def test_bad_staff_costs_are_refused(world, change, field, message):
    response = post(world, {**EDUCATOR, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not StaffCost.objects.exists()


def test_edit_and_delete(world):
    cost = f.StaffCostFactory(agreement=world.agreement)
    client = world.client_for(world.owner)
    page = client.get(url("staffcost_edit", world.agreement.pk, cost.pk)).content.decode()
    assert 'value="26,25"' in page
    response = client.post(url("staffcost_edit", world.agreement.pk, cost.pk), {**EDUCATOR, "hours": "100"})
    assert response.status_code == 302
    cost.refresh_from_db()
    assert cost.hours == Decimal("100")
    assert AuditEntry.objects.get(action="update").changes["hours"] == ["76.00", "100.00"]

    response = client.post(url("staffcost_delete", world.agreement.pk, cost.pk))
    assert response.status_code == 302
    assert not StaffCost.objects.exists()
