"""Reads of negotiation versions: the list, one version with its integrity, and the comparison
of two versions (or of a version with the live data) as the pages show it.

The diff itself is ``coprogetta.lib.negotiation_diff``; here it is put in words and numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.lib import negotiation_diff as nd
from coprogetta.lib.textparse.numbers import format_date, format_eur, format_number

from .models import Action, Agreement, BudgetLine, Contribution, NegotiationVersion, Party

#: The value of ``?da=`` / ``?a=`` that means the agreement's data as they are now.
LIVE = "live"

# -- who may do what -------------------------------------------------------------------------


def user_can_approve_versions(user: AnyUser, agreement: Agreement) -> bool:
    """Editors of a public-body party of the agreement, and superusers."""
    from coprogetta.agreements.access import access_for

    return access_for(user, agreement).can_approve


# -- versions --------------------------------------------------------------------------------


def versions_of(agreement: Agreement) -> QuerySet[NegotiationVersion]:
    """The agreement's versions, newest first, without their documents (for lists)."""
    return (
        NegotiationVersion.objects.filter(agreement=agreement)
        .select_related("frozen_by", "approved_by").defer("document").order_by("-number")
    )


def version_get(agreement: Agreement, item: int) -> NegotiationVersion:
    """One version of the agreement (404 if it belongs to another agreement)."""
    try:
        return NegotiationVersion.objects.select_related("frozen_by", "approved_by").get(
            agreement=agreement, pk=item
        )
    except (NegotiationVersion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def version_intact(version: NegotiationVersion) -> bool:
    """Whether the stored snapshot still hashes to the SHA-256 taken when it was frozen."""
    return nd.document_hash(version.document) == version.sha256


def latest_approved(agreement: Agreement) -> NegotiationVersion | None:
    return (
        NegotiationVersion.objects.filter(agreement=agreement, status=NegotiationVersion.Status.APPROVED)
        .order_by("-number").first()
    )


def live_document(agreement: Agreement) -> dict[str, Any]:
    from coprogetta.documents.interchange import agreement_to_document

    return agreement_to_document(agreement)


@dataclass
class LiveState:
    """How the live data stand against the latest approved version."""

    approved: NegotiationVersion | None
    differs: bool
    intact: bool


def live_state(agreement: Agreement) -> LiveState:
    """Whether the agreement's data moved on since its latest approved version."""
    approved = latest_approved(agreement)
    if approved is None:
        return LiveState(None, False, True)
    differs = not nd.diff_documents(approved.document, live_document(agreement)).is_empty
    return LiveState(approved, differs, version_intact(approved))


# -- one version in figures ------------------------------------------------------------------


@dataclass
class AreaFigures:
    number: Any
    title: str
    consolidation: int
    development: int
    budget_gross: Decimal
    contributions: Decimal


@dataclass
class VersionSummary:
    """What a snapshot says, in a few figures per area."""

    title: str
    period: str
    parties: list[tuple[str, str]]
    areas: list[AreaFigures]
    actions: int
    budget_gross: Decimal
    contributions: Decimal
    staff_costs: Decimal
    tranches: int


def version_summary(document: Mapping[str, Any]) -> VersionSummary:
    period = document.get("period") or {}
    areas = []
    for area in document.get("areas") or []:
        actions = area.get("actions") or []
        areas.append(AreaFigures(
            area.get("number"), str(area.get("title") or ""),
            sum(1 for a in actions if a.get("kind") == Action.Kind.CONSOLIDATION),
            sum(1 for a in actions if a.get("kind") == Action.Kind.DEVELOPMENT),
            nd.document_total(area, "budget_lines"), nd.document_total(area, "contributions"),
        ))
    roles = dict(Party.Role.choices)
    return VersionSummary(
        title=str(document.get("title") or ""),
        period=_shown("period", period),
        parties=[(str(p.get("name") or ""), str(roles.get(p.get("role"), p.get("role") or "")))
                 for p in document.get("parties") or []],
        areas=areas,
        actions=sum(len(a.get("actions") or []) for a in document.get("areas") or []),
        budget_gross=nd.document_total(document, "budget_lines"),
        contributions=nd.document_total(document, "contributions"),
        staff_costs=nd.document_total(document, "staff_costs"),
        tranches=sum(len(a.get("tranches") or []) for a in document.get("areas") or [])
        + len(document.get("tranches") or []),
    )


# -- the comparison --------------------------------------------------------------------------


@dataclass
class Side:
    """One side of a comparison: a version, or the live data (``version`` None)."""

    key: str
    label: str
    document: dict[str, Any]
    version: NegotiationVersion | None = None
    intact: bool = True


SECTION_TITLES: dict[str, Promise] = {
    "parties": _("Parties"),
    "areas": _("Areas"),
    "actions": _("Actions"),
    "budget_lines": _("Budget lines"),
    "contributions": _("Contributions"),
    "staff_costs": _("Staff costs"),
    "tranches": _("Payment tranches"),
}

CHANGE_LABELS: dict[str, Promise] = {
    nd.ADDED: _("Added"),
    nd.REMOVED: _("Removed"),
    nd.CHANGED: _("Changed"),
}

FIELD_LABELS: dict[str, Promise] = {
    "title": _("Title"),
    "kind": _("Kind"),
    "period_start": _("Start of the period"),
    "period_end": _("End of the period"),
    "financial_regime": _("Financial regime"),
    "monitoring_frequency": _("Monitoring frequency"),
    "monitoring_checkpoints": _("Monitoring checkpoints"),
    "monitoring_every_months": _("Monitoring every (months)"),
    "programme_every_months": _("Activity programme every (months)"),
    "tender_base_amount": _("Tender base amount"),
    "name": _("Name"),
    "role": _("Role"),
    "tax_code": _("Tax code"),
    "number": _("Number"),
    "target": _("Target population"),
    "description": _("Description"),
    "schedule_text": _("Schedule (as written)"),
    "schedule": _("Normalised schedule"),
    "responsible": _("Responsible organisation"),
    "quantity": _("Quantity"),
    "unit": _("Unit"),
    "vat_rate": _("VAT rate"),
    "vat_included": _("Amount includes VAT"),
    "fee_tiers": _("Fee tiers"),
    "action": _("Action"),
    "percent": _("Percentage"),
    "count": _("Head count"),
    "hours": _("Planned hours"),
    "period": _("Period"),
    "due_date": _("Due date"),
    "due_text": _("Due (as written)"),
    "is_balance": _("Balance"),
    "unit_amount": _("Unit amount"),
    "net": _("Net"),
    "vat": _("VAT"),
    "gross": _("Gross"),
    "hourly_rate": _("Hourly rate"),
    "amount": _("Amount"),
    "budget_gross": _("Budget (gross)"),
    "contributions": _("Contributions"),
    "staff_costs": _("Staff costs"),
    "tranches": _("Payment tranches"),
}

_CHOICES: dict[str, dict[str, Any]] = {
    "kind": {**dict(Agreement.Kind.choices), **dict(Action.Kind.choices), **dict(Contribution.Kind.choices)},
    "role": dict(Party.Role.choices),
    "unit": dict(BudgetLine.Unit.choices),
    "financial_regime": dict(Agreement.Regime.choices),
}


@dataclass
class ValueRow:
    """One changed value: its name, old and new as shown, and the difference of an amount."""

    label: str
    old: str
    new: str
    difference: str = ""


@dataclass
class DiffRow:
    """One item of a section, side by side."""

    change: str
    change_label: str
    area: str
    name: str
    new_summary: str = ""
    old_summary: str = ""
    values: list[ValueRow] = field(default_factory=list)
    #: For an added or removed item with an amount: the amount it adds or takes away.
    difference: str = ""


@dataclass
class DiffSection:
    name: str
    title: str
    rows: list[DiffRow]
    added: int
    removed: int
    changed: int


@dataclass
class Comparison:
    old: Side
    new: Side
    diff: nd.DocumentDiff
    general: list[ValueRow]
    totals: list[ValueRow]
    sections: list[DiffSection]
    schedules: list[DiffRow]

    @property
    def total_changes(self) -> int:
        return len(self.general) + sum(s.added + s.removed + s.changed for s in self.sections)


def comparison_side(agreement: Agreement, key: str) -> Side:
    """``"live"`` or the id of one of the agreement's versions (404 for anything else)."""
    if key == LIVE:
        return Side(LIVE, gettext("Current data"), live_document(agreement))
    if not key.isdigit():
        raise Http404
    version = version_get(agreement, int(key))
    label = gettext("Version %(number)s – %(label)s (%(status)s)") % {
        "number": version.number, "label": version.label,
        "status": version.get_status_display().lower(),
    }
    return Side(str(version.pk), label, version.document, version, version_intact(version))


def default_keys(agreement: Agreement) -> tuple[str, str] | None:
    """What to compare when nothing is chosen: the latest approved (else latest) version
    with the current data; None when the agreement has no version."""
    chosen = latest_approved(agreement) or (
        NegotiationVersion.objects.filter(agreement=agreement).order_by("-number").only("pk").first()
    )
    return None if chosen is None else (str(chosen.pk), LIVE)


def version_comparison(agreement: Agreement, old_key: str, new_key: str) -> Comparison:
    """The two sides and what changed from the first to the second, ready to show."""
    old = comparison_side(agreement, old_key)
    new = comparison_side(agreement, new_key)
    diff = nd.diff_documents(old.document, new.document)
    counts = diff.counts()
    sections = [
        DiffSection(
            name, str(SECTION_TITLES[name]), [_row(d) for d in diff.section(name)],
            counts[name][nd.ADDED], counts[name][nd.REMOVED], counts[name][nd.CHANGED],
        )
        for name in nd.SECTIONS
    ]
    general = [ValueRow(_field_label(f.name), _shown(f.name, f.old), _shown(f.name, f.new))
               for f in diff.general]
    general += [_amount_row(a) for a in diff.general_amounts]
    return Comparison(
        old=old, new=new, diff=diff, general=general,
        totals=[_amount_row(a) for a in diff.totals], sections=sections,
        schedules=[_schedule_row(d) for d in diff.schedules],
    )


def _field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


def _row(item: nd.ItemDiff) -> DiffRow:
    row = DiffRow(
        change=item.change, change_label=str(CHANGE_LABELS[item.change]),
        area=str(item.area) if item.area is not None else gettext("Agreement-wide"),
        name=_name(item.section, item.item),
    )
    if item.old is not None:
        row.old_summary = _summary(item.section, item.old)
    if item.new is not None:
        row.new_summary = _summary(item.section, item.new)
    if item.change != nd.CHANGED and item.section in nd.MONEY_SECTIONS:
        amount = nd.item_amount(item.section, item.item)
        if amount is not None:
            row.difference = signed_eur(amount if item.change == nd.ADDED else -amount)
    row.values = [ValueRow(_field_label(f.name), _shown(f.name, f.old), _shown(f.name, f.new))
                  for f in item.fields]
    row.values += [_amount_row(a) for a in item.amounts]
    return row


def _schedule_row(item: nd.ItemDiff) -> DiffRow:
    row = _row(item)
    row.values = [v for v, f in zip(row.values, item.fields, strict=False)
                  if f.name in ("schedule_text", "schedule")]
    return row


def _amount_row(change: nd.AmountChange) -> ValueRow:
    return ValueRow(
        _field_label(change.name), _eur(change.old), _eur(change.new), signed_eur(change.difference),
    )


def signed_eur(value: Decimal | None) -> str:
    """``+ € 1.234,56``, ``− € 1.234,56``, or empty for no difference."""
    if value is None:
        return ""
    sign = "+" if value >= 0 else "−"
    return f"{sign} {format_eur(abs(value))}"


def _eur(value: Decimal | None) -> str:
    return "—" if value is None else format_eur(value)


def _name(section: str, item: Mapping[str, Any]) -> str:
    if section == "actions":
        kind = _CHOICES["kind"].get(item.get("kind"), item.get("kind"))
        return f"{item.get('number')}. {item.get('title')} ({kind})"
    if section == "areas":
        return f"{item.get('number')}. {item.get('title')}"
    if section == "parties":
        return str(item.get("name") or "")
    if section == "staff_costs":
        return str(item.get("role") or "")
    if section == "tranches":
        return str(item.get("due_text") or _shown("due_date", item.get("due_date")))
    return str(item.get("description") or "")


def _summary(section: str, item: Mapping[str, Any]) -> str:
    """The item in one line, for the side that has it when the other does not."""
    if section == "actions":
        return str(item.get("schedule_text") or "—")
    if section == "areas":
        return str(item.get("target") or "—")
    if section == "parties":
        return _shown("role", item.get("role"))
    if section == "budget_lines":
        gross = nd.item_amount("budget_lines", item)
        return gettext("%(amount)s gross") % {"amount": _eur(gross)}
    if section == "staff_costs":
        return _eur(nd.item_amount("staff_costs", item))
    if section in ("contributions", "tranches"):
        amount = nd.item_amount(section, item)
        if amount is None and item.get("percent"):
            return f"{_shown('percent', item.get('percent'))} %"
        return _eur(amount)
    return ""


def _shown(name: str, value: Any) -> str:
    """A document value as the pages write it."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name == "schedule":
        return nd.describe_schedule(value)
    if name in _CHOICES:
        return str(_CHOICES[name].get(value, value))
    if name == "vat_rate":
        return gettext("outside the scope of VAT") if value == "out_of_scope" else f"{value} %"
    if name == "action" and isinstance(value, Mapping):
        kind = _CHOICES["kind"].get(value.get("kind"), value.get("kind"))
        return f"{value.get('number')} ({kind})"
    if name in ("period",) and isinstance(value, Mapping):
        return f"{_shown('date', value.get('start'))} – {_shown('date', value.get('end'))}"
    if name == "fee_tiers" and isinstance(value, list):
        return "; ".join(_tier(t) for t in value if isinstance(t, Mapping)) or "—"
    if name == "monitoring_checkpoints" and isinstance(value, list):
        return ", ".join(_shown("date", d) for d in value)
    if isinstance(value, str) and name in ("quantity", "hours", "percent"):
        try:
            number = Decimal(value)
        except ArithmeticError:
            return value
        places = 0 if number == number.to_integral_value() else 2
        return format_number(number, places)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        from datetime import date

        try:
            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _tier(tier: Mapping[str, Any]) -> str:
    high = tier.get("max_count")
    span = f"{tier.get('min_count')}–{high}" if high is not None else f"≥ {tier.get('min_count')}"
    if tier.get("renegotiate"):
        return gettext("%(span)s: to be renegotiated") % {"span": span}
    amount = tier.get("unit_amount")
    return f"{span}: {_eur(Decimal(amount)) if amount else '—'}"

