"""Writes of agreements, their parties, areas and actions: one transaction and one audit row each.

Every function checks that the user may change the agreement, validates the model (database
constraints included, each with a sentence for the user) and raises ``ValidationError`` keyed
by field when the data are wrong, ``PermissionDenied`` when the user may not write.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.models import Organization
from coprogetta.accounts.selectors import (
    AnyUser,
    editable_organization_ids,
    organizations_editable_by,
    user_is_editor,
)
from coprogetta.accounts.services import (
    ConstraintMessages,
    audit_record,
    model_create,
    model_delete,
    model_save,
    model_update,
    model_validate,
    snapshot,
)
from coprogetta.lib.schedules import Interval, Schedule
from coprogetta.planning import workplan_schedules

from .models import Action, Agreement, Area, Party
from .selectors import require_edit

#: What a user reads when the data break one of the agreements app's database constraints.
MESSAGES: ConstraintMessages = {
    "agreement_end_after_start": ("end_date", _("The end date must be after the start date.")),
    "agreement_tender_base_not_negative": (
        "tender_base_amount", _("The tender base amount cannot be negative."),
    ),
    "party_unique": ("organization", _("This organisation is already a party to the agreement.")),
    "area_unique_number": ("number", _("Another area of this agreement already has this number.")),
    "area_number_positive": ("number", _("Areas are numbered from 1.")),
    "action_unique_number": (
        "number", _("Another action of the same kind in this area already has this number."),
    ),
    "action_number_positive": ("number", _("Actions are numbered from 1.")),
}

AGREEMENT_FIELDS = (
    "title", "kind", "status", "start_date", "end_date", "tender_base_amount",
    "financial_regime", "monitoring_frequency", "monitoring_every_months", "programme_every_months",
)
PARTY_FIELDS = ("organization", "role")
AREA_FIELDS = ("number", "title", "target")
ACTION_FIELDS = (
    "kind", "number", "title", "description", "responsible", "schedule_text", "schedule", "schedule_manual",
)

#: The roles in which the creator's organisation can enter a new agreement.
CREATOR_ROLES = (Party.Role.PUBLIC_BODY, Party.Role.THIRD_SECTOR)


# -- agreements ------------------------------------------------------------------------------


@transaction.atomic
def agreement_create(
    *,
    user: AnyUser,
    title: str,
    kind: str,
    start_date: date,
    end_date: date,
    status: str = Agreement.Status.DRAFT,
    tender_base_amount: Decimal | None = None,
    financial_regime: str = Agreement.Regime.FEE,
    monitoring_frequency: str = "",
    monitoring_every_months: int = 6,
    programme_every_months: int | None = None,
    organization: Organization,
    role: str,
) -> Agreement:
    """A new agreement, with the creator's organisation as its first party."""
    if not user_is_editor(user):
        raise PermissionDenied
    if not organizations_editable_by(user).filter(pk=organization.pk).exists():
        raise ValidationError(
            {"organization": _("Choose an organisation in which you may edit agreements.")}
        )
    if role not in CREATOR_ROLES:
        raise ValidationError({"role": _("Choose whether you enter as public body or Third-Sector party.")})
    agreement = Agreement(
        title=title, kind=kind, status=status, start_date=start_date, end_date=end_date,
        tender_base_amount=tender_base_amount, financial_regime=financial_regime,
        monitoring_frequency=monitoring_frequency, monitoring_every_months=monitoring_every_months,
        programme_every_months=programme_every_months,
    )
    model_validate(agreement, messages=MESSAGES)
    model_save(agreement)
    audit_record(
        user=user, action="create", obj=agreement, agreement_id=agreement.pk,
        after=snapshot(agreement),
    )
    party = Party(agreement=agreement, organization=organization, role=role)
    model_create(party, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    return agreement


@transaction.atomic
def agreement_update(*, user: AnyUser, agreement: Agreement, **changes: Any) -> Agreement:
    """Change the agreement's own fields (title, kind, status, period, money settings)."""
    require_edit(user, agreement)
    period = (agreement.start_date, agreement.end_date)
    model_update(
        agreement, changes, fields=AGREEMENT_FIELDS, user=user, agreement_id=agreement.pk,
        messages=MESSAGES,
    )
    if (agreement.start_date, agreement.end_date) != period:
        for action in Action.objects.filter(area__agreement=agreement).select_related("area__agreement"):
            action.area.agreement = agreement
            action_schedule_refresh(user=user, action=action)
    return agreement


@transaction.atomic
def agreement_delete(*, user: AnyUser, agreement: Agreement) -> None:
    """Delete the agreement and everything in it."""
    require_edit(user, agreement)
    model_delete(agreement, user=user, agreement_id=agreement.pk)


# -- parties ---------------------------------------------------------------------------------


def _keeps_access(user: AnyUser, party: Party, organization: Organization | None) -> bool:
    """Whether the user can still edit once ``party`` stands for ``organization`` (None: is gone)."""
    if user.is_superuser:
        return True
    editable = editable_organization_ids(user)
    others = Party.objects.filter(agreement_id=party.agreement_id).exclude(pk=party.pk)
    remaining = set(others.values_list("organization_id", flat=True))
    if organization is not None:
        remaining.add(organization.pk)
    return bool(remaining & editable)


LOSE_ACCESS_MESSAGE = _(
    "You cannot remove your own organisation from this agreement: you would lose access to it. "
    "Ask another party to do it."
)


def _refuse_if_responsible(party: Party) -> None:
    """A party whose organisation is responsible for actions cannot leave the agreement."""
    if Action.objects.filter(
        area__agreement_id=party.agreement_id, responsible_id=party.organization_id
    ).exists():
        raise ValidationError(_(
            "This organisation is responsible for actions of the agreement: "
            "give them to another party first."
        ))


@transaction.atomic
def party_add(*, user: AnyUser, agreement: Agreement, organization: Organization, role: str) -> Party:
    """Add an organisation to the agreement."""
    require_edit(user, agreement)
    party = Party(agreement=agreement, organization=organization, role=role)
    model_create(party, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    return party


@transaction.atomic
def party_update(*, user: AnyUser, party: Party, **changes: Any) -> Party:
    """Change a party's organisation or role; the user keeps a party of their own."""
    require_edit(user, party.agreement)
    organization = changes.get("organization", party.organization)
    if organization.pk != party.organization_id:
        if not _keeps_access(user, party, organization):
            raise ValidationError({"organization": LOSE_ACCESS_MESSAGE})
        _refuse_if_responsible(party)
    model_update(
        party, changes, fields=PARTY_FIELDS, user=user, agreement_id=party.agreement_id,
        messages=MESSAGES,
    )
    return party


@transaction.atomic
def party_remove(*, user: AnyUser, party: Party) -> None:
    """Remove a party, unless it is the user's own last one or is responsible for actions."""
    require_edit(user, party.agreement)
    if not _keeps_access(user, party, None):
        raise ValidationError(LOSE_ACCESS_MESSAGE)
    _refuse_if_responsible(party)
    model_delete(party, user=user, agreement_id=party.agreement_id)


# -- areas -----------------------------------------------------------------------------------


@transaction.atomic
def area_create(
    *, user: AnyUser, agreement: Agreement, number: int, title: str, target: str = ""
) -> Area:
    """A new area of work of the agreement."""
    require_edit(user, agreement)
    area = Area(agreement=agreement, number=number, title=title, target=target)
    model_create(area, user=user, agreement_id=agreement.pk, messages=MESSAGES)
    return area


@transaction.atomic
def area_update(*, user: AnyUser, area: Area, **changes: Any) -> Area:
    """Change an area's number, title or target."""
    require_edit(user, area.agreement)
    model_update(
        area, changes, fields=AREA_FIELDS, user=user, agreement_id=area.agreement_id,
        messages=MESSAGES,
    )
    return area


@transaction.atomic
def area_delete(*, user: AnyUser, area: Area) -> None:
    """Delete an area with its actions and money."""
    require_edit(user, area.agreement)
    model_delete(area, user=user, agreement_id=area.agreement_id)


# -- actions ---------------------------------------------------------------------------------


def _check_responsible(agreement: Agreement, responsible: Organization | None) -> None:
    if responsible is not None and not agreement.parties.filter(organization=responsible).exists():
        raise ValidationError(
            {"responsible": _("Choose an organisation that is party to the agreement.")}
        )


def agreement_period(agreement: Agreement) -> Interval:
    return Interval(agreement.start_date, agreement.end_date)


def action_schedule(
    *,
    agreement: Agreement,
    schedule_text: str,
    schedule_manual: bool,
    schedule: Schedule | dict[str, Any] | None = None,
    stored: Any = None,
) -> dict[str, Any] | None:
    """The normalised schedule an action stores: its text read against the agreement's period;
    when corrected by hand, ``schedule`` (else the ``stored`` correction) checked against it."""
    period = agreement_period(agreement)
    if not schedule_manual:
        return workplan_schedules.parsed(schedule_text, period)
    if isinstance(schedule, dict) or (schedule is None and stored is not None):
        schedule = workplan_schedules.stored(schedule_text, schedule if schedule is not None else stored)
    if schedule is None:
        raise ValidationError({"schedule_manual": _(
            "Write the corrected schedule (at least one interval or one deadline), "
            "or untick “Correct the schedule by hand”."
        )})
    try:
        checked = workplan_schedules.checked(replace(schedule, text=schedule_text), period)
    except ValueError:
        raise ValidationError({"schedule_intervals": _("An interval ends before it starts.")}) from None
    return workplan_schedules.canonical(checked)


@transaction.atomic
def action_create(
    *,
    user: AnyUser,
    area: Area,
    kind: str,
    number: int,
    title: str,
    description: str = "",
    responsible: Organization | None = None,
    schedule_text: str = "",
    schedule_manual: bool = False,
    schedule: Schedule | dict[str, Any] | None = None,
) -> Action:
    """A new consolidation service or development action of an area; its schedule is read from
    the text unless ``schedule_manual`` (then ``schedule`` is the correction)."""
    require_edit(user, area.agreement)
    _check_responsible(area.agreement, responsible)
    normalised = action_schedule(
        agreement=area.agreement, schedule_text=schedule_text, schedule_manual=schedule_manual,
        schedule=schedule,
    )
    action = Action(
        area=area, kind=kind, number=number, title=title, description=description,
        responsible=responsible, schedule_text=schedule_text, schedule=normalised,
        schedule_manual=schedule_manual,
    )
    model_create(action, user=user, agreement_id=area.agreement_id, messages=MESSAGES)
    return action


@transaction.atomic
def action_update(*, user: AnyUser, action: Action, **changes: Any) -> Action:
    """Change an action; its responsible organisation must be a party. Its schedule is read
    again from the text unless it is (``schedule_manual``) corrected by hand."""
    agreement = action.area.agreement
    require_edit(user, agreement)
    if "responsible" in changes:
        _check_responsible(agreement, changes["responsible"])
    manual = changes.get("schedule_manual", action.schedule_manual)
    changes["schedule"] = action_schedule(
        agreement=agreement, schedule_text=changes.get("schedule_text", action.schedule_text),
        schedule_manual=manual, schedule=changes.get("schedule"),
        stored=action.schedule if action.schedule_manual else None,
    )
    changes["schedule_manual"] = manual
    model_update(
        action, changes, fields=ACTION_FIELDS, user=user, agreement_id=agreement.pk,
        messages=MESSAGES,
    )
    return action


@transaction.atomic
def action_schedule_refresh(*, user: AnyUser, action: Action) -> Action:
    """Read the action's schedule again against its agreement's period (a correction by hand is
    kept, and checked against the period)."""
    return action_update(user=user, action=action)


@transaction.atomic
def action_delete(*, user: AnyUser, action: Action) -> None:
    """Delete an action."""
    agreement = action.area.agreement
    require_edit(user, agreement)
    model_delete(action, user=user, agreement_id=agreement.pk)
