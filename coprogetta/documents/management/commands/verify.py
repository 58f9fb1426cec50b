"""``coprogetta verify FILE [--json]``: the verification report of a document's arithmetic.

Every arithmetic statement found is recomputed: ok, approximate, mismatch, inconsistency
(or unresolved), each with its line and sentence. The exit status is 1 when there is a
mismatch or an inconsistency. Nothing is written.
"""

from __future__ import annotations

import json as jsonlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from coprogetta.documents.import_report import read_file, verification_report
from coprogetta.documents.import_services import findings_count


class Command(BaseCommand):
    help = (
        "Verify the arithmetic of an agreement in a TXT, DOCX, ODT or PDF file and print the "
        "report (JSON with --json). Exit status 1 if there are mismatches or inconsistencies."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help='the document ("-" for text on standard input)')
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, file: str, json: bool, **options: Any) -> None:
        result = read_file(file)
        counts = findings_count(result.findings)
        if json:
            self.stdout.write(jsonlib.dumps({
                "file": file, "format": result.source.format, "lines": len(result.source.lines),
                "counts": counts, "findings": result.findings,
            }, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(verification_report(result, file))
        if counts["mismatch"] or counts["inconsistency"]:
            raise SystemExit(1)
