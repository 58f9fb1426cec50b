"""Writes through the API: money as decimal strings, refusals as field errors, stale edits as 409."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coprogetta.agreements.models import Agreement, BudgetLine, PaymentTranche
from coprogetta.monitoring.models import TimeEntry

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_money_is_decimal_strings_and_dates_iso(api):
    line = api.client("reader").get(api.url("budget-lines", api.ids["budget-lines"])).json()
    assert line["unit_amount"] == "1000.00"
    assert line["amounts"] == {"net": "12000.00", "vat": "480.00", "gross": "12480.00"}
    summary = api.client("reader").get(api.url("summary")).json()
    assert summary["total"]["gross"] == "12480.00"
    assert summary["tranches"] == [{"tranche": api.ids["tranches"], "amount": "6240.00"}]
    agreement = api.client("reader").get(api.url()).json()
    assert agreement["start_date"] == "2016-01-01"


def test_a_created_line_is_the_services_own(api):
    response = api.client("member").post(api.url("budget-lines"), {
        "description": "Trasporto", "unit_amount": "1234.56", "quantity": "2", "unit": "month",
        "vat_rate": "22",
    }, format="json")
    assert response.status_code == 201, response.json()
    line = BudgetLine.objects.get(pk=response.json()["id"])
    assert line.unit_amount == Decimal("1234.56")
    assert response.json()["amounts"]["gross"] == "3012.33"


def test_validation_errors_are_the_services_sentences_by_field(api):
    body = {
        "title": "Coprogettazione 2016", "kind": "codesign", "status": "active",
        "start_date": "2016-12-31", "end_date": "2016-01-01",
    }
    response = api.client("owner").put(api.url(), body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"end_date": ["The end date must be after the start date."]}
    italian = api.client("owner").put(api.url(), body, format="json")  # the site's language
    assert italian.status_code == 400
    assert italian.json()["end_date"] != response.json()["end_date"]
    assert Agreement.objects.get(pk=api.agreement.pk).end_date.isoformat() == "2016-12-31"


def test_a_malformed_amount_is_400_before_any_service(api):
    response = api.client("owner").post(api.url("budget-lines"), {
        "description": "X", "unit_amount": "1.234,56", "quantity": "1", "unit": "month", "vat_rate": "4",
    }, format="json")
    assert response.status_code == 400
    assert "unit_amount" in response.json()


def test_tranches_over_the_budget_are_refused_with_the_reason(api):
    response = api.client("owner").post(api.url("tranches"), {
        "due_date": "2016-09-30", "percent": "60",
    }, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert PaymentTranche.objects.count() == 1
    assert response.json() == {"non_field_errors": [
        "The tranches of the whole agreement would add up to € 13.728,00, more than its budget of "
        "€ 12.480,00."
    ]}


def test_two_edits_from_the_same_version_the_second_gets_409(api):
    tranche = api.ids["tranches"]
    body = {"due_date": "2016-06-30", "percent": "40", "version": 1}
    first = api.client("owner").put(api.url("tranches", tranche), body, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2
    second = api.client("member").put(api.url("tranches", tranche), {**body, "percent": "30"},
                                      format="json")
    assert second.status_code == 409
    assert second.json()["current_version"] == 2
    assert second.json()["detail"]
    assert PaymentTranche.objects.get(pk=tranche).percent == Decimal("40.00")
    again = api.client("member").put(api.url("tranches", tranche), {**body, "percent": "30", "version": 2},
                                     format="json")
    assert again.status_code == 200


def test_a_stale_time_entry_edit_is_409(api):
    entry = api.ids["time-entries"]
    body = {"staff_cost": api.ids["staff-costs"], "date": "2016-01-01", "hours": "3.00", "version": 1}
    assert api.client("owner").put(api.url("time-entries", entry), body, format="json").status_code == 200
    stale = api.client("owner").put(api.url("time-entries", entry), {**body, "hours": "4.00"}, format="json")
    assert stale.status_code == 409
    assert TimeEntry.objects.get(pk=entry).hours == Decimal("3.00")


def test_a_stale_approval_is_409(api):
    value = api.ids["indicator-values"]
    stale = api.client("owner").post(api.url("indicator-values", value, "approve"), {"version": 7},
                                     format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 1


def test_lists_are_paginated_and_capped(api):
    client = api.client("owner")
    for _ in range(3):
        f.AreaFactory(agreement=api.agreement)
    page = client.get(api.url("areas") + "?limit=2&offset=1").json()
    assert page["count"] == 4
    assert len(page["results"]) == 2
    assert client.get(api.url("areas") + "?limit=101").status_code == 400
    assert client.get(api.url("areas") + "?limit=abc").status_code == 400
    assert client.get(api.url("areas") + "?offset=-1").status_code == 400


# -- query counts ----------------------------------------------------------------------------

LISTS = [
    "parties", "areas", "actions", "budget-lines", "fee-tiers", "contributions", "staff-costs",
    "tranches", "time-entries", "enrolments", "expenses", "indicators", "indicator-targets",
    "indicator-values", "progress", "reports", "deadlines",
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured)


@pytest.mark.parametrize("segment", LISTS)
def test_list_queries_do_not_grow_with_the_records(api, segment, settings):
    client = api.client("owner")
    client.get("/api/v1/agreements/")  # the token's last use is written once, not in the counts
    _add_one_of_each(api)
    few = _queries(client, api.url(segment))
    for _ in range(28):
        _add_one_of_each(api)
    many = _queries(client, api.url(segment))
    assert few == many, (segment, few, many)
    assert many <= 12, (segment, many)


def test_agreement_list_queries_do_not_grow(api):
    client = api.client("owner")
    client.get("/api/v1/agreements/")
    f.PartyFactory(agreement=f.AgreementFactory(), organization=api.world.municipality)
    few = _queries(client, "/api/v1/agreements/")
    for _ in range(28):
        f.PartyFactory(agreement=f.AgreementFactory(), organization=api.world.municipality)
    assert _queries(client, "/api/v1/agreements/") == few


def _add_one_of_each(api) -> None:
    """Another set of records in the world's agreement (the world holds one already: 2, then 30)."""
    from coprogetta.accounts.models import Organization
    from coprogetta.agreements.models import Party

    organization = f.OrganizationFactory(kind=Organization.Kind.COOPERATIVE)
    f.PartyFactory(agreement=api.agreement, organization=organization, role=Party.Role.PARTNER)
    _records(api.world, api.agreement)


def _records(world, agreement) -> None:
    from datetime import date, timedelta

    from coprogetta.documents.models import Report
    from coprogetta.monitoring.models import (
        ActionProgress,
        EnrolmentCount,
        Expense,
        Indicator,
        IndicatorTarget,
        IndicatorValue,
    )

    n = BudgetLine.objects.count()
    area = f.AreaFactory(agreement=agreement)
    action = f.ActionFactory(area=area, responsible=world.consortium)
    line = f.BudgetLineFactory(agreement=agreement, area=area, action=action)
    f.FeeTierFactory(budget_line=line)
    contribution = f.ContributionFactory(agreement=agreement, area=area)
    f.PaymentTrancheFactory(agreement=agreement, area=area)
    cost = f.StaffCostFactory(agreement=agreement, area=area, action=action)
    day = agreement.start_date + timedelta(days=n)
    TimeEntry.objects.create(agreement=agreement, staff_cost=cost, user=world.member, date=day, hours=1)
    EnrolmentCount.objects.create(budget_line=line, month=date(2016, 1, 1), count=n)
    Expense.objects.create(agreement=agreement, contribution=contribution, date=day, amount=5,
                           description="Spesa", recorded_by=world.member)
    indicator = Indicator.objects.create(agreement=agreement, area=area, action=action, name=f"I{n}")
    IndicatorTarget.objects.create(indicator=indicator, period_end=agreement.end_date, target=3)
    IndicatorValue.objects.create(indicator=indicator, period_end=agreement.end_date, value=2,
                                  reported_by=world.member)
    ActionProgress.objects.create(action=action, date=day, status="in_progress", percent=5,
                                  recorded_by=world.member)
    Report.objects.create(agreement=agreement, kind=Report.Kind.MONITORING, format=Report.Format.PDF,
                          checkpoint=agreement.end_date, created_by=world.member, file=f"reports/r{n}.pdf")


def test_an_indicator_with_its_targets(api):
    client = api.client("owner")
    response = client.post(api.url("indicators"), {
        "name": "Ore di assistenza", "unit": "hours",
        "targets": [{"period_end": "2016-06-30", "target": "120.50"}],
    }, format="json")
    assert response.status_code == 201, response.json()
    assert [t["target"] for t in response.json()["targets"]] == ["120.50"]
    bare = client.post(api.url("indicators"), {"name": "Famiglie raggiunte"}, format="json")
    assert bare.status_code == 201, bare.json()
    assert bare.json()["targets"] == []
    wrong = client.post(api.url("indicators"), {
        "name": "X", "targets": [{"period_end": "2016-05-05", "target": "1"}],
    }, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert wrong.status_code == 400
    assert "targets" in wrong.json()


def test_a_body_with_the_wrong_json_types_is_400(api):
    response = api.client("owner").post(api.url("budget-lines"), {
        "description": 5, "unit_amount": 10, "quantity": "1", "unit": "month", "vat_rate": 4,
        "vat_included": "true",
    }, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"description", "unit_amount", "vat_rate", "vat_included"}
    assert BudgetLine.objects.count() == 1
