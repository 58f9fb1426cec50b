"""Calendar feeds: token URLs that parse back as iCalendar, revocable, scoped to access now."""

from datetime import date, timedelta

import icalendar
import pytest
from django.core.management import call_command
from django.utils import translation

from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.agreements.models import Agreement, Party
from coprogetta.planning import deadline_services as services
from coprogetta.planning import deadline_text
from coprogetta.planning.deadline_feeds import feed_name
from coprogetta.planning.models import CalendarToken, token_digest

from .. import factories as f

pytestmark = pytest.mark.django_db


def events(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def feed_url(secret: str) -> str:
    return f"/calendario/{secret}.ics"


def create(user, agreement=None, language="it"):
    return services.calendar_token_create(user=user, agreement=agreement, language=language)


def test_the_demo_feed_holds_the_2016_checkpoints(client):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    agreement = Agreement.objects.get()
    user = Membership.objects.filter(organization__parties__agreement=agreement).first().user
    _token, secret = create(user, agreement)
    found = events(client.get(feed_url(secret)))
    checkpoints = {
        e.decoded("DTSTART") for uid, e in found.items() if uid.startswith("monitoring:")
    }
    assert checkpoints == {date(2016, 6, 30), date(2016, 12, 31)}
    event = found[f"monitoring:{agreement.pk}:2016-06-30@coprogetta"]
    assert event.decoded("DTEND") == date(2016, 7, 1)
    assert "DTSTAMP" in event
    assert agreement.title in str(event["DESCRIPTION"])
    raw = client.get(feed_url(secret)).content.decode()
    assert "X-PUBLISHED-TTL:PT6H" in raw and "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in raw
    assert raw.count("BEGIN:VEVENT") == len(found)
    assert str(event["SUMMARY"]) in {"Monitoraggio semestrale", "Six-monthly monitoring"}
    alarms = event.walk("VALARM")
    assert alarms and alarms[0].decoded("TRIGGER") == -timedelta(days=7)


@pytest.fixture
def furnished(world):
    area = f.AreaFactory(agreement=world.agreement, number=1, title="Infanzia")
    f.ActionFactory(
        area=area, title="Mappatura", schedule={"status": "resolved", "deadlines": ["2016-05-31"]}
    )
    f.BudgetLineFactory(agreement=world.agreement)
    f.PaymentTrancheFactory(agreement=world.agreement)
    return world


def test_an_agreement_feed_lists_every_kind_with_stable_uids(furnished, client):
    _token, secret = create(furnished.owner, furnished.agreement, language="en")
    first = events(client.get(feed_url(secret)))
    pk = furnished.agreement.pk
    action = furnished.agreement.areas.get().actions.get()
    tranche = furnished.agreement.tranches.get()
    assert set(first) == {
        f"monitoring:{pk}:2016-06-30@coprogetta", f"monitoring:{pk}:2016-12-31@coprogetta",
        f"action:{action.pk}:2016-05-31@coprogetta", f"tranche:{tranche.pk}:2016-06-30@coprogetta",
    }
    assert str(first[f"monitoring:{pk}:2016-06-30@coprogetta"]["SUMMARY"]) == "Six-monthly monitoring"
    assert str(first[f"tranche:{tranche.pk}:2016-06-30@coprogetta"]["SUMMARY"]) == "Tranche: 50 %, € 6.240,00"
    action_event = first[f"action:{action.pk}:2016-05-31@coprogetta"]
    assert str(action_event["SUMMARY"]) == "Mappatura"
    assert not action_event.walk("VALARM")
    assert "Area 1: Infanzia" in str(action_event["DESCRIPTION"])
    assert str(action_event["URL"]).endswith(f"/accordi/{pk}/ambiti/{action.area_id}/")
    again = events(client.get(feed_url(secret)))
    assert set(again) == set(first)


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_summary_follows_the_language_of_the_feed(furnished, client, language):
    _token, secret = create(furnished.owner, furnished.agreement, language=language)
    response = client.get(feed_url(secret), HTTP_ACCEPT_LANGUAGE="de")
    found = events(response)
    uid = f"monitoring:{furnished.agreement.pk}:2016-06-30@coprogetta"
    with translation.override(language):
        expected = str(deadline_text.MONITORING_LABELS[6])
        name = feed_name(furnished.agreement.title)
    assert str(found[uid]["SUMMARY"]) == expected
    assert str(icalendar.Calendar.from_ical(response.content)["X-WR-CALNAME"]) == name


def test_the_personal_feed_spans_the_users_agreements_and_names_them(furnished, client):
    other = f.AgreementFactory(title="Altro accordo")
    f.PartyFactory(agreement=other, organization=furnished.consortium, role=Party.Role.THIRD_SECTOR)
    _token, secret = create(furnished.member, None, language="en")
    found = events(client.get(feed_url(secret)))
    assert f"monitoring:{other.pk}:2016-06-30@coprogetta" in found
    assert f"monitoring:{furnished.agreement.pk}:2016-06-30@coprogetta" in found
    assert str(found[f"monitoring:{other.pk}:2016-06-30@coprogetta"]["SUMMARY"]) == (
        "Six-monthly monitoring — Altro accordo"
    )


def test_another_users_token_does_not_leak_other_agreements(furnished, client):
    secret_agreement = f.AgreementFactory(title="Riservato")
    f.PartyFactory(agreement=secret_agreement, organization=furnished.other)
    _token, secret = create(furnished.member, None)
    body = client.get(feed_url(secret)).content.decode()
    assert "Riservato" not in body
    assert f"monitoring:{secret_agreement.pk}:" not in body
    _token, outsider_secret = create(furnished.outsider, None)
    found = events(client.get(feed_url(outsider_secret)))
    assert set(found) == {
        f"monitoring:{secret_agreement.pk}:2016-06-30@coprogetta",
        f"monitoring:{secret_agreement.pk}:2016-12-31@coprogetta",
    }


def test_lost_access_empties_the_feed(furnished, client):
    _token, secret = create(furnished.member, furnished.agreement)
    assert events(client.get(feed_url(secret)))
    Membership.objects.filter(user=furnished.member).delete()
    response = client.get(feed_url(secret))
    assert events(response) == {}
    assert furnished.agreement.title not in response.content.decode()


def test_unknown_revoked_and_inactive_tokens_get_404(furnished, client):
    assert client.get(feed_url("nope")).status_code == 404
    token, secret = create(furnished.owner, furnished.agreement)
    assert client.get(feed_url(secret)).status_code == 200
    services.calendar_token_revoke(user=furnished.owner, agreement=furnished.agreement)
    assert client.get(feed_url(secret)).status_code == 404
    _token, secret = create(furnished.owner, furnished.agreement)
    furnished.owner.is_active = False
    furnished.owner.save()
    assert client.get(feed_url(secret)).status_code == 404


def test_only_the_hash_is_stored_and_nothing_logs_the_token(furnished):
    token, secret = create(furnished.owner, furnished.agreement)
    assert len(secret) >= 43
    assert token.token_hash == token_digest(secret) != secret
    assert not CalendarToken.objects.filter(token_hash=secret).exists()
    entry = AuditEntry.objects.get(action="create", object_type="planning.calendartoken")
    assert entry.agreement_id == furnished.agreement.pk and entry.user == furnished.owner
    assert secret not in str(entry.changes) + entry.object_repr
    assert token.token_hash not in str(entry.changes) + entry.object_repr


def test_a_new_address_replaces_the_old_one(furnished, client):
    _first, old = create(furnished.owner, furnished.agreement)
    _second, new = create(furnished.owner, furnished.agreement)
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarToken.objects.filter(user=furnished.owner, revoked_at__isnull=True).count() == 1
    assert AuditEntry.objects.filter(action="revoke", object_type="planning.calendartoken").count() == 1


def test_an_outsider_cannot_create_a_token_for_a_foreign_agreement(furnished):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create(furnished.outsider, furnished.agreement)


# -- the management pages --------------------------------------------------------------------


def agreement_page(world) -> str:
    return f"/accordi/{world.agreement.pk}/calendario/"


def test_the_agreement_page_creates_shows_once_and_revokes(furnished, client):
    owner = furnished.client_for(furnished.owner)
    page = owner.get(agreement_page(furnished))
    assert page.status_code == 200
    assert "You have no calendar address yet." in page.content.decode()
    created = owner.post(agreement_page(furnished), {"action": "create"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"] or "no-cache" in created["Cache-Control"]
    url = created.context["feed_url"]
    assert url.startswith("http://testserver/calendario/") and url.endswith(".ics")
    assert url in created.content.decode()
    path = url.removeprefix("http://testserver")
    assert events(client.get(path))
    shown_again = owner.get(agreement_page(furnished)).content.decode()
    assert path not in shown_again
    assert "Your calendar address is active" in shown_again
    revoked = owner.post(agreement_page(furnished), {"action": "revoke"})
    assert revoked.status_code == 302
    assert client.get(path).status_code == 404
    token = CalendarToken.objects.get(user=furnished.owner)
    assert token.language == "en" and token.agreement == furnished.agreement


def test_a_reader_may_have_a_feed_too(furnished):
    reader = furnished.client_for(furnished.reader)
    assert reader.post(agreement_page(furnished), {"action": "create"}).status_code == 200


def test_an_outsider_gets_404_on_the_agreement_page(furnished):
    outsider = furnished.client_for(furnished.outsider)
    assert outsider.get(agreement_page(furnished)).status_code == 404
    assert outsider.post(agreement_page(furnished), {"action": "create"}).status_code == 404
    assert not CalendarToken.objects.exists()


def test_the_personal_page(furnished, client):
    member = furnished.client_for(furnished.member)
    assert member.get("/scadenze/calendario/").status_code == 200
    created = member.post("/scadenze/calendario/", {"action": "create"})
    path = created.context["feed_url"].removeprefix("http://testserver")
    assert f"monitoring:{furnished.agreement.pk}:2016-06-30@coprogetta" in events(client.get(path))
    assert CalendarToken.objects.get().agreement is None


def test_a_bad_action_changes_nothing(furnished):
    owner = furnished.client_for(furnished.owner)
    response = owner.post("/scadenze/calendario/", {"action": "explode"})
    assert response.status_code == 200
    assert "Choose whether to create or to revoke the address." in response.content.decode()
    assert not CalendarToken.objects.exists()


def test_revoking_nothing_says_so(furnished):
    owner = furnished.client_for(furnished.owner)
    response = owner.post("/scadenze/calendario/", {"action": "revoke"}, follow=True)
    assert "There was no calendar address to revoke." in response.content.decode()


def test_the_pages_require_login(client, world):
    for url in ("/scadenze/calendario/", agreement_page(world)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accesso/")
