"""The demo's first half of 2016: hours, nursery counts and fees, expenses, indicators,
progress and invoices, with their figures worked out by hand; loading twice changes nothing."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation

from coprogetta.accounts.models import AuditEntry
from coprogetta.agreements.models import Action, PaymentTranche, StaffCost
from coprogetta.documents import demo
from coprogetta.documents.demo import monitoring_2016 as h1
from coprogetta.lib import holidays
from coprogetta.monitoring import selectors
from coprogetta.monitoring.expense_selectors import expense_summary
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)

pytestmark = pytest.mark.django_db

D = Decimal
MODELS = (TimeEntry, EnrolmentCount, Expense, Indicator, IndicatorTarget, IndicatorValue,
          ActionProgress, PaymentTranche, StaffCost, AuditEntry)


@pytest.fixture
def loaded():
    agreement = demo.demo_load(password="demo-test-password").agreement
    result = h1.demo_monitoring_load(agreement)
    return agreement, result


def action(agreement, area: int, kind: str, number: int) -> Action:
    return Action.objects.get(area__agreement=agreement, area__number=area, kind=kind, number=number)


def nursery_line(agreement):
    return selectors.monthly_lines(agreement).get(area__number=1)


# -- hours ---------------------------------------------------------------------------------


def test_hours_per_line_and_action(loaded):
    agreement, result = loaded
    summary = selectors.hours_summary(agreement)
    # The staff-cost line of the sample: 20 hours of supervision at € 35,00 (= € 700,00).
    [line] = summary.lines
    cost = line.cost
    assert (cost.role, cost.hours, cost.hourly_rate) == (h1.SUPERVISION_ROLE, D("20"), D("35.00"))
    assert cost.amounts.gross == D("700.00")
    # Sessions of 2 hours in Jan, Feb, Mar (6 h in Jan–Apr) and May, 1,5 in June (3,5 h in May–Aug).
    assert line.total.logged == D("9.50")
    assert [p.logged for p in line.periods] == [D("6.00"), D("3.50"), D("0.00")]
    # Planned by days: 20 × 121/366 = 6,61; 20 × 123/366 = 6,72; the rest 6,67.
    assert [p.planned for p in line.periods] == [D("6.61"), D("6.72"), D("6.67")]
    assert summary.warnings == []
    # Nor over the plan at the checkpoint: 20 × 182/366 = 9,945 -> 9,95 planned by 30/06.
    year, halves = selectors.Period(date(2016, 1, 1), date(2016, 12, 31)), [
        selectors.Period(date(2016, 1, 1), date(2016, 6, 30)),
        selectors.Period(date(2016, 7, 1), date(2016, 12, 31)),
    ]
    assert selectors.split_hours(D("20"), year, halves)[0] == D("9.95") >= line.total.logged
    assert line.total.logged_cost.gross == D("332.50")  # 9,5 × 35,00

    by_action = {(a.action.area.number, a.action.kind, a.action.number): a.logged for a in summary.actions}
    assert by_action == {
        (1, "development", 2): D("8.00"),    # 4 evening meetings × 2 h
        (1, "development", 3): D("16.00"),   # Easter closure: 6 + 6 + 4
        # Tuesdays with lessons, 12/01–07/06: 3 + 4 + 4 (29/03 in the Easter holidays) + 4 + 5 + 1
        (2, "development", 12): D("42.00"),  # 21 × 2 h
        (2, "development", 1): D("15.00"),   # 5 meetings × 3 h
        # Mondays with lessons, 11/01–06/06: 3 + 5 + 3 (not 28/03) + 3 (not 25/04) + 5 + 1
        (3, "development", 9): D("40.00"),   # 20 × 2 h
        (3, "development", 8): D("10.00"),   # 5 monthly meetings × 2 h
        (4, "development", 8): D("10.00"),   # 3 + 4 + 3
        (5, "development", 1): D("12.00"),   # 6 monthly meetings × 2 h
    }
    assert result.hours == D("162.50") == sum(by_action.values()) + line.total.logged
    assert result.time_entries == 72 == TimeEntry.objects.filter(agreement=agreement).count()
    per_user = {
        username: sum(TimeEntry.objects.filter(agreement=agreement, user__username=username)
                      .values_list("hours", flat=True))
        for username in ("operatore", "referente")
    }
    assert per_user == {"operatore": D("115.50"), "referente": D("47.00")}


def test_hours_fall_on_working_days_and_school_days(loaded):
    agreement, _ = loaded
    easter_first, easter_last = holidays.easter_holidays(2016)
    assert (easter_first, easter_last) == (date(2016, 3, 24), date(2016, 3, 29))
    national = {date(2016, 1, 1), date(2016, 1, 6), date(2016, 3, 28), date(2016, 4, 25),
                date(2016, 5, 1), date(2016, 6, 2), date(2016, 6, 10)}
    assert national <= h1.public_holidays(2016)
    cleaning = action(agreement, 1, "development", 3)
    entries = list(TimeEntry.objects.filter(agreement=agreement).select_related("action"))
    for entry in entries:
        assert entry.date.weekday() < 5 and entry.date not in national, entry
        assert date(2016, 1, 7) <= entry.date <= date(2016, 6, 30), entry
        in_easter = easter_first <= entry.date <= easter_last
        # Only the extraordinary cleaning is done while the nursery is closed for Easter.
        assert in_easter == (entry.action == cleaning), entry
    assert not any(e.date >= date(2016, 6, 9) for e in entries if e.action and e.action.area.number in (2, 3)
                   and e.action.number in (12, 9))


# -- enrolment counts and fees -------------------------------------------------------------


def test_nursery_counts_and_the_fee_due_each_month(loaded):
    agreement, result = loaded
    line = nursery_line(agreement)
    assert result.enrolment_counts == 6
    assert [(c.month.month, c.count) for c in line.enrolment_counts.all()] == [
        (1, 27), (2, 27), (3, 26), (4, 26), (5, 25), (6, 24),
    ]
    enrolment = selectors.line_enrolment(agreement, line)
    assert enrolment.error == ""
    rows = enrolment.projection.rows
    # 27 keeps the base fee; 26 and fewer (down to 21) the 21–26 tier: 22.909,58.
    assert [(r.month.month, r.count, r.reported, r.fee.unit_amount) for r in rows[:6]] == [
        (1, 27, True, D("26736.87")), (2, 27, True, D("26736.87")), (3, 26, True, D("22909.58")),
        (4, 26, True, D("22909.58")), (5, 25, True, D("22909.58")), (6, 24, True, D("22909.58")),
    ]
    # July–November carry June's 24; August is paid too (no December count yet).
    assert [r.month.month for r in rows] == list(range(1, 12))
    assert all((r.count, r.reported) == (24, False) for r in rows[6:])
    with translation.override("en"):
        assert enrolment.tier_changes == [(date(2016, 3, 1), "the base fee", "the 21–26 tier")]
    assert enrolment.renegotiate_months == ""
    # The year projected: 2 × 26.736,87 + 9 × 22.909,58 = 53.473,74 + 206.186,22 = 259.659,96;
    # IVA 4 % = 10.386,3984 -> 10.386,40; gross 270.046,36, i.e. 35.823,43 below 305.869,79.
    assert enrolment.projection.projected.net == D("259659.96")
    assert enrolment.projection.projected.vat == D("10386.40")
    assert enrolment.projection.projected.gross == D("270046.36")
    assert enrolment.projection.difference == D("-35823.43")


def test_the_nursery_invoices_follow_the_counts(loaded):
    agreement, result = loaded
    tranches = list(PaymentTranche.objects.filter(agreement=agreement).order_by("position"))
    assert result.tranches == 6
    # 26.736,87 × 1,04 = 27.806,3448 -> 27.806,34; 22.909,58 × 1,04 = 23.825,9632 -> 23.825,96
    assert [t.amount for t in tranches] == [D("27806.34")] * 2 + [D("23825.96")] * 4
    assert [(t.status, t.invoice_number, t.invoice_date, t.paid_date) for t in tranches] == [
        ("paid", "12/2016", date(2016, 2, 1), date(2016, 2, 29)),
        ("paid", "31/2016", date(2016, 3, 1), date(2016, 3, 31)),
        ("paid", "52/2016", date(2016, 4, 1), date(2016, 4, 29)),
        ("paid", "70/2016", date(2016, 5, 2), date(2016, 5, 31)),
        ("invoiced", "91/2016", date(2016, 6, 1), None),
        ("planned", "", None, None),
    ]
    assert [t.due_date for t in tranches] == [
        date(2016, 3, 2), date(2016, 3, 31), date(2016, 5, 1), date(2016, 6, 1), date(2016, 7, 1),
        date(2016, 7, 31),
    ]
    assert all(t.area.number == 1 for t in tranches)
    # Paid by 30/06: 2 × 27.806,34 + 2 × 23.825,96 = 55.612,68 + 47.651,92 = 103.264,60
    assert sum(t.amount for t in tranches if t.status == "paid") == D("103264.60")
    assert tranches[0].due_text == "Corrispettivo del nido, gennaio 2016 (27 iscritti)"


# -- expenses ------------------------------------------------------------------------------


def test_expense_totals(loaded):
    agreement, result = loaded
    summary = expense_summary(agreement)
    per_area = {row.area.number: row.spend.spent for row in summary.areas}
    # Ambito 1: 140 + 70 + 122,50 + 120 + 45,50 + 120 + 450 + 85,40 + 186,30 + 250 = 1.589,70
    # Ambito 2: 380 + 300 + 300 + 162,50 + 162,50 = 1.305,00
    # Ambito 3: 4 × 150 + 480 + 320 + 450 = 1.850,00
    # Ambito 4: 3 × 450 + 300 = 1.650,00
    # Ambito 5: 3 × 1.200 + 2 × 350 = 4.300,00
    assert per_area == {1: D("1589.70"), 2: D("1305.00"), 3: D("1850.00"), 4: D("1650.00"), 5: D("4300.00")}
    assert summary.spend.spent == result.spent == D("10694.70")
    assert result.expenses == 31 == Expense.objects.filter(agreement=agreement).count()
    # Only the consortium's resources are spent on, never the municipality's budget lines.
    assert not Expense.objects.filter(agreement=agreement, contribution__isnull=True).exists()
    # One line over its plan, with the reason: the training, 380 against 300.
    [over] = summary.warnings
    assert over.line.description == "Formazione operatori (pre e post e tempo estate)"
    spend = over.spend
    assert (spend.planned, spend.spent, spend.overspend) == (D("300.00"), D("380.00"), D("80.00"))
    reasons = Expense.objects.filter(agreement=agreement).exclude(over_budget_reason="")
    assert [e.contribution.description for e in reasons] == [over.line.description]
    # Spent exactly to the plan is not over: the supervision of Ambito 3, 4 × 150 = 600.
    [supervision] = [r for r in summary.areas[2].lines if r.line.description.startswith("Supervisione")]
    assert (supervision.spend.spent, supervision.spend.over) == (D("600.00"), False)
    recorders = Expense.objects.filter(agreement=agreement).values_list("recorded_by__username", flat=True)
    assert set(recorders) == {"referente"}


# -- indicators ----------------------------------------------------------------------------


def test_indicators_with_targets_and_june_values(loaded):
    agreement, result = loaded
    indicators = list(Indicator.objects.filter(agreement=agreement).prefetch_related("targets", "values"))
    assert (result.indicators, result.indicator_values) == (8, 8) == (len(indicators), len(indicators))
    for indicator in indicators:
        assert [t.period_end for t in indicator.targets.all()] == [date(2016, 6, 30), date(2016, 12, 31)]
        [value] = indicator.values.all()
        assert value.period_end == date(2016, 6, 30)
        assert value.reported_by.username == "referente"
        if value.status == IndicatorValue.Status.APPROVED:
            assert value.approved_by.username == "funzionario" and value.approved_at is not None
        else:
            assert value.approved_by is None and value.approved_at is None
    values = {i.name: (i.baseline, i.values.all()[0].value, i.values.all()[0].status) for i in indicators}
    assert sorted(s for _, _, s in values.values()).count("approved") == 5
    # The values agree with what the demo recorded.
    nursery = values["Bambini iscritti all'Asilo Nido di Via Dante/Pesadori"]
    assert nursery == (D("27.00"), D("24.00"), "approved")
    assert EnrolmentCount.objects.get(budget_line__agreement=agreement, month=date(2016, 6, 1)).count == 24
    assert values["Ore di supervisione psicologica svolte con gli operatori"][1] == D("9.50")
    assert values["Genitori partecipanti agli incontri formativi"] == (D("45.00"), D("52.00"), "submitted")
    waiting = Indicator.objects.get(agreement=agreement, higher_is_better=False)
    targets = [t.target for t in waiting.targets.all()]
    assert (waiting.baseline, targets) == (D("12.50"), [D("10.00"), D("8.00")])


# -- progress ------------------------------------------------------------------------------


def test_actions_carry_their_latest_checkpoint(loaded):
    agreement, result = loaded
    checkpoints = ActionProgress.objects.filter(action__area__agreement=agreement).order_by("date", "id")
    assert result.checkpoints == 18 == checkpoints.count()
    latest = {}
    for checkpoint in checkpoints:
        latest[checkpoint.action_id] = checkpoint
    for action_id, checkpoint in latest.items():
        current = Action.objects.get(pk=action_id)
        assert (current.status, current.progress) == (checkpoint.status, checkpoint.percent)
    untouched = Action.objects.filter(area__agreement=agreement).exclude(pk__in=list(latest))
    assert set(untouched.values_list("status", "progress")) == {("not_started", 0)}
    statuses = sorted(c.status for c in latest.values())
    assert statuses.count("done") == 6 and statuses.count("delayed") == 1
    delayed = action(agreement, 4, "development", 8)
    assert (delayed.status, delayed.progress) == ("delayed", 70)
    assert "settembre" in delayed.checkpoints.first().note
    coordination = action(agreement, 2, "development", 1)
    assert (coordination.status, coordination.progress) == ("done", 100)
    # Every action with hours has started; none has hours after it was done.
    worked = Action.objects.filter(time_entries__agreement=agreement).distinct()
    assert worked.count() == 8 and not worked.filter(status="not_started").exists()
    for checkpoint in latest.values():
        if checkpoint.status == "done":
            assert not TimeEntry.objects.filter(action=checkpoint.action, date__gt=checkpoint.date).exists()


# -- loading -------------------------------------------------------------------------------


def counts():
    return tuple(model.objects.count() for model in MODELS)


def test_loading_twice_changes_nothing(loaded):
    agreement, first = loaded
    assert first.created
    before = counts()
    versions = sorted(Action.objects.values_list("pk", "version"))
    again = h1.demo_monitoring_load(demo.demo_load(password="x").agreement)
    assert not again.created and again == h1.MonitoringResult()
    assert counts() == before
    assert sorted(Action.objects.values_list("pk", "version")) == versions


def test_the_command_loads_it_once_and_says_so(monkeypatch):
    monkeypatch.delenv(demo.PASSWORD_VARIABLE, raising=False)
    with translation.override("en"):
        out = StringIO()
        call_command("load_demo", stdout=out)
        first = out.getvalue()
        before = counts()
        out = StringIO()
        call_command("load_demo", stdout=out)
        second = out.getvalue()
    assert first.splitlines()[-4:] == [
        "Monitoring January–June 2016: 162,50 hours in 72 entries, 6 monthly counts, 31 expenses "
        "(€ 10.694,70), 8 indicators, 18 progress checkpoints, 6 tranches.",
        "Territory: a needs analysis with 8 needs, 34 resources in the directory, 2 activity programmes.",
        "Negotiation: 2 versions of the negotiated text, to compare side by side.",
        "People: operatore records hours, counts and expenses only on Area 1, Action 2.12, Action 3.9 "
        "(page People).",
    ]
    assert second.splitlines()[-4:] == [
        "Monitoring January–June 2016: already recorded; nothing changed.",
        "Territory: already recorded; nothing changed.",
        "Negotiation: already recorded; nothing changed.",
        "People: operatore records hours, counts and expenses only on Area 1, Action 2.12, Action 3.9 "
        "(page People).",
    ]
    assert counts() == before
    assert get_user_model().objects.filter(username="operatore").count() == 1


def test_the_demo_users_are_needed():
    from coprogetta.agreements.models import Agreement

    agreement = Agreement.objects.create(
        title="x", kind="codesign", start_date=date(2016, 1, 1), end_date=date(2016, 12, 31)
    )
    with pytest.raises(LookupError):
        h1.demo_monitoring_load(agreement)
    assert not TimeEntry.objects.exists()
