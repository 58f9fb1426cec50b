"""The dashboard's alerts (coprogetta.lib.alerts): each kind, its severity, and the order."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import alerts
from coprogetta.lib.alerts import Severity

TODAY = date(2016, 7, 15)


# -- tier changes and renegotiation ----------------------------------------------------------


def test_tier_changes_from_the_month_of_since_on_are_info():
    changes = [
        alerts.TierChangeInput(3, "Asilo nido", date(2016, 3, 1), "the base fee", "the 21–26 tier"),
        alerts.TierChangeInput(3, "Asilo nido", date(2016, 7, 1), "the 21–26 tier", "the 27–30 tier"),
        alerts.TierChangeInput(3, "Asilo nido", date(2016, 9, 1), "the 27–30 tier", "the base fee"),
    ]
    found = alerts.tier_change_alerts(changes, since=date(2016, 7, 20))
    assert [(a.date, a.before, a.after) for a in found] == [
        (date(2016, 7, 1), "the 21–26 tier", "the 27–30 tier"),
        (date(2016, 9, 1), "the 27–30 tier", "the base fee"),
    ]
    assert {a.severity for a in found} == {Severity.INFO}
    assert {(a.kind, a.ref_id, a.subject) for a in found} == {("tier_change", 3, "Asilo nido")}
    assert len({a.key for a in found}) == 2


def test_one_renegotiation_warning_per_line_listing_its_months():
    found = alerts.renegotiate_alerts([
        alerts.RenegotiateInput(1, "Nido", (date(2016, 6, 1), date(2016, 5, 1), date(2016, 5, 1))),
        alerts.RenegotiateInput(2, "Mensa", ()),
    ])
    assert len(found) == 1
    (alert,) = found
    assert (alert.kind, alert.severity, alert.ref_id, alert.subject) == (
        "renegotiate", Severity.WARNING, 1, "Nido")
    assert alert.dates == (date(2016, 5, 1), date(2016, 6, 1))
    assert alert.date == date(2016, 5, 1)


# -- money -----------------------------------------------------------------------------------


def test_overspend_is_danger_with_the_excess_and_exact_plan_is_no_alert():
    found = alerts.overspend_alerts([
        alerts.SpendInput("budget_line:1", "Supervisione", Decimal("700.00"), Decimal("750.00"), 1),
        alerts.SpendInput("budget_line:2", "Materiali", Decimal("300.00"), Decimal("300.00"), 2),
        alerts.SpendInput("contribution:1", "Quota", Decimal("100.00"), Decimal("0.01"), 1),
    ])
    assert [(a.kind, a.severity, a.subject, a.amount, a.ref_id) for a in found] == [
        ("overspend", Severity.DANGER, "Supervisione", Decimal("50.00"), 1)]


def test_tranches_overdue_are_unpaid_and_due_before_today():
    tranches = [
        alerts.TrancheDue(1, date(2016, 3, 31), Decimal("1000.00"), paid=True, number=1),
        alerts.TrancheDue(2, date(2016, 6, 30), Decimal("2000.00"), number=2, waiting_for="payment"),
        alerts.TrancheDue(3, TODAY, Decimal("3000.00"), number=3),
        alerts.TrancheDue(4, date(2016, 12, 31), None, number=4),
    ]
    found = alerts.tranche_overdue_alerts(tranches, today=TODAY)
    assert [(a.ref_id, a.subject, a.amount, a.days, a.after, a.severity) for a in found] == [
        (2, "2", Decimal("2000.00"), 15, "payment", Severity.DANGER)]


# -- reports ---------------------------------------------------------------------------------


def test_report_due_passed_is_danger_soon_is_warning_later_is_nothing():
    checkpoints = [date(2016, 1, 31), date(2016, 6, 30), date(2016, 7, 31), date(2016, 8, 15),
                   date(2016, 12, 31)]
    found = alerts.report_due_alerts(checkpoints, [date(2016, 1, 31)], today=TODAY, within_days=31)
    assert [(a.date, a.severity, a.days) for a in found] == [
        (date(2016, 6, 30), Severity.DANGER, 15),
        (date(2016, 7, 31), Severity.WARNING, 16),
        (date(2016, 8, 15), Severity.WARNING, 31),
    ]
    assert alerts.report_due_alerts([TODAY], [], today=TODAY, within_days=0)[0].severity == Severity.WARNING
    assert alerts.report_due_alerts(checkpoints, checkpoints, today=TODAY) == []
    with pytest.raises(ValueError):
        alerts.report_due_alerts(checkpoints, [], today=TODAY, within_days=-1)


# -- hours -----------------------------------------------------------------------------------


def _period(month: int, planned: str, logged: str) -> alerts.HoursPeriod:
    start = date(2016, month, 1)
    return alerts.HoursPeriod(start, date(2016, month + 3, 30), Decimal(planned), Decimal(logged))


def test_hours_over_plan_in_total_hides_the_periods():
    line = alerts.HoursInput(7, "Educatore", Decimal("100"), Decimal("120"),
                             (_period(1, "50", "90"), _period(5, "50", "30")))
    (alert,) = alerts.hours_alerts([line])
    assert (alert.kind, alert.severity, alert.amount, alert.date, alert.period_end) == (
        "hours_over_plan", Severity.WARNING, Decimal("20"), None, None)


def test_hours_over_plan_in_a_period_only():
    line = alerts.HoursInput(7, "Educatore", Decimal("100"), Decimal("95"),
                             (_period(1, "50", "70"), _period(5, "50", "25")))
    fine = alerts.HoursInput(8, "Coordinatore", Decimal("10"), Decimal("10"), (_period(1, "10", "10"),))
    (alert,) = alerts.hours_alerts([line, fine])
    assert (alert.amount, alert.period_start, alert.date) == (
        Decimal("20"), date(2016, 1, 1), date(2016, 4, 30))


# -- order -----------------------------------------------------------------------------------


def test_ordered_by_severity_then_date_undated_last():
    tier = alerts.tier_change_alerts(
        [alerts.TierChangeInput(1, "Nido", date(2016, 1, 1), "a", "b")], since=date(2016, 1, 1))
    over = alerts.overspend_alerts([alerts.SpendInput("b:1", "L", Decimal(1), Decimal(2))])
    late = alerts.tranche_overdue_alerts([alerts.TrancheDue(1, date(2016, 5, 1))], today=TODAY)
    report = alerts.report_due_alerts([date(2016, 6, 30), date(2016, 7, 20)], [], today=TODAY)
    result = alerts.ordered([*tier, *over, *report, *late])
    assert [(a.kind, a.date) for a in result] == [
        ("tranche_overdue", date(2016, 5, 1)),
        ("report_due", date(2016, 6, 30)),
        ("overspend", None),
        ("report_due", date(2016, 7, 20)),
        ("tier_change", date(2016, 1, 1)),
    ]
    counts = alerts.count_by_severity(result)
    assert list(counts.items()) == [(Severity.DANGER, 3), (Severity.WARNING, 1), (Severity.INFO, 1)]
    assert Severity.DANGER.css == "danger"


days = st.integers(min_value=0, max_value=800).map(lambda n: date(2016, 1, 1) + timedelta(days=n))


@given(st.lists(days, max_size=12), st.lists(days, max_size=12), days, st.integers(0, 90))
def test_every_unreported_checkpoint_up_to_the_window_is_an_alert(checkpoints, reported, today, within):
    found = alerts.report_due_alerts(checkpoints, reported, today=today, within_days=within)
    expected = sorted(
        d for d in set(checkpoints) - set(reported) if (d - today).days <= within
    )
    assert [a.date for a in found] == expected
    for alert in found:
        assert alert.severity == (Severity.DANGER if alert.date < today else Severity.WARNING)
        assert alert.days == abs((alert.date - today).days)
    assert len({a.key for a in found}) == len(found)


severities = st.sampled_from(list(Severity))
kinds = st.sampled_from(alerts.KINDS)
any_alert = st.builds(
    lambda kind, severity, day, n: alerts.Alert(kind, severity, day, f"{kind}:{n}"),
    kinds, severities, st.none() | days, st.integers(0, 50),
)


@given(st.lists(any_alert, max_size=20))
def test_ordered_keeps_every_alert_most_severe_first(items):
    result = alerts.ordered(items)
    assert sorted(result, key=repr) == sorted(items, key=repr)
    for first, second in zip(result, result[1:], strict=False):
        assert first.severity >= second.severity
        if first.severity == second.severity and first.date and second.date:
            assert first.date <= second.date
        if first.severity == second.severity and first.date is None:
            assert second.date is None
