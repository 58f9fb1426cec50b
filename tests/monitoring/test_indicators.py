"""Indicators: definition with targets in one transaction, values in the indicator's unit,
approval by the public body, edit conflicts, and the report with its roll-ups."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coprogetta.accounts.models import AuditEntry, Membership
from coprogetta.accounts.services import EditConflict
from coprogetta.monitoring import indicator_services as services
from coprogetta.monitoring.indicator_selectors import (
    chosen_checkpoint,
    default_checkpoint,
    indicator_report,
    user_can_approve,
    user_can_change_value,
)
from coprogetta.monitoring.models import Indicator, IndicatorTarget, IndicatorValue
from tests import factories as f

pytestmark = pytest.mark.django_db

JUNE, DECEMBER = date(2016, 6, 30), date(2016, 12, 31)
D = Decimal


@pytest.fixture(autouse=True)
def english():
    """The services' sentences in English, as the tests assert the messages' ids."""
    with translation.override("en"):
        yield


@pytest.fixture
def operator(world):
    return f.MembershipFactory(organization=world.consortium, role=Membership.Role.OPERATOR).user


def make(world, name="Bambini iscritti", unit="count", targets=None, **extra):
    return services.indicator_create(
        user=world.owner, agreement=world.agreement, name=name, unit=unit,
        targets=targets if targets is not None else {JUNE: "20", DECEMBER: "30"}, **extra,
    )


def report(indicator, value, user, day=JUNE):
    return services.indicator_value_create(user=user, indicator=indicator, period_end=day, value=value)


# -- definition --------------------------------------------------------------------------


def test_create_saves_the_indicator_and_its_targets(world):
    area = f.AreaFactory(agreement=world.agreement)
    indicator = make(world, area=area, baseline="10 bambini", definition=" Iscritti al nido ")
    assert (indicator.area, indicator.baseline, indicator.definition, indicator.position) == (
        area, D("10"), "Iscritti al nido", 1)
    assert dict(indicator.targets.values_list("period_end", "target")) == {JUNE: D(20), DECEMBER: D(30)}
    assert make(world, name="Second").position == 2
    audited = set(AuditEntry.objects.values_list("object_type", flat=True))
    assert {"monitoring.indicator", "monitoring.indicatortarget"} <= audited


def test_a_target_in_the_wrong_unit_saves_nothing(world):
    with pytest.raises(ValidationError) as caught:
        make(world, unit="percent", targets={JUNE: "40", DECEMBER: "40 h"})
    assert "target_20161231" in caught.value.message_dict
    message = caught.value.message_dict["target_20161231"][0]
    assert "“40 h” is written in hours" in message and "percentage" in message
    assert not Indicator.objects.exists() and not IndicatorTarget.objects.exists()


def test_a_target_off_the_checkpoints_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        make(world, targets={date(2016, 3, 31): "5"})
    assert "31/03/2016 is not one of the agreement's monitoring checkpoints" in str(caught.value)
    assert not Indicator.objects.exists()


def test_only_editors_define_indicators(world, operator):
    for user in (world.reader, operator, world.outsider):
        with pytest.raises(PermissionDenied):
            services.indicator_create(user=user, agreement=world.agreement, name="X", unit="count")
    assert make(world).pk and services.indicator_create(
        user=world.member, agreement=world.agreement, name="Y", unit="count").pk


def test_an_action_places_the_indicator_in_its_area(world):
    area, other = f.AreaFactory(agreement=world.agreement), f.AreaFactory(agreement=world.agreement)
    action = f.ActionFactory(area=area)
    assert make(world, action=action).area == area
    with pytest.raises(ValidationError) as caught:
        make(world, action=action, area=other)
    assert "action" in caught.value.message_dict
    foreign = f.AreaFactory()
    with pytest.raises(ValidationError) as caught:
        make(world, area=foreign)
    assert "area" in caught.value.message_dict


def test_update_syncs_targets_and_bumps_the_version(world):
    indicator = make(world)
    services.indicator_update(
        user=world.owner, indicator=indicator, name="Bambini", unit="count",
        targets={JUNE: "", DECEMBER: "35"}, version=1,
    )
    indicator.refresh_from_db()
    assert indicator.name == "Bambini" and indicator.version == 2
    assert dict(indicator.targets.values_list("period_end", "target")) == {DECEMBER: D(35)}


def test_a_refused_update_changes_nothing(world):
    indicator = make(world)
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=world.owner, indicator=indicator, name="Altro nome", unit="count",
                                  targets={JUNE: "", DECEMBER: "30,5"}, version=1)
    assert "target_20161231" in caught.value.message_dict
    fresh = Indicator.objects.get()
    assert (fresh.name, fresh.version) == ("Bambini iscritti", 1)
    assert dict(fresh.targets.values_list("period_end", "target")) == {JUNE: D(20), DECEMBER: D(30)}


def test_a_stale_edit_is_refused_even_when_only_targets_change(world):
    indicator = make(world)
    services.indicator_update(user=world.member, indicator=Indicator.objects.get(), name="Nuovo nome",
                              unit="count", targets={JUNE: "20", DECEMBER: "30"}, version=1)
    with pytest.raises(EditConflict) as caught:
        services.indicator_update(user=world.owner, indicator=indicator, name="Bambini iscritti",
                                  unit="count", targets={JUNE: "25", DECEMBER: "30"}, version=1)
    assert caught.value.current_version == 2
    fresh = Indicator.objects.get()
    with pytest.raises(EditConflict):
        services.indicator_update(user=world.owner, indicator=fresh, name="Nuovo nome",
                                  unit="count", targets={JUNE: "25", DECEMBER: "30"}, version=1)
    assert IndicatorTarget.objects.get(period_end=JUNE).target == D(20)
    services.indicator_update(user=world.owner, indicator=fresh, name="Nuovo nome", unit="count",
                              targets={JUNE: "25", DECEMBER: "30"}, version=2)
    assert IndicatorTarget.objects.get(period_end=JUNE).target == D(25)
    assert Indicator.objects.get().version == 3


def test_a_unit_the_reported_values_do_not_fit_is_refused(world):
    indicator = make(world)
    report(indicator, "120", world.member)
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(user=world.owner, indicator=indicator, name=indicator.name,
                                  unit="percent", targets={}, version=1)
    message = caught.value.message_dict["unit"][0]
    assert "The value reported for 30/06/2016 (120) is not a percentage" in message
    assert Indicator.objects.get().unit == "count"


def test_delete_takes_targets_and_values_with_audit_rows(world):
    indicator = make(world)
    report(indicator, "18", world.member)
    services.indicator_delete(user=world.owner, indicator=indicator)
    assert not Indicator.objects.exists() and not IndicatorValue.objects.exists()
    deleted = AuditEntry.objects.filter(action="delete").values_list("object_type", flat=True)
    assert sorted(deleted) == ["monitoring.indicator", "monitoring.indicatortarget",
                               "monitoring.indicatortarget", "monitoring.indicatorvalue"]
    with pytest.raises(PermissionDenied):
        services.indicator_delete(user=world.reader, indicator=make(world))


# -- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "typed", "stored"), [
    ("percent", "45,5 per cento", "45.5"), ("hours", "12 ore", "12"), ("eur", "€ 1.200,00", "1200"),
    ("count", "22 bambini", "22"), ("decimal", "-3,5", "-3.5"),
])
def test_a_value_is_read_in_its_unit(world, unit, typed, stored):
    indicator = make(world, unit=unit, targets={})
    value = report(indicator, typed, world.member)
    assert (value.value, value.status, value.reported_by) == (D(stored), "submitted", world.member)


@pytest.mark.parametrize(("unit", "typed", "expected"), [
    ("percent", "45 h", "“45 h” is written in hours, but this indicator is measured in percentage"),
    ("percent", "€ 45", "“€ 45” is written in euro"),
    ("percent", "120", "A percentage cannot be more than 100"),
    ("percent", "-3", "This indicator cannot be negative"),
    ("count", "22,5", "“22,5” is not a whole number"),
    ("count", "3 ore", "is written in hours, but this indicator is measured in number (whole)"),
    ("count", "22 %", "is written in percent"),
    ("hours", "tanti", "“tanti” is not a number"),
    ("hours", "", "Enter a number of hours"),
])
def test_a_value_in_the_wrong_unit_is_refused_with_a_sentence(world, unit, typed, expected):
    indicator = make(world, unit=unit, targets={})
    with pytest.raises(ValidationError) as caught:
        report(indicator, typed, world.member)
    assert expected in caught.value.message_dict["value"][0]
    assert not IndicatorValue.objects.exists()


def test_a_value_must_be_for_a_checkpoint_and_only_once(world):
    indicator = make(world)
    with pytest.raises(ValidationError) as caught:
        report(indicator, "5", world.member, day=date(2016, 5, 31))
    assert "30/06/2016, 31/12/2016" in caught.value.message_dict["period_end"][0]
    report(indicator, "5", world.member)
    with pytest.raises(ValidationError) as caught:
        report(indicator, "6", world.member)
    assert "already reported for 30/06/2016" in caught.value.message_dict["period_end"][0]


def test_readers_operators_and_outsiders_cannot_report(world, operator):
    indicator = make(world)
    for user in (world.reader, operator, world.outsider):
        with pytest.raises(PermissionDenied):
            report(indicator, "5", user)
    assert not IndicatorValue.objects.exists()


def test_approval_is_the_public_bodys_and_happens_once(world, operator):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    assert user_can_approve(world.owner, world.agreement)
    for user in (world.member, operator, world.reader):
        assert not user_can_approve(user, world.agreement)
        with pytest.raises(PermissionDenied):
            services.indicator_value_approve(user=user, item=value)
    services.indicator_value_approve(user=world.owner, item=value, version=1)
    value.refresh_from_db()
    assert (value.status, value.approved_by, value.approved_at is not None) == ("approved", world.owner, True)
    with pytest.raises(ValidationError) as caught:
        services.indicator_value_approve(user=world.owner, item=IndicatorValue.objects.get())
    assert "already approved" in caught.value.messages[0]
    superuser = f.UserFactory(is_superuser=True)
    assert user_can_approve(superuser, world.agreement)


def test_an_approved_value_is_changed_only_by_an_editor_and_goes_back_to_submitted(world, operator):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    services.indicator_value_approve(user=world.owner, item=value)
    value = IndicatorValue.objects.get()
    assert not user_can_change_value(operator, value, world.agreement)
    with pytest.raises(PermissionDenied):
        services.indicator_value_update(user=operator, item=value, period_end=JUNE, value="19")
    with pytest.raises(PermissionDenied):
        services.indicator_value_delete(user=operator, item=value)
    # Saving it unchanged keeps the approval.
    services.indicator_value_update(user=world.member, item=value, period_end=JUNE, value="18",
                                    version=value.version)
    assert IndicatorValue.objects.get().status == "approved"
    services.indicator_value_update(user=world.member, item=value, period_end=JUNE, value="19",
                                    version=value.version)
    value = IndicatorValue.objects.get()
    assert (value.value, value.status, value.approved_by, value.approved_at) == (
        D(19), "submitted", None, None)
    # operators report no values, submitted or approved
    with pytest.raises(PermissionDenied):
        services.indicator_value_update(user=operator, item=value, period_end=JUNE, value="20 bambini")
    services.indicator_value_update(user=world.owner, item=value, period_end=JUNE, value="20 bambini")
    assert IndicatorValue.objects.get().value == D(20)


def test_a_stale_value_edit_is_refused(world):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    services.indicator_value_update(user=world.owner, item=IndicatorValue.objects.get(), period_end=JUNE,
                                    value="19", version=1)
    with pytest.raises(EditConflict):
        services.indicator_value_update(user=world.member, item=value, period_end=JUNE, value="17",
                                        version=1)
    assert IndicatorValue.objects.get().value == D(19)


def test_approving_a_value_changed_meanwhile_is_refused(world):
    indicator = make(world)
    value = report(indicator, "18", world.member)
    services.indicator_value_update(user=world.member, item=IndicatorValue.objects.get(),
                                    period_end=JUNE, value="25", version=1)
    with pytest.raises(EditConflict):
        services.indicator_value_approve(user=world.owner, item=value, version=1)
    assert IndicatorValue.objects.get().status == "submitted"


# -- the report --------------------------------------------------------------------------


def test_checkpoint_defaults():
    days = [JUNE, DECEMBER]
    assert default_checkpoint(days, date(2016, 3, 1)) == JUNE
    assert default_checkpoint(days, JUNE) == JUNE
    assert default_checkpoint(days, date(2016, 7, 1)) == DECEMBER
    assert default_checkpoint(days, date(2017, 7, 1)) == DECEMBER
    assert default_checkpoint([], date(2017, 7, 1)) is None
    assert chosen_checkpoint(days, "2016-12-31", date(2016, 1, 1)) == DECEMBER
    assert chosen_checkpoint(days, "2016-05-31", date(2016, 1, 1)) == JUNE
    assert chosen_checkpoint(days, "bogus", date(2016, 8, 1)) == DECEMBER


def test_report_groups_by_area_and_rolls_up(world, django_assert_num_queries):
    first = f.AreaFactory(agreement=world.agreement, number=1)
    second = f.AreaFactory(agreement=world.agreement, number=2)
    f.AreaFactory(agreement=world.agreement, number=3)  # no indicators: left out
    children = make(world, area=first, baseline="10", targets={JUNE: "20"})
    hours = make(world, name="Ore", unit="hours", area=first, targets={JUNE: "100"})
    waiting = make(world, name="Attesa", unit="decimal", area=second, baseline="30",
                   higher_is_better=False, targets={JUNE: "10"})
    loose = make(world, name="Soddisfazione", unit="percent", targets={})
    report(children, "25", world.member)  # 150 %, met
    report(hours, "40 h", world.member)  # 40 %
    waiting_value = report(waiting, "20", world.member)  # 50 %
    services.indicator_value_approve(user=world.owner, item=waiting_value)
    report(loose, "70 %", world.member)  # no target
    with django_assert_num_queries(4):
        result = indicator_report(world.agreement, JUNE)
    assert [scope.area for scope in result.areas] == [first, second, None]
    one, two, none = result.areas
    assert [(r.indicator.name, r.target, r.attainment, r.met) for r in one.rows] == [
        ("Bambini iscritti", D(20), D("150.0"), True), ("Ore", D(100), D("40.0"), False)]
    assert (one.attainment, one.reported, one.approved, one.met, one.total) == (D("70.0"), 2, 0, 1, 2)
    assert (two.attainment, two.approved, two.met) == (D("50.0"), 1, False)
    assert (none.attainment, none.reported, none.total) == (None, 1, 1)
    assert none.rows[0].value.value == D(70) and none.rows[0].met is None
    total = result.total
    assert (total.area, total.attainment, total.reported, total.approved, total.met, total.total) == (
        None, D("63.3"), 4, 1, 1, 4)  # (100 + 40 + 50) / 3
    december = indicator_report(world.agreement, DECEMBER)
    assert december.total.reported == 0 and december.total.attainment is None
    assert december.total.total == 4


def test_report_query_count_does_not_grow(world, django_assert_num_queries):
    area = f.AreaFactory(agreement=world.agreement)
    for n in range(30):
        indicator = make(world, name=f"I{n}", area=area if n % 2 else None)
        report(indicator, str(n), world.member)
    with django_assert_num_queries(4):
        result = indicator_report(world.agreement, JUNE)
    assert result.total.total == 30 and result.total.reported == 30
