"""Import of a "coprogetta/agreement@1" document: check everything first, then write it all.

Every computed value the document states (net, VAT and gross of a line, the amount of a
staff cost) is recomputed by the model's own ``amounts`` (that is, by ``coprogetta.lib.money``)
and must agree; tiers and tranches go through the money engine's checks. Nothing is saved
unless the whole document passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from coprogetta.accounts.models import Organization
from coprogetta.accounts.services import audit_record, snapshot
from coprogetta.agreements.models import (
    Action,
    Agreement,
    Area,
    BudgetLine,
    Contribution,
    FeeTier,
    Party,
    PaymentTranche,
    StaffCost,
)
from coprogetta.agreements.selectors import AreaSummary, EconomicSummary, SummaryLine
from coprogetta.lib import money
from coprogetta.lib.schedules import Interval, Schedule
from coprogetta.lib.taxcodes import TaxCodeError, normalise_tax_code
from coprogetta.planning import workplan_schedules

from .interchange_format import Document, DocumentError, json_path, validate_document

Path = tuple[str | int, ...]
MONEY_LISTS = ("budget_lines", "contributions", "staff_costs", "tranches")
LABELS = {"net": "a net amount", "vat": "a VAT", "gross": "a gross amount", "amount": "an amount"}


@transaction.atomic
def agreement_import(*, user: AbstractBaseUser | None, document: Document) -> Agreement:
    """Create the agreement ``document`` describes; raise DocumentError (nothing saved) if any
    part of it is invalid or states an amount the money engine does not compute."""
    validate_document(document)
    plan = _Planner().plan(document)
    try:
        agreement = plan.save()
    except IntegrityError as error:
        raise DocumentError([f"$: the database refused the agreement ({error})"]) from None
    audit_record(
        user=user, action="import", obj=agreement, agreement_id=agreement.pk, after=snapshot(agreement)
    )
    return agreement


@dataclass
class _Part:
    """An area (or, with area None, the agreement itself) and its unsaved contents."""

    area: Area | None
    actions: list[Action] = field(default_factory=list)
    lines: list[tuple[BudgetLine, list[FeeTier]]] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    staff_costs: list[StaffCost] = field(default_factory=list)
    tranches: list[PaymentTranche] = field(default_factory=list)


@dataclass
class _Plan:
    agreement: Agreement
    organizations: list[Organization]
    parties: list[Party]
    parts: list[_Part]

    def save(self) -> Agreement:
        """Write the checked objects, each after those it refers to."""
        for organization in self.organizations:
            if organization.pk is None:
                organization.save()
        self.agreement.save()
        for party in self.parties:
            party.save()
        for part in self.parts:
            if part.area is not None:
                part.area.save()
            for action in part.actions:
                action.save()
        for part in self.parts:
            for line, tiers in part.lines:
                line.save()
                for tier in tiers:
                    tier.save()
            for item in (*part.contributions, *part.staff_costs, *part.tranches):
                item.save()
        return self.agreement


class _Planner:
    """Builds unsaved model objects from a schema-valid document, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.amounts_ok = True
        self.period = Interval(date.min, date.max)  # the agreement's, once read
        self.invoice_numbers: set[str] = set()

    def problem(self, path: Path, message: str) -> None:
        self.problems.append(f"{json_path(path)}: {message}")

    def plan(self, doc: Document) -> _Plan:
        agreement = self.agreement(doc)
        organizations, parties, by_name = self.parties(doc, agreement)
        parts: list[_Part] = []
        numbers: set[int] = set()
        for index, data in enumerate(doc["areas"]):
            path: Path = ("areas", index)
            if data["number"] in numbers:
                self.problem((*path, "number"), f"there are two areas numbered {data['number']}")
            numbers.add(data["number"])
            area = Area(
                agreement=agreement, number=data["number"], title=data["title"],
                target=data.get("target", ""),
            )
            part = _Part(area)
            self.actions(part, data.get("actions", []), path, by_name)
            self.money(part, agreement, data, path)
            parts.append(part)
        loose = _Part(None)
        self.money(loose, agreement, doc, ())
        parts.append(loose)
        if self.amounts_ok:
            self.tranches(agreement, parts)
        if self.problems:
            raise DocumentError(self.problems)
        return _Plan(agreement, organizations, parties, parts)

    # -- the agreement and its parties --------------------------------------------------------

    def agreement(self, doc: Document) -> Agreement:
        start = date.fromisoformat(doc["period"]["start"])
        end = date.fromisoformat(doc["period"]["end"])
        if end <= start:
            self.problem(("period", "end"), f"the end {end} is not after the start {start}")
        self.period = Interval(start, end)
        tender_base = self.amount(doc.get("tender_base_amount"), ("tender_base_amount",))
        monitoring = doc.get("monitoring", {})
        return Agreement(
            title=doc["title"],
            kind=doc["kind"],
            status=doc.get("status", Agreement.Status.DRAFT),
            start_date=start,
            end_date=end,
            financial_regime=doc.get("financial_regime", Agreement.Regime.FEE),
            tender_base_amount=tender_base,
            monitoring_checkpoints=list(monitoring.get("checkpoints", [])),
            monitoring_frequency=monitoring.get("frequency", ""),
            monitoring_every_months=monitoring.get("every_months", 6),
            programme_every_months=monitoring.get("programme_every_months"),
        )

    def parties(
        self, doc: Document, agreement: Agreement
    ) -> tuple[list[Organization], list[Party], dict[str, Organization]]:
        organizations: list[Organization] = []
        parties: list[Party] = []
        by_name: dict[str, Organization] = {}
        by_code: dict[str, str] = {}
        by_pk: dict[int, str] = {}
        for index, data in enumerate(doc["parties"]):
            path: Path = ("parties", index)
            name = data["name"]
            if name in by_name:
                self.problem((*path, "name"), f"the party {name!r} is listed twice")
                continue
            tax_code = data.get("tax_code", "").strip()
            if tax_code:
                try:
                    tax_code = normalise_tax_code(tax_code)
                except TaxCodeError as error:
                    self.problem(
                        (*path, "tax_code"),
                        f"{tax_code!r} is not a valid codice fiscale or partita IVA ({error})",
                    )
                    continue
                if tax_code in by_code:
                    self.problem(
                        (*path, "tax_code"),
                        f"the tax code {tax_code} is also the one of {by_code[tax_code]!r}",
                    )
                    continue
                by_code[tax_code] = name
            default_kind = (
                Organization.Kind.PUBLIC_BODY
                if data["role"] == Party.Role.PUBLIC_BODY
                else Organization.Kind.OTHER
            )
            organization = organization_match(
                name=name, tax_code=tax_code, kind=data.get("kind") or default_kind
            )
            if organization.pk is not None:
                if organization.pk in by_pk:
                    self.problem(
                        path, f"{name!r} is the same organisation as the party {by_pk[organization.pk]!r}"
                    )
                    continue
                by_pk[organization.pk] = name
            by_name[name] = organization
            organizations.append(organization)
            parties.append(Party(agreement=agreement, organization=organization, role=data["role"]))
        return organizations, parties, by_name

    def actions(
        self, part: _Part, items: list[Document], path: Path, by_name: dict[str, Organization]
    ) -> None:
        seen: set[tuple[str, int]] = set()
        for index, data in enumerate(items):
            where = (*path, "actions", index)
            key = (data["kind"], data["number"])
            if key in seen:
                self.problem(where, f"there are two {data['kind']} actions numbered {data['number']}")
            seen.add(key)
            responsible = None
            if data.get("responsible") is not None:
                responsible = by_name.get(data["responsible"])
                if responsible is None:
                    self.problem(
                        (*where, "responsible"),
                        f"{data['responsible']!r} is not the name of one of the parties",
                    )
            text = data.get("schedule_text", "")
            schedule, manual = self.schedule(text, data.get("schedule"), (*where, "schedule"))
            part.actions.append(
                Action(
                    area=part.area, kind=data["kind"], number=data["number"], title=data["title"],
                    description=data.get("description", ""), schedule_text=text,
                    schedule=schedule, schedule_manual=manual, responsible=responsible,
                )
            )

    def schedule(self, text: str, given: Document | None, path: Path) -> tuple[Document | None, bool]:
        """The schedule to store and whether it is a correction by hand: the text read against
        the period when none is given (or the one given is that reading); else the one given,
        checked (``outside_period`` notes as the period says)."""
        read = workplan_schedules.parsed(text, self.period)
        if given is None:
            return read, False
        try:
            schedule = Schedule.from_dict(text, given)
            if workplan_schedules.canonical(schedule) == read:
                return read, False
            return workplan_schedules.canonical(workplan_schedules.checked(schedule, self.period)), True
        except ValueError as error:
            self.problem(path, f"not a schedule the format accepts: {error}")
            return None, False

    # -- money ---------------------------------------------------------------------------------

    def amount(self, text: str | None, path: Path) -> Decimal | None:
        """A stated amount, checked by the money engine (not negative, not too large)."""
        if text is None:
            return None
        try:
            return money.check_amount(text)
        except money.MoneyError as error:
            self.problem(path, str(error))
            return None

    def action_of(self, part: _Part, ref: Document | None, path: Path) -> Action | None:
        if ref is None:
            return None
        if part.area is None:
            self.problem(path, "only an item of an area can refer to one of the area's actions")
            return None
        for action in part.actions:
            if (action.kind, action.number) == (ref["kind"], ref["number"]):
                return action
        self.problem(path, f"the area has no {ref['kind']} action number {ref['number']}")
        return None

    def money(self, part: _Part, agreement: Agreement, data: Document, path: Path) -> None:
        area = part.area
        for index, item in enumerate(data.get("budget_lines", [])):
            where = (*path, "budget_lines", index)
            line = BudgetLine(
                agreement=agreement, area=area, position=index, description=item["description"],
                unit_amount=Decimal(item["unit_amount"]), quantity=Decimal(item.get("quantity", "1")),
                unit=item.get("unit", BudgetLine.Unit.LUMP_SUM), vat_rate=item["vat_rate"],
                vat_included=item.get("vat_included", False),
            )
            line.action = self.action_of(part, item.get("action"), (*where, "action"))
            self.stated(line, item, where, {"net": "net", "vat": "vat", "gross": "gross"})
            tiers = [
                FeeTier(
                    budget_line=line, min_count=tier["min_count"], max_count=tier.get("max_count"),
                    unit_amount=None if tier.get("unit_amount") is None else Decimal(tier["unit_amount"]),
                    renegotiate=tier.get("renegotiate", False),
                )
                for tier in item.get("fee_tiers", [])
            ]
            try:
                money.check_tiers([t.as_tier() for t in tiers])
            except money.MoneyError as error:
                self.problem((*where, "fee_tiers"), str(error))
            part.lines.append((line, tiers))
        for index, item in enumerate(data.get("contributions", [])):
            where = (*path, "contributions", index)
            percent = None if item.get("percent") is None else Decimal(item["percent"])
            if percent is not None and not 0 < percent <= 100:
                self.problem((*where, "percent"), "a percentage is more than 0 and at most 100")
            part.contributions.append(
                Contribution(
                    agreement=agreement, area=area, position=index, description=item["description"],
                    kind=item.get("kind", Contribution.Kind.ITEM),
                    amount=self.amount(item["amount"], (*where, "amount")), percent=percent,
                    action=self.action_of(part, item.get("action"), (*where, "action")),
                )
            )
        for index, item in enumerate(data.get("staff_costs", [])):
            where = (*path, "staff_costs", index)
            period = item.get("period") or {}
            start, end = (
                None if period.get(k) is None else date.fromisoformat(period[k]) for k in ("start", "end")
            )
            if start is not None and end is not None and end < start:
                self.problem((*where, "period", "end"), f"the end {end} is before the start {start}")
            cost = StaffCost(
                agreement=agreement, area=area, position=index, role=item["role"],
                count=item.get("count", 1), hourly_rate=Decimal(item["hourly_rate"]),
                vat_included=item.get("vat_included", False),
                vat_rate=item.get("vat_rate", money.OUT_OF_SCOPE), hours=Decimal(item["hours"]),
                period_start=start, period_end=end,
                action=self.action_of(part, item.get("action"), (*where, "action")),
            )
            if cost.hours <= 0:
                self.problem((*where, "hours"), "the planned hours must be more than zero")
                self.amounts_ok = False
            else:
                self.stated(cost, item, where, {"gross": "amount"})
            part.staff_costs.append(cost)
        for index, item in enumerate(data.get("tranches", [])):
            where = (*path, "tranches", index)
            tranche = PaymentTranche(
                agreement=agreement, area=area, position=index,
                due_date=_day(item.get("due_date")), due_text=item.get("due_text", ""),
                amount=self.amount(item.get("amount"), (*where, "amount")),
                percent=None if item.get("percent") is None else Decimal(item["percent"]),
                is_balance=item.get("is_balance", False),
                status=item.get("status", PaymentTranche.Status.PLANNED),
                invoice_number=item.get("invoice_number", ""),
                invoice_date=_day(item.get("invoice_date")), paid_date=_day(item.get("paid_date")),
            )
            self.tranche_status(tranche, where)
            part.tranches.append(tranche)

    def tranche_status(self, tranche: PaymentTranche, path: Path) -> None:
        """An invoiced tranche states its invoice; a paid one also its payment, not before it;
        an invoice number appears once in the agreement."""
        status = tranche.status
        invoiced = status in (PaymentTranche.Status.INVOICED, PaymentTranche.Status.PAID)
        if invoiced and (not tranche.invoice_number.strip() or tranche.invoice_date is None):
            self.problem(path, f"a tranche with status {status} needs its invoice_number and invoice_date")
        if not invoiced and (tranche.invoice_number or tranche.invoice_date is not None):
            self.problem(
                path, "a planned tranche has no invoice: give status invoiced or paid, or leave out "
                "invoice_number and invoice_date",
            )
        if status == PaymentTranche.Status.PAID and tranche.paid_date is None:
            self.problem(path, "a tranche with status paid needs its paid_date")
        if status != PaymentTranche.Status.PAID and tranche.paid_date is not None:
            self.problem(path, f"a tranche with status {status} has no paid_date: give status paid")
        if (tranche.paid_date is not None and tranche.invoice_date is not None
                and tranche.paid_date < tranche.invoice_date):
            self.problem(
                (*path, "paid_date"),
                f"the payment {tranche.paid_date} is before the invoice {tranche.invoice_date}",
            )
        number = tranche.invoice_number.strip().casefold()
        if number:
            if number in self.invoice_numbers:
                self.problem(
                    (*path, "invoice_number"),
                    f"the invoice number {tranche.invoice_number!r} is used by another tranche",
                )
            self.invoice_numbers.add(number)

    def stated(self, obj: BudgetLine | StaffCost, item: Document, path: Path, keys: dict[str, str]) -> None:
        """Compare the amounts the document states (``keys``: engine name → document key) with
        those the money engine computes."""
        try:
            amounts = obj.amounts
        except money.MoneyError as error:
            self.problem(path, str(error))
            self.amounts_ok = False
            return
        for attribute, key in keys.items():
            stated = Decimal(item[key])
            computed = getattr(amounts, attribute)
            if stated != computed:
                self.problem(
                    (*path, key),
                    f"the document states {LABELS[key]} of {stated}, but the computation gives {computed}",
                )

    def tranches(self, agreement: Agreement, parts: list[_Part]) -> None:
        """Tranches of an area against its gross total; the others against what is payable."""
        summaries = [
            AreaSummary(
                part.area,
                lines=[SummaryLine(line, line.amounts) for line, _ in part.lines],
                contributions=[c for c in part.contributions if c.amount is not None],
                tranches=part.tranches,
            )
            for part in parts
        ]
        summary = EconomicSummary(agreement, summaries)
        for index, (part, area_summary) in enumerate(zip(parts, summaries, strict=True)):
            if not part.tranches:
                continue
            budget = area_summary.total.gross if part.area is not None else summary.payable
            path: Path = ("areas", index, "tranches") if part.area is not None else ("tranches",)
            try:
                money.resolve_tranches(budget, [t.as_spec() for t in part.tranches])
            except money.MoneyError as error:
                self.problem(path, str(error))


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def organization_match(*, name: str, tax_code: str, kind: str) -> Organization:
    """The organisation with this tax code, else with exactly this name (and no other tax
    code), else a new unsaved one."""
    if tax_code:
        found = Organization.objects.filter(tax_code=tax_code).first()
        if found is not None:
            return found
    same_name = Organization.objects.filter(name=name).order_by("id")
    if tax_code:
        same_name = same_name.filter(tax_code="")
    found = same_name.first()
    if found is not None:
        return found
    return Organization(name=name, kind=kind, tax_code=tax_code)

