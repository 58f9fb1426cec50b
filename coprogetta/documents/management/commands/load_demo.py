"""``coprogetta load_demo``: the Crema 2016 agreement and one demo user per role.

Running it again changes nothing: it prints the logins.
"""

import os
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coprogetta.documents.demo import (
    DEFAULT_PASSWORD,
    PASSWORD_VARIABLE,
    demo_load,
    demo_password,
)


class Command(BaseCommand):
    help = (
        "Load the demo agreement (Comune di Crema – Consorzio \"Sul Serio\", 2016) with its "
        f"organisations and users. Password: ${PASSWORD_VARIABLE}, or {DEFAULT_PASSWORD!r}."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo_load(password=demo_password())
        agreement = result.agreement
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
