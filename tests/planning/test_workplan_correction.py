"""Schedules on actions: read from the text on create and update, corrected by hand in the
action's form, read again when the correction is dropped or the agreement's period changes."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements import services
from coprogetta.agreements.models import Action
from coprogetta.lib.schedules import Interval, Schedule
from tests import factories as f

pytestmark = pytest.mark.django_db

APRIL_TO_DECEMBER = {
    "status": "resolved", "intervals": [{"start": "2016-04-01", "end": "2016-12-31"}], "deadlines": [],
    "recurrences": [], "notes": [], "reason": None,
}


@pytest.fixture
def area(world):
    return f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")


def form_data(**changes):
    data = {"kind": "development", "number": "1", "title": "Progetti di continuità", "description": "",
            "responsible": "", "schedule_text": "da aprile", "schedule_intervals": "",
            "schedule_deadlines": ""}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def create_url(world, area):
    return reverse("agreements:action_create", args=[world.agreement.pk, area.pk])


def edit_url(world, action):
    return reverse("agreements:action_edit", args=[world.agreement.pk, action.pk])


def test_a_new_action_gets_its_schedule_read_from_the_text(world, area):
    response = world.client_for(world.owner).post(create_url(world, area), form_data())
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.schedule == APRIL_TO_DECEMBER and not action.schedule_manual


def test_an_action_without_text_has_no_schedule(world, area):
    world.client_for(world.owner).post(create_url(world, area), form_data(schedule_text=""))
    assert Action.objects.get().schedule is None


def test_an_unreadable_text_is_stored_unresolved_and_shown_with_its_reason(world, area):
    client = world.client_for(world.owner)
    client.post(create_url(world, area), form_data(schedule_text="quando possibile"))
    action = Action.objects.get()
    assert action.schedule["status"] == "unresolved"
    page = client.get(reverse("agreements:area_detail", args=[world.agreement.pk, area.pk])).content.decode()
    assert "Schedule to check" in page and "does not say when the action takes place" in page
    page = client.get(reverse("agreements:detail", args=[world.agreement.pk])).content.decode()
    assert "Schedule to check" in page


def test_the_form_shows_what_was_read_and_offers_it_for_correction(world, area):
    action = f.ActionFactory(area=area, schedule_text="da aprile", schedule=APRIL_TO_DECEMBER)
    html = world.client_for(world.owner).get(edit_url(world, action)).content.decode()
    assert "Read from the text" in html
    assert "from April 2016 to December 2016" in html
    assert "Correct the schedule by hand" in html
    assert ">\n01/04/2016 - 31/12/2016</textarea>" in html


def test_a_correction_by_hand_is_stored_as_such(world, area):
    action = f.ActionFactory(area=area, schedule_text="da aprile", schedule=APRIL_TO_DECEMBER)
    client = world.client_for(world.owner)
    response = client.post(edit_url(world, action), form_data(
        schedule_manual="on", schedule_intervals="01/05/2016 - 30/06/2016\n1.9.2016 - 31.10.2016",
        schedule_deadlines="31/05/2016",
    ))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.schedule_manual
    assert action.schedule == {
        "status": "resolved",
        "intervals": [{"start": "2016-05-01", "end": "2016-06-30"},
                      {"start": "2016-09-01", "end": "2016-10-31"}],
        "deadlines": ["2016-05-31"], "recurrences": [], "notes": [], "reason": None,
    }
    html = client.get(edit_url(world, action)).content.decode()
    assert "Corrected by hand" in html
    assert "The text alone reads as" in html and "from April 2016 to December 2016" in html
    # saving again without touching the correction keeps it
    client.post(edit_url(world, action), form_data(
        title="Nuovo titolo", schedule_manual="on",
        schedule_intervals="01/05/2016 - 30/06/2016\n01/09/2016 - 31/10/2016",
        schedule_deadlines="31/05/2016",
    ))
    action.refresh_from_db()
    assert action.schedule_manual and action.schedule["deadlines"] == ["2016-05-31"]


def test_unticking_the_correction_reads_the_text_again(world, area):
    action = f.ActionFactory(area=area, schedule_text="da aprile", schedule_manual=True,
                             schedule={**APRIL_TO_DECEMBER, "intervals": [], "deadlines": ["2016-05-31"]})
    response = world.client_for(world.owner).post(edit_url(world, action), form_data(
        schedule_intervals="", schedule_deadlines="31/05/2016",
    ))
    assert response.status_code == 302
    action.refresh_from_db()
    assert not action.schedule_manual and action.schedule == APRIL_TO_DECEMBER


@pytest.mark.parametrize(("intervals", "deadlines", "field", "message"), [
    ("31/04/2016 - 30/06/2016", "", "schedule_intervals",
     "Line 1, “31/04/2016 - 30/06/2016”: this date does not exist."),
    ("01/07/2016 - 30/06/2016", "", "schedule_intervals",
     "Line 1, “01/07/2016 - 30/06/2016”: the interval ends before it starts."),
    ("da maggio a giugno", "", "schedule_intervals",
     "Line 1, “da maggio a giugno”: write an interval as “01/04/2016 - 31/12/2016”."),
    ("", "31/05/2016\nentro giugno", "schedule_deadlines",
     "Line 2, “entro giugno”: write a date as “31/05/2016”."),
    ("", "", "schedule_intervals",
     "Write at least one interval or one deadline, or untick “Correct the schedule by hand”."),
])
def test_a_bad_correction_is_refused_and_nothing_is_saved(world, area, intervals, deadlines, field, message):
    action = f.ActionFactory(area=area, title="Titolo", schedule_text="da aprile", schedule=APRIL_TO_DECEMBER)
    audits = AuditEntry.objects.count()
    response = world.client_for(world.owner).post(edit_url(world, action), form_data(
        title="Cambiato", schedule_manual="on", schedule_intervals=intervals, schedule_deadlines=deadlines,
    ))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    action.refresh_from_db()
    assert (action.title, action.schedule, action.schedule_manual) == ("Titolo", APRIL_TO_DECEMBER, False)
    assert AuditEntry.objects.count() == audits


def test_a_correction_outside_the_period_is_saved_with_a_warning(world, area):
    action = f.ActionFactory(area=area, schedule_text="da aprile", schedule=APRIL_TO_DECEMBER)
    client = world.client_for(world.owner)
    client.post(edit_url(world, action), form_data(schedule_manual="on", schedule_deadlines="31/05/2015"))
    action.refresh_from_db()
    assert action.schedule_manual
    assert action.schedule["notes"] == [
        {"code": "outside_period", "params": {"end": "2015-05-31", "start": "2015-05-31"}},
    ]
    page = client.get(reverse("agreements:area_detail", args=[world.agreement.pk, area.pk])).content.decode()
    assert "Schedule to check" in page and "The date 31/05/2015 falls outside the agreement" in page


def test_the_form_reads_in_italian_by_default(world, area):
    action = f.ActionFactory(area=area, schedule_text="da aprile", schedule=APRIL_TO_DECEMBER)
    response = world.client_for(world.owner, language=None).get(edit_url(world, action))
    assert response.status_code == 200
    assert '<html lang="it">' in response.content.decode()


# -- the services --------------------------------------------------------------------------------


def test_a_new_period_reads_the_schedules_again(world, area):
    read = services.action_create(user=world.owner, area=area, kind="development", number=1, title="Letta",
                                  schedule_text="da aprile")
    corrected = services.action_create(
        user=world.owner, area=area, kind="development", number=2, title="Corretta",
        schedule_text="da aprile",
        schedule_manual=True, schedule=Schedule("", "resolved", deadlines=(date(2016, 5, 31),)),
    )
    assert corrected.schedule["notes"] == []
    services.agreement_update(user=world.owner, agreement=world.agreement,
                              start_date=date(2017, 1, 1), end_date=date(2017, 12, 31))
    read.refresh_from_db()
    corrected.refresh_from_db()
    assert read.schedule["intervals"] == [{"start": "2017-04-01", "end": "2017-12-31"}]
    assert corrected.schedule_manual and corrected.schedule["deadlines"] == ["2016-05-31"]
    assert [n["code"] for n in corrected.schedule["notes"]] == ["outside_period"]


def test_a_title_change_alone_leaves_the_period_and_schedules_alone(world, area):
    action = services.action_create(user=world.owner, area=area, kind="development", number=1, title="A",
                                    schedule_text="da aprile")
    audits = AuditEntry.objects.count()
    services.agreement_update(user=world.owner, agreement=world.agreement, title="Nuovo titolo")
    action.refresh_from_db()
    assert action.schedule == APRIL_TO_DECEMBER
    assert AuditEntry.objects.count() == audits + 1


def test_a_correction_needs_a_schedule_and_ordered_intervals(world, area):
    with pytest.raises(ValidationError) as caught:
        services.action_create(user=world.owner, area=area, kind="development", number=1, title="A",
                               schedule_text="da aprile", schedule_manual=True)
    assert "schedule_manual" in caught.value.error_dict
    backwards = Schedule("", "resolved", intervals=(Interval(date(2016, 6, 1), date(2016, 5, 1)),))
    with pytest.raises(ValidationError) as caught:
        services.action_create(user=world.owner, area=area, kind="development", number=1, title="A",
                               schedule_text="", schedule_manual=True, schedule=backwards)
    assert "schedule_intervals" in caught.value.error_dict
    assert not Action.objects.exists()
