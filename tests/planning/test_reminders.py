"""``coprogetta reminders``: the coming week's deadlines by e-mail, each one once."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError

from coprogetta.agreements.models import Agreement
from coprogetta.planning import deadline_services as services
from coprogetta.planning.deadline_selectors import deadline_rows
from coprogetta.planning.models import ReminderSent

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    """The world with addresses for everyone but the reader."""
    for user, email in [(world.owner, "owner@comune.example"), (world.member, "member@consorzio.example"),
                        (world.outsider, "outsider@altrove.example")]:
        user.email = email
        user.first_name = "Anna"
        user.save()
    return world


def run(*args: str) -> str:
    out = StringIO()
    call_command("reminders", *args, stdout=out)
    return out.getvalue()


def to(address: str, outbox) -> list:
    return [m for m in outbox if m.to == [address]]


def test_first_run_sends_second_sends_nothing(people, mailoutbox):
    output = run("--today", "2016-06-24")
    assert "2 message(s) sent" in output
    assert sorted(m.to[0] for m in mailoutbox) == ["member@consorzio.example", "owner@comune.example"]
    message = to("owner@comune.example", mailoutbox)[0]
    assert message.subject == "Coprogetta: 1 scadenza nella prossima settimana"  # Italian by default
    assert "30/06/2016" in message.body and "Monitoraggio semestrale" in message.body
    assert "Coprogettazione 2016" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<caption" in html and "30/06/2016" in html and 'scope="row"' in html
    assert ReminderSent.objects.count() == 2

    assert "0 message(s) sent" in run("--today", "2016-06-24")
    assert "0 message(s) sent" in run("--today", "2016-06-25")
    assert len(mailoutbox) == 2


def test_a_new_deadline_later_is_sent(people, mailoutbox):
    run("--today", "2016-06-24")
    area = f.AreaFactory(agreement=people.agreement)
    f.ActionFactory(area=area, title="Relazione intermedia",
                    schedule={"status": "resolved", "deadlines": ["2016-06-28"]})
    run("--today", "2016-06-25")
    assert len(mailoutbox) == 4
    latest = to("owner@comune.example", mailoutbox)[-1]
    assert "Relazione intermedia" in latest.body
    assert "Monitoraggio semestrale" not in latest.body


def test_only_the_coming_week_and_nothing_done(people, mailoutbox):
    f.BudgetLineFactory(agreement=people.agreement)
    f.PaymentTrancheFactory(
        agreement=people.agreement, due_date=date(2016, 6, 20), status="paid", invoice_number="9/2016",
        invoice_date=date(2016, 6, 1), paid_date=date(2016, 6, 15),
    )
    run("--today", "2016-06-22")  # 30/06 is 8 days away; the paid tranche is past and done
    assert mailoutbox == []
    run("--today", "2016-06-23")  # 30/06 is 7 days away
    assert len(mailoutbox) == 2


def test_outsiders_receive_nothing_about_others_agreements(people, mailoutbox):
    theirs = f.AgreementFactory(title="Accordo di Altrove", start_date=date(2016, 3, 1),
                                end_date=date(2017, 2, 28))
    f.PartyFactory(agreement=theirs, organization=people.other)
    run("--today", "2016-06-24")
    outsider = to("outsider@altrove.example", mailoutbox)
    assert len(outsider) == 1
    assert "Accordo di Altrove" in outsider[0].body
    assert "Coprogettazione 2016" not in outsider[0].body
    for message in to("owner@comune.example", mailoutbox) + to("member@consorzio.example", mailoutbox):
        assert "Altrove" not in message.body and "Altrove" not in message.alternatives[0][0]


def test_users_without_address_closed_agreements_and_inactive_users_are_skipped(people, mailoutbox):
    people.member.is_active = False
    people.member.save()
    run("--today", "2016-06-24")
    assert [m.to for m in mailoutbox] == [["owner@comune.example"]]
    Agreement.objects.update(status=Agreement.Status.CLOSED)
    run("--today", "2016-12-26")
    assert len(mailoutbox) == 1


def test_dry_run_sends_and_records_nothing(people, mailoutbox):
    output = run("--today", "2016-06-24", "--dry-run")
    assert "2 message(s) would be sent" in output
    assert f"monitoring:{people.agreement.pk}:2016-06-30" in output
    assert mailoutbox == [] and not ReminderSent.objects.exists()


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--today", "24/06/2016")


def test_a_failed_send_records_nothing_and_is_retried(people, mailoutbox, monkeypatch):
    def broken(self, fail_silently=False):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    with pytest.raises(CommandError, match="could not be sent"):
        run("--today", "2016-06-24")
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    run("--today", "2016-06-24")
    assert len(mailoutbox) == 2


def test_a_deadline_claimed_by_a_concurrent_run_is_not_sent_again(people, mailoutbox):
    """A run that finds the row already written (another run inserted it) skips it."""
    rows = [r for r in deadline_rows(people.owner) if r.deadline.date == date(2016, 6, 30)]
    ReminderSent.objects.create(user=people.owner, deadline_key=rows[0].deadline.key,
                                deadline_date=rows[0].deadline.date, sent_on=date(2016, 6, 24))
    claimed = services._claim_and_send(people.owner, rows, today=date(2016, 6, 24), base_url="")
    assert claimed == [] and mailoutbox == []
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(user=people.owner, deadline_key=rows[0].deadline.key,
                                    deadline_date=rows[0].deadline.date, sent_on=date(2016, 6, 25))


def test_links_use_the_site_url(people, mailoutbox, settings):
    settings.SITE_URL = "https://coprogetta.example"
    run("--today", "2016-06-24")
    message = to("owner@comune.example", mailoutbox)[0]
    assert f"https://coprogetta.example/accordi/{people.agreement.pk}/" in message.body
    assert "https://coprogetta.example/scadenze/" in message.alternatives[0][0]


def test_the_message_is_in_the_language_of_the_users_feed(people, mailoutbox):
    services.calendar_token_create(user=people.owner, agreement=None, language="en")
    run("--today", "2016-06-24")
    message = to("owner@comune.example", mailoutbox)[0]
    assert message.body.startswith("Hello Anna,")
    assert 'lang="en"' in message.alternatives[0][0]
    italian = to("member@consorzio.example", mailoutbox)[0]
    assert 'lang="it"' in italian.alternatives[0][0]
