"""Who reaches what through the API: tokens, organisations, roles; and what a refusal looks like."""

from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from coprogetta.agreements.models import Area, BudgetLine, PaymentTranche
from coprogetta.api.models import ApiToken
from coprogetta.api.token_services import api_token_revoke, hash_secret
from coprogetta.monitoring.models import EnrolmentCount, Expense, TimeEntry

from .. import factories as f

pytestmark = pytest.mark.django_db

#: A body each resource accepts from its editors, given the ids of the seeded records.
WRITABLE = (
    "parties", "areas", "actions", "budget-lines", "fee-tiers", "contributions", "staff-costs",
    "tranches", "time-entries", "enrolments", "expenses", "indicators", "indicator-values", "progress",
)
READ_ONLY = ("indicator-targets", "reports")


# -- authentication --------------------------------------------------------------------------


def test_no_token_is_401_with_the_scheme(api):
    response = APIClient().get("/api/v1/agreements/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [
    "Bearer nonsense", "Bearer cpg_abc_def", "Bearer", "Bearer a b", "Token whatever",
])
def test_a_wrong_token_is_401(api, header):
    api.token("owner")
    response = APIClient().get("/api/v1/agreements/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401, header


def test_a_token_with_a_wrong_secret_is_401(api):
    prefix = api.token("owner").split("_")[1]
    response = APIClient().get("/api/v1/agreements/", HTTP_AUTHORIZATION=f"Bearer cpg_{prefix}_x")
    assert response.status_code == 401


def test_a_revoked_token_is_401_at_once(api):
    client = api.client("owner")
    assert client.get("/api/v1/agreements/").status_code == 200
    token = ApiToken.objects.get(user=api.world.owner)
    api_token_revoke(user=api.world.owner, token=token)
    assert client.get("/api/v1/agreements/").status_code == 401


def test_the_secret_is_not_stored_only_its_hash(api):
    secret = api.token("owner")
    token = ApiToken.objects.get(user=api.world.owner)
    own_part = secret.split("_", 2)[2]
    stored = [str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields]
    assert not any(own_part in value for value in stored)
    assert token.secret_hash == hash_secret(own_part)


def test_last_use_is_recorded(api):
    api.client("member").get("/api/v1/agreements/")
    assert ApiToken.objects.get(user=api.world.member).last_used_at is not None


def test_the_browser_session_works_too(api):
    response = api.world.client_for(api.world.owner).get("/api/v1/agreements/")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [api.agreement.pk]


def test_an_unknown_address_is_a_json_404(api):
    response = api.client("owner").get("/api/v1/nowhere/\n/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


# -- organisations ---------------------------------------------------------------------------


def test_the_list_holds_only_the_users_agreements(api):
    f.AgreementFactory(title="Altrove")
    response = api.client("outsider").get("/api/v1/agreements/")
    assert response.json()["count"] == 0


@pytest.mark.parametrize("segment", [*WRITABLE, *READ_ONLY])
def test_another_organisations_records_are_404(api, segment):
    client = api.client("outsider")
    assert client.get(api.url(segment)).status_code == 404
    assert client.get(api.url(segment, api.ids[segment])).status_code == 404
    assert client.post(api.url(segment), {}, format="json").status_code == 404
    if segment in WRITABLE:
        assert client.put(api.url(segment, api.ids[segment]), {}, format="json").status_code == 404
        assert client.delete(api.url(segment, api.ids[segment])).status_code == 404


def test_another_organisations_agreement_pages_are_404(api):
    client = api.client("outsider")
    for path in ["", "summary", "deadlines"]:
        assert client.get(api.url(path)).status_code == 404, path
    assert client.put(api.url(), {}, format="json").status_code == 404
    assert client.delete(api.url()).status_code == 404


def test_a_record_of_another_agreement_is_404_under_mine(api):
    other = f.AgreementFactory()
    line = f.BudgetLineFactory(agreement=other)
    assert api.client("owner").get(api.url("budget-lines", line.pk)).status_code == 404
    assert api.client("owner").delete(api.url("budget-lines", line.pk)).status_code == 404
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_a_body_pointing_at_another_agreements_record_is_400_and_nothing_is_written(api):
    foreign_area = f.AreaFactory(agreement=f.AgreementFactory())
    before = BudgetLine.objects.count()
    response = api.client("owner").post(api.url("budget-lines"), {
        "area": foreign_area.pk, "description": "Fuori", "unit_amount": "10.00", "quantity": "1",
        "unit": "lump_sum", "vat_rate": "22",
    }, format="json")
    assert response.status_code == 400
    assert "area" in response.json()
    assert BudgetLine.objects.count() == before


# -- roles -----------------------------------------------------------------------------------


@pytest.mark.parametrize("segment", WRITABLE)
def test_readers_never_write(api, segment):
    client = api.client("reader")
    assert client.get(api.url(segment)).status_code == 200
    assert client.post(api.url(segment), {}, format="json").status_code == 403
    assert client.put(api.url(segment, api.ids[segment]), {}, format="json").status_code == 403
    assert client.delete(api.url(segment, api.ids[segment])).status_code == 403


def test_readers_cannot_change_the_agreement_or_move_money(api):
    client = api.client("reader")
    assert client.put(api.url(), {}, format="json").status_code == 403
    assert client.delete(api.url()).status_code == 403
    tranche = api.ids["tranches"]
    for step in ("invoice", "pay", "reopen"):
        assert client.post(api.url("tranches", tranche, step), {}, format="json").status_code == 403
    assert client.post(api.url("indicator-values", api.ids["indicator-values"], "approve"), {},
                       format="json").status_code == 403


@pytest.mark.parametrize("segment", [
    "parties", "areas", "actions", "budget-lines", "fee-tiers", "contributions", "staff-costs",
    "tranches", "indicators", "progress",
])
def test_operators_do_not_write_the_agreements_contents(api, segment):
    client = api.client("operator")
    assert client.post(api.url(segment), {}, format="json").status_code == 403
    assert client.put(api.url(segment, api.ids[segment]), {}, format="json").status_code == 403
    assert client.delete(api.url(segment, api.ids[segment])).status_code == 403


def test_operators_write_hours_counts_and_expenses(api):
    client = api.client("operator")
    hours = client.post(api.url("time-entries"), {
        "staff_cost": api.ids["staff-costs"], "date": "2016-03-01", "hours": "3.50", "note": "Turno",
    }, format="json")
    assert hours.status_code == 201, hours.json()
    assert TimeEntry.objects.get(pk=hours.json()["id"]).user == api.operator
    count = client.post(api.url("enrolments"), {
        "budget_line": api.ids["budget-lines"], "month": "2016-02-01", "count": 21,
    }, format="json")
    assert count.status_code == 201, count.json()
    assert EnrolmentCount.objects.filter(month=date(2016, 2, 1), count=21).exists()
    expense = client.post(api.url("expenses"), {
        "contribution": api.ids["contributions"], "date": "2016-03-02", "amount": "12.50",
        "description": "Materiali",
    }, format="json")
    assert expense.status_code == 201, expense.json()
    assert Expense.objects.get(pk=expense.json()["id"]).amount == Decimal("12.50")
    assert client.post(api.url("tranches", api.ids["tranches"], "pay"), {
        "paid_date": "2016-07-01",
    }, format="json").status_code == 403


def test_operators_change_only_their_own_hours(api):
    client = api.client("operator")
    entry = api.ids["time-entries"]  # logged by the owner
    body = {"staff_cost": api.ids["staff-costs"], "date": "2016-01-01", "hours": "1.00"}
    assert client.put(api.url("time-entries", entry), body, format="json").status_code == 403
    assert client.delete(api.url("time-entries", entry)).status_code == 403
    assert TimeEntry.objects.get(pk=entry).hours == Decimal("2.00")


def test_only_the_public_body_approves_values(api):
    value = api.ids["indicator-values"]
    assert api.client("member").post(api.url("indicator-values", value, "approve"), {},
                                     format="json").status_code == 403
    response = api.client("owner").post(api.url("indicator-values", value, "approve"), {},
                                        format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["approved_by"] == api.world.owner.pk


def test_an_editor_creates_an_agreement_for_its_own_organisation_only(api):
    client = api.client("owner")
    body = {
        "title": "Nuovo accordo", "kind": "codesign", "start_date": "2017-01-01",
        "end_date": "2017-12-31", "organization": api.world.consortium.pk, "role": "public_body",
    }
    refused = client.post("/api/v1/agreements/", body, format="json")
    assert refused.status_code == 400
    assert "organization" in refused.json()
    created = client.post("/api/v1/agreements/", {**body, "organization": api.world.municipality.pk},
                          format="json")
    assert created.status_code == 201, created.json()
    assert client.get(f"/api/v1/agreements/{created.json()['id']}/").status_code == 200


def test_deleting_through_the_service(api):
    client = api.client("owner")
    area = f.AreaFactory(agreement=api.agreement)
    assert client.delete(api.url("areas", area.pk)).status_code == 204
    assert not Area.objects.filter(pk=area.pk).exists()
    assert client.get(api.url("areas", area.pk)).status_code == 404


def test_tranche_steps(api):
    client = api.client("owner")
    tranche = api.ids["tranches"]
    invoiced = client.post(api.url("tranches", tranche, "invoice"), {
        "invoice_number": "12/2016", "invoice_date": "2016-07-01",
    }, format="json")
    assert invoiced.status_code == 200, invoiced.json()
    assert invoiced.json()["status"] == "invoiced"
    early = client.post(api.url("tranches", tranche, "pay"), {"paid_date": "2016-06-01"}, format="json")
    assert early.status_code == 400
    paid = client.post(api.url("tranches", tranche, "pay"), {"paid_date": "2016-07-15"}, format="json")
    assert paid.status_code == 200, paid.json()
    assert PaymentTranche.objects.get(pk=tranche).status == "paid"
