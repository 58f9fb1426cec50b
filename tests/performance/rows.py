"""Rows of every kind for the query budgets: ``grow(world, n)`` brings the furnished agreement
(tests/test_routes.py) to ``n`` rows of each kind, with ``bulk_create`` (fast)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from coprogetta.accounts.models import AuditEntry, Membership, Organization
from coprogetta.agreements import models as m
from coprogetta.monitoring import models as mon
from coprogetta.planning.models import CalendarToken
from coprogetta.territory import models as ter


def _top_up(model, existing_filter: dict, n: int, make) -> None:
    have = model.objects.filter(**existing_filter).count()
    if have < n:
        model.objects.bulk_create([make(i) for i in range(have, n)], batch_size=500)


def grow(world, n: int) -> None:
    """``n`` rows of each kind on the world's agreement (and ``n`` agreements, resources...)."""
    agreement = world.agreement
    area = agreement.areas.order_by("id").first()
    action = m.Action.objects.filter(area=area).order_by("id").first()
    line = m.BudgetLine.objects.filter(agreement=agreement).order_by("id").first()
    cost = m.StaffCost.objects.filter(agreement=agreement).order_by("id").first()
    contribution = m.Contribution.objects.filter(agreement=agreement).order_by("id").first()
    indicator = mon.Indicator.objects.filter(agreement=agreement).order_by("id").first()
    start = agreement.start_date

    # agreements the owner sees, each with its two parties
    def other_agreement(i):
        return m.Agreement(title=f"Accordo {i:04d}", kind="codesign", status="active",
                           start_date=date(2015, 1, 1), end_date=date(2017, 12, 31))

    mine = m.Party.objects.filter(organization=world.municipality)
    have = mine.count()
    if have < n:
        new = m.Agreement.objects.bulk_create([other_agreement(i) for i in range(have, n)])
        m.Party.objects.bulk_create(
            [m.Party(agreement=a, organization=world.municipality, role="public_body") for a in new]
            + [m.Party(agreement=a, organization=world.consortium, role="third_sector") for a in new]
        )
    _top_up(m.Area, {"agreement": agreement}, n, lambda i: m.Area(
        agreement=agreement, number=100 + i, title=f"Ambito {i}"))
    _top_up(m.Action, {"area__agreement": agreement}, n, lambda i: m.Action(
        area=area, kind="consolidation", number=100 + i, title=f"Servizio {i}",
        schedule_text="Gennaio-Dicembre 2016", responsible=world.consortium,
        schedule={"status": "resolved", "intervals": [{"start": "2016-01-01", "end": "2016-12-31"}],
                  "deadlines": [], "recurrences": [], "notes": [], "reason": None}))
    _top_up(m.BudgetLine, {"agreement": agreement}, n, lambda i: m.BudgetLine(
        agreement=agreement, area=area, action=action, position=i, description=f"Voce {i}",
        unit_amount=Decimal("100.00"), quantity=Decimal(12), unit="month", vat_rate="5"))
    _top_up(m.FeeTier, {"budget_line__agreement": agreement}, n, lambda i: m.FeeTier(
        budget_line=line, min_count=1000 + 10 * i, max_count=1000 + 10 * i + 5,
        unit_amount=Decimal("90.00")))
    _top_up(m.Contribution, {"agreement": agreement}, n, lambda i: m.Contribution(
        agreement=agreement, area=area, position=i, description=f"Quota {i}",
        amount=Decimal("10.00")))
    _top_up(m.PaymentTranche, {"agreement": agreement}, n, lambda i: m.PaymentTranche(
        agreement=agreement, position=i, due_date=start + timedelta(days=i % 360),
        amount=Decimal("1.00")))
    _top_up(m.StaffCost, {"agreement": agreement}, n, lambda i: m.StaffCost(
        agreement=agreement, area=area, position=i, role=f"Educatore {i}",
        hourly_rate=Decimal("20.00"), hours=Decimal(10)))
    _top_up(mon.TimeEntry, {"agreement": agreement}, n, lambda i: mon.TimeEntry(
        agreement=agreement, staff_cost=cost if i % 2 else None, action=None if i % 2 else action,
        user=world.owner, date=start + timedelta(days=i % 360), hours=Decimal(2)))
    _top_up(mon.EnrolmentCount, {"budget_line__agreement": agreement}, n, lambda i: mon.EnrolmentCount(
        budget_line=line, month=date(1800 + i // 12, i % 12 + 1, 1), count=20))
    _top_up(mon.Expense, {"agreement": agreement}, n, lambda i: mon.Expense(
        agreement=agreement, contribution=contribution, date=start + timedelta(days=i % 360),
        amount=Decimal("5.00"), description=f"Spesa {i}", recorded_by=world.owner))
    _top_up(mon.Indicator, {"agreement": agreement}, n, lambda i: mon.Indicator(
        agreement=agreement, area=area, position=i, name=f"Indicatore {i}"))
    _top_up(mon.IndicatorTarget, {"indicator__agreement": agreement}, n, lambda i: mon.IndicatorTarget(
        indicator=indicator, period_end=date(1950, 1, 1) + timedelta(days=i), target=Decimal(5)))
    _top_up(mon.IndicatorValue, {"indicator__agreement": agreement}, n, lambda i: mon.IndicatorValue(
        indicator=indicator, period_end=date(1950, 1, 1) + timedelta(days=i), value=Decimal(4),
        reported_by=world.member))
    _top_up(mon.ActionProgress, {"action__area__agreement": agreement}, n, lambda i: mon.ActionProgress(
        action=action, date=start + timedelta(days=i % 360), status="in_progress", percent=10,
        recorded_by=world.owner))
    _top_up(ter.Resource, {"owner": world.municipality}, n, lambda i: ter.Resource(
        owner=world.municipality, name=f"Risorsa {i:04d}", provider_name="Comune",
        target_groups=",children,", latitude=Decimal("45.36"), longitude=Decimal("9.68")))
    analysis, _ = ter.NeedsAnalysis.objects.get_or_create(
        agreement=agreement, date=start, defaults={"title": "Analisi"})
    _top_up(ter.Need, {"analysis__agreement": agreement}, n, lambda i: ter.Need(
        analysis=analysis, target_group="children", zone=f"Zona {i}", description="Bisogno",
        evidence="Dati aggregati"))
    _top_up(ter.Programme, {"agreement": agreement}, n, lambda i: ter.Programme(
        agreement=agreement, title=f"Programma {i}", start_date=start, end_date=start + timedelta(days=120)))
    programme = ter.Programme.objects.filter(agreement=agreement).order_by("id").first()
    _top_up(ter.Activity, {"programme__agreement": agreement}, n, lambda i: ter.Activity(
        programme=programme, title=f"Attività {i}", responsible=world.consortium))
    activity = ter.Activity.objects.filter(programme=programme).order_by("id").first()
    activity.needs.add(*ter.Need.objects.filter(analysis=analysis)[:n])
    activity.resources.add(*ter.Resource.objects.filter(owner=world.municipality)[:n])
    _top_up(Organization, {"kind": "cooperative"}, n, lambda i: Organization(
        name=f"Cooperativa {i:04d}", kind="cooperative", consortium=world.consortium))
    _top_up(AuditEntry, {"agreement_id": agreement.pk}, n, lambda i: AuditEntry(
        user=world.owner, action="update", object_type="area", object_id=str(area.pk),
        object_repr="Ambito", agreement_id=agreement.pk, changes={"title": ["a", "b"]}))
    _top_up(CalendarToken, {"user": world.owner, "revoked_at__isnull": False}, n, lambda i: CalendarToken(
        user=world.owner, agreement=agreement, token_hash=f"{i:064d}",
        revoked_at=datetime(2020, 1, 1, tzinfo=UTC)))
    people = Membership.objects.filter(organization=world.consortium).count()
    if people < n:
        from tests.factories import UserFactory  # noqa: PLC0415

        User = UserFactory._meta.model
        users = User.objects.bulk_create([User(username=f"persona{i:04d}") for i in range(people, n)])
        Membership.objects.bulk_create(
            [Membership(user=u, organization=world.consortium, role="operator") for u in users])
        m.Assignment.objects.bulk_create(
            [m.Assignment(agreement=agreement, user=u, area=area) for u in users])
