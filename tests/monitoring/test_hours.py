"""Time entries: logging hours, the "Ore" page, and every refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.monitoring.models import TimeEntry
from coprogetta.monitoring.selectors import four_month_periods, split_hours
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


@pytest.fixture
def cost(world):
    # 76 hours at € 26,25 VAT (5 %) included, in the first four months
    return f.StaffCostFactory(
        agreement=world.agreement, period_start=date(2016, 1, 1), period_end=date(2016, 4, 30),
    )


def entry_data(cost, **change):
    return {"staff_cost": cost.pk, "action": "", "date": "2016-02-10", "hours": "3,5", "note": "", **change}


def make_entry(world, cost, hours="4", day=date(2016, 2, 1), user=None):
    return TimeEntry.objects.create(
        agreement=world.agreement, staff_cost=cost, date=day, hours=Decimal(hours),
        user=user or world.member,
    )


@pytest.mark.parametrize("who", ["owner", "member", "operator"])
def test_editors_and_operators_log_hours(world, cost, who):
    if who == "operator":  # assigned to the line's area
        cost.area = f.AreaFactory(agreement=world.agreement)
        cost.save()
        user = f.assigned_operator(world.consortium, world.agreement, area=cost.area)
    else:
        user = getattr(world, who)
    response = world.client_for(user).post(url("timeentry_create", world.agreement.pk), entry_data(cost))
    assert response.status_code == 302
    assert response["Location"] == url("timeentry_list", world.agreement.pk)
    entry = TimeEntry.objects.get()
    assert (entry.hours, entry.user, entry.staff_cost) == (Decimal("3.5"), user, cost)
    audit = AuditEntry.objects.get(object_type="monitoring.timeentry")
    assert audit.action == "create" and audit.agreement_id == world.agreement.pk


def test_hours_on_an_action(world):
    action = f.ActionFactory(area=f.AreaFactory(agreement=world.agreement))
    response = world.client_for(world.owner).post(
        url("timeentry_create", world.agreement.pk),
        {"staff_cost": "", "action": action.pk, "date": "2016-03-01", "hours": "2"},
    )
    assert response.status_code == 302
    page = world.client_for(world.owner).get(url("timeentry_list", world.agreement.pk)).content.decode()
    assert "Hours by action" in page and action.title in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "2017-01-02"}, "date", "within the agreement's period, 01/01/2016 – 31/12/2016"),
        ({"date": "2015-12-31"}, "date", "within the agreement's period"),
        ({"hours": "0"}, "hours", "more than 0 and at most 24"),
        ({"hours": "-2"}, "hours", "more than 0 and at most 24"),
        ({"hours": "24,5"}, "hours", "more than 0 and at most 24"),
        ({"hours": "tre"}, "hours", "Enter a number"),
        ({"staff_cost": ""}, "staff_cost", "either a staff-cost line or an action"),
        ({"date": ""}, "date", "required"),
    ],
)
def test_bad_entries_write_nothing(world, cost, change, field, message):
    response = world.client_for(world.owner).post(
        url("timeentry_create", world.agreement.pk), entry_data(cost, **change)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not TimeEntry.objects.exists()
    assert not AuditEntry.objects.filter(object_type="monitoring.timeentry").exists()


def test_both_line_and_action_refused(world, cost):
    action = f.ActionFactory(area=f.AreaFactory(agreement=world.agreement))
    response = world.client_for(world.owner).post(
        url("timeentry_create", world.agreement.pk), entry_data(cost, action=action.pk)
    )
    assert "either a staff-cost line or an action" in " ".join(response.context["form"].errors["staff_cost"])
    assert not TimeEntry.objects.exists()


def test_another_agreements_line_is_refused(world):
    foreign = f.StaffCostFactory()
    response = world.client_for(world.owner).post(
        url("timeentry_create", world.agreement.pk), entry_data(foreign)
    )
    errors = response.context["form"].errors["staff_cost"]
    assert errors == ["Choose one of this agreement's staff-cost lines."]
    assert not TimeEntry.objects.exists()


def test_reader_is_refused_every_write(world, cost):
    entry = make_entry(world, cost)
    reader = world.client_for(world.reader)
    pk = world.agreement.pk
    assert reader.get(url("timeentry_list", pk)).status_code == 200
    assert reader.get(url("timeentry_create", pk)).status_code == 403
    assert reader.post(url("timeentry_create", pk), entry_data(cost)).status_code == 403
    assert reader.post(url("timeentry_edit", pk, entry.pk), entry_data(cost)).status_code == 403
    assert reader.post(url("timeentry_delete", pk, entry.pk)).status_code == 403
    assert TimeEntry.objects.get().hours == Decimal("4")


def test_outsider_and_anonymous(world, cost, client):
    entry = make_entry(world, cost)
    outsider = world.client_for(world.outsider)
    pk = world.agreement.pk
    for name, args in [("timeentry_list", [pk]), ("timeentry_create", [pk]),
                       ("timeentry_edit", [pk, entry.pk]), ("timeentry_delete", [pk, entry.pk])]:
        assert outsider.get(url(name, *args)).status_code == 404
        assert client.get(url(name, *args))["Location"].startswith("/accesso/")
    assert outsider.post(url("timeentry_delete", pk, entry.pk)).status_code == 404
    assert outsider.post(url("timeentry_create", pk), entry_data(cost)).status_code == 404
    assert TimeEntry.objects.count() == 1


def test_an_operator_changes_only_their_own_entries(world, cost):
    cost.area = f.AreaFactory(agreement=world.agreement)
    cost.save()
    operator = f.assigned_operator(world.consortium, world.agreement, area=cost.area)
    own = make_entry(world, cost, user=operator)
    other = make_entry(world, cost, user=world.member)
    client = world.client_for(operator)
    pk = world.agreement.pk
    assert client.post(url("timeentry_edit", pk, other.pk), entry_data(cost)).status_code == 403
    assert client.post(url("timeentry_edit", pk, own.pk), entry_data(cost, hours="5")).status_code == 302
    own.refresh_from_db()
    assert own.hours == Decimal("5")
    assert AuditEntry.objects.get(action="update").changes["hours"] == ["4.00", "5.00"]
    # an editor may change anyone's
    response = world.client_for(world.owner).post(url("timeentry_delete", pk, own.pk))
    assert response.status_code == 302
    assert list(TimeEntry.objects.all()) == [other]
    assert AuditEntry.objects.filter(action="delete", object_type="monitoring.timeentry").exists()


def test_bad_edit_leaves_the_entry(world, cost):
    entry = make_entry(world, cost)
    response = world.client_for(world.owner).post(
        url("timeentry_edit", world.agreement.pk, entry.pk), entry_data(cost, date="2017-03-01")
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert entry.date == date(2016, 2, 1)
    assert not AuditEntry.objects.filter(action="update").exists()


def test_page_shows_plan_cost_and_overrun(world, cost):
    make_entry(world, cost, "24", date(2016, 1, 4))
    make_entry(world, cost, "24", date(2016, 2, 4))
    make_entry(world, cost, "24", date(2016, 3, 4))
    make_entry(world, cost, "8", date(2016, 4, 4))
    make_entry(world, cost, "3", date(2016, 5, 4))
    response = world.client_for(world.owner).get(url("timeentry_list", world.agreement.pk))
    line = response.context["summary"].lines[0]
    # 76 planned in Jan–Apr: 80 logged there, 3 more in May–Aug with none planned
    assert [(r.planned, r.logged) for r in line.periods] == [
        (Decimal("76"), Decimal("80")), (Decimal("0"), Decimal("3")), (Decimal("0"), Decimal("0")),
    ]
    assert line.total.remaining == Decimal("-7")
    # 76 h × 26,25 = 1.995,00 VAT included (as in tests/agreements/test_budget_staff.py)
    assert line.total.planned_cost.gross == Decimal("1995.00")
    # 83 h × 26,25 = 2.178,75
    assert line.total.logged_cost.gross == Decimal("2178.75")
    page = response.content.decode()
    assert "Logged hours exceed the plan" in page
    assert "80,00 hours logged against 76,00 planned" in page
    assert "€ 1.995,00" in page


def test_filter_by_line(world, cost):
    other = f.StaffCostFactory(agreement=world.agreement, role="Ausiliario")
    make_entry(world, cost)
    make_entry(world, other, "7")
    client = world.client_for(world.owner)
    response = client.get(url("timeentry_list", world.agreement.pk), {"voce": other.pk})
    assert [e.staff_cost for e, _ in response.context["rows"]] == [other]


def _queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_entries(world, cost):
    action = f.ActionFactory(area=f.AreaFactory(agreement=world.agreement))
    path = url("timeentry_list", world.agreement.pk)
    make_entry(world, cost)
    TimeEntry.objects.create(agreement=world.agreement, action=action, date=date(2016, 6, 1),
                             hours=1, user=world.owner)
    client = world.client_for(world.member)
    few = _queries(client, path)
    for day in range(1, 29):
        for month in (1, 5, 9):
            make_entry(world, cost, "1", date(2016, month, day))
    assert _queries(client, path) == few
    assert few <= 12


def test_periods_and_split():
    periods = four_month_periods(date(2016, 3, 15), date(2017, 2, 28))
    assert [(p.start, p.end) for p in periods] == [
        (date(2016, 3, 15), date(2016, 4, 30)), (date(2016, 5, 1), date(2016, 8, 31)),
        (date(2016, 9, 1), date(2016, 12, 31)), (date(2017, 1, 1), date(2017, 2, 28)),
    ]
    year = four_month_periods(date(2016, 1, 1), date(2016, 12, 31))
    shares = split_hours(Decimal("100"), year[0].__class__(date(2016, 1, 1), date(2016, 12, 31)), year)
    assert sum(shares) == Decimal("100")
    assert shares == [Decimal("33.06"), Decimal("33.61"), Decimal("33.33")]


def test_pages_of_entries_keep_the_filter(world, cost):
    TimeEntry.objects.bulk_create(
        TimeEntry(agreement=world.agreement, staff_cost=cost, date=date(2016, 2, 1), hours=1)
        for _ in range(51)
    )
    client = world.client_for(world.owner)
    first = client.get(url("timeentry_list", world.agreement.pk), {"voce": cost.pk}).content.decode()
    assert f'href="?pagina=2&amp;voce={cost.pk}#entries"' in first
    second = client.get(url("timeentry_list", world.agreement.pk), {"voce": cost.pk, "pagina": 2})
    assert f'href="?pagina=1&amp;voce={cost.pk}#entries"' in second.content.decode()
    unfiltered = client.get(url("timeentry_list", world.agreement.pk)).content.decode()
    assert 'href="?pagina=2#entries"' in unfiltered
