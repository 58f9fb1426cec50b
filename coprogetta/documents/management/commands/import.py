"""``coprogetta import FILE [--json] [--save [--user USERNAME]]``: a document becomes a draft.

Reads TXT, DOCX, ODT or PDF, extracts the agreement and verifies its arithmetic. By default
it prints a summary and writes nothing; ``--json`` prints the draft ("coprogetta/agreement@1");
``--save`` creates the agreement (all or nothing, as ``import-json`` does).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from coprogetta.documents.import_report import read_file, summary
from coprogetta.documents.interchange import DocumentError, agreement_import, dumps


class Command(BaseCommand):
    help = (
        "Read an agreement from a TXT, DOCX, ODT or PDF file into a draft and verify its "
        "arithmetic. Prints a summary (or the draft with --json); saves nothing unless --save."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help='the document ("-" for text on standard input)')
        parser.add_argument(
            "--json", action="store_true", help='print the draft as "coprogetta/agreement@1" JSON'
        )
        parser.add_argument("--save", action="store_true", help="create the agreement from the draft")
        parser.add_argument("--user", help="with --save: the username recorded as the author")

    def handle(self, *args: Any, file: str, json: bool, save: bool, user: str | None, **options: Any) -> None:
        author = None
        if user:
            try:
                author = get_user_model().objects.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"There is no user {user!r}.") from None
        result = read_file(file)
        if json:
            self.stdout.write(dumps(result.document), ending="")
        else:
            self.stdout.write(summary(result, file))
        if not save:
            return
        try:
            agreement = agreement_import(user=author, document=result.document)
        except DocumentError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(
                f"{file} was read but not saved (nothing was saved). What to fix:\n{problems}\n"
                "Save the draft with --json, correct it and load it with import-json."
            ) from None
        (self.stderr if json else self.stdout).write(f"Agreement {agreement.pk} created.")
