"""Two people editing the same record: the second is told, and nothing is lost."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from coprogetta.accounts.models import AuditEntry
from coprogetta.accounts.services import EditConflict
from coprogetta.monitoring import services
from coprogetta.monitoring.models import EnrolmentCount, TimeEntry
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    cost = f.StaffCostFactory(agreement=world.agreement)
    return TimeEntry.objects.create(
        agreement=world.agreement, staff_cost=cost, date=date(2016, 2, 1), hours=Decimal("4"),
        user=world.member,
    )


def _edit(world, entry, user, version, hours, note=""):
    return services.time_entry_update(
        user=user, entry=TimeEntry.objects.get(pk=entry.pk), staff_cost=entry.staff_cost,
        action=None, date=entry.date, hours=Decimal(hours), note=note, version=version,
    )


def test_each_change_moves_the_version_on(world, entry):
    assert entry.version == 1
    _edit(world, entry, world.owner, 1, "5")
    _edit(world, entry, world.owner, 2, "6")
    assert TimeEntry.objects.get(pk=entry.pk).version == 3


def test_the_second_of_two_edits_from_the_same_version_is_refused(world, entry):
    _edit(world, entry, world.owner, 1, "5", note="first")
    rows = AuditEntry.objects.count()
    with pytest.raises(EditConflict) as refused, translation.override("en"):
        _edit(world, entry, world.member, 1, "7", note="second")
    stored = TimeEntry.objects.get(pk=entry.pk)
    assert (stored.hours, stored.note, stored.version) == (Decimal("5.00"), "first", 2)
    assert AuditEntry.objects.count() == rows  # nothing written, nothing recorded
    assert refused.value.current_version == 2
    message = refused.value.messages[0]
    assert world.owner.username in message or world.owner.get_full_name() in message
    assert "Hours: 5,00" in message and "Note: first" in message


def test_an_edit_without_a_version_still_moves_it_on(world, entry):
    services.time_entry_update(
        user=world.owner, entry=entry, staff_cost=entry.staff_cost, action=None, date=entry.date,
        hours=Decimal("2"), note="",
    )
    assert TimeEntry.objects.get(pk=entry.pk).version == 2


def test_an_unchanged_stale_form_is_no_conflict(world, entry):
    _edit(world, entry, world.owner, 1, "5")
    _edit(world, entry, world.member, 1, "5")  # the same values: nothing to overwrite
    assert TimeEntry.objects.get(pk=entry.pk).version == 2


def test_the_page_keeps_the_input_and_a_second_save_replaces_knowingly(world, entry):
    edit_url = reverse("monitoring:timeentry_edit", args=[world.agreement.pk, entry.pk])
    first, second = world.client_for(world.owner), world.client_for(world.member)
    form = second.get(edit_url)
    assert 'name="version" value="1"' in form.content.decode()
    data = {"staff_cost": entry.staff_cost.pk, "action": "", "date": "2016-02-01", "version": "1"}
    assert first.post(edit_url, {**data, "hours": "5", "note": "first"}).status_code == 302

    response = second.post(edit_url, {**data, "hours": "7", "note": "mine"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "while you were editing it" in page
    assert 'value="7"' in page and 'value="mine"' in page  # the input is kept
    assert 'name="version" value="2"' in page  # saving again now replaces knowingly
    assert TimeEntry.objects.get(pk=entry.pk).note == "first"

    again = second.post(edit_url, {**data, "hours": "7", "note": "mine", "version": "2"})
    assert again.status_code == 302
    stored = TimeEntry.objects.get(pk=entry.pk)
    assert (stored.note, stored.version) == ("mine", 3)


def test_enrolment_counts_are_protected_too(world):
    line = f.BudgetLineFactory(agreement=world.agreement, unit="month", quantity=12)
    item = EnrolmentCount.objects.create(budget_line=line, month=date(2016, 3, 1), count=20)
    services.enrolment_update(user=world.owner, item=item, month=item.month, count=21, version=1)
    with pytest.raises(EditConflict):
        services.enrolment_update(
            user=world.member, item=EnrolmentCount.objects.get(pk=item.pk), month=item.month,
            count=19, version=1,
        )
    assert EnrolmentCount.objects.get(pk=item.pk).count == 21
