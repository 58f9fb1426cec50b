"""The dashboard ("Cruscotto"): who sees it, its alerts and sections, ?al=, the agreement's
navigation, and a number of queries that does not grow with the entries."""

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from coprogetta.agreements.models import FeeTier, PaymentTranche
from coprogetta.agreements.selectors import agreement_detail
from coprogetta.documents.models import Report
from coprogetta.lib.textparse.numbers import format_eur
from coprogetta.monitoring import dashboard_selectors
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

AS_OF = "2016-07-15"


def url(agreement, **query):
    base = reverse("monitoring:dashboard", args=[agreement.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def alerts_of(response):
    """(kind, severity) of each alert, in page order."""
    return [(row.alert.kind, row.alert.severity.css) for row in response.context["dashboard"].alerts]


@pytest.fixture
def troubled(world):
    """The world's agreement with one reason for each kind of alert on 15/07/2016."""
    agreement = world.agreement
    area = f.AreaFactory(agreement=agreement, number=1, title="Prima infanzia")
    nursery = f.BudgetLineFactory(agreement=agreement, area=area, description="Asilo nido",
                                  unit_amount=Decimal("1000.00"), quantity=Decimal("11"))
    FeeTier.objects.create(budget_line=nursery, min_count=21, max_count=26, unit_amount=Decimal("900.00"))
    FeeTier.objects.create(budget_line=nursery, min_count=0, max_count=19, renegotiate=True)
    for month, n in ((1, 27), (5, 19), (6, 22)):
        EnrolmentCount.objects.create(budget_line=nursery, month=date(2016, month, 1), count=n)
    supplies = f.BudgetLineFactory(agreement=agreement, area=area, description="Materiali",
                                   unit=f.m.BudgetLine.Unit.LUMP_SUM, quantity=Decimal("1"),
                                   unit_amount=Decimal("1000.00"), vat_rate=f.m.VatRate.ZERO)
    Expense.objects.create(agreement=agreement, budget_line=supplies, date=date(2016, 3, 1),
                           amount=Decimal("1250.00"), description="Acquisto")
    tranche = f.PaymentTrancheFactory(agreement=agreement, due_date=date(2016, 3, 31), percent=None,
                                      amount=Decimal("500.00"))
    educator = f.StaffCostFactory(agreement=agreement, role="Educatore", hours=Decimal("76"))
    for day in (1, 2, 3, 4):
        TimeEntry.objects.create(agreement=agreement, staff_cost=educator, date=date(2016, 2, day),
                                 hours=Decimal("20"))
    return {"nursery": nursery, "supplies": supplies, "tranche": tranche, "educator": educator}


# -- who sees it ----------------------------------------------------------------------------


def test_anonymous_goes_to_login_and_outsider_gets_404(world, client):
    response = client.get(url(world.agreement))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert world.client_for(world.outsider).get(url(world.agreement)).status_code == 404


@pytest.mark.parametrize("who", ["owner", "member", "reader"])
def test_everyone_who_sees_the_agreement_sees_the_dashboard(world, troubled, who):
    response = world.client_for(getattr(world, who)).get(url(world.agreement, al=AS_OF))
    assert response.status_code == 200
    assert len(response.context["dashboard"].alerts) == 7


def test_a_post_is_refused(world):
    assert world.client_for(world.owner).post(url(world.agreement)).status_code == 405


# -- alerts -----------------------------------------------------------------------------------


def test_every_kind_of_alert_most_severe_first_with_a_link(world, troubled):
    response = world.client_for(world.owner).get(url(world.agreement, al=AS_OF))
    assert alerts_of(response) == [
        ("tranche_overdue", "danger"),  # due 31/03
        ("report_due", "danger"),  # 30/06 passed, no report
        ("overspend", "danger"),  # undated
        ("renegotiate", "warning"),  # 05/2016
        ("hours_over_plan", "warning"),  # whole agreement, undated
        ("tier_change", "info"),  # 05/2016: from the base fee to the renegotiation range
        ("tier_change", "info"),  # 06/2016: from there to 21–26
    ]
    page = response.content.decode()
    pk = world.agreement.pk
    expected = [
        ("Tranche 1 of € 500,00 was due on 31/03/2016: 106 days overdue. Waiting for the invoice.",
         reverse("agreements:tranche_invoice", args=[pk, troubled["tranche"].pk])),
        ("No monitoring report for the period that ended on 30/06/2016, 15 days ago.",
         reverse("documents:report_list", args=[pk])),
        ("Materiali: expenses exceed the plan by € 250,00.",
         reverse("monitoring:expense_list", args=[pk]) + "#spending"),
        ("Asilo nido: in 05/2016 the count falls in the range where the fee must be renegotiated.",
         reverse("monitoring:enrolment_list", args=[pk]) + f"#line-{troubled['nursery'].pk}"),
        ("Educatore: 4,00 hours over the plan of the whole agreement.",
         reverse("monitoring:timeentry_list", args=[pk]) + f"?voce={troubled['educator'].pk}#lines-heading"),
        ("Asilo nido: from 05/2016 the fee moves from the base fee to the 0–19 tier.", None),
        ("Asilo nido: from 06/2016 the fee moves from the 0–19 tier to the 21–26 tier.", None),
    ]
    rows = response.context["dashboard"].alerts
    for row, (message, link) in zip(rows, expected, strict=True):
        assert row.message == message
        assert message in page
        if link:
            assert row.url.startswith(link)
        assert f'href="{row.url}"' in page
    # each alert says its severity in words and carries an icon
    assert page.count('class="callout danger') == 3 and page.count("Urgent") >= 3
    assert "it-error" in page and "it-warning-circle" in page and "it-info-circle" in page


def test_the_alerts_come_before_the_other_sections(world, troubled):
    page = world.client_for(world.owner).get(url(world.agreement, al=AS_OF)).content.decode()
    positions = [page.index(f'id="{name}"') for name in
                 ("alerts", "progress", "budget", "hours", "deadlines", "tranches", "indicators")
                 if f'id="{name}"' in page]
    assert positions == sorted(positions) and len(positions) >= 5


def test_fixing_the_causes_clears_the_alerts(world, troubled):
    Report.objects.create(agreement=world.agreement, kind=Report.Kind.MONITORING, format="pdf",
                          checkpoint=date(2016, 6, 30), file="reports/2016/r.pdf")
    PaymentTranche.objects.filter(pk=troubled["tranche"].pk).update(
        status=PaymentTranche.Status.PAID, invoice_number="1", invoice_date=date(2016, 4, 1),
        paid_date=date(2016, 4, 20))
    troubled["supplies"].expenses.update(amount=Decimal("1000.00"))
    TimeEntry.objects.update(hours=Decimal("5"))
    EnrolmentCount.objects.filter(month=date(2016, 5, 1)).update(count=22)
    response = world.client_for(world.owner).get(url(world.agreement, al=AS_OF))
    # 05/2016 counts 22 now: one tier change (base fee → 21–26), within the last three months
    assert alerts_of(response) == [("tier_change", "info")]


def test_an_invoiced_tranche_waits_for_the_payment(world, troubled):
    PaymentTranche.objects.filter(pk=troubled["tranche"].pk).update(
        status=PaymentTranche.Status.INVOICED, invoice_number="7", invoice_date=date(2016, 4, 1))
    response = world.client_for(world.owner).get(url(world.agreement, al=AS_OF))
    row = response.context["dashboard"].alerts[0]
    assert row.message.endswith("106 days overdue. Waiting for the payment.")
    assert row.url == reverse("agreements:tranche_pay", args=[world.agreement.pk, troubled["tranche"].pk])
    # a reader cannot record it: the link goes to the tranches on the dashboard
    reader = world.client_for(world.reader).get(url(world.agreement, al=AS_OF))
    assert reader.context["dashboard"].alerts[0].url == url(world.agreement) + "#tranches"
    tranches = response.context["dashboard"].tranches
    assert (tranches.invoiced, len(tranches.overdue)) == (Decimal("500.00"), 1)
    assert "106 days overdue" in response.content.decode()


def test_a_council_report_does_not_count_as_a_monitoring_report(world, troubled):
    Report.objects.create(agreement=world.agreement, kind=Report.Kind.COUNCIL, format="pdf",
                          checkpoint=date(2016, 6, 30), file="reports/2016/c.pdf")
    response = world.client_for(world.owner).get(url(world.agreement, al=AS_OF))
    assert ("report_due", "danger") in alerts_of(response)


def test_as_of_moves_the_alerts(world, troubled):
    client = world.client_for(world.owner)
    response = client.get(url(world.agreement, al="2016-06-10"))
    assert alerts_of(response)[:2] == [("tranche_overdue", "danger"), ("overspend", "danger")]
    assert ("report_due", "warning") in alerts_of(response)
    page = response.content.decode()
    assert "The monitoring period ends on 30/06/2016, in 20 days: no report yet." in page
    assert "71 days overdue" in page
    assert 'value="2016-06-10"' in page and "Figures as of 10/06/2016." in page
    response = client.get(url(world.agreement, al="2016-03-01"))
    assert [k for k, _ in alerts_of(response)] == [
        "overspend", "renegotiate", "hours_over_plan", "tier_change", "tier_change"]


def test_an_invalid_day_says_so_and_uses_today(world):
    response = world.client_for(world.owner).get(url(world.agreement, al="15/07/2016"))
    assert response.status_code == 200
    assert response.context["dashboard"].as_of == timezone.localdate()
    page = response.content.decode()
    assert "Enter a date such as 2016-07-15." in page and 'aria-invalid="true"' in page


def test_no_alerts_says_so(world):
    world.agreement.monitoring_checkpoints = ["2016-12-31"]
    world.agreement.save()
    response = world.client_for(world.owner).get(url(world.agreement, al=AS_OF))
    assert response.context["dashboard"].alerts == []
    assert "Nothing needs attention on this day." in response.content.decode()


# -- the sections -------------------------------------------------------------------------------


def test_budget_hours_and_deadlines(world, troubled):
    agreement = world.agreement
    for month in range(8, 13):
        f.PaymentTrancheFactory(agreement=agreement, due_date=date(2016, month, 10), percent=Decimal("5"))
    response = world.client_for(world.owner).get(url(agreement, al=AS_OF))
    dashboard = response.context["dashboard"]
    page = response.content.decode()
    # budget against actual: the public body's contract (11 × 1.000 + 4 % VAT, + 1.000) against
    # the tranches paid (none), in a chart (SVG, its figures in words) and a table by area
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-comparison"' in page
    assert "1. Prima infanzia: Contract € 12.440,00, Paid € 0,00" in page
    billing = dashboard.spending.billing
    assert (billing.contract, billing.paid, billing.to_pay) == (Decimal("12440.00"), 0, Decimal("12440.00"))
    assert dashboard.spending.public.spent == dashboard.spending.spent == Decimal("1250.00")
    assert not dashboard.spending.has_partner and 'id="partner-budget"' not in page
    # the nursery's fees as its counts (27, 19, 22) make them due, against the contract
    [fees] = dashboard.spending.counted_fees
    assert fees.line == troubled["nursery"]
    assert format_eur(fees.projection.projected.gross) in page and 'id="fees-due"' in page
    # hours: planned, logged, remaining and cost
    totals = dashboard.hours_totals
    assert (totals.planned, totals.logged, totals.remaining) == (Decimal("76"), Decimal("80"), Decimal("-4"))
    assert totals.logged_cost == Decimal("2100.00")  # 80 h × € 26,25, VAT included
    assert "€ 2.100,00" in page
    # the next five deadlines from 15/07 (tranches of 10/08 to 10/12), and the link to them all
    assert [row.deadline.date for row in dashboard.next_deadlines] == [
        date(2016, 8, 10), date(2016, 9, 10), date(2016, 10, 10), date(2016, 11, 10), date(2016, 12, 10)]
    assert f'href="{reverse("planning:deadlines")}?accordo={agreement.pk}&amp;giorni=90"' in page


def test_progress_by_area_now_or_as_of_a_day(world):
    agreement = world.agreement
    area = f.AreaFactory(agreement=agreement, number=1, title="Prima infanzia")
    started = f.ActionFactory(area=area, number=1, status="in_progress", progress=40)
    f.ActionFactory(area=area, number=2, status="done", progress=100)
    ActionProgress.objects.create(action=started, date=date(2016, 3, 1), status="in_progress", percent=20)
    client = world.client_for(world.owner)
    response = client.get(url(agreement))
    report = response.context["dashboard"].progress
    assert (report.as_of, report.total.percent) == (None, Decimal("70.0"))  # equal weights: (40 + 100) / 2
    page = response.content.decode()
    assert 'aria-label="Progress of 1. Prima infanzia"' in page and "70,0 %" in page
    assert "In progress: 1; Done: 1" in page
    assert f'href="{reverse("monitoring:progress_list", args=[agreement.pk])}"' in page
    # on 01/04 the checkpoints say 20 % and not started
    response = client.get(url(agreement, al="2016-04-01"))
    assert response.context["dashboard"].progress.total.percent == Decimal("10.0")
    assert f'{reverse("monitoring:progress_list", args=[agreement.pk])}?al=2016-04-01' in (
        response.content.decode())


def test_indicators_summary(world):
    agreement = world.agreement
    indicator = Indicator.objects.create(agreement=agreement, name="Bambini iscritti", baseline=Decimal("0"))
    IndicatorTarget.objects.create(indicator=indicator, period_end=date(2016, 6, 30), target=Decimal("20"))
    IndicatorValue.objects.create(indicator=indicator, period_end=date(2016, 6, 30), value=Decimal("15"))
    response = world.client_for(world.owner).get(url(agreement, al="2016-06-01"))
    report = response.context["dashboard"].indicators
    assert report.checkpoint == date(2016, 6, 30)
    assert (report.total.reported, report.total.total, report.total.attainment) == (1, 1, Decimal("75.0"))
    page = response.content.decode()
    assert "75 %" in page and "1 of 1" in page
    assert f'{reverse("monitoring:indicator_list", args=[agreement.pk])}?periodo=2016-06-30' in page
    # once 30/06 is reached it stays the checkpoint shown: the latest reached with values
    for day, shown in (("2016-06-30", date(2016, 6, 30)), ("2016-12-30", date(2016, 6, 30)),
                       ("2016-12-31", date(2016, 6, 30))):
        response = world.client_for(world.owner).get(url(agreement, al=day))
        assert response.context["dashboard"].indicators.checkpoint == shown
    # ... until 31/12 has values of its own
    IndicatorValue.objects.create(indicator=indicator, period_end=date(2016, 12, 31), value=Decimal("18"))
    response = world.client_for(world.owner).get(url(agreement, al="2016-12-31"))
    assert response.context["dashboard"].indicators.checkpoint == date(2016, 12, 31)


def test_indicator_checkpoint_rule():
    june, december = date(2016, 6, 30), date(2016, 12, 31)
    days = [june, december]
    pick = dashboard_selectors.indicator_checkpoint
    assert pick(days, date(2017, 1, 5), {june}) == june  # the latest reached with values
    assert pick(days, date(2017, 1, 5), {june, december}) == december
    assert pick(days, date(2017, 1, 5), set()) == december  # else the latest reached
    assert pick(days, date(2016, 7, 1), {december}) == june  # values not reached yet don't count
    assert pick(days, date(2016, 3, 1), set()) == june  # else the first
    assert pick([], date(2016, 3, 1), set()) is None


# -- navigation -------------------------------------------------------------------------------------


def _current(page):
    return re.findall(r'<a class="nav-link active" aria-current="page" href="([^"]+)">', page)


def test_the_navigation_marks_the_current_page(world):
    pk = world.agreement.pk
    client = world.client_for(world.reader)
    dashboard = client.get(url(world.agreement)).content.decode()
    assert _current(dashboard) == [reverse("monitoring:dashboard", args=[pk])]
    detail = client.get(reverse("agreements:detail", args=[pk])).content.decode()
    assert _current(detail) == [reverse("agreements:detail", args=[pk])]
    for name in ("monitoring:timeentry_list", "monitoring:enrolment_list", "monitoring:expense_list",
                 "planning:workplan", "planning:agreement_feed", "documents:summary"):
        assert f'href="{reverse(name, args=[pk])}"' in detail
    assert 'aria-label="Pages of the agreement Coprogettazione 2016"' in detail


def test_the_detail_page_keeps_its_edit_buttons_and_links_the_dashboard(world):
    pk = world.agreement.pk
    page = world.client_for(world.owner).get(reverse("agreements:detail", args=[pk])).content.decode()
    assert f'href="{reverse("agreements:edit", args=[pk])}"' in page
    assert f'href="{reverse("agreements:delete", args=[pk])}"' in page
    assert f'href="{reverse("monitoring:dashboard", args=[pk])}#alerts"' in page
    reader = world.client_for(world.reader).get(reverse("agreements:detail", args=[pk])).content.decode()
    assert f'href="{reverse("agreements:edit", args=[pk])}"' not in reader


def test_alert_count_on_the_agreement_the_detail_page_loads(world, troubled, django_assert_num_queries):
    """What the agreement's page can show: the count, in four queries more (counts, expenses,
    hours, reports) on the agreement ``agreement_detail`` loads."""
    agreement = agreement_detail(world.owner, world.agreement.pk)
    with django_assert_num_queries(4), translation.override("en"):
        count = dashboard_selectors.alert_count(agreement, as_of=date(2016, 7, 15))
    assert count.total == 7
    assert count.by_severity == [("Urgent", 3), ("Warning", 2), ("For information", 2)]


def test_the_detail_page_shows_the_alert_count_it_is_given(world, troubled):
    """The agreement's page shows ``alert_count`` (when its view passes it) as one line."""
    pk = world.agreement.pk
    response = world.client_for(world.owner).get(reverse("agreements:detail", args=[pk]))
    context = {key: response.context[key] for key in ("agreement", "summary", "can_edit", "crumbs")}
    with translation.override("en"):
        context["alert_count"] = dashboard_selectors.alert_count(response.context["agreement"],
                                                                 as_of=date(2016, 7, 15))
        page = render_to_string("agreements/detail.html", context, request=response.wsgi_request)
        assert re.search(r'<a href="/accordi/\d+/cruscotto/#alerts">7 alerts</a>\s*'
                         r'\(Urgent 3 · Warning 2 · For information 2\)', page)
        context["alert_count"] = dashboard_selectors.AlertCount(0, [])
        page = render_to_string("agreements/detail.html", context, request=response.wsgi_request)
    assert f'<a href="{reverse("monitoring:dashboard", args=[pk])}">No alerts</a>' in page


# -- queries ----------------------------------------------------------------------------------------


def _fill(agreement, line, cost, contribution, n):
    """``n`` time entries, ``n`` expenses and ``n`` counts (12 months on each of as many lines)."""
    days = [date(2016, 1, 1) + timedelta(days=i % 366) for i in range(n)]
    TimeEntry.objects.bulk_create([
        TimeEntry(agreement=agreement, staff_cost=cost, date=day, hours=Decimal("0.01")) for day in days
    ])
    Expense.objects.bulk_create([
        Expense(agreement=agreement, date=day, amount=Decimal("0.01"), description="x",
                **({"budget_line": line} if i % 2 else {"contribution": contribution}))
        for i, day in enumerate(days)
    ])
    lines = [line] + [
        f.BudgetLineFactory(agreement=agreement, description=f"Nido {i}") for i in range(-(-n // 12) - 1)
    ]
    FeeTier.objects.bulk_create([
        FeeTier(budget_line=item, min_count=21, max_count=26, unit_amount=Decimal("900.00")) for item in lines
    ])
    EnrolmentCount.objects.bulk_create([
        EnrolmentCount(budget_line=item, month=date(2016, month, 1), count=20 + month % 3)
        for item in lines for month in range(1, 13)
    ][:max(n, 12)])


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return len(context)


def test_queries_stay_the_same_from_10_to_10000_entries(world, django_assert_num_queries,
                                                        django_assert_max_num_queries):
    client = world.client_for(world.owner)
    agreements = []
    for n in (10, 10_000):
        agreement = f.AgreementFactory()
        f.PartyFactory(agreement=agreement, organization=world.municipality)
        area = f.AreaFactory(agreement=agreement, number=1)
        f.ActionFactory(area=area, number=1)
        line = f.BudgetLineFactory(agreement=agreement, area=area)
        cost = f.StaffCostFactory(agreement=agreement)
        contribution = f.ContributionFactory(agreement=agreement)
        f.PaymentTrancheFactory(agreement=agreement)
        indicator = Indicator.objects.create(agreement=agreement, name="Iscritti")
        IndicatorTarget.objects.create(indicator=indicator, period_end=date(2016, 6, 30), target=Decimal(5))
        _fill(agreement, line, cost, contribution, n)
        agreements.append(agreement)
    small, big = (url(a, al=AS_OF) for a in agreements)
    assert TimeEntry.objects.filter(agreement=agreements[1]).count() == 10_000
    assert EnrolmentCount.objects.filter(budget_line__agreement=agreements[1]).count() == 10_000
    expected = _queries(client, small)
    with django_assert_max_num_queries(24):
        client.get(small)
    with django_assert_num_queries(expected):
        client.get(big)


# -- the demo: every block of budget against actual adds up --------------------------------------


def test_the_demo_dashboard_keeps_the_two_kinds_of_money_apart(monkeypatch):
    """load_demo's agreement (Comune di Crema 2016, a fee): the municipality's contract against
    its tranches, the consortium's contributions against their expenses, each adding up."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from coprogetta.agreements.models import Agreement
    from coprogetta.documents import demo

    monkeypatch.delenv(demo.PASSWORD_VARIABLE, raising=False)
    call_command("load_demo", stdout=io.StringIO())
    agreement = Agreement.objects.get()
    officer = get_user_model().objects.get(username="funzionario")
    client = Client()
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url(agreement, al="2016-06-30"))
    spending = response.context["dashboard"].spending
    page = response.content.decode().replace("\xa0", " ")
    b = spending.billing
    # the municipality: € 1.302.537,59 of contract; 4 tranches of Ambito 1 paid, 1 invoiced
    assert (b.contract, b.paid, b.awaiting) == (
        Decimal("1302537.59"), Decimal("103264.60"), Decimal("23825.96"))
    assert b.contract - b.paid == b.to_pay == Decimal("1199272.99")
    assert b.paid + b.awaiting + b.to_invoice == b.contract
    for area in spending.billing_areas:
        assert area.billing.contract - area.billing.paid == area.billing.to_pay
    assert 'id="public-contract">€ 1.302.537,59' in page and 'id="public-to-pay">€ 1.199.272,99' in page
    # the consortium: € 86.670,49 of contributions, € 10.694,70 spent, € 75.975,79 remaining
    p = spending.partner
    assert (p.planned, p.spent, p.remaining) == (
        Decimal("86670.49"), Decimal("10694.70"), Decimal("75975.79"))
    assert p.planned - p.spent == p.remaining
    for area in spending.areas:
        assert area.partner.planned - area.partner.spent == area.partner.remaining
    assert 'id="partner-remaining">€ 75.975,79' in page
    # the nursery's counts: its year as they project it against the contract
    [nursery] = spending.counted_fees
    assert nursery.projection.contractual.gross == Decimal("305869.79")
    assert "€ 1.378.513,38" not in page  # the remaining that was larger than the budget
    # the Spese page shows the same figures
    expenses = client.get(reverse("monitoring:expense_list", args=[agreement.pk])).content.decode()
    expenses = expenses.replace("\xa0", " ")
    assert 'id="public-to-pay">€ 1.199.272,99' in expenses
    assert 'id="partner-remaining">€ 75.975,79' in expenses
