"""Operators write only hours, counts and expenses, and only on what they are assigned; readers
never write. Pages and API alike: a refusal writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from coprogetta.accounts.models import Membership
from coprogetta.agreements.models import AgreementRole, Assignment
from coprogetta.api.token_services import api_token_create
from coprogetta.monitoring import expense_services, services
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorValue,
    TimeEntry,
)

from .. import factories as f

pytestmark = pytest.mark.django_db
DAY = date(2016, 3, 1)


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


class Side:
    """One area's items: a staff cost, an action, a monthly line, a contribution."""

    def __init__(self, agreement, number):
        self.area = f.AreaFactory(agreement=agreement, number=number, title=f"Ambito {number}")
        self.action = f.ActionFactory(area=self.area, number=1, title=f"Azione {number}.1")
        self.cost = f.StaffCostFactory(agreement=agreement, area=self.area, role=f"Educatore {number}")
        self.line = f.BudgetLineFactory(agreement=agreement, area=self.area, description=f"Servizio {number}")
        self.contribution = f.ContributionFactory(
            agreement=agreement, area=self.area, description=f"Quota {number}",
        )


@pytest.fixture
def scope(world):
    """Two areas; an operator assigned to the first only."""
    mine, theirs = Side(world.agreement, 1), Side(world.agreement, 2)
    operator = f.assigned_operator(world.consortium, world.agreement, area=mine.area)
    return world, mine, theirs, operator


def api_client(user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')[1]}",
        HTTP_ACCEPT_LANGUAGE="en",  # the tests read the messages' ids
    )
    return client


def api_url(world, segment, pk=None):
    return f"/api/v1/agreements/{world.agreement.pk}/{segment}/" + (f"{pk}/" if pk else "")


def nothing_written():
    return not (TimeEntry.objects.exists() or EnrolmentCount.objects.exists() or Expense.objects.exists())


# -- hours ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def english():
    """The services' and the command's messages are read by their English ids."""
    with translation.override("en"):
        yield



def test_the_operator_logs_hours_on_the_assigned_area(scope):
    world, mine, theirs, operator = scope
    client = world.client_for(operator)
    form = client.get(url("timeentry_create", world.agreement.pk)).context["form"]
    assert list(form.fields["staff_cost"].queryset) == [mine.cost]
    assert list(form.fields["action"].queryset) == [mine.action]
    for target in ({"staff_cost": mine.cost.pk}, {"action": mine.action.pk}):
        response = client.post(url("timeentry_create", world.agreement.pk),
                               {**target, "date": "01/03/2016", "hours": "2"})
        assert response.status_code == 302
    assert TimeEntry.objects.filter(user=operator).count() == 2


def test_hours_outside_the_assignment_are_refused(scope):
    world, mine, theirs, operator = scope
    response = world.client_for(operator).post(
        url("timeentry_create", world.agreement.pk),
        {"staff_cost": theirs.cost.pk, "date": "01/03/2016", "hours": "2"},
    )
    assert response.status_code == 200 and response.context["form"].errors["staff_cost"]
    with pytest.raises(ValidationError) as refused:
        services.time_entry_create(user=operator, agreement=world.agreement, staff_cost=None,
                                   action=theirs.action, date=DAY, hours=Decimal(2))
    assert refused.value.message_dict["action"] == [
        "You are not assigned to “1. Azione 2.1”: choose an item of an area or action assigned to you, "
        "or ask an editor of the public body to assign it to you (page People)."
    ]
    api = api_client(operator).post(api_url(world, "time-entries"), {
        "staff_cost": theirs.cost.pk, "date": "2016-03-01", "hours": "2",
    }, format="json")
    assert api.status_code == 400
    assert "You are not assigned to “Educatore 2" in api.json()["staff_cost"][0]
    assert nothing_written()


def test_an_action_assignment_covers_the_action_and_its_staff_cost_only(scope):
    world, mine, theirs, operator = scope
    action_cost = f.StaffCostFactory(agreement=world.agreement, action=theirs.action, role="Psicologa")
    other = f.assigned_operator(world.consortium, world.agreement, action=theirs.action)
    services.time_entry_create(user=other, agreement=world.agreement, staff_cost=action_cost,
                               action=None, date=DAY, hours=Decimal(1))
    services.time_entry_create(user=other, agreement=world.agreement, staff_cost=None,
                               action=theirs.action, date=DAY, hours=Decimal(1))
    for cost in (theirs.cost, mine.cost):  # the area's own line is not the action's
        with pytest.raises(ValidationError):
            services.time_entry_create(user=other, agreement=world.agreement, staff_cost=cost,
                                       action=None, date=DAY, hours=Decimal(1))
    assert TimeEntry.objects.count() == 2


def test_an_entry_cannot_move_out_of_the_assignment_nor_be_changed_after_it(scope):
    world, mine, theirs, operator = scope
    entry = services.time_entry_create(user=operator, agreement=world.agreement, staff_cost=mine.cost,
                                       action=None, date=DAY, hours=Decimal(2))
    client = world.client_for(operator)
    moved = client.post(url("timeentry_edit", world.agreement.pk, entry.pk), {
        "staff_cost": theirs.cost.pk, "date": "01/03/2016", "hours": "3", "version": entry.version,
    })
    assert moved.status_code == 200
    entry.refresh_from_db()
    assert (entry.staff_cost, entry.hours) == (mine.cost, Decimal("2.00"))
    Assignment.objects.filter(user=operator).delete()
    assert client.get(url("timeentry_edit", world.agreement.pk, entry.pk)).status_code == 403
    assert client.post(url("timeentry_delete", world.agreement.pk, entry.pk)).status_code == 403
    entry.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.time_entry_delete(user=operator, entry=entry)
    assert api_client(operator).delete(api_url(world, "time-entries", entry.pk)).status_code == 403
    assert TimeEntry.objects.filter(pk=entry.pk, hours=Decimal(2)).exists()


# -- enrolment counts ----------------------------------------------------------------------


def test_counts_only_on_assigned_lines(scope):
    world, mine, theirs, operator = scope
    client = world.client_for(operator)
    page = client.get(url("enrolment_list", world.agreement.pk)).content.decode()
    assert url("enrolment_create", world.agreement.pk, mine.line.pk) in page
    assert url("enrolment_create", world.agreement.pk, theirs.line.pk) not in page
    assert client.post(url("enrolment_create", world.agreement.pk, mine.line.pk),
                       {"month": "2016-03", "count": "22"}).status_code == 302
    assert client.get(url("enrolment_create", world.agreement.pk, theirs.line.pk)).status_code == 403
    assert client.post(url("enrolment_create", world.agreement.pk, theirs.line.pk),
                       {"month": "2016-03", "count": "22"}).status_code == 403
    api = api_client(operator).post(api_url(world, "enrolments"), {
        "budget_line": theirs.line.pk, "month": "2016-04-01", "count": 20,
    }, format="json")
    assert api.status_code == 400
    assert "You are not assigned to “Servizio 2" in api.json()["budget_line"][0]
    assert list(EnrolmentCount.objects.values_list("budget_line", flat=True)) == [mine.line.pk]


def test_counts_of_other_lines_cannot_be_changed(scope):
    world, mine, theirs, operator = scope
    item = services.enrolment_create(user=world.owner, line=theirs.line, month=DAY, count=20)
    client = world.client_for(operator)
    assert client.get(url("enrolment_edit", world.agreement.pk, item.pk)).status_code == 403
    assert client.post(url("enrolment_delete", world.agreement.pk, item.pk)).status_code == 403
    api = api_client(operator)
    assert api.put(api_url(world, "enrolments", item.pk), {"month": "2016-03-01", "count": 1},
                   format="json").status_code == 403
    assert api.delete(api_url(world, "enrolments", item.pk)).status_code == 403
    item.refresh_from_db()
    assert item.count == 20


# -- expenses ------------------------------------------------------------------------------


def test_expenses_only_on_assigned_lines(scope):
    world, mine, theirs, operator = scope
    client = world.client_for(operator)
    form = client.get(url("expense_create", world.agreement.pk)).context["form"]
    assert set(form.lines.values()) == {mine.contribution, mine.line}
    refused = client.post(url("expense_create", world.agreement.pk), {
        "line": f"c{theirs.contribution.pk}", "date": "01/03/2016", "amount": "10",
        "description": "Materiale",
    })
    assert refused.status_code == 200 and refused.context["form"].errors["line"]
    with pytest.raises(ValidationError) as service:
        expense_services.expense_create(user=operator, agreement=world.agreement, line=theirs.line,
                                        date=DAY, amount=Decimal(10), description="Materiale")
    assert "You are not assigned to" in service.value.message_dict["line"][0]
    api = api_client(operator).post(api_url(world, "expenses"), {
        "contribution": theirs.contribution.pk, "date": "2016-03-01", "amount": "10.00",
        "description": "Materiale",
    }, format="json")
    assert api.status_code == 400 and "You are not assigned to “Quota 2" in api.json()["line"][0]
    assert nothing_written()
    assert client.post(url("expense_create", world.agreement.pk), {
        "line": f"c{mine.contribution.pk}", "date": "01/03/2016", "amount": "10",
        "description": "Materiale",
    }).status_code == 302
    assert Expense.objects.get().contribution == mine.contribution


# -- no assignment, other roles ------------------------------------------------------------


def test_an_operator_without_assignment_is_told_whom_to_ask(scope):
    world, mine, theirs, operator = scope
    world.owner.first_name, world.owner.last_name = "Fulvia", "Funzionaria"
    world.owner.save()
    lonely = f.MembershipFactory(organization=world.consortium, role=Membership.Role.OPERATOR).user
    client = world.client_for(lonely)
    for name in ("timeentry_list", "enrolment_list", "expense_list"):
        html = client.get(url(name, world.agreement.pk)).content.decode()
        assert 'id="assignment-notice"' in html, name
        assert "no area or action is assigned to you yet" in html and "Ask Fulvia Funzionaria" in html
    hours = client.get(url("timeentry_list", world.agreement.pk)).content.decode()
    assert url("timeentry_create", world.agreement.pk) not in hours
    assignee = world.client_for(operator).get(url("timeentry_list", world.agreement.pk)).content.decode()
    assert 'id="assignment-notice"' not in assignee
    assert 'id="assignment-notice"' not in world.client_for(world.member).get(
        url("timeentry_list", world.agreement.pk)).content.decode()


def test_operators_no_longer_report_indicator_values_or_progress(scope):
    world, mine, theirs, operator = scope
    indicator = Indicator.objects.create(agreement=world.agreement, area=mine.area, name="Iscritti",
                                         unit=Indicator.Unit.COUNT)
    client = world.client_for(operator)
    assert client.get(url("indicatorvalue_create", world.agreement.pk, indicator.pk)).status_code == 403
    api = api_client(operator)
    assert api.post(api_url(world, "indicator-values"), {
        "indicator": indicator.pk, "period_end": "2016-12-31", "value": "3",
    }, format="json").status_code == 403
    assert api.post(api_url(world, "progress"), {
        "action": mine.action.pk, "date": "2016-03-01", "status": "in_progress", "percent": 10,
    }, format="json").status_code == 403
    assert not IndicatorValue.objects.exists() and not ActionProgress.objects.exists()


def test_readers_write_nothing_anywhere(scope):
    world, mine, theirs, operator = scope
    # a reader, and a coordinator narrowed to reader on this agreement
    AgreementRole.objects.create(agreement=world.agreement, user=world.member, role="reader")
    for user in (world.reader, world.member):
        client = world.client_for(user)
        pk = world.agreement.pk
        hours = {"staff_cost": mine.cost.pk, "date": "01/03/2016", "hours": "2"}
        assert client.post(url("timeentry_create", pk), hours).status_code == 403
        assert client.post(url("enrolment_create", pk, mine.line.pk),
                           {"month": "2016-03", "count": "2"}).status_code == 403
        assert client.post(url("expense_create", pk), {
            "line": f"b{mine.line.pk}", "date": "01/03/2016", "amount": "1", "description": "x",
        }).status_code == 403
        api = api_client(user)
        for segment, body in [
            ("time-entries", {"staff_cost": mine.cost.pk, "date": "2016-03-01", "hours": "2"}),
            ("enrolments", {"budget_line": mine.line.pk, "month": "2016-03-01", "count": 2}),
            ("expenses", {"budget_line": mine.line.pk, "date": "2016-03-01", "amount": "1.00",
                          "description": "x"}),
            ("areas", {"number": 9, "title": "Nuovo"}),
        ]:
            assert api.post(api_url(world, segment), body, format="json").status_code == 403, segment
        with pytest.raises(PermissionDenied):
            services.time_entry_create(user=user, agreement=world.agreement, staff_cost=mine.cost,
                                       action=None, date=DAY, hours=Decimal(1))
    assert nothing_written()
