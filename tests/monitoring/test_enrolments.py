"""Enrolment counts: the "Iscrizioni" page, its projection and what-if, and every refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import BudgetLine, FeeTier
from coprogetta.monitoring.models import EnrolmentCount
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


@pytest.fixture
def nursery(world):
    """The sample's nursery: 26.736,87 × 11 months + IVA 4 %, with its tiers."""
    line = f.BudgetLineFactory(
        agreement=world.agreement, description="Asilo nido", unit_amount=Decimal("26736.87"),
        quantity=Decimal("11"),
    )
    FeeTier.objects.create(budget_line=line, min_count=21, max_count=26, unit_amount=Decimal("22909.58"))
    FeeTier.objects.create(budget_line=line, min_count=20, max_count=20, unit_amount=Decimal("19304.08"))
    FeeTier.objects.create(budget_line=line, min_count=0, max_count=19, renegotiate=True)
    return line


def count(line, month, n):
    return EnrolmentCount.objects.create(budget_line=line, month=date(2016, month, 1), count=n)


@pytest.mark.parametrize("who", ["owner", "member", "operator"])
def test_counts_are_recorded(world, nursery, who):
    if who == "operator":  # assigned to the line's area
        nursery.area = f.AreaFactory(agreement=world.agreement)
        nursery.save()
        user = f.assigned_operator(world.consortium, world.agreement, area=nursery.area)
    else:
        user = getattr(world, who)
    response = world.client_for(user).post(
        url("enrolment_create", world.agreement.pk, nursery.pk), {"month": "2016-09", "count": "22"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("enrolment_list", world.agreement.pk)
    item = EnrolmentCount.objects.get()
    assert (item.month, item.count) == (date(2016, 9, 1), 22)
    assert AuditEntry.objects.get(object_type="monitoring.enrolmentcount").action == "create"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"month": "2016-09", "count": "-1"}, "count", "A count cannot be negative: enter 0 or more."),
        ({"month": "2017-01", "count": "22"}, "month",
         "Choose a month within the agreement's period, 01/01/2016 – 31/12/2016."),
        ({"month": "settembre", "count": "22"}, "month", "Enter a month"),
        ({"month": "2016-09", "count": "22,5"}, "count", ""),
        ({"month": "2016-09", "count": ""}, "count", "required"),
    ],
)
def test_bad_counts_write_nothing(world, nursery, data, field, message):
    response = world.client_for(world.owner).post(
        url("enrolment_create", world.agreement.pk, nursery.pk), data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert not EnrolmentCount.objects.exists()
    assert not AuditEntry.objects.filter(object_type="monitoring.enrolmentcount").exists()


def test_a_month_counted_twice_is_refused(world, nursery):
    count(nursery, 9, 22)
    response = world.client_for(world.owner).post(
        url("enrolment_create", world.agreement.pk, nursery.pk), {"month": "09/2016", "count": "25"}
    )
    assert "already has a count for this month" in " ".join(response.context["form"].errors["month"])
    assert EnrolmentCount.objects.get().count == 22


def test_only_monthly_lines_take_counts(world):
    lump = f.BudgetLineFactory(agreement=world.agreement, unit=BudgetLine.Unit.LUMP_SUM, quantity=1)
    client = world.client_for(world.owner)
    assert client.get(url("enrolment_create", world.agreement.pk, lump.pk)).status_code == 404
    foreign = f.BudgetLineFactory()
    assert client.post(
        url("enrolment_create", world.agreement.pk, foreign.pk), {"month": "2016-01", "count": "3"}
    ).status_code == 404
    assert not EnrolmentCount.objects.exists()


def test_edit_and_delete(world, nursery):
    item = count(nursery, 3, 21)
    client = world.client_for(world.member)
    pk = world.agreement.pk
    page = client.get(url("enrolment_edit", pk, item.pk)).content.decode()
    assert 'value="2016-03"' in page
    response = client.post(url("enrolment_edit", pk, item.pk), {"month": "2016-03", "count": "-4"})
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.count == 21
    response = client.post(url("enrolment_edit", pk, item.pk), {"month": "2016-03", "count": "20"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.count == 20
    assert AuditEntry.objects.get(action="update").changes["count"] == [21, 20]
    assert client.post(url("enrolment_delete", pk, item.pk)).status_code == 302
    assert not EnrolmentCount.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_type="monitoring.enrolmentcount").exists()


def test_reader_is_refused_every_write(world, nursery):
    item = count(nursery, 3, 21)
    reader = world.client_for(world.reader)
    pk = world.agreement.pk
    assert reader.get(url("enrolment_list", pk)).status_code == 200
    assert reader.get(url("enrolment_create", pk, nursery.pk)).status_code == 403
    data = {"month": "2016-04", "count": "5"}
    assert reader.post(url("enrolment_create", pk, nursery.pk), data).status_code == 403
    assert reader.post(url("enrolment_edit", pk, item.pk), data).status_code == 403
    assert reader.post(url("enrolment_delete", pk, item.pk)).status_code == 403
    assert list(EnrolmentCount.objects.values_list("count", flat=True)) == [21]


def test_outsider_and_anonymous(world, nursery, client):
    item = count(nursery, 3, 21)
    outsider = world.client_for(world.outsider)
    pk = world.agreement.pk
    for name, args in [("enrolment_list", [pk]), ("enrolment_create", [pk, nursery.pk]),
                       ("enrolment_edit", [pk, item.pk]), ("enrolment_delete", [pk, item.pk])]:
        assert outsider.get(url(name, *args)).status_code == 404
        assert outsider.post(url(name, *args), {"month": "2016-04", "count": "1"}).status_code in {404, 405}
        assert client.get(url(name, *args))["Location"].startswith("/accesso/")
    assert list(EnrolmentCount.objects.values_list("count", flat=True)) == [21]


def test_page_shows_totals_and_warnings(world, nursery):
    counts = [(1, 27), (2, 26), (3, 21), (4, 20), (5, 19), (6, 20), (7, 21), (9, 26), (10, 27), (12, 28)]
    for month, n in counts:
        count(nursery, month, n)
    response = world.client_for(world.owner).get(url("enrolment_list", world.agreement.pk))
    [line] = response.context["lines"]
    # the totals of tests/lib/test_fees.py::test_the_sample_year_checked_by_hand
    assert line.projection.contractual.gross == Decimal("305869.79")
    assert line.projection.projected.gross == Decimal("266757.96")
    assert line.projection.difference == Decimal("-39111.83")
    page = response.content.decode()
    assert "€ 305.869,79" in page and "€ 266.757,96" in page and "-39.111,83" in page
    assert "From 02/2016 the fee moves from the base fee to the 21–26 tier." in page
    assert "In 05/2016 the count falls in the range where the fee must be renegotiated." in page
    assert "08/2016" not in page  # August not paid, since December is counted


def test_what_if(world, nursery):
    for month, n in [(1, 27), (2, 26), (3, 21), (4, 20), (5, 19), (6, 20), (7, 21)]:
        count(nursery, month, n)
    client = world.client_for(world.owner)
    response = client.get(url("enrolment_list", world.agreement.pk), {"da": "2016-09", "iscritti": "22"})
    # Jan–Jul as counted 153.377,85 (see tests/lib/test_fees.py); the months after July carry
    # July's 21 until the line's 11 months: Aug–Nov. From September at 22: still 21–26.
    # 153.377,85 + 4 × 22.909,58 = 245.016,17; IVA 9.800,65; gross 254.816,82
    [line] = response.context["lines"]
    assert line.what_if.projected.gross == Decimal("254816.82")
    assert "If enrolment is 22 from 09/2016, the year costs € 254.816,82." in response.content.decode()
    refused = client.get(url("enrolment_list", world.agreement.pk), {"da": "2016-09", "iscritti": "-3"})
    assert refused.status_code == 200
    assert "A count cannot be negative" in refused.content.decode()
    assert refused.context["lines"][0].what_if is None


def test_query_count_does_not_grow_with_counts(world, nursery):
    other = f.BudgetLineFactory(agreement=world.agreement, description="Pre e post scuola", quantity=6)
    path = url("enrolment_list", world.agreement.pk)
    count(nursery, 1, 27)
    client = world.client_for(world.member)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    few = queries()
    for month in range(2, 13):
        count(nursery, month, 20 + month)
    for month in range(1, 7):
        count(other, month, 30)
    assert queries() == few
    assert few == 7  # session, user, agreement, lines, tiers, counts, may-log
