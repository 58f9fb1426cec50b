"""Indicator pages ("Indicatori"): the list per checkpoint with roll-ups, the forms, the
refusals (wrong unit, wrong role, stale edit) and the approval confirmation."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from coprogetta.accounts.models import Membership
from coprogetta.monitoring import indicator_services as services
from coprogetta.monitoring import indicator_views
from coprogetta.monitoring.indicator_selectors import chosen_checkpoint, default_checkpoint
from coprogetta.monitoring.models import Indicator, IndicatorTarget, IndicatorValue
from tests import factories as f

pytestmark = pytest.mark.django_db

JUNE, DECEMBER = date(2016, 6, 30), date(2016, 12, 31)
D = Decimal


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


@pytest.fixture
def operator(world):
    return f.MembershipFactory(organization=world.consortium, role=Membership.Role.OPERATOR).user


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(indicator_views.timezone, "localdate", lambda *args, **kwargs: day)
    set_today(date(2016, 3, 1))
    return set_today


def make(world, name="Bambini iscritti", unit="count", targets=None, **extra):
    with translation.override("en"):
        return services.indicator_create(
            user=world.owner, agreement=world.agreement, name=name, unit=unit,
            targets=targets if targets is not None else {JUNE: "20", DECEMBER: "30"}, **extra,
        )


def report(indicator, value, user, day=JUNE):
    return services.indicator_value_create(user=user, indicator=indicator, period_end=day, value=value)


def indicator_data(**change):
    return {"name": "Ore di supervisione", "definition": "", "area": "", "action": "",
            "unit": "hours", "baseline": "", "higher_is_better": "1", "source": "Registro",
            "target_20160630": "10 h", "target_20161231": "", **change}


# -- the list ----------------------------------------------------------------------------


def test_the_list_shows_the_checkpoint_with_roll_ups(world, today):
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Nidi")
    children = make(world, area=area, baseline="10")
    share = make(world, name="Quota coperta", unit="percent", targets={JUNE: "80 %"})
    report(children, "15", world.member)
    value = report(share, "40", world.member)
    services.indicator_value_approve(user=world.owner, item=value)
    response = world.client_for(world.reader).get(url("indicator_list", world.agreement.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Indicators at 30/06/2016" in body
    assert "Area 1 — Nidi" in body and "Agreement-wide" in body
    assert "50,0 %" in body  # (15 - 10) / (20 - 10)
    assert "80 %" in body and "40 %" in body
    assert "Whole agreement: mean attainment" in body
    assert "2 of 2 reported, 1 approved, 0 met" in body
    assert reverse("agreements:detail", args=[world.agreement.pk]) in body
    # A reader may not write: no links to the forms.
    assert url("indicator_create", world.agreement.pk) not in body
    assert url("indicatorvalue_create", world.agreement.pk, children.pk) not in body


def test_the_list_defaults_to_the_next_checkpoint_and_takes_another(world, today):
    make(world)
    client = world.client_for(world.owner)
    page = url("indicator_list", world.agreement.pk)
    assert "Indicators at 30/06/2016" in client.get(page).content.decode()
    today(date(2016, 7, 1))
    assert "Indicators at 31/12/2016" in client.get(page).content.decode()
    today(date(2018, 1, 1))
    assert "Indicators at 31/12/2016" in client.get(page).content.decode()
    body = client.get(page, {"periodo": "2016-06-30"}).content.decode()
    assert "Indicators at 30/06/2016" in body
    create = url("indicatorvalue_create", world.agreement.pk, Indicator.objects.get().pk)
    assert f'href="{create}?periodo=2016-06-30"' in body


def test_once_every_checkpoint_has_passed_the_list_shows_the_latest_with_values(world, today):
    indicator = make(world)
    client = world.client_for(world.owner)
    page = url("indicator_list", world.agreement.pk)
    today(date(2018, 1, 1))
    assert "Indicators at 31/12/2016" in client.get(page).content.decode()  # no value at all: the last
    report(indicator, "18", world.member)
    assert "Indicators at 30/06/2016" in client.get(page).content.decode()  # June has the values
    report(indicator, "25", world.member, day=DECEMBER)
    assert "Indicators at 31/12/2016" in client.get(page).content.decode()
    today(date(2016, 7, 1))  # before the last checkpoint: the next one, values or not
    IndicatorValue.objects.filter(period_end=DECEMBER).delete()
    assert "Indicators at 31/12/2016" in client.get(page).content.decode()


def test_the_default_checkpoint_asks_for_the_reported_days_only_once_all_have_passed():
    asked = []

    def reported():
        asked.append(True)
        return {JUNE}

    days = [JUNE, DECEMBER]
    assert default_checkpoint(days, date(2016, 7, 1), reported) == DECEMBER
    assert default_checkpoint(days, DECEMBER, reported) == DECEMBER
    assert asked == []
    assert default_checkpoint(days, date(2017, 1, 1), reported) == JUNE
    assert default_checkpoint(days, date(2017, 1, 1), lambda: set()) == DECEMBER
    assert default_checkpoint(days, date(2017, 1, 1), lambda: {date(2016, 3, 31)}) == DECEMBER
    assert default_checkpoint(days, date(2017, 1, 1)) == DECEMBER  # nothing to ask: the last
    assert default_checkpoint([], date(2017, 1, 1), reported) is None
    assert chosen_checkpoint(days, "bogus", date(2017, 1, 1), reported) == JUNE
    assert chosen_checkpoint(days, "2016-12-31", date(2017, 1, 1), reported) == DECEMBER


def test_the_list_shows_every_period(world, today):
    indicator = make(world)
    report(indicator, "18", world.member)
    report(indicator, "33", world.member, day=DECEMBER)
    body = world.client_for(world.owner).get(url("indicator_list", world.agreement.pk)).content.decode()
    periods = body[body.index('id="periods"'):]
    positions = [periods.index(text) for text in ("30/06/2016", "18", "31/12/2016", "33")]
    assert positions == sorted(positions)
    assert "Met" in periods and "Not met" in periods


def test_an_empty_list_says_so(world, today):
    body = world.client_for(world.owner).get(url("indicator_list", world.agreement.pk)).content.decode()
    assert "This agreement has no indicators yet." in body


def test_list_queries_do_not_grow(world, today, django_assert_max_num_queries):
    """The same number of queries with 2 indicators as with 30 (no N+1, none from templates)."""
    areas = [f.AreaFactory(agreement=world.agreement) for _ in range(3)]
    action = f.ActionFactory(area=areas[0])
    client = world.client_for(world.owner)

    def add(first, last):
        for n in range(first, last):
            area = areas[n % 3] if n % 4 else None
            indicator = Indicator.objects.create(
                agreement=world.agreement, area=area, name=f"I{n}", position=n,
                action=action if area == areas[0] else None,
            )
            IndicatorTarget.objects.create(indicator=indicator, period_end=JUNE, target=10)
            IndicatorTarget.objects.create(indicator=indicator, period_end=DECEMBER, target=20)
            IndicatorValue.objects.create(indicator=indicator, period_end=JUNE, value=n,
                                          reported_by=world.member, note="ok")

    def page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("indicator_list", world.agreement.pk))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    add(0, 2)
    few, body = page()
    assert body.count('class="scope-total"') == 2
    add(2, 30)
    many, body = page()
    assert body.count('class="scope-total"') == 4 and body.count("I29") >= 2
    assert few == many
    with django_assert_max_num_queries(14):
        page()


def test_once_all_checkpoints_have_passed_one_query_more_however_many_values(world, today):
    """Choosing the latest checkpoint with values costs one query (the days with values), asked
    only when every checkpoint has passed; it does not grow with the indicators."""
    client = world.client_for(world.owner)

    def add(first, last):
        for n in range(first, last):
            indicator = Indicator.objects.create(agreement=world.agreement, name=f"I{n}", position=n)
            IndicatorValue.objects.create(indicator=indicator, period_end=JUNE, value=n)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("indicator_list", world.agreement.pk)).status_code == 200
        return len(queries)

    add(0, 2)
    before = count()
    today(date(2018, 1, 1))
    after = count()
    add(2, 30)
    assert after == before + 1 == count()


# -- defining indicators ------------------------------------------------------------------


def test_an_editor_creates_an_indicator_with_targets(world):
    client = world.client_for(world.member)
    response = client.post(url("indicator_create", world.agreement.pk), indicator_data())
    assert response.status_code == 302
    assert response["Location"] == url("indicator_list", world.agreement.pk)
    indicator = Indicator.objects.get()
    assert (indicator.unit, indicator.source, indicator.higher_is_better) == ("hours", "Registro", True)
    assert dict(indicator.targets.values_list("period_end", "target")) == {JUNE: D(10)}


def test_the_form_has_one_target_per_checkpoint(world):
    body = world.client_for(world.owner).get(url("indicator_create", world.agreement.pk)).content.decode()
    assert '<label for="id_target_20160630"' in body and '<label for="id_target_20161231"' in body
    assert "Target at 30/06/2016" in body and "Target at 31/12/2016" in body


def test_a_target_in_the_wrong_unit_keeps_the_input_and_saves_nothing(world):
    response = world.client_for(world.owner).post(
        url("indicator_create", world.agreement.pk),
        indicator_data(unit="percent", target_20160630="45", target_20161231="45 h"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing has been saved" in body
    assert "“45 h” is written in hours, but this indicator is measured in percentage" in body
    assert 'value="45 h"' in body
    assert not Indicator.objects.exists() and not IndicatorTarget.objects.exists()


@pytest.mark.parametrize("who", ["reader", "operator"])
def test_only_editors_reach_the_indicator_forms(world, operator, who):
    user = operator if who == "operator" else world.reader
    indicator = make(world)
    client = world.client_for(user)
    for name, args in (("indicator_create", ()), ("indicator_edit", (indicator.pk,)),
                       ("indicator_delete", (indicator.pk,))):
        assert client.get(url(name, world.agreement.pk, *args)).status_code == 403
        assert client.post(url(name, world.agreement.pk, *args), indicator_data()).status_code == 403
    assert Indicator.objects.count() == 1


def test_a_stale_indicator_edit_is_told_and_keeps_the_input(world):
    indicator = make(world)
    edit = url("indicator_edit", world.agreement.pk, indicator.pk)
    owner, member = world.client_for(world.owner), world.client_for(world.member)
    page = owner.get(edit).content.decode()
    assert 'name="version" value="1"' in page and 'value="20"' in page
    data = indicator_data(unit="count", name="Bambini iscritti", target_20160630="20",
                          target_20161231="30", version="1")
    assert member.post(edit, {**data, "target_20160630": "22"}).status_code == 302
    response = owner.post(edit, {**data, "target_20161231": "40"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "while you were editing it" in body and 'value="40"' in body
    assert 'name="version" value="2"' in body
    assert dict(IndicatorTarget.objects.values_list("period_end", "target")) == {JUNE: D(22), DECEMBER: D(30)}
    # Saving again, knowingly, replaces the other change.
    assert owner.post(edit, {**data, "target_20161231": "40", "version": "2"}).status_code == 302
    assert dict(IndicatorTarget.objects.values_list("period_end", "target")) == {JUNE: D(20), DECEMBER: D(40)}


def test_deleting_an_indicator_says_how_many_values_go(world):
    indicator = make(world)
    report(indicator, "18", world.member)
    report(indicator, "25", world.member, day=DECEMBER)
    delete = url("indicator_delete", world.agreement.pk, indicator.pk)
    client = world.client_for(world.owner)
    body = client.get(delete).content.decode()
    assert "2 reported values go with it." in body and "Delete the indicator and its 2 values" in body
    response = client.post(delete)
    assert response.status_code == 302
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()


# -- reporting values ---------------------------------------------------------------------


def test_an_editor_reports_a_value_and_an_operator_does_not(world, operator):
    indicator = make(world)
    create = url("indicatorvalue_create", world.agreement.pk, indicator.pk)
    assert world.client_for(operator).get(create).status_code == 403
    refused = world.client_for(operator).post(create, {"period_end": "2016-12-31", "value": "2"})
    assert refused.status_code == 403
    client = world.client_for(world.member)
    page = client.get(create, {"periodo": "2016-12-31"}).content.decode()
    assert '<option value="2016-12-31" selected>' in page and "Target at 31/12/2016" in page
    response = client.post(create, {"period_end": "2016-12-31", "value": "28 bambini", "note": "a dicembre"})
    assert response.status_code == 302
    assert response["Location"] == url("indicator_list", world.agreement.pk) + "?periodo=2016-12-31"
    value = IndicatorValue.objects.get()
    assert (value.period_end, value.value, value.status, value.reported_by) == (
        DECEMBER, D(28), "submitted", world.member)


def test_a_value_in_the_wrong_unit_is_refused_on_the_page(world):
    indicator = make(world, unit="percent", targets={})
    response = world.client_for(world.member).post(
        url("indicatorvalue_create", world.agreement.pk, indicator.pk),
        {"period_end": "2016-06-30", "value": "€ 45"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "“€ 45” is written in euro, but this indicator is measured in percentage" in body
    assert 'value="€ 45"' in body
    assert not IndicatorValue.objects.exists()


def test_readers_cannot_report(world):
    indicator = make(world)
    client = world.client_for(world.reader)
    create = url("indicatorvalue_create", world.agreement.pk, indicator.pk)
    assert client.get(create).status_code == 403
    assert client.post(create, {"period_end": "2016-06-30", "value": "3"}).status_code == 403
    value = report(indicator, "18", world.member)
    assert client.get(url("indicatorvalue_edit", world.agreement.pk, value.pk)).status_code == 403
    assert client.post(url("indicatorvalue_delete", world.agreement.pk, value.pk)).status_code == 403
    assert IndicatorValue.objects.count() == 1


def test_an_indicator_of_another_agreement_is_a_404(world):
    other = f.AgreementFactory()
    f.PartyFactory(agreement=other, organization=world.municipality)
    indicator = make(world)
    client = world.client_for(world.owner)
    assert client.get(url("indicatorvalue_create", other.pk, indicator.pk)).status_code == 404
    assert client.get(url("indicator_edit", other.pk, indicator.pk)).status_code == 404


def test_a_stale_value_edit_is_told(world):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    edit = url("indicatorvalue_edit", world.agreement.pk, value.pk)
    data = {"period_end": "2016-06-30", "value": "19", "note": "", "version": "1"}
    assert world.client_for(world.owner).post(edit, data).status_code == 302
    response = world.client_for(world.member).post(edit, {**data, "value": "17"})
    assert response.status_code == 200
    assert "while you were editing it" in response.content.decode()
    assert IndicatorValue.objects.get().value == D(19)


def test_an_approved_value_is_for_editors_only_and_changing_it_unapproves(world, operator):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    services.indicator_value_approve(user=world.owner, item=value)
    edit = url("indicatorvalue_edit", world.agreement.pk, value.pk)
    assert world.client_for(operator).get(edit).status_code == 403
    client = world.client_for(world.member)
    assert "This value is approved" in client.get(edit).content.decode()
    response = client.post(edit, {"period_end": "2016-06-30", "value": "21", "version": "2"})
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.value, value.status, value.approved_by) == (D(21), "submitted", None)


# -- approval -----------------------------------------------------------------------------


def test_the_municipality_approves_after_a_confirmation(world):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    approve = url("indicatorvalue_approve", world.agreement.pk, value.pk)
    client = world.client_for(world.owner)
    page = client.get(approve).content.decode()
    assert "Approve reported value" in page and 'id="reported-value">18<' in page
    assert "20" in page[page.index('id="value-facts"'):]
    response = client.post(approve, {"version": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("indicator_list", world.agreement.pk) + "?periodo=2016-06-30"
    value.refresh_from_db()
    assert (value.status, value.approved_by) == ("approved", world.owner)
    again = client.post(approve, {"version": "2"}, follow=True)
    assert "This value is already approved" in again.content.decode()
    assert "already approved" in client.get(approve).content.decode()


def test_the_consortium_cannot_approve(world, operator):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    approve = url("indicatorvalue_approve", world.agreement.pk, value.pk)
    for user in (world.member, operator, world.reader):
        client = world.client_for(user)
        assert client.get(approve).status_code == 403
        assert client.post(approve, {"version": "1"}).status_code == 403
    assert IndicatorValue.objects.get().status == "submitted"


def test_approving_a_value_changed_meanwhile_shows_it_again(world):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    services.indicator_value_update(user=world.member, item=IndicatorValue.objects.get(),
                                    period_end=JUNE, value="25", version=1)
    response = world.client_for(world.owner).post(
        url("indicatorvalue_approve", world.agreement.pk, value.pk), {"version": "1"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone changed this value while you were reading it" in body
    assert 'id="reported-value">25<' in body and 'name="version" value="2"' in body
    assert IndicatorValue.objects.get().status == "submitted"
