"""``coprogetta reminders``: e-mail each user the deadlines of the coming week, once each.

Meant for cron (daily or weekly): a deadline a user has been reminded of is never sent to
them again, so running it twice sends nothing twice.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from coprogetta.lib.textparse.numbers import format_date
from coprogetta.planning.deadline_services import REMINDER_DAYS, reminders_send


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: {value!r} is not a date as YYYY-MM-DD") from None


class Command(BaseCommand):
    help = (
        f"E-mail each user the deadlines of the next {REMINDER_DAYS} days of the agreements they "
        "may see, each deadline once. Links point to $SITE_URL."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=_iso_date, help="The day to count from (YYYY-MM-DD); default today."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; send and record nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        report = reminders_send(today=today, dry_run=options["dry_run"], base_url=settings.SITE_URL)
        verb = "would be sent" if report.dry_run else "sent"
        for email, rows in report.sent:
            self.stdout.write(f"{email}: {len(rows)} deadline(s)")
            if options["verbosity"] > 1 or report.dry_run:
                for row in rows:
                    day = format_date(row.deadline.date)
                    self.stdout.write(f"  {day}  {row.deadline.key}  {row.agreement.title}")
        self.stdout.write(
            f"{format_date(today)}: {len(report.sent)} message(s) {verb}, "
            f"{report.deadline_count} deadline(s)."
        )
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} message(s) could not be sent; the next run tries them again."
            )
