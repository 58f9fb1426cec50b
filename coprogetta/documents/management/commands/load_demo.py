"""``coprogetta load_demo``: the Crema 2016 agreement and one demo user per role.

Running it again changes nothing: it prints the logins.
"""

import os
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coprogetta.agreements.models import Agreement, Assignment
from coprogetta.agreements.people_selectors import assignment_order
from coprogetta.documents.demo import (
    DEFAULT_PASSWORD,
    PASSWORD_VARIABLE,
    demo_load,
    demo_password,
)
from coprogetta.documents.demo.monitoring_2016 import OPERATOR, MonitoringResult, demo_monitoring_load
from coprogetta.documents.demo.versions import demo_versions_load
from coprogetta.lib.textparse.numbers import format_eur, format_number
from coprogetta.territory.demo import load_territory_demo
from coprogetta.territory.models import Resource


class Command(BaseCommand):
    help = (
        "Load the demo agreement (Comune di Crema – Consorzio \"Sul Serio\", 2016) with its "
        f"organisations and users. Password: ${PASSWORD_VARIABLE}, or {DEFAULT_PASSWORD!r}."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load(password=demo_password())
        agreement = result.agreement
        monitoring = demo_monitoring_load(agreement)
        territory_existed = agreement.needs_analyses.exists()
        analysis = load_territory_demo(agreement)
        versions = demo_versions_load(agreement)
        if result.created:
            self.stdout.write(_("Demo agreement loaded: %(title)s (id %(id)s).") % {
                "title": agreement.title, "id": agreement.pk})
        else:
            self.stdout.write(
                _("The demo agreement is already loaded (id %(id)s); nothing changed.") % {"id": agreement.pk}
            )
        rows = [(_("User"), _("Organisation"), _("Role"))] + [
            (login.username, login.organization, login.role) for login in result.logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write("")
        for index, row in enumerate(rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write("  ".join(cells).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        if os.environ.get(PASSWORD_VARIABLE):
            line = _("Password of the users the demo created: the value of $%(variable)s") % {
                "variable": PASSWORD_VARIABLE}
        else:
            line = _("Password of the users the demo created: %(password)s") % {"password": DEFAULT_PASSWORD}
        self.stdout.write(line)
        self.stdout.write(_monitoring_line(monitoring))
        if territory_existed:
            self.stdout.write(_("Territory: already recorded; nothing changed."))
        else:
            self.stdout.write(_(
                "Territory: a needs analysis with %(needs)s needs, %(resources)s resources in the "
                "directory, %(programmes)s activity programmes."
            ) % {
                "needs": analysis.needs.count(),
                "resources": Resource.objects.filter(
                    owner__parties__agreement=agreement
                ).distinct().count(),
                "programmes": agreement.programmes.count(),
            })
        if versions.created:
            self.stdout.write(_(
                "Negotiation: %(count)s versions of the negotiated text, to compare side by side."
            ) % {"count": len(versions.versions)})
        else:
            self.stdout.write(_("Negotiation: already recorded; nothing changed."))
        self.stdout.write(_assignments_line(agreement))


def _assignments_line(agreement: Agreement) -> str:
    """What the demo operator may record on (the People page)."""
    assigned = Assignment.objects.filter(agreement=agreement, user__username=OPERATOR).select_related(
        "area", "action__area")
    items = [
        f"{_('Area')} {a.area.number}" if a.area is not None
        else f"{_('Action')} {a.action.area.number}.{a.action.number}"  # type: ignore[union-attr]
        for a in sorted(assigned, key=assignment_order)
    ]
    return _("People: %(user)s records hours, counts and expenses only on %(items)s (page People).") % {
        "user": OPERATOR, "items": ", ".join(items) or "—"}


def _monitoring_line(result: MonitoringResult) -> str:
    """One line on what the first half of 2016 added (or that it was already there)."""
    if not result.created:
        return _("Monitoring January–June 2016: already recorded; nothing changed.")
    return _(
        "Monitoring January–June 2016: %(hours)s hours in %(entries)s entries, %(counts)s monthly "
        "counts, %(expenses)s expenses (%(spent)s), %(indicators)s indicators, %(checkpoints)s "
        "progress checkpoints, %(tranches)s tranches."
    ) % {
        "hours": format_number(result.hours, 2), "entries": result.time_entries,
        "counts": result.enrolment_counts, "expenses": result.expenses,
        "spent": format_eur(result.spent), "indicators": result.indicators,
        "checkpoints": result.checkpoints, "tranches": result.tranches,
    }
