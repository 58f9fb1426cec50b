"""Deadlines: monitoring checkpoints, activity programmes, tranches, actions, and how near."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coprogetta.lib import deadlines as dl
from coprogetta.lib.deadlines import Deadline, TrancheInput
from coprogetta.lib.schedules import Interval, Schedule

YEAR_2016 = Interval(date(2016, 1, 1), date(2016, 12, 31))


# -- monitoring ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("every", "expected"),
    [
        (6, ["2016-06-30", "2016-12-31"]),
        (4, ["2016-04-30", "2016-08-31", "2016-12-31"]),
        (3, ["2016-03-31", "2016-06-30", "2016-09-30", "2016-12-31"]),
    ],
)
def test_checkpoints_close_each_period_counted_from_january(every, expected):
    days = dl.checkpoint_dates(YEAR_2016, every_months=every)
    assert [d.isoformat() for d in days] == expected


def test_checkpoints_inside_a_period_across_two_years():
    period = Interval(date(2024, 9, 1), date(2025, 8, 31))
    assert dl.checkpoint_dates(period, every_months=6) == [date(2024, 12, 31), date(2025, 6, 30)]
    short = Interval(date(2024, 9, 1), date(2024, 12, 30))
    assert dl.checkpoint_dates(short, every_months=6) == []


def test_checkpoints_of_february_in_a_leap_year():
    period = Interval(date(2024, 1, 1), date(2024, 12, 31))
    assert date(2024, 2, 29) in dl.checkpoint_dates(period, every_months=2)


def test_explicit_checkpoints_win_sorted_and_once():
    explicit = [date(2016, 12, 31), date(2016, 6, 30), date(2016, 6, 30)]
    assert dl.checkpoint_dates(YEAR_2016, every_months=3, explicit=explicit) == [
        date(2016, 6, 30), date(2016, 12, 31),
    ]


def test_checkpoints_refuse_a_period_that_does_not_divide_the_year():
    with pytest.raises(ValueError, match="divide"):
        dl.checkpoint_dates(YEAR_2016, every_months=5)


def test_monitoring_deadlines_of_the_demo():
    found = dl.monitoring_deadlines(7, YEAR_2016, explicit=[date(2016, 6, 30), date(2016, 12, 31)])
    assert [(d.date, d.kind, d.key) for d in found] == [
        (date(2016, 6, 30), "monitoring", "monitoring:7:2016-06-30"),
        (date(2016, 12, 31), "monitoring", "monitoring:7:2016-12-31"),
    ]
    assert found[0].agreement_id == 7
    assert found[1].param("number") == "2" and found[1].param("count") == "2"
    generated = dl.monitoring_deadlines(7, YEAR_2016, every_months=4)
    assert generated[0].param("every_months") == "4" and generated[0].param("explicit") is None
    assert found[0].param("every_months") == "6" and found[0].param("explicit") == "1"


# -- activity programmes ---------------------------------------------------------------------


def test_programme_due_on_the_first_day_of_each_period_from_the_start():
    found = dl.programme_deadlines(3, YEAR_2016, every_months=4)
    assert [d.date for d in found] == [date(2016, 1, 1), date(2016, 5, 1), date(2016, 9, 1)]
    assert found[0].key == "programme:3:2016-01-01"
    assert found[0].param("until") == "2016-04-30"
    assert found[-1].param("until") == "2016-12-31"


def test_programme_from_a_month_end_start_does_not_drift():
    period = Interval(date(2016, 1, 31), date(2016, 12, 31))
    assert dl.programme_dates(period, every_months=1)[:4] == [
        date(2016, 1, 31), date(2016, 2, 29), date(2016, 3, 31), date(2016, 4, 30),
    ]


def test_no_programme_when_the_agreement_asks_for_none():
    assert dl.programme_deadlines(3, YEAR_2016, every_months=None) == []


# -- tranches and actions --------------------------------------------------------------------


def test_tranche_deadlines():
    tranches = [
        TrancheInput(10, date(2016, 6, 30), Decimal("500.00"), percent=Decimal("50"), number=1),
        TrancheInput(11, None, Decimal("1.00")),
        TrancheInput(12, date(2016, 12, 31), Decimal("500.00"), is_balance=True, paid=True, area_id=4),
    ]
    found = dl.tranche_deadlines(2, tranches)
    assert [d.key for d in found] == ["tranche:10:2016-06-30", "tranche:12:2016-12-31"]
    assert found[0].param("amount") == "500.00" and found[0].param("percent") == "50"
    assert found[0].param("balance") is None and found[1].param("balance") == "1"
    assert (found[1].done, found[1].area_id, found[1].ref_id) == (True, 4, 12)


def test_action_deadlines_from_the_schedule():
    schedule = Schedule.from_dict(
        "entro maggio 2016", {"status": "resolved", "deadlines": ["2016-05-31", "2016-05-31"]}
    )
    found = dl.action_deadlines(2, 9, schedule, area_id=1, title="Mappatura", number="1.3")
    assert [(d.date, d.key) for d in found] == [(date(2016, 5, 31), "action:9:2016-05-31")]
    assert found[0].param("title") == "Mappatura"
    assert found[0].param("text") == "entro maggio 2016"
    unresolved = Schedule.from_dict("boh", {"status": "unresolved"})
    assert dl.action_deadlines(2, 9, unresolved) == []


# -- how near --------------------------------------------------------------------------------


def deadline(day: date, key: str = "", *, done: bool = False) -> Deadline:
    return Deadline(day, "monitoring", key or f"monitoring:1:{day}", 1, done=done)


TODAY = date(2016, 6, 15)


def test_classify_into_overdue_and_windows():
    items = [
        deadline(date(2016, 6, 14)),  # overdue
        deadline(date(2016, 6, 15)),  # today: within 30
        deadline(date(2016, 7, 15)),  # day 30
        deadline(date(2016, 7, 16)),  # day 31
        deadline(date(2016, 9, 13)),  # day 90
        deadline(date(2016, 9, 14)),  # day 91: beyond every window
        deadline(date(2016, 1, 1), done=True),
    ]
    result = dl.classify(items, TODAY, 90)
    assert [d.date for d in result.overdue] == [date(2016, 6, 14)]
    assert [d.date for d in result.within(30)] == [date(2016, 6, 15), date(2016, 7, 15)]
    assert [d.date for d in result.within(60)] == [date(2016, 7, 16)]
    assert [d.date for d in result.within(90)] == [date(2016, 9, 13)]
    assert len(result) == 5
    short = dl.classify(items, TODAY, 30)
    assert list(short.groups) == ["overdue", "30"]
    assert len(short) == 3


def test_classify_refuses_other_horizons():
    with pytest.raises(ValueError):
        dl.classify([], TODAY, 45)


def test_due_between_leaves_done_out():
    items = [deadline(date(2016, 6, 20)), deadline(date(2016, 6, 21), done=True), deadline(date(2016, 6, 22)),
             deadline(date(2016, 6, 23))]
    assert [d.date for d in dl.due_between(items, TODAY, TODAY + timedelta(days=7))] == [
        date(2016, 6, 20), date(2016, 6, 22),
    ]


def test_ordered_by_date_then_kind():
    a = Deadline(date(2016, 6, 30), "tranche", "tranche:1:2016-06-30")
    b = Deadline(date(2016, 6, 30), "monitoring", "monitoring:1:2016-06-30")
    c = Deadline(date(2016, 1, 1), "action", "action:1:2016-01-01")
    assert dl.ordered([a, b, c]) == [c, b, a]


# -- properties ------------------------------------------------------------------------------


@st.composite
def periods(draw) -> Interval:
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
    length = draw(st.integers(min_value=1, max_value=6 * 366))
    return Interval(start, start + timedelta(days=length))


@given(periods(), st.sampled_from(dl.MONTHS_DIVIDING_A_YEAR))
def test_checkpoints_lie_inside_sorted_unique_and_at_month_ends(period, every):
    found = dl.monitoring_deadlines(1, period, every_months=every)
    days = [d.date for d in found]
    assert all(period.contains(day) for day in days)
    assert days == sorted(set(days))
    assert len({d.key for d in found}) == len(found)
    assert all((day + timedelta(days=1)).day == 1 for day in days)
    assert all(day.month % every == 0 for day in days)


@given(periods(), st.sampled_from([1, 2, 3, 4, 6, 12]))
def test_programmes_lie_inside_sorted_unique_and_no_gap_longer_than_the_rhythm(period, every):
    found = dl.programme_deadlines(1, period, every_months=every)
    days = [d.date for d in found]
    assert days[0] == period.start
    assert all(period.contains(day) for day in days)
    assert days == sorted(set(days))
    assert len({d.key for d in found}) == len(found)
    assert days == [dl.add_months(period.start, k * every) for k in range(len(days))]
    assert dl.add_months(period.start, len(days) * every) > period.end


@given(
    periods(),
    st.lists(st.tuples(st.integers(1, 50), st.dates(date(2000, 1, 1), date(2099, 1, 1)))),
)
def test_every_kind_together_has_unique_keys(period, actions):
    items = dl.monitoring_deadlines(1, period, every_months=3) + dl.programme_deadlines(
        1, period, every_months=4
    )
    for action_id, day in actions:
        schedule = Schedule("x", "resolved", deadlines=(day,))
        items += dl.action_deadlines(1, action_id, schedule)
    items += dl.monitoring_deadlines(2, period, every_months=3)
    unique = {(d.kind, d.ref_id, d.agreement_id, d.date) for d in items}
    assert len({d.key for d in items}) == len(unique)
    assert dl.ordered(items) == sorted(items, key=lambda d: (d.date, dl.KINDS.index(d.kind), d.key))


@given(st.lists(st.dates(date(2015, 1, 1), date(2017, 12, 31))), st.sampled_from(dl.HORIZONS))
def test_classify_puts_each_deadline_in_at_most_one_group_in_order(days, horizon):
    items = [deadline(day, f"k:{i}") for i, day in enumerate(days)]
    result = dl.classify(items, TODAY, horizon)
    placed = [d for group in result.groups.values() for d in group]
    assert len(placed) == len({d.key for d in placed})
    for group in result.groups.values():
        assert [d.date for d in group] == sorted(d.date for d in group)
    assert all(d.date < TODAY for d in result.overdue)
    assert all(0 <= (d.date - TODAY).days <= horizon for d in placed if d not in result.overdue)
