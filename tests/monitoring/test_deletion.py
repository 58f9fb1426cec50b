"""What happens to hours and counts when what they belong to is deleted."""

from datetime import date

import pytest
from django.urls import reverse

from coprogetta.agreements.models import Agreement
from coprogetta.monitoring.models import EnrolmentCount, TimeEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def logged(world):
    agreement = world.agreement
    area = f.AreaFactory(agreement=agreement)
    action = f.ActionFactory(area=area)
    cost = f.StaffCostFactory(agreement=agreement, area=area)
    line = f.BudgetLineFactory(agreement=agreement, area=area)
    TimeEntry.objects.create(agreement=agreement, staff_cost=cost, date=date(2016, 1, 4), hours=2)
    TimeEntry.objects.create(agreement=agreement, action=action, date=date(2016, 1, 4), hours=3)
    EnrolmentCount.objects.create(budget_line=line, month=date(2016, 1, 1), count=22)
    return world, area, action, cost, line


def test_an_action_with_hours_is_not_deleted(logged):
    world, area, action, *_ = logged
    client = world.client_for(world.owner)
    response = client.post(reverse("agreements:action_delete", args=[world.agreement.pk, action.pk]))
    assert response.status_code == 200
    assert "other records still refer to it" in response.content.decode()
    response = client.post(reverse("agreements:area_delete", args=[world.agreement.pk, area.pk]))
    assert response.status_code == 200
    assert TimeEntry.objects.count() == 2


def test_lines_with_hours_or_counts_are_kept_and_the_page_says_why(logged):
    world, _, _, cost, line = logged
    client = world.client_for(world.owner)
    pk = world.agreement.pk
    response = client.post(reverse("agreements:staffcost_delete", args=[pk, cost.pk]))
    assert response.status_code == 200
    assert "Hours are logged on this staff cost" in response.content.decode()
    response = client.post(reverse("agreements:budgetline_delete", args=[pk, line.pk]))
    assert response.status_code == 200
    assert "Enrolment counts are recorded on this line" in response.content.decode()
    assert TimeEntry.objects.count() == 2 and EnrolmentCount.objects.count() == 1


def test_lines_without_hours_or_counts_are_deleted(logged):
    world, _, _, cost, line = logged
    TimeEntry.objects.filter(staff_cost=cost).delete()
    EnrolmentCount.objects.all().delete()
    client = world.client_for(world.owner)
    pk = world.agreement.pk
    assert client.post(reverse("agreements:staffcost_delete", args=[pk, cost.pk])).status_code == 302
    assert client.post(reverse("agreements:budgetline_delete", args=[pk, line.pk])).status_code == 302
    assert list(TimeEntry.objects.values_list("hours", flat=True)) == [3]


def test_a_deleted_agreement_takes_everything(logged):
    world, *_ = logged
    response = world.client_for(world.owner).post(reverse("agreements:delete", args=[world.agreement.pk]))
    assert response.status_code == 302
    assert not Agreement.objects.exists()
    assert not TimeEntry.objects.exists() and not EnrolmentCount.objects.exists()
