"""The demo: the Crema 2016 agreement as data, its figures, and the demo users."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from coprogetta.accounts.models import Membership, Organization
from coprogetta.agreements.models import Action, Agreement, BudgetLine, Contribution
from coprogetta.agreements.selectors import agreement_detail, agreements_visible_to, economic_summary
from coprogetta.documents import demo
from coprogetta.documents.interchange import (
    agreement_import,
    agreement_to_document,
    dumps,
    loads,
    validate_document,
)

pytestmark = pytest.mark.django_db

TEXT = demo.DEMO_FILE.read_text(encoding="utf-8")


@pytest.fixture
def loaded():
    return demo.demo_load(password="demo-test-password").agreement


def test_the_demo_file_is_valid_and_in_canonical_form():
    document = loads(TEXT)
    validate_document(document)
    assert dumps(document) == TEXT


def test_the_demo_round_trips_byte_identically(loaded):
    first = dumps(agreement_to_document(loaded))
    assert first == TEXT
    again = agreement_import(user=None, document=loads(first))
    assert dumps(agreement_to_document(again)) == TEXT


def test_the_demo_agreement_as_the_document_states_it(loaded):
    assert loaded.title == "Co-progettazione – Aggiornamento del documento di negoziazione 2016"
    assert (loaded.kind, loaded.status, loaded.financial_regime) == ("codesign", "active", "fee")
    assert (str(loaded.start_date), str(loaded.end_date)) == ("2016-01-01", "2016-12-31")
    assert loaded.tender_base_amount is None
    assert loaded.monitoring_checkpoints == ["2016-06-30", "2016-12-31"]
    assert loaded.monitoring_frequency == "semestrale"
    parties = {(p.organization.name, p.role, p.organization.kind) for p in loaded.parties.all()}
    assert parties == {
        ("Comune di Crema", "public_body", "public_body"),
        ('Consorzio "Sul Serio"', "third_sector", "consortium"),
    }
    assert [a.number for a in loaded.areas.all()] == [1, 2, 3, 4, 5]
    counts = {
        area.number: (
            area.actions.filter(kind=Action.Kind.CONSOLIDATION).count(),
            area.actions.filter(kind=Action.Kind.DEVELOPMENT).count(),
        )
        for area in loaded.areas.all()
    }
    # Oggetto lists, plus the Tempi items that match none of them
    assert counts == {1: (3, 11), 2: (2, 16), 3: (2, 10), 4: (0, 11), 5: (4, 11)}


def test_schedules_are_kept_as_written(loaded):
    def schedule(area: int, kind: str, title_start: str) -> str:
        action = Action.objects.get(area__agreement=loaded, area__number=area, kind=kind,
                                    title__startswith=title_start)
        return action.schedule_text

    assert schedule(1, "development", "Accompagnamento") == "dal mese di gennaio"
    assert schedule(1, "development", "Pulizia") == "chiusura per le vacanze di Pasqua e per quelle estive"
    assert schedule(1, "development", "Progetti condivisi di continuità") == "da aprile"
    assert schedule(1, "consolidation", "Asilo Nido") == "Gennaio-Dicembre 2016"
    assert schedule(3, "development", "Luoghi di comunità") == "Marzo /Dicembre"
    assert schedule(2, "development", "Formazione unica") == "Maggio e Settembre 2016"
    assert schedule(5, "development", "Aggiornamento semestrale") == "giugno e dicembre"


#: Actions the negotiation document gives no time for (neither "Tempi" nor "Oggetto" does).
#: ("Piano di fattibilità di attività laboratoriali" takes "nel mese di giugno" from its Oggetto.)
WITHOUT_SCHEDULE = {
    (2, "Aggregazione delle offerte profit e no profit"),
    (2, "Aggregazione e lavoro condiviso con i gruppi"),
    (4, "Coordinamento con le realtà territoriali"),
}


def test_every_written_schedule_is_understood_within_2016(loaded):
    missing = set()
    for action in Action.objects.filter(area__agreement=loaded).select_related("area"):
        if not action.schedule_text:
            missing.add(next(key for key in WITHOUT_SCHEDULE if key[0] == action.area.number
                             and action.title.startswith(key[1])))
            assert action.schedule is None
            continue
        schedule = action.schedule
        assert schedule["status"] in {"resolved", "ongoing"}, action.schedule_text
        assert not action.schedule_manual
        spans = [(i["start"], i["end"]) for i in schedule["intervals"]]
        spans += [(d, d) for d in schedule["deadlines"]]
        spans += [(r["start"], r["end"]) for r in schedule["recurrences"]]
        assert spans, action.schedule_text
        assert all("2016-01-01" <= start <= end <= "2016-12-31" for start, end in spans), action.schedule_text
        assert [n["code"] for n in schedule["notes"] if n["code"] != "holidays_assumed"] == []
    assert missing == WITHOUT_SCHEDULE


def test_schedules_as_the_demo_reads_them(loaded):
    def schedule(area: int, title_start: str) -> dict:
        found = Action.objects.get(area__agreement=loaded, area__number=area, title__startswith=title_start)
        return found.schedule

    assert schedule(1, "Progetti condivisi di continuità")["intervals"] == [
        {"start": "2016-04-01", "end": "2016-12-31"}
    ]
    assert schedule(4, "Servizi di primo livello")["deadlines"] == ["2016-07-31"]
    assert schedule(3, "Prospettive progettuali")["status"] == "ongoing"
    assert schedule(5, "Momenti informativi")["recurrences"][0]["kind"] == "monthly"
    cleaning = schedule(1, "Pulizia straordinaria")
    assert [n["params"]["holiday"] for n in cleaning["notes"]] == ["easter", "summer"]


def test_the_budget_lines_and_fee_tiers(loaded):
    lines = [
        (line.area.number, str(line.unit_amount), str(line.quantity), line.unit, line.vat_rate)
        for line in BudgetLine.objects.filter(agreement=loaded).order_by("area__number", "position")
    ]
    assert lines == [
        (1, "26736.87", "11.00", "month", "4"),
        (2, "3568.85", "6.00", "month", "4"),
        (2, "62280.00", "1.00", "lump_sum", "4"),
        (3, "2300.00", "12.00", "month", "4"),
        (3, "7283.00", "12.00", "month", "4"),
        (4, "42479.93", "1.00", "lump_sum", "4"),
        (5, "426842.00", "1.00", "lump_sum", "22"),
        (5, "16550.00", "1.00", "lump_sum", "22"),
        (5, "167962.11", "1.00", "lump_sum", "22"),
    ]
    nursery = BudgetLine.objects.get(agreement=loaded, area__number=1)
    tiers = [(t.min_count, t.max_count, t.unit_amount, t.renegotiate) for t in nursery.fee_tiers.all()]
    assert tiers == [
        (21, 26, Decimal("22909.58"), False),
        (20, 20, Decimal("19304.08"), False),
        (0, 19, None, True),
    ]


def test_the_economic_summary_gives_the_figures_of_the_document(loaded):
    admin = get_user_model().objects.get(username="admin")
    summary = economic_summary(agreement_detail(admin, loaded.pk))
    assert summary.total.net == Decimal("1146628.71")
    assert summary.total.vat == Decimal("155908.88")
    assert summary.total.gross == Decimal("1302537.59")
    per_area = {a.area.number: (a.items, a.quota) for a in summary.areas}
    assert per_area == {
        1: (Decimal("5540.00"), Decimal("0")),
        2: (Decimal("8450.00"), Decimal("0")),
        3: (Decimal("11490.00"), Decimal("9000.00")),
        4: (Decimal("11140.00"), Decimal("0")),
        5: (Decimal("39500.00"), Decimal("1550.49")),
    }
    area_gross = {a.area.number: a.total.gross for a in summary.areas}
    assert area_gross == {
        1: Decimal("305869.79"), 2: Decimal("87040.82"), 3: Decimal("119595.84"),
        4: Decimal("44179.13"), 5: Decimal("745852.01"),
    }
    assert summary.items == Decimal("76120.00")
    assert summary.quota == Decimal("10550.49")
    assert summary.resources == Decimal("86670.49")
    assert summary.resources_ratio == Decimal("7.56")


def test_the_quotas_are_one_percent_of_the_tender_base(loaded):
    quotas = Contribution.objects.filter(agreement=loaded, kind=Contribution.Kind.QUOTA)
    assert sorted((q.area.number, q.amount, q.percent) for q in quotas) == [
        (3, Decimal("9000.00"), Decimal("1.00")),
        (5, Decimal("1550.49"), Decimal("1.00")),
    ]


def test_itemised_contributions_fund_the_actions_they_name(loaded):
    def funded(area: int, description: str) -> Action | None:
        return Contribution.objects.get(agreement=loaded, area__number=area, description=description).action

    assert funded(1, "Supervisione psicologica presso le due sedi del nido comunale").title.startswith(
        "Accompagnamento/supervisione psicologica"
    )
    assert funded(1, "Progetto continuità Nido/Materna in via Pesadori").title == (
        "Progetti condivisi di continuità Nido-Materna"
    )
    assert funded(3, "Sportello ludopatia").title.startswith('Progetto "Illusioni"')
    assert funded(5, "Taglio erba Parco Chiappa").title == "Manutenzione di aree verdi cittadine"
    assert funded(4, "Attività di accoglienza unità di strada") is None
    linked = Contribution.objects.filter(agreement=loaded, kind="item", action__isnull=False).count()
    assert linked == Contribution.objects.filter(agreement=loaded, kind="item").count() - 5


def test_the_demo_users_and_what_they_see(loaded):
    users = get_user_model().objects
    roles = {
        (m.user.username, m.organization.name, m.role)
        for m in Membership.objects.select_related("user", "organization")
    }
    assert roles == {
        ("funzionario", "Comune di Crema", "officer"),
        ("referente", 'Consorzio "Sul Serio"', "coordinator"),
        ("operatore", 'Consorzio "Sul Serio"', "operator"),
        ("consigliere", "Comune di Crema", "reader"),
        ("esterno", "Comune di Esempio", "officer"),
    }
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    for username in ("funzionario", "referente", "operatore", "consigliere", "admin"):
        user = users.get(username=username)
        assert user.check_password("demo-test-password")
        assert list(agreements_visible_to(user)) == [loaded]
    assert not agreements_visible_to(users.get(username="esterno")).exists()


def test_loading_twice_changes_nothing(loaded):
    counts = (Agreement.objects.count(), Organization.objects.count(), get_user_model().objects.count(),
              Membership.objects.count(), Action.objects.count())
    again = demo.demo_load(password="another")
    assert not again.created and again.agreement == loaded
    assert [login.created for login in again.logins] == [False] * 6
    assert (Agreement.objects.count(), Organization.objects.count(), get_user_model().objects.count(),
            Membership.objects.count(), Action.objects.count()) == counts
    assert get_user_model().objects.get(username="funzionario").check_password("demo-test-password")


def test_the_password_comes_from_the_environment_when_set(monkeypatch):
    monkeypatch.delenv(demo.PASSWORD_VARIABLE, raising=False)
    assert demo.demo_password() == "coprogetta-demo"
    monkeypatch.setenv(demo.PASSWORD_VARIABLE, "s3gret0")
    assert demo.demo_password() == "s3gret0"
