"""Writes of indicators, their targets and their reported values: one transaction each.

Values, baselines and targets arrive as typed (``"45 %"``, ``"22 bambini"``) or as Decimals;
``coprogetta.lib.indicators`` reads them in the indicator's unit and the refusal becomes a
sentence on the field. An indicator and its targets are saved together or not at all.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coprogetta.accounts.selectors import AnyUser
from coprogetta.accounts.services import (
    ConstraintMessages,
    EditConflict,
    model_create,
    model_delete,
    model_update,
)
from coprogetta.agreements.models import Action, Agreement, Area
from coprogetta.agreements.selectors import monitoring_checkpoints, require_edit
from coprogetta.lib import indicators as lib
from coprogetta.lib.textparse.numbers import format_date

from .indicator_selectors import user_can_approve, user_can_change_value
from .models import Indicator, IndicatorTarget, IndicatorValue

INDICATOR_FIELDS = (
    "name", "definition", "unit", "baseline", "higher_is_better", "source", "area", "action",
)
VALUE_FIELDS = ("period_end", "value", "note", "status", "approved_by", "approved_at")
VALUE_MESSAGES: ConstraintMessages = {
    "indicatorvalue_unique_period": (
        "period_end", _("A value is already reported for this period: edit it instead."),
    ),
}
TARGET_MESSAGES: ConstraintMessages = {
    "indicatortarget_unique_period": ("targets", _("This period already has a target.")),
}

#: What each unit expects, as the sentences of the refusals end.
HINTS = {
    "count": _("a whole number, for example 22 or 22 bambini"),
    "decimal": _("a number, for example 3,5 or -2"),
    "percent": _("a percentage from 0 to 100, for example 45 or 45 %"),
    "hours": _("a number of hours, for example 12 or 12,5 h"),
    "eur": _("an amount in euro, for example 1.200,00 or € 1.200,00"),
}
FOUND = {
    "percent": _("percent"),
    "hours": _("hours"),
    "eur": _("euro"),
    lib.NOUN: _("another unit"),
}

Typed = str | Decimal | int | None


def target_field(day: date) -> str:
    """The form field of the target at ``day``: ``target_20160630``."""
    return f"target_{day:%Y%m%d}"


def value_message(error: lib.IndicatorValueError, text: str, unit: str) -> str:
    """The sentence that says what to fix in a refused value."""
    hint = HINTS[unit]
    unit_name = Indicator.Unit(unit).label
    reason = error.reason
    if reason == "empty":
        return gettext("Enter %(hint)s.") % {"hint": hint}
    if reason == "wrong_unit":
        return gettext(
            "“%(text)s” is written in %(found)s, but this indicator is measured in %(unit)s: "
            "enter %(hint)s."
        ) % {"text": text, "found": FOUND.get(error.found or "", FOUND[lib.NOUN]), "unit": unit_name,
             "hint": hint}
    if reason == "not_whole":
        return gettext("“%(text)s” is not a whole number: enter %(hint)s.") % {"text": text, "hint": hint}
    if reason == "negative":
        return gettext("This indicator cannot be negative: enter %(hint)s.") % {"hint": hint}
    if reason == "over_100":
        return gettext("A percentage cannot be more than 100: enter %(hint)s.") % {"hint": hint}
    if reason == "too_many_decimals":
        return gettext("Use at most two decimals: enter %(hint)s.") % {"hint": hint}
    if reason == "too_large":
        return gettext("“%(text)s” is too large for an indicator.") % {"text": text}
    return gettext("“%(text)s” is not a number: enter %(hint)s.") % {"text": text, "hint": hint}


def read_value(typed: Typed, unit: str, field: str, *, required: bool = True) -> Decimal | None:
    """``typed`` in ``unit``, or ValidationError on ``field``; None for an empty optional one."""
    if typed is None or (isinstance(typed, str) and not typed.strip()):
        if not required:
            return None
        typed = ""
    try:
        if isinstance(typed, str):
            return lib.parse_value(typed, unit)  # type: ignore[arg-type]
        return lib.check_value(Decimal(typed), unit)  # type: ignore[arg-type]
    except lib.IndicatorValueError as error:
        raise ValidationError(
            {field: value_message(error, str(typed), unit)}, code=error.reason
        ) from None


def _check_checkpoint(agreement: Agreement, day: date | None, field: str) -> date:
    checkpoints = monitoring_checkpoints(agreement)
    if day not in checkpoints:
        raise ValidationError({field: gettext(
            "Choose one of the agreement's monitoring checkpoints: %(dates)s."
        ) % {"dates": ", ".join(format_date(d) for d in checkpoints) or "—"}}, code="checkpoint")
    assert day is not None
    return day


# -- indicators ----------------------------------------------------------------------------


def _check_place(agreement: Agreement, area: Area | None, action: Action | None) -> Area | None:
    """The indicator's area: the one given, or its action's; both must be the agreement's."""
    if area is not None and area.agreement_id != agreement.pk:
        raise ValidationError({"area": gettext("Choose one of this agreement's areas.")})
    if action is not None:
        if action.area.agreement_id != agreement.pk:
            raise ValidationError({"action": gettext("Choose one of this agreement's actions.")})
        if area is None:
            return action.area
        if action.area_id != area.pk:
            raise ValidationError({"action": gettext(
                "This action belongs to area %(number)s: choose that area or another action."
            ) % {"number": action.area.number}})
    return area


def _read_targets(
    agreement: Agreement, unit: str, targets: Mapping[date, Typed] | None,
) -> dict[date, Decimal | None]:
    """The targets typed per checkpoint, read in ``unit`` (None: no target for that period)."""
    checkpoints = monitoring_checkpoints(agreement)
    result: dict[date, Decimal | None] = {}
    for day, typed in (targets or {}).items():
        if day not in checkpoints:
            raise ValidationError({"targets": gettext(
                "%(date)s is not one of the agreement's monitoring checkpoints."
            ) % {"date": format_date(day)}}, code="checkpoint")
        result[day] = read_value(typed, unit, target_field(day), required=False)
    return result


def _check_unit_change(indicator: Indicator, unit: str) -> None:
    """Refuse a unit that the values already reported (or kept targets) do not fit."""
    if unit == indicator.unit:
        return
    for item in indicator.values.all():
        try:
            lib.check_value(item.value, unit)  # type: ignore[arg-type]
        except lib.IndicatorValueError:
            raise ValidationError({"unit": gettext(
                "The value reported for %(date)s (%(value)s) is not %(hint)s: correct it before "
                "changing the unit."
            ) % {"date": format_date(item.period_end),
                 "value": lib.format_value(item.value, indicator.unit),  # type: ignore[arg-type]
                 "hint": HINTS[unit]}}, code="unit_values") from None


def _save_targets(
    *, user: AnyUser, indicator: Indicator, targets: dict[date, Decimal | None],
) -> bool:
    """Create, change or remove the targets of the periods given; True if any changed."""
    existing = {t.period_end: t for t in indicator.targets.all()}
    changed = False
    for day, value in targets.items():
        current = existing.get(day)
        if value is None and current is not None:
            model_delete(current, user=user, agreement_id=indicator.agreement_id)
            changed = True
        elif value is not None and current is None:
            model_create(
                IndicatorTarget(indicator=indicator, period_end=day, target=value), user=user,
                agreement_id=indicator.agreement_id, messages=TARGET_MESSAGES,
            )
            changed = True
        elif value is not None and current is not None and current.target != value:
            model_update(
                current, {"target": value}, fields=("target",), user=user,
                agreement_id=indicator.agreement_id, messages=TARGET_MESSAGES,
            )
            changed = True
    return changed


@transaction.atomic
def indicator_create(
    *, user: AnyUser, agreement: Agreement, name: str, unit: str = Indicator.Unit.COUNT,
    definition: str = "", baseline: Typed = None, higher_is_better: bool = True, source: str = "",
    area: Area | None = None, action: Action | None = None,
    targets: Mapping[date, Typed] | None = None,
) -> Indicator:
    """Add an indicator to ``agreement`` with its targets per checkpoint (editors only)."""
    require_edit(user, agreement)
    if unit not in lib.UNITS:
        raise ValidationError({"unit": gettext("Choose one of the units in the list.")})
    area = _check_place(agreement, area, action)
    read_baseline = read_value(baseline, unit, "baseline", required=False)
    read_targets = _read_targets(agreement, unit, targets)
    last = Indicator.objects.filter(agreement=agreement).aggregate(last=Max("position"))["last"]
    indicator = Indicator(
        agreement=agreement, area=area, action=action, name=(name or "").strip(),
        definition=(definition or "").strip(), unit=unit, baseline=read_baseline,
        higher_is_better=higher_is_better, source=(source or "").strip(),
        position=(last or 0) + 1,
    )
    model_create(indicator, user=user, agreement_id=agreement.pk)
    _save_targets(user=user, indicator=indicator, targets=read_targets)
    return indicator


def _bump_version(indicator: Indicator, version: int | None) -> None:
    """Refuse a stale edit of the indicator's targets alone, and move its version on."""
    current = (
        Indicator.objects.select_for_update().filter(pk=indicator.pk)
        .values_list("version", flat=True).first()
    )
    if current is None:
        raise ValidationError(gettext("This record no longer exists: someone deleted it meanwhile."))
    if version is not None and int(version) != current:
        raise EditConflict(gettext(
            "Someone else saved a change to this indicator while you were editing it. Your input "
            "is still in the form and nothing has been overwritten. Save again to replace their "
            "values with yours, or cancel to keep theirs."
        ), current_version=current)
    Indicator.objects.filter(pk=indicator.pk).update(version=F("version") + 1)
    indicator.version = current + 1


@transaction.atomic
def indicator_update(
    *, user: AnyUser, indicator: Indicator, name: str, unit: str, definition: str = "",
    baseline: Typed = None, higher_is_better: bool = True, source: str = "",
    area: Area | None = None, action: Action | None = None,
    targets: Mapping[date, Typed] | None = None, version: int | None = None,
) -> Indicator:
    """Change an indicator and its targets together (editors only).

    ``version``: the indicator's version when the form was opened; a stale one is refused,
    whether the indicator's fields or only its targets were changed.
    """
    agreement = indicator.agreement
    require_edit(user, agreement)
    if unit not in lib.UNITS:
        raise ValidationError({"unit": gettext("Choose one of the units in the list.")})
    area = _check_place(agreement, area, action)
    read_baseline = read_value(baseline, unit, "baseline", required=False)
    read_targets = _read_targets(agreement, unit, targets)
    _check_unit_change(indicator, unit)
    changes: dict[str, Any] = {
        "name": (name or "").strip(), "definition": (definition or "").strip(), "unit": unit,
        "baseline": read_baseline, "higher_is_better": higher_is_better,
        "source": (source or "").strip(), "area": area, "action": action,
    }
    before = indicator.version
    model_update(
        indicator, changes, fields=INDICATOR_FIELDS, user=user, agreement_id=agreement.pk,
        expected_version=version,
    )
    unchanged = indicator.version == before
    if unchanged:
        # Nothing of the indicator itself changed: check the version before the targets do.
        existing = dict(indicator.targets.values_list("period_end", "target"))
        if any(existing.get(day) != value for day, value in read_targets.items()):
            _bump_version(indicator, version)
    _save_targets(user=user, indicator=indicator, targets=read_targets)
    return indicator


@transaction.atomic
def indicator_delete(*, user: AnyUser, indicator: Indicator) -> None:
    """Remove an indicator with its targets and values, each with its audit row (editors only)."""
    agreement = indicator.agreement
    require_edit(user, agreement)
    for item in [*indicator.values.all(), *indicator.targets.all()]:
        model_delete(item, user=user, agreement_id=agreement.pk)
    model_delete(indicator, user=user, agreement_id=agreement.pk)


# -- reported values -----------------------------------------------------------------------


@transaction.atomic
def indicator_value_create(
    *, user: AnyUser, indicator: Indicator, period_end: date | None, value: Typed, note: str = "",
) -> IndicatorValue:
    """Report the value of ``indicator`` at a checkpoint (editors only): it is submitted."""
    agreement = indicator.agreement
    require_edit(user, agreement)
    day = _check_checkpoint(agreement, period_end, "period_end")
    number = read_value(value, indicator.unit, "value")
    # Lock the indicator: two reports of the same period at once get one clear refusal.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    if indicator.values.filter(period_end=day).exists():
        raise ValidationError({"period_end": gettext(
            "A value is already reported for %(date)s: edit it instead."
        ) % {"date": format_date(day)}}, code="duplicate")
    item = IndicatorValue(
        indicator=indicator, period_end=day, value=number, note=(note or "").strip(),
        status=IndicatorValue.Status.SUBMITTED, reported_by=user,
    )
    model_create(item, user=user, agreement_id=agreement.pk, messages=VALUE_MESSAGES)
    return item


@transaction.atomic
def indicator_value_update(
    *, user: AnyUser, item: IndicatorValue, period_end: date | None, value: Typed, note: str = "",
    version: int | None = None,
) -> IndicatorValue:
    """Change a reported value; an approved one only by an editor, and it is submitted again."""
    indicator = item.indicator
    agreement = indicator.agreement
    if not user_can_change_value(user, item, agreement):
        raise PermissionDenied
    day = _check_checkpoint(agreement, period_end, "period_end")
    number = read_value(value, indicator.unit, "value")
    if day != item.period_end and indicator.values.filter(period_end=day).exclude(pk=item.pk).exists():
        raise ValidationError({"period_end": gettext(
            "A value is already reported for %(date)s: edit that one instead."
        ) % {"date": format_date(day)}}, code="duplicate")
    changes: dict[str, Any] = {"period_end": day, "value": number, "note": (note or "").strip()}
    if any(getattr(item, name) != new for name, new in changes.items()):
        changes.update(status=IndicatorValue.Status.SUBMITTED, approved_by=None, approved_at=None)
    model_update(
        item, changes, fields=VALUE_FIELDS, user=user, agreement_id=agreement.pk,
        messages=VALUE_MESSAGES, expected_version=version,
    )
    return item


@transaction.atomic
def indicator_value_delete(*, user: AnyUser, item: IndicatorValue) -> None:
    """Remove a reported value; an approved one only by an editor."""
    agreement = item.indicator.agreement
    if not user_can_change_value(user, item, agreement):
        raise PermissionDenied
    model_delete(item, user=user, agreement_id=agreement.pk)


@transaction.atomic
def indicator_value_approve(
    *, user: AnyUser, item: IndicatorValue, version: int | None = None,
) -> IndicatorValue:
    """Approve a submitted value: editors of a public-body party (or a superuser) only, once."""
    agreement = item.indicator.agreement
    if not user_can_approve(user, agreement):
        raise PermissionDenied
    # Lock the value's own row only (PostgreSQL cannot lock the nullable side of a join).
    current = IndicatorValue.objects.select_for_update(of=("self",)).select_related("approved_by").filter(
        pk=item.pk
    ).first()
    if current is None:
        raise ValidationError(gettext("This value no longer exists: someone deleted it meanwhile."))
    if current.status == IndicatorValue.Status.APPROVED:
        who = current.approved_by
        name = (who.get_full_name() or who.get_username()) if who is not None else "—"
        when = "—"
        if current.approved_at is not None:
            when = timezone.localtime(current.approved_at).strftime("%d/%m/%Y %H:%M")
        raise ValidationError(gettext(
            "This value is already approved (by %(who)s on %(when)s): there is nothing to approve."
        ) % {"who": name, "when": when}, code="already_approved")
    model_update(
        item,
        {"status": IndicatorValue.Status.APPROVED, "approved_by": user, "approved_at": timezone.now()},
        fields=VALUE_FIELDS, user=user, agreement_id=agreement.pk, expected_version=version,
    )
    return item

