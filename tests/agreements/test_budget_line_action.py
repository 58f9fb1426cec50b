"""A budget line may name the action it pays for: an action of the line's area; its budget then
weighs the action's progress."""

from decimal import Decimal

import pytest
from django.urls import reverse

from coprogetta.agreements.models import BudgetLine
from coprogetta.monitoring.progress_selectors import progress_report
from tests import factories as f

pytestmark = pytest.mark.django_db

LINE = {"description": "Nido", "unit_amount": "1.000", "quantity": "2", "unit": "month", "vat_rate": "0"}


@pytest.fixture
def areas(world):
    one = f.AreaFactory(agreement=world.agreement, number=1)
    two = f.AreaFactory(agreement=world.agreement, number=2)
    return one, two, f.ActionFactory(area=one, number=1, title="Nido"), f.ActionFactory(area=two, number=1)


def test_a_line_pays_for_an_action_of_its_area(world, areas):
    one, _two, nursery, _other = areas
    client = world.client_for(world.owner)
    target = reverse("agreements:budgetline_create", args=[world.agreement.pk])
    assert "1.1 Nido" in client.get(target).content.decode()
    response = client.post(target, {**LINE, "area": one.pk, "action": nursery.pk})
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert line.action == nursery
    assert progress_report(world.agreement).areas[0].actions[0].weight == Decimal("2000.00")

    edit = reverse("agreements:budgetline_edit", args=[world.agreement.pk, line.pk])
    assert f'<option value="{nursery.pk}" selected>' in client.get(edit).content.decode()
    assert client.post(edit, {**LINE, "area": one.pk, "action": ""}).status_code == 302
    line.refresh_from_db()
    assert line.action is None


def test_an_action_of_another_area_or_agreement_is_refused(world, areas):
    one, two, _nursery, other = areas
    client = world.client_for(world.owner)
    target = reverse("agreements:budgetline_create", args=[world.agreement.pk])
    response = client.post(target, {**LINE, "area": one.pk, "action": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["action"] == [
        f"This action belongs to area {two}, not to the chosen area."
    ]
    foreign = f.ActionFactory()
    response = client.post(target, {**LINE, "area": one.pk, "action": foreign.pk})
    assert response.context["form"].errors["action"] == ["Choose one of this agreement's actions."]
    assert not BudgetLine.objects.exists()
