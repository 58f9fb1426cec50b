"""No hours on a closed action (done or cancelled), nor on a staff-cost line of one."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import Action
from coprogetta.monitoring import services
from coprogetta.monitoring.models import TimeEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(world):
    area = f.AreaFactory(agreement=world.agreement, number=1)
    return f.ActionFactory(area=area, number=2, title="Sportello famiglie")


def post(world, data):
    return world.client_for(world.owner).post(
        reverse("monitoring:timeentry_create", args=[world.agreement.pk]),
        {"staff_cost": "", "action": "", "date": "2016-03-01", "hours": "2", "note": "", **data},
    )


@pytest.mark.parametrize(("status", "word"), [("done", "done"), ("cancelled", "cancelled")])
def test_hours_on_a_closed_action_are_refused_naming_it(world, action, status, word):
    Action.objects.filter(pk=action.pk).update(status=status)
    response = post(world, {"action": action.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors["action"]
    assert errors == [
        f"The action “2. Sportello famiglie” is {word}: no more hours can be logged on it. "
        "Choose another action or line, or record a new progress checkpoint to reopen it."
    ]
    assert not TimeEntry.objects.exists() and not AuditEntry.objects.exists()


def test_hours_on_a_staff_cost_line_of_a_closed_action_are_refused(world, action):
    cost = f.StaffCostFactory(agreement=world.agreement, area=action.area, action=action)
    Action.objects.filter(pk=action.pk).update(status="done")
    response = post(world, {"staff_cost": cost.pk})
    assert response.status_code == 200
    assert "“2. Sportello famiglie” is done" in " ".join(response.context["form"].errors["staff_cost"])
    assert not TimeEntry.objects.exists()


def test_the_form_says_which_actions_are_closed(world, action):
    Action.objects.filter(pk=action.pk).update(status="cancelled")
    page = world.client_for(world.owner).get(
        reverse("monitoring:timeentry_create", args=[world.agreement.pk])
    ).content.decode()
    assert "1.2 Sportello famiglie (Development and innovation) – cancelled" in page


@pytest.mark.parametrize("status", ["not_started", "in_progress", "delayed"])
def test_open_actions_take_hours(world, action, status):
    Action.objects.filter(pk=action.pk).update(status=status)
    assert post(world, {"action": action.pk}).status_code == 302
    assert TimeEntry.objects.get().action == action


def test_an_entry_cannot_be_moved_to_a_closed_action_nor_grow_on_one(world, action):
    other = f.ActionFactory(area=action.area, number=3)
    entry = TimeEntry.objects.create(
        agreement=world.agreement, action=other, date=date(2016, 3, 1), hours=Decimal("3"),
        user=world.owner,
    )
    Action.objects.filter(pk=action.pk).update(status="cancelled")
    action.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.time_entry_update(
            user=world.owner, entry=entry, staff_cost=None, action=action, date=entry.date,
            hours=Decimal("3"),
        )
    assert "is cancelled" in str(caught.value)

    Action.objects.filter(pk=other.pk).update(status="done")
    other.refresh_from_db()
    entry.action = other
    with pytest.raises(ValidationError):
        services.time_entry_update(
            user=world.owner, entry=entry, staff_cost=None, action=other, date=entry.date,
            hours=Decimal("4"),
        )
    # A correction that adds no hours is still possible.
    services.time_entry_update(
        user=world.owner, entry=entry, staff_cost=None, action=other, date=entry.date,
        hours=Decimal("2.5"), note="corrected",
    )
    entry.refresh_from_db()
    assert (entry.hours, entry.note) == (Decimal("2.5"), "corrected")
