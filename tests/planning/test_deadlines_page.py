"""The "Scadenze" page: overdue and due within 30/60/90 days, across the user's agreements."""

from datetime import date
from decimal import Decimal

import pytest

from coprogetta.agreements.models import Agreement, Party, PaymentTranche
from coprogetta.planning import deadline_selectors

from .. import factories as f

pytestmark = pytest.mark.django_db

TODAY = date(2016, 6, 15)
URL = "/scadenze/"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def schedule(*deadlines: str) -> dict:
    return {"status": "resolved", "deadlines": list(deadlines)}


@pytest.fixture
def furnished(world, today):
    """The world's agreement: semiannual monitoring, a programme every 4 months, tranches
    (one paid) on 12 monthly payments of € 1.040, an action due by 31/05 and one by 31/07."""
    agreement = world.agreement
    agreement.programme_every_months = 4
    agreement.save()
    area = f.AreaFactory(agreement=agreement, number=2, title="Minori")
    f.BudgetLineFactory(agreement=agreement)  # 12 × 1.000 + 4 % = 12.480
    f.PaymentTrancheFactory(agreement=agreement, due_date=date(2016, 6, 30), percent=Decimal("50"))
    f.PaymentTrancheFactory(
        agreement=agreement, due_date=date(2016, 12, 31), percent=None, is_balance=True
    )
    f.PaymentTrancheFactory(
        agreement=agreement, due_date=date(2016, 3, 31), percent=None, amount=Decimal("100"),
        status=PaymentTranche.Status.PAID, invoice_number="7/2016", invoice_date=date(2016, 3, 25),
        paid_date=date(2016, 4, 15),
    )
    f.ActionFactory(area=area, title="Mappatura postazioni", schedule_text="entro maggio 2016",
                    schedule=schedule("2016-05-31"))
    f.ActionFactory(area=area, title="Piano estivo", schedule_text="entro luglio",
                    schedule=schedule("2016-07-31"))
    f.ActionFactory(area=area, title="Illeggibile", schedule={"status": "bogus"})
    return world


def rows(response, group):
    return [
        (item.row.deadline.date, item.row.deadline.kind, item.row.label)
        for g in response.context["groups"] if g.name == group for item in g.items
    ]


def test_overdue_and_within_30_days_by_default(furnished):
    response = furnished.client_for(furnished.owner).get(URL)
    assert response.status_code == 200
    assert [g.name for g in response.context["groups"]] == ["overdue", "30"]
    assert rows(response, "overdue") == [
        (date(2016, 1, 1), "programme", "Activity programme for 01/01/2016 – 30/04/2016"),
        (date(2016, 5, 1), "programme", "Activity programme for 01/05/2016 – 31/08/2016"),
        (date(2016, 5, 31), "action", "Mappatura postazioni"),
    ]
    assert rows(response, "30") == [
        (date(2016, 6, 30), "monitoring", "Six-monthly monitoring"),
        (date(2016, 6, 30), "tranche", "Tranche: 50 %, € 6.240,00"),
    ]
    html = response.content.decode()
    assert "30/06/2016" in html and "Six-monthly monitoring" in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "15 days late" in html and "in 15 days" in html
    assert f'href="/accordi/{furnished.agreement.pk}/ambiti/' in html
    assert "Illeggibile" not in html


def test_paid_tranche_is_never_overdue(furnished):
    response = furnished.client_for(furnished.owner).get(URL)
    assert all(kind != "tranche" for _, kind, _ in rows(response, "overdue"))


@pytest.mark.parametrize(("days", "groups"), [
    ("30", ["overdue", "30"]), ("60", ["overdue", "30", "60"]), ("90", ["overdue", "30", "60", "90"]),
])
def test_the_window_filter(furnished, days, groups):
    response = furnished.client_for(furnished.owner).get(URL, {"giorni": days})
    assert [g.name for g in response.context["groups"]] == groups
    if days != "30":
        assert rows(response, "60") == [(date(2016, 7, 31), "action", "Piano estivo")]
    if days == "90":
        assert rows(response, "90") == [
            (date(2016, 9, 1), "programme", "Activity programme for 01/09/2016 – 31/12/2016"),
        ]


def test_a_wrong_window_falls_back_to_30_days_and_says_so(furnished):
    response = furnished.client_for(furnished.owner).get(URL, {"giorni": "45"})
    assert response.status_code == 200
    assert [g.name for g in response.context["groups"]] == ["overdue", "30"]
    assert "Select a valid choice" in response.content.decode()


def test_the_agreement_filter(furnished):
    other = f.AgreementFactory(title="Altro accordo")
    f.PartyFactory(agreement=other, organization=furnished.municipality)
    client = furnished.client_for(furnished.owner)
    both = client.get(URL)
    titles = {item.row.agreement.title for g in both.context["groups"] for item in g.items}
    assert titles == {"Coprogettazione 2016", "Altro accordo"}
    one = client.get(URL, {"accordo": other.pk})
    titles = {item.row.agreement.title for g in one.context["groups"] for item in g.items}
    assert titles == {"Altro accordo"}
    assert f'href="/accordi/{other.pk}/calendario/"' in one.content.decode()


def test_the_member_of_the_consortium_sees_the_same(furnished):
    response = furnished.client_for(furnished.member).get(URL)
    assert len(rows(response, "30")) == 2


def test_an_outsider_sees_nothing_of_others_agreements(furnished):
    client = furnished.client_for(furnished.outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert all(not g.items for g in response.context["groups"])
    assert "Coprogettazione" not in response.content.decode()
    filtered = client.get(URL, {"accordo": furnished.agreement.pk})
    assert filtered.status_code == 200
    assert all(not g.items for g in filtered.context["groups"])
    assert "Select a valid choice" in filtered.content.decode()


def test_closed_agreements_are_left_out(furnished):
    Agreement.objects.filter(pk=furnished.agreement.pk).update(status=Agreement.Status.CLOSED)
    response = furnished.client_for(furnished.owner).get(URL)
    assert all(not g.items for g in response.context["groups"])


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accesso/")


def test_the_menu_links_the_page(furnished):
    html = furnished.client_for(furnished.owner).get(URL).content.decode()
    assert 'href="/scadenze/" aria-current="page"' in html


def test_italian_by_default(furnished):
    response = furnished.client_for(furnished.owner, language=None).get(URL)
    assert response.status_code == 200
    assert '<html lang="it">' in response.content.decode()


def test_query_count_does_not_grow_with_agreements(world, today, django_assert_max_num_queries):
    def add_agreement(n):
        agreement = f.AgreementFactory(title=f"Accordo {n}", programme_every_months=3)
        f.PartyFactory(agreement=agreement, organization=world.municipality, role=Party.Role.PUBLIC_BODY)
        area = f.AreaFactory(agreement=agreement)
        f.ActionFactory(area=area, schedule=schedule("2016-06-20"))
        f.BudgetLineFactory(agreement=agreement, area=area)
        f.PaymentTrancheFactory(agreement=agreement, area=area)
        f.ContributionFactory(agreement=agreement)

    client = world.client_for(world.owner)
    add_agreement(1)
    with django_assert_max_num_queries(10):
        first = client.get(URL, {"giorni": "90"})
    for n in range(2, 8):
        add_agreement(n)
    with django_assert_max_num_queries(10):
        many = client.get(URL, {"giorni": "90"})
    count = lambda response: sum(len(g.items) for g in response.context["groups"])  # noqa: E731
    assert count(many) > count(first) > 0


def test_selector_keys_are_unique_across_agreements(furnished):
    other = f.AgreementFactory(title="Altro accordo")
    f.PartyFactory(agreement=other, organization=furnished.municipality)
    found = deadline_selectors.deadline_rows(furnished.owner)
    keys = [row.deadline.key for row in found]
    assert len(keys) == len(set(keys))
    assert f"monitoring:{other.pk}:2016-06-30" in keys
    assert f"monitoring:{furnished.agreement.pk}:2016-06-30" in keys
