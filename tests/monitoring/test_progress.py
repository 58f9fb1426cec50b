"""Progress of actions: checkpoints (rules, the action's copy of the latest), the page with the
roll-up per area and for the agreement, as of a date, and every refusal."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import Action
from coprogetta.monitoring import progress_services as services
from coprogetta.monitoring.models import ActionProgress
from coprogetta.monitoring.progress_selectors import progress_report
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"monitoring:{name}", args=args)


@pytest.fixture
def plan(world):
    """Two areas: area 1 with a nursery (€ 3.000 of lines) and a desk (€ 1.000 of staff and
    contributions); area 2 with two actions and no budget, one cancelled."""
    one = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    two = f.AreaFactory(agreement=world.agreement, number=2, title="Giovani")
    nursery = f.ActionFactory(area=one, number=1, title="Nido")
    desk = f.ActionFactory(area=one, number=2, title="Sportello")
    club = f.ActionFactory(area=two, number=1, title="Centro giovani")
    trip = f.ActionFactory(area=two, number=2, title="Gita")
    f.BudgetLineFactory(agreement=world.agreement, area=one, action=nursery, unit_amount=Decimal("3000"),
                        quantity=Decimal("1"), vat_rate="0")
    f.StaffCostFactory(agreement=world.agreement, area=one, action=desk, hourly_rate=Decimal("10"),
                       hours=Decimal("60"), vat_rate="out_of_scope", vat_included=False)  # € 600
    f.ContributionFactory(agreement=world.agreement, area=one, action=desk, amount=Decimal("400"))
    return {"nursery": nursery, "desk": desk, "club": club, "trip": trip, "one": one, "two": two}


def record(world, action, day, status, percent, note=""):
    return services.progress_create(
        user=world.owner, action=action, date=day, status=status, percent=percent, note=note,
    )


def post(world, action, user=None, **data):
    values = {"date": "2016-06-30", "status": "in_progress", "percent": "40", "note": "", **data}
    return world.client_for(user or world.owner).post(
        url("progress_create", world.agreement.pk, action.pk), values,
    )


# -- recording checkpoints ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "member"])
def test_editors_record_progress_and_the_action_takes_it(world, plan, who):
    action = plan["nursery"]
    response = post(world, action, user=getattr(world, who), note="Aperto a settembre")
    assert response.status_code == 302
    assert response["Location"] == url("progress_list", world.agreement.pk) + f"#azione-{action.pk}"
    checkpoint = ActionProgress.objects.get()
    assert (checkpoint.status, checkpoint.percent, checkpoint.recorded_by) == (
        "in_progress", 40, getattr(world, who),
    )
    action.refresh_from_db()
    assert (action.status, action.progress, action.version) == ("in_progress", 40, 1)
    audit = AuditEntry.objects.get()
    assert audit.object_type == "monitoring.actionprogress" and audit.agreement_id == world.agreement.pk


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2017-01-01"}, "date",
         "Choose a date within the agreement's period, 01/01/2016 – 31/12/2016."),
        ({"percent": "101"}, "percent", "Enter a percentage from 0 to 100."),
        ({"percent": "-1"}, "percent", "Enter a percentage from 0 to 100."),
        ({"status": "done", "percent": "90"}, "percent",
         "A done action is at 100 %: enter 100, or choose another status."),
        ({"status": "not_started", "percent": "5"}, "percent",
         "An action not yet started is at 0 %: enter 0, or choose another status."),
        ({"status": "finished"}, "status", "Choose one of the statuses offered."),
        ({"date": ""}, "date", "This field is required."),
    ],
)
def test_bad_checkpoints_are_refused_and_nothing_is_saved(world, plan, data, field, message):
    response = post(world, plan["nursery"], **data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert "Nothing has been saved" in response.content.decode()
    assert not ActionProgress.objects.exists() and not AuditEntry.objects.exists()
    plan["nursery"].refresh_from_db()
    assert (plan["nursery"].status, plan["nursery"].progress) == ("not_started", 0)


def test_the_service_refuses_what_the_form_would(world, plan):
    with pytest.raises(ValidationError) as caught:
        record(world, plan["nursery"], date(2016, 5, 1), "done", 99)
    assert caught.value.message_dict == {
        "percent": ["A done action is at 100 %: enter 100, or choose another status."],
    }


def test_the_action_follows_its_latest_checkpoint_by_date_then_id(world, plan):
    action = plan["desk"]
    record(world, action, date(2016, 6, 30), "delayed", 30)
    record(world, action, date(2016, 3, 31), "in_progress", 20)  # older: the action stays delayed
    action.refresh_from_db()
    assert (action.status, action.progress) == ("delayed", 30)
    latest = record(world, action, date(2016, 6, 30), "in_progress", 35)  # same day, later id
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 35)

    services.progress_delete(user=world.owner, item=latest)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("delayed", 30)
    for item in ActionProgress.objects.filter(action=action):
        services.progress_delete(user=world.owner, item=item)
    action.refresh_from_db()
    assert (action.status, action.progress) == ("not_started", 0)


def test_moving_a_checkpoint_back_in_time_moves_the_action(world, plan):
    action = plan["club"]
    old = record(world, action, date(2016, 3, 31), "in_progress", 20)
    new = record(world, action, date(2016, 6, 30), "done", 100)
    response = world.client_for(world.owner).post(
        url("progress_edit", world.agreement.pk, new.pk),
        {"date": "2016-02-29", "status": "done", "percent": "100", "version": "1"},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.progress) == (old.status, old.percent)


def test_a_stale_edit_is_told_and_nothing_is_lost(world, plan):
    item = record(world, plan["nursery"], date(2016, 6, 30), "in_progress", 40)
    client = world.client_for(world.owner)
    target = url("progress_edit", world.agreement.pk, item.pk)
    assert 'name="version" value="1"' in client.get(target).content.decode()
    services.progress_update(
        user=world.member, item=ActionProgress.objects.get(pk=item.pk), date=date(2016, 6, 30),
        status="delayed", percent=35, note="Lavori in ritardo", version=1,
    )
    data = {
        "date": "2016-06-30", "status": "in_progress", "percent": "45", "note": "Mia nota", "version": "1",
    }
    response = client.post(target, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "while you were editing it" in html and "Mia nota" in html
    item.refresh_from_db()
    assert (item.status, item.percent, item.note) == ("delayed", 35, "Lavori in ritardo")
    plan["nursery"].refresh_from_db()
    assert plan["nursery"].status == "delayed"
    assert client.post(target, {**data, "version": "2"}).status_code == 302
    plan["nursery"].refresh_from_db()
    assert (plan["nursery"].status, plan["nursery"].progress) == ("in_progress", 45)


def test_delete_page(world, plan):
    item = record(world, plan["trip"], date(2016, 4, 1), "cancelled", 0)
    client = world.client_for(world.owner)
    target = url("progress_delete", world.agreement.pk, item.pk)
    assert client.get(target).status_code == 200
    assert client.post(target).status_code == 302
    assert not ActionProgress.objects.exists()
    plan["trip"].refresh_from_db()
    assert plan["trip"].status == "not_started"
    assert AuditEntry.objects.filter(action="delete").count() == 1


# -- access ------------------------------------------------------------------------------------


def test_readers_see_the_page_but_cannot_write(world, plan):
    item = record(world, plan["nursery"], date(2016, 6, 30), "in_progress", 40)
    client = world.client_for(world.reader)
    page = client.get(url("progress_list", world.agreement.pk))
    assert page.status_code == 200
    assert url("progress_create", world.agreement.pk, plan["nursery"].pk) not in page.content.decode()
    for target in (
        url("progress_create", world.agreement.pk, plan["nursery"].pk),
        url("progress_edit", world.agreement.pk, item.pk),
        url("progress_delete", world.agreement.pk, item.pk),
    ):
        assert client.get(target).status_code == 403
        data = {"date": "2016-06-30", "status": "done", "percent": "100"}
        assert client.post(target, data).status_code == 403
    assert ActionProgress.objects.get().percent == 40


def test_outsiders_and_other_agreements_get_404(world, plan):
    item = record(world, plan["nursery"], date(2016, 6, 30), "in_progress", 40)
    outsider = world.client_for(world.outsider)
    assert outsider.get(url("progress_list", world.agreement.pk)).status_code == 404
    assert outsider.post(url("progress_edit", world.agreement.pk, item.pk), {}).status_code == 404
    foreign = f.ActionFactory()
    owner = world.client_for(world.owner)
    assert owner.get(url("progress_create", world.agreement.pk, foreign.pk)).status_code == 404
    other = f.AgreementFactory()
    f.PartyFactory(agreement=other, organization=world.municipality)
    assert owner.get(url("progress_edit", other.pk, item.pk)).status_code == 404


# -- the report and the page -------------------------------------------------------------------


def test_the_rollup_weights_by_budget_and_leaves_out_cancelled_actions(world, plan):
    record(world, plan["nursery"], date(2016, 3, 31), "in_progress", 20)
    record(world, plan["nursery"], date(2016, 6, 30), "in_progress", 50)
    record(world, plan["desk"], date(2016, 6, 30), "done", 100)
    record(world, plan["club"], date(2016, 6, 30), "delayed", 25)
    record(world, plan["trip"], date(2016, 5, 1), "cancelled", 0)

    report = progress_report(world.agreement)
    one, two = report.areas
    assert [(r.action, r.status, r.percent, r.weight) for r in one.actions] == [
        (plan["nursery"], "in_progress", 50, Decimal("3000.00")),
        (plan["desk"], "done", 100, Decimal("1000.00")),
    ]
    # (50 × 3.000 + 100 × 1.000) / 4.000 = 62,5
    assert (one.percent, one.weighted_by_budget) == (Decimal("62.5"), True)
    # Area 2 has no budget: equal weights, the cancelled trip left out.
    assert (two.percent, two.weighted_by_budget, two.counts) == (
        Decimal("25.0"), False, {"delayed": 1, "cancelled": 1},
    )
    # The agreement: budget weights; the club has none, so it weighs nothing.
    assert (report.total.percent, report.total.weighted_by_budget) == (Decimal("62.5"), True)
    assert one.actions[0].last.date == date(2016, 6, 30) and len(one.actions[0].history) == 2

    earlier = progress_report(world.agreement, date(2016, 4, 30))
    one, two = earlier.areas
    assert [(r.status, r.percent) for r in one.actions] == [("in_progress", 20), ("not_started", 0)]
    assert one.percent == Decimal("15.0")  # (20 × 3.000 + 0 × 1.000) / 4.000
    assert [r.status for r in two.actions] == ["not_started", "not_started"]
    assert earlier.total.counts == {"in_progress": 1, "not_started": 3}


def test_the_page_shows_status_bars_weights_notes_and_history(world, plan):
    record(world, plan["nursery"], date(2016, 3, 31), "in_progress", 20, note="Avvio")
    record(world, plan["nursery"], date(2016, 6, 30), "delayed", 45, note="Ritardo lavori")
    html = world.client_for(world.owner).get(url("progress_list", world.agreement.pk)).content.decode()
    assert "<h1" in html and "Progress of the actions" in html
    assert "Delayed" in html and "45 %" in html and "€ 3.000,00" in html
    assert "30/06/2016: Ritardo lavori" in html and "Avvio" in html
    assert 'aria-valuenow="45"' in html and 'style="width: 45%"' in html
    assert f'id="azione-{plan["nursery"].pk}"' in html
    assert "equal weights (no budget linked)" in html  # area 2
    assert url("progress_create", world.agreement.pk, plan["nursery"].pk) in html


def test_the_page_as_of_a_date(world, plan):
    record(world, plan["nursery"], date(2016, 3, 31), "in_progress", 20, note="Avvio")
    record(world, plan["nursery"], date(2016, 6, 30), "delayed", 45, note="Ritardo lavori")
    client = world.client_for(world.owner)
    html = client.get(url("progress_list", world.agreement.pk), {"al": "2016-04-30"}).content.decode()
    assert "Progress as it stood on 30/04/2016" in html
    assert "31/03/2016: Avvio" in html and "Ritardo lavori" not in html
    bad = client.get(url("progress_list", world.agreement.pk), {"al": "ieri"})
    assert bad.status_code == 200
    assert "Enter a date, for example 30/06/2016." in bad.content.decode()
    assert "Ritardo lavori" in bad.content.decode()


def _page_queries(world, count):
    area = f.AreaFactory(agreement=world.agreement)
    for index in range(count):
        action = f.ActionFactory(area=area, responsible=world.consortium)
        f.BudgetLineFactory(agreement=world.agreement, area=area, action=action)
        ActionProgress.objects.create(action=action, date=date(2016, 1, 1 + index % 28), status="in_progress",
                                      percent=index % 100, recorded_by=world.owner)
    client = world.client_for(world.owner)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("progress_list", world.agreement.pk), {"al": "2016-12-31"}).status_code == 200
    return len(queries)


def test_the_page_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    few = _page_queries(world, 2)
    many = _page_queries(world, 30)
    assert few == many
    client = world.client_for(world.owner)
    with django_assert_max_num_queries(few):
        client.get(url("progress_list", world.agreement.pk))
    with django_assert_max_num_queries(7):
        progress_report(world.agreement)


def test_area_page_shows_each_actions_status_and_progress(world, plan):
    record(world, plan["nursery"], date(2016, 6, 30), "delayed", 45)
    Action.objects.filter(pk=plan["desk"].pk).update(status="done", progress=100)
    html = world.client_for(world.owner).get(
        reverse("agreements:area_detail", args=[world.agreement.pk, plan["one"].pk])
    ).content.decode()
    assert "Delayed" in html and "45 %" in html and "Done" in html and "100 %" in html
    assert url("progress_list", world.agreement.pk) in html
