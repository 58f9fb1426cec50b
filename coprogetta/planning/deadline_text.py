"""Deadlines in words, in the active language: the kind, and what falls due."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from coprogetta.lib.deadlines import Deadline
from coprogetta.lib.textparse.numbers import format_date, format_eur, format_percent

KIND_LABELS = {
    "monitoring": gettext_lazy("Monitoring"),
    "programme": gettext_lazy("Activity programme"),
    "tranche": gettext_lazy("Payment"),
    "action": gettext_lazy("Action"),
}

MONITORING_LABELS = {
    6: gettext_lazy("Six-monthly monitoring"),
    4: gettext_lazy("Four-monthly monitoring"),
    3: gettext_lazy("Quarterly monitoring"),
}

GROUP_LABELS = {
    "overdue": gettext_lazy("Overdue"),
    "30": gettext_lazy("Due within 30 days"),
    "60": gettext_lazy("Due in 31 to 60 days"),
    "90": gettext_lazy("Due in 61 to 90 days"),
}


def kind_label(deadline: Deadline) -> str:
    return str(KIND_LABELS[deadline.kind])


def _iso(value: str | None) -> str:
    return format_date(date.fromisoformat(value)) if value else ""


def describe(deadline: Deadline) -> str:
    """What falls due: "Six-monthly monitoring", "Tranche: balance € 1.000,00", an action's title."""
    if deadline.kind == "monitoring":
        every = deadline.param("every_months")
        label = MONITORING_LABELS.get(int(every)) if every else None
        return str(label) if label else _("Monitoring checkpoint")
    if deadline.kind == "programme":
        return _("Activity programme for %(start)s – %(end)s") % {
            "start": format_date(deadline.date), "end": _iso(deadline.param("until")),
        }
    if deadline.kind == "tranche":
        return _tranche(deadline)
    return deadline.param("title") or _("Action deadline")


def _tranche(deadline: Deadline) -> str:
    amount = deadline.param("amount")
    euros = format_eur(Decimal(amount)) if amount else ""
    percent = deadline.param("percent")
    if deadline.param("balance"):
        text = _("Tranche: balance %(amount)s") % {"amount": euros} if euros else _("Tranche: balance")
    elif percent and euros:
        text = _("Tranche: %(percent)s, %(amount)s") % {
            "percent": format_percent(Decimal(percent)), "amount": euros,
        }
    elif percent:
        text = _("Tranche: %(percent)s") % {"percent": format_percent(Decimal(percent))}
    else:
        text = _("Tranche: %(amount)s") % {"amount": euros} if euros else _("Tranche")
    if deadline.done:
        text = _("%(tranche)s (paid)") % {"tranche": text}
    return text


def detail(deadline: Deadline) -> str:
    """A second line, when there is one: the schedule as written, the tranche's terms."""
    if deadline.kind == "action":
        return deadline.param("text") or ""
    if deadline.kind == "tranche":
        return deadline.param("due_text") or ""
    if deadline.kind == "monitoring" and deadline.param("count"):
        return _("Checkpoint %(number)s of %(count)s") % {
            "number": deadline.param("number"), "count": deadline.param("count"),
        }
    return ""


def relative(days: int) -> str:
    """``-3`` -> "3 days late", ``0`` -> "today", ``5`` -> "in 5 days"."""
    if days == 0:
        return _("today")
    if days < 0:
        return ngettext("%(count)d day late", "%(count)d days late", -days) % {"count": -days}
    return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
