"""``coprogetta export-json AGREEMENT_ID [-o FILE]``: an agreement as a JSON document."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from coprogetta.agreements.models import Agreement
from coprogetta.documents.interchange import agreement_to_document, dumps


class Command(BaseCommand):
    help = 'Write an agreement as a "coprogetta/agreement@1" JSON document.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("agreement_id", type=int, help="the agreement's id")
        parser.add_argument("-o", "--output", help="the file to write (default: standard output)")

    def handle(self, *args: Any, agreement_id: int, output: str | None, **options: Any) -> None:
        try:
            agreement = Agreement.objects.get(pk=agreement_id)
        except Agreement.DoesNotExist:
            raise CommandError(f"There is no agreement with id {agreement_id}.") from None
        text = dumps(agreement_to_document(agreement))
        if output:
            try:
                with Path(output).open("w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        else:
            self.stdout.write(text, ending="")
