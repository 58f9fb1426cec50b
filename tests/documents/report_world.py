"""An agreement at its June checkpoint with everything a monitoring report shows, for the
report tests: the Crema 2016 economics plus hours, counts, expenses, progress, indicators and
tranches, some of them dated after 30/06/2016 (which the June report must leave out)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from coprogetta.agreements.models import Action, BudgetLine, Contribution, PaymentTranche
from coprogetta.monitoring.models import (
    ActionProgress,
    EnrolmentCount,
    Expense,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    TimeEntry,
)

from .. import factories as f
from .conftest import add_crema_economics

JUNE = date(2016, 6, 30)

#: What the June report must show (worked out by hand from the records below).
EXPECTED = {
    "spent": Decimal("11500.00"),  # 1.200 + 300 + 10.000; the August expense is later
    "spent_period": Decimal("11500.00"),
    "hours": Decimal("9.50"),  # 3 + 4,5 on the staff-cost line, 2 on an action; July is later
    "line_hours": Decimal("7.50"),
    "indicator_value": Decimal("22"),
    "indicator_target": Decimal("24"),
}


def add_june_monitoring(world):
    """The world's agreement with the sample's economics and six months of monitoring."""
    agreement = add_crema_economics(world.agreement)
    agreement.monitoring_checkpoints = ["2016-06-30", "2016-12-31"]
    agreement.save()
    areas = {a.number: a for a in agreement.areas.all()}
    nursery = BudgetLine.objects.get(agreement=agreement, area=areas[1])
    f.FeeTierFactory(budget_line=nursery, min_count=21, max_count=26, unit_amount=Decimal("28000.00"))
    for month, count in [(1, 20), (2, 20), (3, 22), (4, 22), (5, 22), (6, 23), (7, 30)]:
        EnrolmentCount.objects.create(budget_line=nursery, month=date(2016, month, 1), count=count)

    consolidation = f.ActionFactory(area=areas[1], kind=Action.Kind.CONSOLIDATION, number=1,
                                    title="Asilo nido comunale")
    development = f.ActionFactory(area=areas[2], kind=Action.Kind.DEVELOPMENT, number=1,
                                  title="Spazio compiti")
    f.ActionFactory(area=areas[2], kind=Action.Kind.DEVELOPMENT, number=2, title="Laboratori estivi")
    psychologist = f.StaffCostFactory(agreement=agreement, area=areas[1], role="Psicologo",
                                      hourly_rate=Decimal("35.00"), vat_included=False,
                                      hours=Decimal("20"))
    for day, hours in [(date(2016, 2, 10), "3"), (date(2016, 5, 5), "4.5"), (date(2016, 7, 12), "2")]:
        TimeEntry.objects.create(agreement=agreement, staff_cost=psychologist, date=day,
                                 hours=Decimal(hours), user=world.member)
    TimeEntry.objects.create(agreement=agreement, action=development, date=date(2016, 3, 1),
                             hours=Decimal("2"), user=world.member)

    items = Contribution.objects.get(agreement=agreement, area=areas[1], kind=Contribution.Kind.ITEM)
    for day, amount in [(date(2016, 3, 15), "1200.00"), (date(2016, 6, 30), "300.00"),
                        (date(2016, 8, 1), "999.00")]:
        Expense.objects.create(agreement=agreement, contribution=items, date=day, amount=Decimal(amount),
                               description="Materiale didattico", recorded_by=world.member)
    maintenance = BudgetLine.objects.get(agreement=agreement, description="Manutenzione aree verdi")
    Expense.objects.create(agreement=agreement, budget_line=maintenance, date=date(2016, 4, 1),
                           amount=Decimal("10000.00"), description="Sfalcio primaverile",
                           recorded_by=world.member)

    for action, day, status, percent in [
        (consolidation, date(2016, 6, 15), Action.Status.IN_PROGRESS, 50),
        (development, date(2016, 5, 2), Action.Status.DONE, 100),
        (consolidation, date(2016, 9, 1), Action.Status.IN_PROGRESS, 80),
    ]:
        ActionProgress.objects.create(action=action, date=day, status=status, percent=percent,
                                      recorded_by=world.member)
    Action.objects.filter(pk=consolidation.pk).update(status=Action.Status.IN_PROGRESS, progress=80)
    Action.objects.filter(pk=development.pk).update(status=Action.Status.DONE, progress=100)

    enrolled = Indicator.objects.create(agreement=agreement, area=areas[1], name="Bambini iscritti al nido",
                                        unit=Indicator.Unit.COUNT, baseline=Decimal("18"))
    IndicatorTarget.objects.create(indicator=enrolled, period_end=JUNE, target=Decimal("24"))
    IndicatorValue.objects.create(
        indicator=enrolled, period_end=JUNE, value=Decimal("22"), status=IndicatorValue.Status.APPROVED,
        reported_by=world.member, approved_by=world.owner,
        approved_at=datetime(2016, 7, 5, 10, tzinfo=ZoneInfo("Europe/Rome")))
    hours = Indicator.objects.create(agreement=agreement, area=areas[2], name="Ore di laboratorio",
                                     unit=Indicator.Unit.HOURS)
    IndicatorTarget.objects.create(indicator=hours, period_end=JUNE, target=Decimal("40"))
    IndicatorValue.objects.create(indicator=hours, period_end=JUNE, value=Decimal("41.50"),
                                  reported_by=world.member)

    f.PaymentTrancheFactory(agreement=agreement, due_date=date(2016, 3, 31), percent=None,
                            amount=Decimal("100000.00"), status=PaymentTranche.Status.PAID,
                            invoice_number="12/2016", invoice_date=date(2016, 3, 20),
                            paid_date=date(2016, 4, 15), position=1)
    f.PaymentTrancheFactory(agreement=agreement, due_date=date(2016, 6, 15), percent=None,
                            amount=Decimal("200000.00"), status=PaymentTranche.Status.INVOICED,
                            invoice_number="30/2016", invoice_date=date(2016, 6, 1), position=2)
    f.PaymentTrancheFactory(agreement=agreement, due_date=None, due_text="a saldo", percent=None,
                            is_balance=True, position=3)
    return world
