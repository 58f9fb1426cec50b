"""``coprogetta import-json FILE [--user USERNAME]``: a JSON document becomes an agreement."""

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coprogetta.documents.interchange import DocumentError, agreement_import, loads


class Command(BaseCommand):
    help = (
        'Create an agreement from a "coprogetta/agreement@1" JSON document and print its id. '
        "A document with any problem is refused as a whole: nothing is saved."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help='the JSON document ("-" for standard input)')
        parser.add_argument("--user", help="the username recorded as the author of the import")

    def handle(self, *args: Any, file: str, user: str | None, **options: Any) -> None:
        author = None
        if user:
            try:
                author = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"There is no user {user!r}.") from None
        try:
            data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            agreement = agreement_import(user=author, document=loads(data))
        except DocumentError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"{file} was not imported (nothing was saved). What to fix:\n{problems}"
            ) from None
        self.stdout.write(str(agreement.pk))
